import type * as Mdast from 'mdast'
import type {NoteDocument} from '../types.js'
import type {ExtractOptions} from './context.js'
import {createContext} from './context.js'
import {reportUndefined, resolveFootnotes, resolveReferences} from './references.js'
import {convertSections} from './sections.js'
import {countStats} from './stats.js'
import {localTargets} from './links.js'

/** What one walk over the mdast tree gives: the document's body. */
export type Extracted = Pick<
  NoteDocument,
  | 'headings'
  | 'sections'
  | 'references'
  | 'footnotes'
  | 'links'
  | 'tags'
  | 'stats'
  | 'body'
  | 'excerpt'
  | 'diagnostics'
>

/**
 * mdast → model, in one walk: blocks and inlines, headings with unique ids, the section tree,
 * then references, footnotes, links and statistics.
 */
export function extract(root: Mdast.Root, text: string, options: ExtractOptions): Extracted {
  const context = createContext(text, options)
  const sections = convertSections(root, context)
  reportUndefined(context)
  const references = resolveReferences(context)
  localTargets(context.links)
  return {
    headings: context.headings,
    sections,
    references,
    footnotes: resolveFootnotes(context),
    links: context.links,
    tags: [...new Set(context.tags)],
    stats: countStats(context.prose, options.lang),
    diagnostics: context.diagnostics
  }
}
