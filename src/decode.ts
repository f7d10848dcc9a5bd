import {createLineIndex, startOfNote} from './_lines.js'
import {createDiagnostic} from './diagnostics/create.js'
import type {Diagnostic} from './types.js'

/** A note's text, and a `file-encoding` diagnostic when its bytes were not UTF-8. */
export interface Decoded {
  text: string
  diagnostic: Diagnostic | null
}

const fatalDecoder = new TextDecoder('utf-8', {fatal: true})
const lenientDecoder = new TextDecoder('utf-8')

/**
 * Decode a note: UTF-8 (a byte order mark is dropped); a string is taken as is, minus a leading BOM.
 * Never throws: UTF-16 with a byte order mark is decoded as such (a warning); in other bytes that
 * are not UTF-8 each bad sequence becomes U+FFFD (an error at the first bad byte).
 */
export function decode(input: string | Uint8Array, path: string | null): Decoded {
  if (typeof input === 'string') {
    return {text: input.charCodeAt(0) === 0xfeff ? input.slice(1) : input, diagnostic: null}
  }
  try {
    return {text: fatalDecoder.decode(input), diagnostic: null}
  } catch {
    const encoding = detectUtf16(input)
    if (encoding) {
      const name = encoding.toUpperCase()
      const message = `Unexpected ${name} file (byte order mark), expected UTF-8; decoded as ${name}`
      const diagnostic = createDiagnostic('file-encoding', 'warning', message, path, startOfNote())
      return {text: new TextDecoder(encoding).decode(input), diagnostic}
    }
    const bad = firstInvalidByte(input)
    const before = lenientDecoder.decode(input.subarray(0, bad))
    const byte = (input[bad] as number).toString(16).toUpperCase().padStart(2, '0')
    const message = `Unexpected byte \`0x${byte}\`, expected UTF-8; invalid bytes read as U+FFFD`
    const position = createLineIndex(before).character(before.length)
    const diagnostic = createDiagnostic('file-encoding', 'error', message, path, position)
    return {text: lenientDecoder.decode(input), diagnostic}
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
