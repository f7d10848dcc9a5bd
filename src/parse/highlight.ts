/**
 * Obsidian highlights (`==text==`), as a micromark text construct and its mdast-util-from-markdown
 * handlers: a `highlight` node with phrasing children.
 *
 * Syntax accepted: as GFM strikethrough with `~~` (micromark-extension-gfm-strikethrough 2.1.0,
 * `singleTilde: false`), with `=`: a run of exactly two `=` opens when it is left-flanking and
 * closes when it is right-flanking (CommonMark's rules, by the characters around it), a closer
 * pairs with the nearest open opener before it, and emphasis inside is resolved inside, so it
 * never crosses the highlight's edges. `===` and unpaired runs are text; `a == b` is text.
 *
 * The resolver differs from strikethrough's in how it finds openers: strikethrough walks back over
 * the events from every closer to its opener, to the start of the paragraph when there is none
 * (`'a~~ '.repeat(n)` is quadratic), and splices each pair into the event list (a copy of the tail
 * each time). Here the open openers are a stack (the nearest one is its top: the same pairs) and
 * the events are built once, in a new list. Nested highlights still resolve emphasis in each
 * level's events, as strikethrough does: linear in the text times the nesting depth.
 *
 * Both this construct and the inline comment (`./comment.ts`) also merge the data tokens right
 * before them when they are tokenized (`resolveToMergeData`), because micromark's own text
 * resolver would otherwise be quadratic on them (see there).
 */
import type {Extension as FromMarkdownExtension} from 'mdast-util-from-markdown'
import {classifyCharacter} from 'micromark-util-classify-character'
import {resolveAll} from 'micromark-util-resolve-all'
import type {
  Code,
  Construct,
  Effects,
  Event,
  Extension,
  Resolver,
  State,
  Token,
  TokenizeContext
} from 'micromark-util-types'

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    highlight: 'highlight'
    highlightSequence: 'highlightSequence'
    highlightSequenceTemporary: 'highlightSequenceTemporary'
    highlightText: 'highlightText'
  }
}

declare module 'mdast' {
  /** `==text==` (Obsidian). */
  interface Highlight extends Parent {
    type: 'highlight'
    children: Array<PhrasingContent>
  }
  interface PhrasingContentMap {
    highlight: Highlight
  }
  interface RootContentMap {
    highlight: Highlight
  }
}

const resolveAllHighlight: Resolver = (events, context) => {
  const result: Array<Event> = []
  /** Indices in `result` of the enter events of openers still open. */
  const openers: Array<number> = []
  let index = -1

  while (++index < events.length) {
    const event = events[index] as Event
    const token = event[1]
    if (event[0] === 'enter' && token.type === 'highlightSequenceTemporary') {
      const exit = events[++index] as Event
      const open = openers.at(-1)
      if (token._close && open !== undefined) {
        openers.pop()
        const opener = (result[open] as Event)[1]
        opener.type = 'highlightSequence'
        token.type = 'highlightSequence'
        const highlight: Token = {
          type: 'highlight',
          start: {...opener.start},
          end: {...token.end}
        }
        const text: Token = {type: 'highlightText', start: {...opener.end}, end: {...token.start}}
        let inside = result.splice(open + 2)
        const insideSpan = context.parser.constructs.insideSpan.null
        if (insideSpan) inside = resolveAll(insideSpan, inside, context)
        const openerEvents = result.splice(open, 2)
        result.push(['enter', highlight, context], ...openerEvents, ['enter', text, context])
        for (const item of inside) result.push(item)
        result.push(['exit', text, context], event, exit, ['exit', highlight, context])
        continue
      }
      if (token._open) openers.push(result.length)
      result.push(event, exit)
      continue
    }
    result.push(event)
  }

  // In place: micromark reads a text tokenizer's `events` after resolving, not what this returns.
  events.length = result.length
  for (const [at, event] of result.entries()) {
    if (event[1].type === 'highlightSequenceTemporary') event[1].type = 'data'
    events[at] = event
  }
  return events
}

/**
 * A `resolveTo` for text constructs: merges the run of `data` tokens right before the construct
 * just tokenized (the last token of `events`) into its first token, in place, as micromark's
 * `resolveAllText` (micromark/lib/initialize/text.js) does at the end of the paragraph.
 *
 * Why: the text tokenizer starts a new `data` token at every character a construct may start at and
 * does not (every word start, for the autolink literals), and `resolveAllText` merges each run of
 * them with `events.splice` on the whole paragraph's events: a copy of the rest of the paragraph
 * per run. One run is one copy, but every token that is not data (a comment, a highlight sequence,
 * a code span…) ends a run, so `'%% a '.repeat(n)` and `'a== '.repeat(n)` (two data tokens, ` ` and
 * `a `, between each of ours) made n copies of O(n) events. Merged here, each run is one token by
 * then, and the splice moves only this construct's own events. The result is the same token
 * `resolveAllText` would make; a removed token's mark of the autolink literals' walk back
 * (`_gfmAutolinkLiteralWalkedInto`, `./gfm-autolink-literal.ts`: nothing open before it) is kept
 * on the token that stays, which is before it, or later walks would go back further. Safe while
 * tokenizing: it runs when the text tokenizer accepts the construct, with no attempt pending that
 * would restore the events to a length, and nothing else remembers an index after the run (the
 * autolink literals remember one of a label start, which is before it).
 */
export function resolveToMergeData(events: Array<Event>): Array<Event> {
  const last = events.at(-1)
  if (!last) return events
  let start = events.length - 2
  while (start > 0 && (events[start] as Event)[1] !== last[1]) start--
  let first = start
  while (first >= 2 && isData(events, first - 2)) first -= 2
  if (start - first > 2) {
    const token = (events[first] as Event)[1]
    token.end = (events[start - 1] as Event)[1].end
    for (let index = first + 2; index < start; index += 2)
      if ((events[index] as Event)[1]._gfmAutolinkLiteralWalkedInto)
        token._gfmAutolinkLiteralWalkedInto = true
    events.splice(first + 2, start - first - 2)
  }
  return events
}

/** Whether `events[index]` and `events[index + 1]` are the enter and exit of one `data` token. */
function isData(events: Array<Event>, index: number): boolean {
  const enter = events[index] as Event
  const exit = events[index + 1] as Event
  return enter[0] === 'enter' && enter[1].type === 'data' && exit[1] === enter[1]
}

const highlightConstruct: Construct = {
  name: 'highlight',
  tokenize: tokenizeHighlight,
  resolveTo: resolveToMergeData,
  resolveAll: resolveAllHighlight
}

/** The micromark extension: `==text==` (at `=`). */
export function highlight(): Extension {
  return {
    text: {61: highlightConstruct},
    insideSpan: {null: [highlightConstruct]},
    attentionMarkers: {null: [61]}
  }
}

function tokenizeHighlight(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const previous = this.previous
  const events = this.events
  let size = 0
  return start

  function start(code: Code): State | undefined {
    if (previous === 61 && events.at(-1)?.[1].type !== 'characterEscape') return nok(code)
    effects.enter('highlightSequenceTemporary')
    return more(code)
  }

  function more(code: Code): State | undefined {
    const before = classifyCharacter(previous)
    if (code === 61) {
      if (size > 1) return nok(code)
      effects.consume(code)
      size++
      return more
    }
    if (size < 2) return nok(code)
    const token = effects.exit('highlightSequenceTemporary')
    const after = classifyCharacter(code)
    token._open = !after || (after === 2 && Boolean(before))
    token._close = !before || (before === 2 && Boolean(after))
    return ok(code)
  }
}

/** The mdast-util-from-markdown extension: `highlight` nodes. */
export function highlightFromMarkdown(): FromMarkdownExtension {
  return {
    canContainEols: ['highlight'],
    enter: {
      highlight(token) {
        this.enter({type: 'highlight', children: []}, token)
      }
    },
    exit: {
      highlight(token) {
        this.exit(token)
      }
    }
  }
}
