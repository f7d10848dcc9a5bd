import {createLineIndex} from './_lines.js'
import type {Position} from './types.js'

/** The text of a note and, when its bytes were not valid UTF-8, where the first bad byte is. */
export interface Decoded {
  text: string
  /**
   * Set when the bytes were not UTF-8: UTF-16 with a byte order mark (decoded as such, `byte` is
   * `null`), or invalid UTF-8 (each bad sequence replaced by U+FFFD; `byte` is the first bad byte).
   */
  invalid: {
    position: Position
    byte: number | null
    encoding: 'utf-8' | 'utf-16le' | 'utf-16be'
  } | null
}

const fatalDecoder = new TextDecoder('utf-8', {fatal: true})
const lenientDecoder = new TextDecoder('utf-8')

/**
 * Decode a note: UTF-8 (a byte order mark is dropped); a string is taken as is, minus a leading BOM.
 * Never throws: bytes that are not UTF-8 are replaced by U+FFFD and reported in `invalid`.
 */
export function decode(input: string | Uint8Array): Decoded {
  if (typeof input === 'string') {
    return {text: input.charCodeAt(0) === 0xfeff ? input.slice(1) : input, invalid: null}
  }

  try {
    return {text: fatalDecoder.decode(input), invalid: null}
  } catch {
    const encoding = detectUtf16(input)
    if (encoding) {
      const text = new TextDecoder(encoding).decode(input)
      const start = {line: 1, column: 1, offset: 0}
      return {text, invalid: {position: {start, end: start}, byte: null, encoding}}
    }

    const bad = firstInvalidByte(input)
    const before = lenientDecoder.decode(input.subarray(0, bad))
    const text = lenientDecoder.decode(input)
    const index = createLineIndex(before)
    const start = index.point(before.length)
    const position = {start, end: {...start, column: start.column + 1, offset: start.offset + 1}}
    return {text, invalid: {position, byte: input[bad] as number, encoding: 'utf-8'}}
  }
}

/** `utf-16le` or `utf-16be` when the bytes start with that byte order mark, else `null`. */
function detectUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le'
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be'
  return null
}

/** Index of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629). */
export function firstInvalidByte(bytes: Uint8Array): number {
  let index = 0
  while (index < bytes.length) {
    const byte = bytes[index] as number
    let length: number
    let min = 0x80
    let max = 0xbf
    if (byte < 0x80) {
      index++
      continue
    } else if (byte >= 0xc2 && byte <= 0xdf) {
      length = 2
    } else if (byte >= 0xe0 && byte <= 0xef) {
      length = 3
      if (byte === 0xe0) min = 0xa0
      if (byte === 0xed) max = 0x9f
    } else if (byte >= 0xf0 && byte <= 0xf4) {
      length = 4
      if (byte === 0xf0) min = 0x90
      if (byte === 0xf4) max = 0x8f
    } else {
      return index
    }

    for (let offset = 1; offset < length; offset++) {
      const next = bytes[index + offset]
      const low = offset === 1 ? min : 0x80
      const high = offset === 1 ? max : 0xbf
      if (next === undefined || next < low || next > high) return index
    }

    index += length
  }

  return index
}
