import type {Literal, Root} from 'mdast'
import {gfmFromMarkdown} from 'mdast-util-gfm'
import {mathFromMarkdown} from 'mdast-util-math'
import {gfmFootnote} from 'micromark-extension-gfm-footnote'
import {gfmStrikethrough} from 'micromark-extension-gfm-strikethrough'
import {gfmTable} from 'micromark-extension-gfm-table'
import {gfmTaskListItem} from 'micromark-extension-gfm-task-list-item'
import {math} from 'micromark-extension-math'
import {combineExtensions} from 'micromark-util-combine-extensions'
import remarkCjkFriendly from 'remark-cjk-friendly'
import remarkFrontmatter from 'remark-frontmatter'
import remarkParse from 'remark-parse'
import type {Processor} from 'unified'
import {unified} from 'unified'
import {comment, commentFromMarkdown} from './comment.js'
import {gfmAutolinkLiteral} from './gfm-autolink-literal.js'
import {highlight, highlightFromMarkdown} from './highlight.js'
import {tag, tagFromMarkdown} from './tag.js'
import {wikiLink, wikiLinkFromMarkdown} from './wikilink.js'

declare module 'mdast' {
  /** TOML front matter (`+++`), made by remark-frontmatter. */
  interface Toml extends Literal {
    type: 'toml'
  }
  interface FrontmatterContentMap {
    toml: Toml
  }
  interface RootContentMap {
    toml: Toml
  }
}

/** The Markdown syntax flavours: GFM, or GFM with Obsidian's additions (`obsidian` below). */
export type Syntax = 'gfm' | 'obsidian'

/** What the Markdown parser is built with. */
export interface ParseOptions {
  /** CJK-friendly emphasis (`**「重要」**です` is strong). */
  cjkFriendly: boolean
  /** The syntax flavour (default `gfm`). */
  syntax?: Syntax
}

type Parser = (text: string) => Root

/**
 * GFM (autolink literals, footnotes, strikethrough, tables, task lists) for parsing: remark-gfm's
 * parse side, with the same micromark extensions in the same order as micromark-extension-gfm's
 * `gfm()`, except our linear copy of the autolink literal syntax (`./gfm-autolink-literal.ts`).
 */
export function gfm(this: Processor): undefined {
  const data = this.data()
  ;(data.micromarkExtensions ??= []).push(
    combineExtensions([
      gfmAutolinkLiteral(),
      gfmFootnote(),
      gfmStrikethrough(),
      gfmTable(),
      gfmTaskListItem()
    ])
  )
  ;(data.fromMarkdownExtensions ??= []).push(gfmFromMarkdown())
}

/**
 * Obsidian's syntax on top of GFM: wikilinks and embeds (`./wikilink.ts`), tags (`./tag.ts`),
 * comments (`./comment.ts`), highlights (`./highlight.ts`), and math (`$…$`, `$$…$$`:
 * micromark-extension-math and mdast-util-math, the parse side of remark-math, whose `inlineMath`
 * and `math` nodes they make).
 */
export function obsidian(this: Processor): undefined {
  const data = this.data()
  ;(data.micromarkExtensions ??= []).push(
    combineExtensions([wikiLink(), tag(), comment(), highlight(), math()])
  )
  ;(data.fromMarkdownExtensions ??= []).push([
    wikiLinkFromMarkdown(),
    tagFromMarkdown(),
    commentFromMarkdown(),
    highlightFromMarkdown(),
    mathFromMarkdown()
  ])
}

/** One frozen parser per (cjkFriendly, syntax). */
const parsers = new Map<string, Parser>()

/**
 * Markdown → mdast: remark-parse + GFM (`gfm` above) + remark-frontmatter (YAML, TOML)
 * [+ remark-cjk-friendly] [+ Obsidian's syntax (`obsidian` above) with `syntax: 'obsidian'`].
 */
export function parseMarkdown(text: string, options: ParseOptions): Root {
  const syntax = options.syntax ?? 'gfm'
  const key = `${options.cjkFriendly} ${syntax}`
  let parser = parsers.get(key)
  if (!parser) {
    const processor = unified().use(remarkParse).use(gfm).use(remarkFrontmatter, ['yaml', 'toml'])
    if (syntax === 'obsidian') processor.use(obsidian)
    if (options.cjkFriendly) processor.use(remarkCjkFriendly)
    processor.freeze()
    parser = (value) => processor.parse(value)
    parsers.set(key, parser)
  }

  return parser(text)
}
