/**
 * Obsidian wikilinks and embeds, as a micromark text construct and its mdast-util-from-markdown
 * handlers.
 *
 * Syntax accepted:
 *
 * - `[[target]]`, `[[target|alias]]`, `[[target#Heading]]`, `[[target#^block-id]]`,
 *   `[[#Heading]]` (target `''`), `[[a#H1#H2]]` (anchor `H1#H2`): a `wikiLink` node;
 * - the same after `!` (`![[file]]`, `![[note#Heading]]`, `![[image.png|300]]`,
 *   `![[image.png|300x200]]`): an `embed` node, whose alias, when it is a size (`300` or
 *   `300x200`), is its `width` (and `height`) instead.
 *
 * Between `[[` and `]]` there is a target or an anchor (`[[ ]]`, `[[#]]`, `[[|a]]` are text), and
 * no `[`, no `]` and no line ending: the
 * scan stops at the first of them (or at the end of the text), so an unclosed `[[` costs one pass
 * to the next bracket or line ending and parsing stays linear. The first `|` separates the alias;
 * `\|` does too (a GFM table cell needs it: `[[a\|b]]`), so a target cannot end with `\`. In what
 * is before it, the first `#` separates the anchor (kept without that `#`, with its `^` for a block
 * reference). Target, anchor and alias are trimmed; an empty alias or anchor is `null`. Nothing
 * inside is Markdown. The construct comes before `[` and `![` label starts (`add: 'before'`), so
 * `[[a]]` is a wikilink even where `[a]` is a defined reference.
 */
import type {
  CompileContext,
  Extension as FromMarkdownExtension,
  Token
} from 'mdast-util-from-markdown'
import {markdownLineEnding, markdownSpace, unicodeWhitespace} from 'micromark-util-character'
import {resolveToMergeData} from './highlight.js'
import type {
  Code,
  Construct,
  Effects,
  Extension,
  State,
  TokenizeContext
} from 'micromark-util-types'

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    wikiLink: 'wikiLink'
    embed: 'embed'
    wikiLinkMarker: 'wikiLinkMarker'
    wikiLinkValue: 'wikiLinkValue'
  }
}

declare module 'mdast' {
  /** `[[target#anchor|alias]]` (Obsidian). */
  interface WikiLink extends Node {
    type: 'wikiLink'
    /** The note linked to, trimmed; `''` for a link into the same note (`[[#Heading]]`). */
    target: string
    /** What follows the first `#`, trimmed: a heading (`H1#H2` for nested ones) or `^block-id`. */
    anchor: string | null
    /** What follows the first `|` (or `\|`), trimmed. */
    alias: string | null
  }
  /** `![[target#anchor|alias]]` (Obsidian): a note, a part of one, or a file shown in place. */
  interface Embed extends Node {
    type: 'embed'
    target: string
    anchor: string | null
    /** The alias when it is not a size. */
    alias: string | null
    /** From an alias `300` or `300x200`. */
    width: number | null
    /** From an alias `300x200`. */
    height: number | null
  }
  interface PhrasingContentMap {
    wikiLink: WikiLink
    embed: Embed
  }
  interface RootContentMap {
    wikiLink: WikiLink
    embed: Embed
  }
}

/** Both merge the data right before them (`resolveToMergeData`, `./highlight.ts`: else quadratic in micromark's core). */
const wikiLinkConstruct: Construct = {
  name: 'wikiLink',
  tokenize: tokenizeWikiLink,
  add: 'before',
  resolveTo: resolveToMergeData
}
const embedConstruct: Construct = {
  name: 'embed',
  tokenize: tokenizeEmbed,
  add: 'before',
  resolveTo: resolveToMergeData
}

/** The micromark extension: `[[…]]` (at `[`) and `![[…]]` (at `!`). */
export function wikiLink(): Extension {
  return {text: {33: embedConstruct, 91: wikiLinkConstruct}}
}

function tokenizeEmbed(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  return tokenizer(effects, ok, nok, true)
}

function tokenizeWikiLink(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  return tokenizer(effects, ok, nok, false)
}

function tokenizer(effects: Effects, ok: State, nok: State, embed: boolean): State {
  let opening = 0
  /** Whether a `|` was seen, and a character of a target or anchor before it. */
  let bar = false
  let named = false
  return embed ? bang : start

  function bang(code: Code): State | undefined {
    effects.enter('embed')
    effects.enter('wikiLinkMarker')
    effects.consume(code)
    return open
  }

  function start(code: Code): State | undefined {
    effects.enter('wikiLink')
    effects.enter('wikiLinkMarker')
    return open(code)
  }

  function open(code: Code): State | undefined {
    if (code !== 91) return nok(code)
    effects.consume(code)
    if (++opening < 2) return open
    effects.exit('wikiLinkMarker')
    return valueStart
  }

  function valueStart(code: Code): State | undefined {
    if (code === null || code === 91 || code === 93 || markdownLineEnding(code)) return nok(code)
    effects.enter('wikiLinkValue')
    return value(code)
  }

  function value(code: Code): State | undefined {
    if (code === null || code === 91 || markdownLineEnding(code)) return nok(code)
    if (code === 93) {
      // A target or an anchor: `[[ ]]`, `[[#]]` and `[[|a]]` are text.
      if (!named) return nok(code)
      effects.exit('wikiLinkValue')
      effects.enter('wikiLinkMarker')
      effects.consume(code)
      return close
    }
    if (code === 124) bar = true
    else if (
      !bar &&
      code !== 35 &&
      code !== 92 &&
      !markdownSpace(code) &&
      !unicodeWhitespace(code)
    ) {
      named = true
    }
    effects.consume(code)
    return value
  }

  function close(code: Code): State | undefined {
    // One `]` alone ends the scan: a wikilink holds no `]`.
    if (code !== 93) return nok(code)
    effects.consume(code)
    effects.exit('wikiLinkMarker')
    effects.exit(embed ? 'embed' : 'wikiLink')
    return ok
  }
}

/** The parts of what is between `[[` and `]]`. */
export function wikiLinkParts(raw: string): {
  target: string
  anchor: string | null
  alias: string | null
} {
  const bar = raw.indexOf('|')
  let before = bar === -1 ? raw : raw.slice(0, bar)
  const rawAlias = bar === -1 ? null : raw.slice(bar + 1)
  // `\|`: the escaped bar GFM tables need.
  if (bar !== -1 && before.endsWith('\\')) before = before.slice(0, -1)
  const hash = before.indexOf('#')
  const target = (hash === -1 ? before : before.slice(0, hash)).trim()
  const anchor = hash === -1 ? null : before.slice(hash + 1).trim() || null
  const alias = rawAlias === null ? null : rawAlias.trim() || null
  return {target, anchor, alias}
}

const size = /^(\d+)(?:x(\d+))?$/

/** The mdast-util-from-markdown extension: `wikiLink` and `embed` nodes. */
export function wikiLinkFromMarkdown(): FromMarkdownExtension {
  return {
    enter: {
      wikiLink(token) {
        this.enter({type: 'wikiLink', target: '', anchor: null, alias: null}, token)
      },
      embed(token) {
        this.enter(
          {type: 'embed', target: '', anchor: null, alias: null, width: null, height: null},
          token
        )
      }
    },
    exit: {
      wikiLinkValue(token) {
        const node = current(this)
        const parts = wikiLinkParts(this.sliceSerialize(token))
        if (node.type === 'wikiLink') Object.assign(node, parts)
        else if (node.type === 'embed') {
          Object.assign(node, parts)
          const match = parts.alias === null ? null : size.exec(parts.alias)
          if (match) {
            node.alias = null
            node.width = Number(match[1])
            node.height = match[2] === undefined ? null : Number(match[2])
          }
        }
      },
      wikiLink(token: Token) {
        this.exit(token)
      },
      embed(token: Token) {
        this.exit(token)
      }
    }
  }
}

function current(context: CompileContext) {
  const node = context.stack.at(-1)
  if (!node) throw new Error('wikiLinkValue outside a wikiLink or embed')
  return node
}
