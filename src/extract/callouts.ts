import type * as Mdast from 'mdast'
import type {Context} from './context.js'
import {positionAt} from './positions.js'

/** The marker line of an alert or a callout, split from the quote's first paragraph. */
export interface QuoteMarker {
  /** Lowercased: `note`, `warning`, or (callouts) any type. */
  kind: string
  /** `-`: `true`, `+`: `false`, none: `null`. */
  folded: boolean | null
  /** The inlines after the marker on its line (callouts only). */
  title: Array<Mdast.PhrasingContent>
  /** The rest of the first paragraph, after the marker's line, or `null`. */
  rest: Mdast.Paragraph | null
}

/** The kinds GitHub renders as alerts. */
const alertKinds = new Set(['note', 'tip', 'important', 'warning', 'caution'])

/**
 * The marker opening a block quote's first paragraph: `[!NOTE]` alone on its line (GitHub alerts,
 * `gfm`), or `[!type]`, `[!type]-`, `[!type]+` with an optional title (Obsidian callouts,
 * `obsidian`, where GitHub's five kinds are callouts too). `null` when there is none.
 */
export function quoteMarker(node: Mdast.Blockquote, context: Context): QuoteMarker | null {
  const paragraph = node.children[0]
  const first = paragraph?.type === 'paragraph' ? paragraph.children[0] : undefined
  if (!paragraph || paragraph.type !== 'paragraph' || first?.type !== 'text') return null
  const match = /^\[!([A-Za-z][\w-]*)\]([+-]?)/.exec(first.value)
  if (!match) return null
  const kind = (match[1] as string).toLowerCase()
  const folded = match[2] === '-' ? true : match[2] === '+' ? false : null
  const line = splitFirstLine(paragraph, match[0].length, context)
  if (context.syntax === 'gfm') {
    const alone = line.title.every((child) => child.type === 'text' && !child.value.trim())
    if (!alertKinds.has(kind) || folded !== null || !alone) return null
  }
  return {kind, folded, title: line.title, rest: line.rest}
}

/**
 * Split a paragraph at its first line ending: the inlines of its first line (without the first
 * `skip` characters), and the rest as a paragraph of its own (`null` when there is none). Cut
 * text nodes get positions from their offsets in the source.
 */
function splitFirstLine(
  paragraph: Mdast.Paragraph,
  skip: number,
  context: Context
): {title: Array<Mdast.PhrasingContent>; rest: Mdast.Paragraph | null} {
  const children = paragraph.children
  const title: Array<Mdast.PhrasingContent> = []
  for (let index = 0; index < children.length; index++) {
    const child = children[index] as Mdast.PhrasingContent
    if (child.type === 'break') return {title, rest: restOf(children.slice(index + 1), paragraph)}
    const from = index === 0 ? skip : 0
    const newline = child.type === 'text' ? child.value.indexOf('\n', from) : -1
    if (child.type !== 'text' || (newline === -1 && from === 0)) {
      title.push(child)
      continue
    }
    const head = slice(child, from, newline === -1 ? child.value.length : newline, context)
    if (head.value) title.push(head)
    if (newline === -1) continue
    const after = children.slice(index + 1)
    const tail = slice(child, newline + 1, child.value.length, context)
    if (tail.value) after.unshift(tail)
    return {title, rest: restOf(after, paragraph)}
  }
  return {title, rest: null}
}

function restOf(
  children: Array<Mdast.PhrasingContent>,
  paragraph: Mdast.Paragraph
): Mdast.Paragraph | null {
  const start = children[0]?.position?.start
  const end = paragraph.position?.end
  if (!start || !end) return null
  return {type: 'paragraph', children, position: {start, end}}
}

/**
 * Characters `from` to `to` of a text node. Its position: from the source offsets, when the text
 * is the source there (no escapes or line prefixes before), else the node's whole range.
 */
function slice(node: Mdast.Text, from: number, to: number, context: Context): Mdast.Text {
  const value = node.value.slice(from, to)
  const start = node.position?.start.offset
  const end = node.position?.end.offset
  if (start === undefined || end === undefined) return {type: 'text', value}
  let at = start + from
  if (context.text.slice(at, at + value.length) !== value) {
    // A continuation line: its text starts after the line's quote markers and indent.
    const line = context.text.indexOf('\n', start) + 1
    const found = line > 0 && line < end ? context.text.slice(line, end).indexOf(value) : -1
    at = found === -1 ? start : line + found
  }
  const stop = Math.min(end, at + value.length)
  return {type: 'text', value, position: positionAt(context, at, Math.max(at, stop))}
}
