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
 * Never throws: UTF-16 with a byte order mark is decoded as such (a warning; an error at the first
 * unpaired surrogate); in other bytes that are not UTF-8 each bad sequence becomes U+FFFD (an error
 * at the first bad byte). UTF-32 (by its byte order mark) is an error, and the text is empty.
 */
export function decode(input: string | Uint8Array, path: string | null): Decoded {
  if (typeof input === 'string') {
    return {text: input.charCodeAt(0) === 0xfeff ? input.slice(1) : input, diagnostic: null}
  }
  const utf32 = detectUtf32(input)
  if (utf32) {
    const message = `Cannot read a ${utf32} file (byte order mark): md2data reads UTF-8 and UTF-16; its content is left out`
    return {
      text: '',
      diagnostic: createDiagnostic('file-encoding', 'error', message, path, startOfNote())
    }
  }
  try {
    return {text: fatalDecoder.decode(input), diagnostic: null}
  } catch {
    const encoding = detectUtf16(input)
    if (encoding) return decodeUtf16(input, encoding, path)
    const bad = firstInvalidByte(input)
    const before = lenientDecoder.decode(input.subarray(0, bad))
    const byte = hex(input[bad] as number, 2)
    const message = `Unexpected byte \`0x${byte}\`, expected UTF-8; invalid bytes read as U+FFFD`
    const position = createLineIndex(before).character(before.length)
    const diagnostic = createDiagnostic('file-encoding', 'error', message, path, position)
    return {text: lenientDecoder.decode(input), diagnostic}
  }
}

/** UTF-16 with a byte order mark: a warning, or an error at the first invalid code unit. */
function decodeUtf16(
  input: Uint8Array,
  encoding: 'utf-16le' | 'utf-16be',
  path: string | null
): Decoded {
  const name = encoding.toUpperCase()
  const text = new TextDecoder(encoding).decode(input)
  const bad = firstInvalidUnit(input, encoding === 'utf-16be')
  if (bad === null) {
    const message = `Unexpected ${name} file (byte order mark), expected UTF-8; decoded as ${name}`
    const diagnostic = createDiagnostic('file-encoding', 'warning', message, path, startOfNote())
    return {text, diagnostic}
  }
  // Each code unit is one character of the text, a bad one one U+FFFD; the BOM is dropped.
  const offset = (bad.index - 2) / 2
  const what =
    bad.unit === null
      ? `byte \`0x${hex(input[bad.index] as number, 2)}\` alone at the end of a`
      : `unpaired surrogate \`0x${hex(bad.unit, 4)}\` in a`
  const message = `Unexpected ${what} ${name} file, expected UTF-8; decoded as ${name}, invalid code units read as U+FFFD`
  const position = createLineIndex(text, offset + 1).character(offset)
  return {text, diagnostic: createDiagnostic('file-encoding', 'error', message, path, position)}
}

/** `utf-16le` or `utf-16be` when the bytes start with that byte order mark, else `null`. */
function detectUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le'
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be'
  return null
}

/** `UTF-32LE` or `UTF-32BE` when the bytes start with that byte order mark, else `null`. */
function detectUtf32(bytes: Uint8Array): 'UTF-32LE' | 'UTF-32BE' | null {
  const [a, b, c, d] = bytes
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return 'UTF-32LE'
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return 'UTF-32BE'
  return null
}

/**
 * The byte index of the first UTF-16 code unit (after the byte order mark) that is an unpaired
 * surrogate, with its value, or of a last odd byte (`unit: null`); `null` when all are valid.
 */
function firstInvalidUnit(
  bytes: Uint8Array,
  bigEndian: boolean
): {index: number; unit: number | null} | null {
  const at = (index: number) =>
    bigEndian
      ? ((bytes[index] as number) << 8) | (bytes[index + 1] as number)
      : ((bytes[index + 1] as number) << 8) | (bytes[index] as number)
  let index = 2
  for (; index + 1 < bytes.length; index += 2) {
    const unit = at(index)
    if (unit < 0xd800 || unit > 0xdfff) continue
    const next = index + 3 < bytes.length ? at(index + 2) : -1
    if (unit > 0xdbff || next < 0xdc00 || next > 0xdfff) return {index, unit}
    index += 2
  }
  return index < bytes.length ? {index, unit: null} : null
}

/** A number as upper-case hexadecimal, zero-padded. */
function hex(value: number, digits: number): string {
  return value.toString(16).toUpperCase().padStart(digits, '0')
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
