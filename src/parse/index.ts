import type {Literal, Root} from 'mdast'
import remarkCjkFriendly from 'remark-cjk-friendly'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'

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

const parsers = new Map<boolean, Parser>()

/** Markdown → mdast: remark-parse + remark-gfm + remark-frontmatter (YAML, TOML) [+ remark-cjk-friendly]. */
export function parseMarkdown(text: string, options: ParseOptions): Root {
  let parser = parsers.get(options.cjkFriendly)
  if (!parser) {
    const processor = unified()
      .use(remarkParse)
      .use(remarkGfm)
      .use(remarkFrontmatter, ['yaml', 'toml'])
    if (options.cjkFriendly) processor.use(remarkCjkFriendly)
    processor.freeze()
    parser = (value) => processor.parse(value)
    parsers.set(options.cjkFriendly, parser)
  }

  return parser(text)
}
