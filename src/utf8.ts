/**
 * The length of a string in UTF-8 bytes, as `Buffer.byteLength` gives it (a lone surrogate counts as
 * the 3 bytes of the U+FFFD it is written as), without `Buffer`: the convert path runs in browsers.
 */
export function utf8Length(text: string): number {
  let bytes = text.length
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index)
    if (unit < 0x80) continue
    if (unit < 0x800) {
      bytes += 1
    } else if (unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(text.charCodeAt(index + 1))) {
      // A pair: 2 code units, 4 bytes.
      bytes += 2
      index++
    } else {
      bytes += 2
    }
  }
  return bytes
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff
}
