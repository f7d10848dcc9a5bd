import type {Literal, Root} from 'mdast'
import {gfmFromMarkdown} from 'mdast-util-gfm'
import {gfmFootnote} from 'micromark-extension-gfm-footnote'
import {gfmStrikethrough} from 'micromark-extension-gfm-strikethrough'
import {gfmTable} from 'micromark-extension-gfm-table'
import {gfmTaskListItem} from 'micromark-extension-gfm-task-list-item'
import {combineExtensions} from 'micromark-util-combine-extensions'
import remarkCjkFriendly from 'remark-cjk-friendly'
import remarkFrontmatter from 'remark-frontmatter'
import remarkParse from 'remark-parse'
import type {Processor} from 'unified'
import {unified} from 'unified'
import {gfmAutolinkLiteral} from './gfm-autolink-literal.js'

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

/** What the Markdown parser is built with. */
export interface ParseOptions {
  /** CJK-friendly emphasis (`**「重要」**です` is strong). */
  cjkFriendly: boolean
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

const parsers = new Map<boolean, Parser>()

/** Markdown → mdast: remark-parse + GFM (`gfm` above) + remark-frontmatter (YAML, TOML) [+ remark-cjk-friendly]. */
export function parseMarkdown(text: string, options: ParseOptions): Root {
  let parser = parsers.get(options.cjkFriendly)
  if (!parser) {
    const processor = unified().use(remarkParse).use(gfm).use(remarkFrontmatter, ['yaml', 'toml'])
    if (options.cjkFriendly) processor.use(remarkCjkFriendly)
    processor.freeze()
    parser = (value) => processor.parse(value)
    parsers.set(options.cjkFriendly, parser)
  }

  return parser(text)
}
