import type * as Mdast from 'mdast'
import {createLineIndex} from '../_lines.js'
import type {Position} from '../types.js'
import type {Context} from './context.js'
import {plainText} from './text.js'

/** Give `target` the node's position when positions are kept; it comes last, after the fields. */
export function withPosition<Target extends object>(
  context: Context,
  target: Target,
  node: Mdast.Node
): Target {
  if (context.positions) (target as {position?: Position}).position = node.position as Position
  return target
}

/** A position from source offsets (for what mdast has no node for). */
export function positionAt(context: Context, start: number, end: number): Position {
  context.lines ??= createLineIndex(context.text)
  return context.lines.position(start, end)
}

/**
 * A few GFM transforms (autolink literals after an escape) make nodes without positions. Give
 * each run of such siblings the source range between its positioned neighbours: split exactly
 * when their text is that source, else the whole range to each.
 */
export function repairPositions(parent: Mdast.Parent, context: Context): void {
  const children = parent.children
  const parentStart = parent.position?.start.offset ?? 0
  const parentEnd = parent.position?.end.offset ?? context.text.length
  let index = 0
  while (index < children.length) {
    if ((children[index] as Mdast.Node).position) {
      index++
      continue
    }
    let last = index
    while (last + 1 < children.length && !(children[last + 1] as Mdast.Node).position) last++
    const from =
      index > 0
        ? ((children[index - 1] as Mdast.Node).position?.end.offset ?? parentStart)
        : parentStart
    const to =
      last + 1 < children.length
        ? ((children[last + 1] as Mdast.Node).position?.start.offset ?? parentEnd)
        : parentEnd
    const texts = children.slice(index, last + 1).map((child) => plainText(child))
    const exact = texts.join('') === context.text.slice(from, to)
    let offset = from
    for (let at = index; at <= last; at++) {
      const child = children[at] as Mdast.Node
      const length = (texts[at - index] as string).length
      child.position = exact
        ? positionAt(context, offset, offset + length)
        : positionAt(context, from, to)
      offset += length
      if ('children' in child) repairPositions(child as Mdast.Parent, context)
    }
    index = last + 1
  }
}
