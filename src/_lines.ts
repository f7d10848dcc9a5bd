import type {Point, Position} from './types.js'

/**
 * Maps UTF-16 offsets of a text to 1-based lines and columns; CR, LF and CRLF each end a line.
 * Every position md2data makes (what mdast does not give) comes from here.
 */
export interface LineIndex {
  point(offset: number): Point
  position(start: number, end: number): Position
  /** The one character at `offset` (a line ending or the end of the text too). */
  character(offset: number): Position
  /** The offset of a 1-based line and column (clamped to the text). */
  offset(line: number, column: number): number
}

/** Index the line starts of `text` (only up to `limit`, when given: later offsets stay on the last line). */
export function createLineIndex(text: string, limit = text.length): LineIndex {
  const starts = [0]
  const end = Math.min(limit, text.length)
  for (let index = 0; index < end; index++) {
    const code = text.charCodeAt(index)
    if (code === 10 /* \n */) {
      starts.push(index + 1)
    } else if (code === 13 /* \r */) {
      if (text.charCodeAt(index + 1) === 10) index++
      starts.push(index + 1)
    }
  }

  function point(offset: number): Point {
    const clamped = Math.max(0, Math.min(offset, text.length))
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if ((starts[middle] as number) <= clamped) low = middle
      else high = middle - 1
    }
    return {line: low + 1, column: clamped - (starts[low] as number) + 1, offset: clamped}
  }

  return {
    point,
    position(start, end) {
      return {start: point(start), end: point(end)}
    },
    character(offset) {
      const start = point(offset)
      return {start, end: {...start, column: start.column + 1, offset: start.offset + 1}}
    },
    offset(line, column) {
      const start = starts[Math.max(0, Math.min(line, starts.length) - 1)] as number
      return Math.min(start + Math.max(column - 1, 0), text.length)
    }
  }
}

/** The empty range at the start of a note (for what has no better place). */
export function startOfNote(): Position {
  return createLineIndex('').position(0, 0)
}
