/**
 * Obsidian inline tags (`#tag`, `#nested/tag`, `#日本語`, `#tag-with_dash`), as a micromark text
 * construct and its mdast-util-from-markdown handlers: a `tag` node whose `value` is the tag
 * without its `#`.
 *
 * Syntax accepted, after Obsidian's help ("Tags"): `#` followed by one or more Unicode letters
 * (with their combining marks), numbers, `_`, `-` or `/`, at least one of them not a number (`#1984`
 * is not a tag, `#y1984` is). The tag ends at the first other character. (Emoji, which Obsidian
 * takes though its help does not list them, end a tag here.) The `#` must follow the start of the
 * text, whitespace, or an opening mark: opening punctuation (`(`, `[`, `{`, `“`…), a quote, or an
 * emphasis, strikethrough or highlight marker (`*`, `_`, `~`, `=`), so `a#b`, `&#35;` and
 * `https://x.org/#a` hold no tag. Tags are text: not in code, URLs or HTML, and an ATX heading's `#`
 * is flow syntax, never a tag (but `# Title #tag` holds one). The scan reads the run of tag
 * characters once: linear.
 */
import type {CompileContext, Extension as FromMarkdownExtension} from 'mdast-util-from-markdown'
import {markdownLineEndingOrSpace, unicodeWhitespace} from 'micromark-util-character'
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
    tag: 'tag'
    tagMarker: 'tagMarker'
    tagValue: 'tagValue'
  }
}

declare module 'mdast' {
  /** `#tag` (Obsidian). */
  interface Tag extends Literal {
    type: 'tag'
    /** The tag without its `#`: `nested/tag`. */
    value: string
  }
  interface PhrasingContentMap {
    tag: Tag
  }
  interface RootContentMap {
    tag: Tag
  }
}

/** It merges the data right before it (`resolveToMergeData`, `./highlight.ts`: else quadratic in micromark's core). */
const tagConstruct: Construct = {
  name: 'tag',
  tokenize: tokenizeTag,
  previous: previousTag,
  resolveTo: resolveToMergeData
}

/** The micromark extension: `#tag` (at `#`). */
export function tag(): Extension {
  return {text: {35: tagConstruct}}
}

const tagCharacter = /^[\p{L}\p{M}\p{N}_\-/]$/u
const number = /^\p{N}$/u
const opening = /^[\p{Ps}\p{Pi}"'*_~=]$/u

/** Whether a tag may start after `code`. */
function previousTag(this: TokenizeContext, code: Code): boolean {
  return (
    code === null ||
    markdownLineEndingOrSpace(code) ||
    unicodeWhitespace(code) ||
    opening.test(String.fromCharCode(code))
  )
}

function isHighSurrogate(code: Code): code is number {
  return code !== null && code >= 0xd800 && code <= 0xdbff
}

function tokenizeTag(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  // eslint-disable-next-line @typescript-eslint/no-this-alias -- micromark's context, read by the states
  const self = this
  let size = 0
  let word = false
  // A character outside the BMP: two codes, both consumed only when they make a tag character.
  const astral: Construct = {partial: true, tokenize: tokenizeAstral}
  return start

  function start(code: Code): State | undefined {
    if (code !== 35 || !previousTag.call(self, self.previous)) return nok(code)
    effects.enter('tag')
    effects.enter('tagMarker')
    effects.consume(code)
    effects.exit('tagMarker')
    effects.enter('tagValue')
    return inside
  }

  function inside(code: Code): State | undefined {
    if (isHighSurrogate(code)) return effects.attempt(astral, inside, after)(code)
    if (code !== null && code >= 0 && tagCharacter.test(String.fromCharCode(code))) {
      if (!number.test(String.fromCharCode(code))) word = true
      size++
      effects.consume(code)
      return inside
    }
    return after(code)
  }

  function after(code: Code): State | undefined {
    if (size === 0 || !word) return nok(code)
    effects.exit('tagValue')
    effects.exit('tag')
    return ok(code)
  }

  function tokenizeAstral(effects: Effects, ok: State, nok: State): State {
    let high = 0
    return first

    function first(code: Code): State | undefined {
      high = code as number
      effects.consume(code)
      return second
    }

    function second(code: Code): State | undefined {
      if (code === null || code < 0xdc00 || code > 0xdfff) return nok(code)
      const character = String.fromCharCode(high, code)
      if (!tagCharacter.test(character)) return nok(code)
      if (!number.test(character)) word = true
      size++
      effects.consume(code)
      return ok
    }
  }
}

/** The mdast-util-from-markdown extension: `tag` nodes. */
export function tagFromMarkdown(): FromMarkdownExtension {
  return {
    enter: {
      tag(token) {
        this.enter({type: 'tag', value: ''}, token)
      }
    },
    exit: {
      tagValue(token) {
        const node = current(this)
        if (node.type === 'tag') node.value = this.sliceSerialize(token)
      },
      tag(token) {
        this.exit(token)
      }
    }
  }
}

function current(context: CompileContext) {
  const node = context.stack.at(-1)
  if (!node) throw new Error('tagValue outside a tag')
  return node
}
