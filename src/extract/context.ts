import type * as Mdast from 'mdast'
import type {LineIndex} from '../_lines.js'
import type * as Model from '../types.js'
import type {BracketScan} from './brackets.js'
import {createBracketScan} from './brackets.js'
import type {HeadingIds, Slugger} from './slug.js'
import {createSlugger} from './slug.js'

/** What extraction needs to know. */
export interface ExtractOptions {
  path: string | null
  positions: boolean
  headingIds: HeadingIds
  /** The note's language, for word counting. */
  lang: string | null
  syntax: Model.Syntax
}

/** The state of one walk over an mdast tree. */
export interface Context {
  text: string
  path: string | null
  positions: boolean
  syntax: Model.Syntax
  slugger: Slugger
  /** The id of the section being walked. */
  section: string | null
  headings: Array<Model.Heading>
  links: Array<Model.LinkEntry>
  /** Inline `#tags`, without `#`, in order. */
  tags: Array<string>
  /** Uses of definitions, resolved after the walk. */
  references: Array<{
    node: Model.LinkReference | Model.ImageReference
    citation: Model.Citation
    entry: Model.LinkEntry
  }>
  /** Footnote calls, resolved after the walk. */
  footnoteCalls: Array<{identifier: string; citation: Model.Citation}>
  /** Definitions by identifier; the first one wins, as in CommonMark. */
  definitions: Map<string, {node: Mdast.Definition; citations: Array<Model.Citation>}>
  footnotes: Map<
    string,
    {
      node: Mdast.FootnoteDefinition
      block: Model.FootnoteDefinition
      citations: Array<Model.Citation>
    }
  >
  /** Prose for the statistics: paragraphs, headings and table cells, without URLs and HTML. */
  prose: Array<string>
  diagnostics: Array<Model.Diagnostic>
  brackets: BracketScan
  lines: LineIndex | null
}

export function createContext(text: string, options: ExtractOptions): Context {
  return {
    text,
    path: options.path,
    positions: options.positions,
    syntax: options.syntax,
    slugger: createSlugger(options.headingIds),
    section: null,
    headings: [],
    links: [],
    tags: [],
    references: [],
    footnoteCalls: [],
    definitions: new Map(),
    footnotes: new Map(),
    prose: [],
    diagnostics: [],
    brackets: createBracketScan(text),
    lines: null
  }
}

/**
 * The `default` of a switch over node types: `node` is `never` there while every type is handled,
 * so a new type fails the type check. At run time it gives the node back (to keep its text).
 */
export function unhandled(node: never): Mdast.Node {
  return node
}
