/**
 * Obsidian comments (`%%…%%`), as micromark constructs and their mdast-util-from-markdown handlers:
 * a `comment` node whose `value` is the text between the markers, as written.
 *
 * Syntax accepted:
 *
 * - Inline (text): `%%` up to the next `%%` in the same paragraph (heading, table cell…), across
 *   its lines: `a %%hidden%% b`, `%%%%` (value `''`). Nothing between is Markdown. An opener
 *   without a closer is text. Any `%%` closes, so only the last opener of a paragraph can be
 *   unclosed: the scans are linear.
 * - Block (flow): a line starting with `%%` (after at most 3 spaces) that does not close on that
 *   line opens a comment block, which runs to the first later line ending with `%%` (spaces and
 *   tabs may follow), or else to the end of the document or of its container (block quote, list
 *   item). It may hold blank lines and Markdown, and `%%` inside lines. The value is what is
 *   between the markers, line endings included (`%%\na\n%%` gives `'\na\n'`), without the
 *   container's prefixes (`> `); an unclosed block's value is what follows `%%` to the end of its
 *   last line (`%%\na\n` at the end gives `'\na'`). A comment block does not interrupt a paragraph: a `%%` line right
 *   after one is in the paragraph, as an inline comment's opener or closer.
 */
import type {
  CompileContext,
  Extension as FromMarkdownExtension,
  Token
} from 'mdast-util-from-markdown'
import {markdownLineEnding, markdownSpace} from 'micromark-util-character'
import type {
  Code,
  Construct,
  Effects,
  Extension,
  State,
  TokenizeContext
} from 'micromark-util-types'
import {resolveToMergeData} from './highlight.js'

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    commentText: 'commentText'
    commentFlow: 'commentFlow'
    commentMarker: 'commentMarker'
    commentValue: 'commentValue'
  }
  interface Token {
    /** Whether a comment's closing `%%` was found (a comment block may run to the end). */
    _commentClosed?: boolean
  }
}

declare module 'mdast' {
  /** `%%…%%` (Obsidian): text left out of the note. */
  interface Comment extends Literal {
    type: 'comment'
    /** What is between the markers, as written. */
    value: string
  }
  interface PhrasingContentMap {
    comment: Comment
  }
  interface BlockContentMap {
    comment: Comment
  }
  interface RootContentMap {
    comment: Comment
  }
}

/** It merges the data right before it (`resolveToMergeData`: else quadratic in micromark's core). */
const commentText: Construct = {
  name: 'commentText',
  tokenize: tokenizeCommentText,
  resolveTo: resolveToMergeData
}
const commentFlow: Construct = {name: 'commentFlow', tokenize: tokenizeCommentFlow, concrete: true}
/** `%%` (at a `%`). */
const closingText: Construct = {partial: true, tokenize: tokenizeClosingText}
/** `%%`, then spaces or tabs, then a line ending or the end (at a `%`). */
const closingFlow: Construct = {partial: true, tokenize: tokenizeClosingFlow}
const nonLazyContinuation: Construct = {partial: true, tokenize: tokenizeNonLazyContinuation}

/** The micromark extension: `%%…%%` in text and as blocks (at `%`). */
export function comment(): Extension {
  return {flow: {37: commentFlow}, text: {37: commentText}}
}

function tokenizeCommentText(effects: Effects, ok: State, nok: State): State {
  let value = false
  return start

  function start(code: Code): State | undefined {
    if (code !== 37) return nok(code)
    effects.enter('commentText')
    effects.enter('commentMarker')
    effects.consume(code)
    return second
  }

  function second(code: Code): State | undefined {
    if (code !== 37) return nok(code)
    effects.consume(code)
    effects.exit('commentMarker')
    return between
  }

  function between(code: Code): State | undefined {
    if (code === null) return nok(code)
    if (code === 37) return effects.check(closingText, close, data)(code)
    if (markdownLineEnding(code)) {
      if (value) effects.exit('commentValue')
      value = false
      effects.enter('lineEnding')
      effects.consume(code)
      effects.exit('lineEnding')
      return between
    }
    return data(code)
  }

  function data(code: Code): State | undefined {
    if (!value) effects.enter('commentValue')
    value = true
    effects.consume(code)
    return between
  }

  function close(code: Code): State | undefined {
    if (value) effects.exit('commentValue')
    effects.enter('commentMarker')
    effects.consume(code)
    return closeSecond
  }

  function closeSecond(code: Code): State | undefined {
    effects.consume(code)
    effects.exit('commentMarker')
    effects.exit('commentText')._commentClosed = true
    return ok
  }
}

function tokenizeClosingText(effects: Effects, ok: State, nok: State): State {
  return first

  function first(code: Code): State | undefined {
    effects.enter('commentMarker')
    effects.consume(code)
    return second
  }

  function second(code: Code): State | undefined {
    if (code !== 37) return nok(code)
    effects.consume(code)
    effects.exit('commentMarker')
    return ok
  }
}

function tokenizeClosingFlow(effects: Effects, ok: State, nok: State): State {
  let size = 0
  return start

  function start(code: Code): State | undefined {
    effects.enter('commentMarker')
    return sequence(code)
  }

  function sequence(code: Code): State | undefined {
    if (code === 37 && size < 2) {
      size++
      effects.consume(code)
      return sequence
    }
    return size < 2 ? nok(code) : after(code)
  }

  function after(code: Code): State | undefined {
    if (markdownSpace(code)) {
      effects.consume(code)
      return after
    }
    if (code !== null && !markdownLineEnding(code)) return nok(code)
    effects.exit('commentMarker')
    return ok(code)
  }
}

/**
 * A comment block's opening line: `%%`, then anything without a `%%` on that line. What follows is
 * `commentFlowLines`.
 */
function tokenizeCommentFlow(
  this: TokenizeContext,
  effects: Effects,
  ok: State,
  nok: State
): State {
  // eslint-disable-next-line @typescript-eslint/no-this-alias -- micromark's context, read by the states
  const self = this
  let value = false
  let percent = false
  return start

  function start(code: Code): State | undefined {
    // Not in a paragraph: a `%%` line there belongs to the paragraph's text.
    if (code !== 37 || self.interrupt) return nok(code)
    effects.enter('commentFlow')
    effects.enter('commentMarker')
    effects.consume(code)
    return second
  }

  function second(code: Code): State | undefined {
    if (code !== 37) return nok(code)
    effects.consume(code)
    effects.exit('commentMarker')
    return firstLine
  }

  /** The opening line: a `%%` on it closes an inline comment, which is not this construct. */
  function firstLine(code: Code): State | undefined {
    if (code === null || markdownLineEnding(code)) {
      if (value) effects.exit('commentValue')
      return commentFlowLines(effects, ok)(code)
    }
    if (code === 37) {
      if (percent) return nok(code)
      percent = true
    } else percent = false
    if (!value) effects.enter('commentValue')
    value = true
    effects.consume(code)
    return firstLine
  }
}

/**
 * A comment block after its opening line (at that line's end): the lines up to one ending with
 * `%%` (`commentFlowClose`), or else to the end of the document or container, or a lazy line.
 */
function commentFlowLines(effects: Effects, ok: State): State {
  let value = false
  return lineEnd

  function lineEnd(code: Code): State | undefined {
    if (value) effects.exit('commentValue')
    value = false
    if (code === null) return end(code)
    return effects.check(nonLazyContinuation, lineEnding, end)(code)
  }

  function lineEnding(code: Code): State | undefined {
    effects.enter('lineEnding')
    effects.consume(code)
    effects.exit('lineEnding')
    return inside
  }

  function inside(code: Code): State | undefined {
    if (code === null || markdownLineEnding(code)) return lineEnd(code)
    if (code === 37) return effects.check(closingFlow, close, data)(code)
    return data(code)
  }

  function data(code: Code): State | undefined {
    if (!value) effects.enter('commentValue')
    value = true
    effects.consume(code)
    return inside
  }

  function close(code: Code): State | undefined {
    if (value) effects.exit('commentValue')
    return commentFlowClose(effects, ok)(code)
  }

  /** The end of the document or container, or a lazy line: an unclosed comment ends here. */
  function end(code: Code): State | undefined {
    effects.exit('commentFlow')
    return ok(code)
  }
}

/** A comment block's closing `%%` (at a `%`; `closingFlow` checked it), then spaces or tabs. */
function commentFlowClose(effects: Effects, ok: State): State {
  return first

  function first(code: Code): State | undefined {
    effects.enter('commentMarker')
    effects.consume(code)
    return second
  }

  function second(code: Code): State | undefined {
    effects.consume(code)
    effects.exit('commentMarker')
    return trailing
  }

  function trailing(code: Code): State | undefined {
    if (markdownSpace(code)) {
      effects.enter('whitespace')
      effects.consume(code)
      return trailingSpace
    }
    effects.exit('commentFlow')._commentClosed = true
    return ok(code)
  }

  function trailingSpace(code: Code): State | undefined {
    if (markdownSpace(code)) {
      effects.consume(code)
      return trailingSpace
    }
    effects.exit('whitespace')
    effects.exit('commentFlow')._commentClosed = true
    return ok(code)
  }
}

/** A line ending, then a line that is not lazy (as in micromark's fenced code). */
function tokenizeNonLazyContinuation(
  this: TokenizeContext,
  effects: Effects,
  ok: State,
  nok: State
): State {
  // eslint-disable-next-line @typescript-eslint/no-this-alias -- micromark's context, read by the states
  const self = this
  return start

  function start(code: Code): State | undefined {
    if (code === null) return nok(code)
    effects.enter('lineEnding')
    effects.consume(code)
    effects.exit('lineEnding')
    return lineStart
  }

  function lineStart(code: Code): State | undefined {
    return self.parser.lazy[self.now().line] ? nok(code) : ok(code)
  }
}

/** The mdast-util-from-markdown extension: `comment` nodes. */
export function commentFromMarkdown(): FromMarkdownExtension {
  return {
    enter: {
      commentText: enter,
      commentFlow: enter
    },
    exit: {
      commentText: exit,
      commentFlow: exit
    }
  }

  function enter(this: CompileContext, token: Token) {
    this.enter({type: 'comment', value: ''}, token)
  }

  function exit(this: CompileContext, token: Token) {
    const node = this.stack.at(-1)
    if (node?.type === 'comment') {
      const whole = this.sliceSerialize(token)
      // An unclosed block ends at the end of its last line (as micromark's unclosed fenced code).
      node.value = token._commentClosed
        ? whole.trimEnd().slice(2, -2)
        : whole.slice(2).replace(/(?:\r?\n|\r)$/, '')
    }
    this.exit(token)
  }
}
