import type {Stats} from '../types.js'

/**
 * Reading speeds behind `stats.readingMinutes`.
 *
 * - Words: 238 words a minute, the mean silent reading rate for English non-fiction in
 *   Brysbaert, M. (2019), "How many words do we read per minute? A review and meta-analysis of
 *   reading rate", Journal of Memory and Language 109, 104047.
 * - Japanese: 357 characters a minute; Chinese: 255 characters a minute: the IReST means in
 *   Trauzettel-Klosinski, S., Dietz, K. (2012), "Standardized Assessment of Reading Performance:
 *   The New International Reading Speed Texts IReST", IOVS 53(9), 5452-5461.
 */
export const readingSpeeds = {
  wordsPerMinute: 238,
  japaneseCharactersPerMinute: 357,
  chineseCharactersPerMinute: 255
}

/**
 * Han, Hiragana and Katakana (and the prolonged sound marks `ー`, `ｰ`, which are in no script of
 * their own): written without spaces, counted by character.
 */
const ideographic = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc\uff70]/u
/**
 * Punctuation and symbols that are a word boundary on both sides whatever surrounds them (CJK and
 * full-width punctuation, dashes, curly double quotes, …): counting words, they are spaces.
 * Checked one by one against `Intl.Segmenter` (test/stats.test.ts).
 */
export const neutral =
  /[\u00a0\u00a7\u00a9\u00ab\u00ae\u00b0\u00bb\u00d7\u00f7\u2010-\u2015\u201c\u201d\u2022\u2026\u2032\u2033\u203b\u2192\u25cb\u25cf\u2605\u2606\u3000-\u3005\u3008-\u3020\u3030\u3036\u3037\u303b\u303d-\u303f\u30fb\uff00-\uff06\uff08-\uff0b\uff0d\uff0f\uff1c-\uff20\uff3b-\uff3e\uff40\uff5b-\uff65]/u
/** What becomes a space before counting words: runs of ideographs, and neutral punctuation. */
const spaced = new RegExp(`${ideographic.source.replace(/\]$/, ']+')}|${neutral.source}`, 'gu')
const kana = /[\p{Script=Hiragana}\p{Script=Katakana}]/u
const hangul = /\p{Script=Hangul}/u

const segmenters = new Map<string, Intl.Segmenter>()

function segmenter(lang: string | null): Intl.Segmenter {
  const key = lang ?? ''
  let result = segmenters.get(key)
  if (!result) {
    let locale: string | undefined
    try {
      locale = lang ? Intl.getCanonicalLocales(lang)[0] : undefined
    } catch {
      locale = undefined
    }
    result = new Intl.Segmenter(locale, {granularity: 'word'})
    segmenters.set(key, result)
  }
  return result
}

/** Segment at most this many UTF-16 units at once: V8's segment iterator is quadratic in length. */
const window = 512
/** Boundaries this close to a window's end wait for the next window (rules look ahead). */
const margin = 64

/** Count word-like segments with `Intl.Segmenter`, window by window, cutting at real boundaries. */
export function countSegmentedWords(text: string, words: Intl.Segmenter): number {
  let count = 0
  let start = 0
  while (text.length - start > window) {
    const slice = text.slice(start, start + window)
    let cut = 0
    let before = 0
    let seen = 0
    for (const segment of words.segment(slice)) {
      if (segment.index > window - margin) break
      cut = segment.index
      before = seen
      if (segment.isWordLike) seen++
    }
    if (cut === 0) {
      // One segment fills the window: find where it ends in a larger window.
      let size = window * 2
      let end = -1
      while (end === -1 && start + size < text.length) {
        const iterator = words.segment(text.slice(start, start + size))[Symbol.iterator]()
        iterator.next()
        const second = iterator.next()
        if (!second.done && second.value.index < size - margin) end = second.value.index
        else size *= 2
      }
      if (end === -1) break
      for (const segment of words.segment(text.slice(start, start + end)))
        if (segment.isWordLike) count++
      start += end
      continue
    }
    count += before
    start += cut
  }
  for (const segment of words.segment(text.slice(start))) if (segment.isWordLike) count++
  return count
}

/**
 * Count the prose of a note, given as chunks (paragraphs, headings, table cells; code blocks,
 * HTML, image alt texts and URLs are not given here).
 *
 * - `characters`: Unicode code points that are not white space.
 * - `cjkCharacters`: code points in the Han, Hiragana, Katakana and Hangul scripts.
 * - `words`: each Han, Hiragana or Katakana character counts as a word (these scripts are written
 *   without spaces; Microsoft Word counts them the same way); the rest is split by
 *   `Intl.Segmenter` with word granularity for the note's language, counting word-like segments.
 * - `readingMinutes`: words at 238 a minute plus Han/kana characters at 357 (Japanese: `lang` is
 *   `ja…`, or is not `zh…` and the text has kana) or 255 (Chinese) a minute, rounded to a tenth.
 */
export function countStats(chunks: Array<string>, lang: string | null): Stats {
  let characters = 0
  let ideographs = 0
  let hanguls = 0
  let otherWords = 0
  let hasKana = false

  for (const chunk of chunks) {
    let chunkIdeographs = 0
    /** Whether the chunk is ASCII once ideographs, neutral punctuation and white space are spaces. */
    let ascii = true
    for (let index = 0; index < chunk.length; index++) {
      const code = chunk.charCodeAt(index)
      if (code < 0x80) {
        // ASCII white space: tab to carriage return, and space.
        if (code > 0x20 || code < 0x09 || (code > 0x0d && code < 0x20)) characters++
        continue
      }
      if (isSpace(code)) continue
      characters++
      // Fast ranges: CJK Unified Ideographs, Hiragana, Katakana.
      if (code >= 0x4e00 && code <= 0x9fff) {
        chunkIdeographs++
        continue
      }
      if (
        (code >= 0x3041 && code <= 0x3096) ||
        (code >= 0x30a1 && code <= 0x30fa) ||
        code === 0x30fc
      ) {
        chunkIdeographs++
        hasKana = true
        continue
      }
      let char = chunk[index] as string
      if (code >= 0xd800 && code <= 0xdbff && index + 1 < chunk.length) {
        char = chunk.slice(index, index + 2)
        index++
      }
      if (code >= 0x1100 && ideographic.test(char)) {
        chunkIdeographs++
        if (!hasKana && kana.test(char)) hasKana = true
      } else if (!neutral.test(char)) {
        ascii = false
        if (code >= 0x1100 && hangul.test(char)) hanguls++
      }
    }

    ideographs += chunkIdeographs
    otherWords += ascii
      ? countAsciiWords(chunk)
      : countSegmentedWords(
          chunkIdeographs > 0 ? chunk.replace(spaced, ' ') : chunk,
          segmenter(lang)
        )
  }

  const japanese = lang && /^(?:ja|zh)\b/i.test(lang) ? /^ja/i.test(lang) : hasKana
  const perMinute = japanese
    ? readingSpeeds.japaneseCharactersPerMinute
    : readingSpeeds.chineseCharactersPerMinute
  const minutes = otherWords / readingSpeeds.wordsPerMinute + ideographs / perMinute
  return {
    characters,
    words: ideographs + otherWords,
    cjkCharacters: ideographs + hanguls,
    readingMinutes: Math.round(minutes * 10) / 10
  }
}

/** Non-ASCII white space, as `\s` has it. */
function isSpace(code: number): boolean {
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  )
}

/** Character classes of the ASCII word rules (UAX #29 as ICU applies it). */
const enum Kind {
  Other,
  Letter,
  Digit,
  Underscore,
  /** `:` joins letters. */
  MidLetter,
  /** `,` and `;` join digits. */
  MidNum,
  /** `.` and `'` join letters, or digits. */
  MidNumLet
}

function kind(code: number): Kind {
  if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a)) return Kind.Letter
  if (code >= 0x30 && code <= 0x39) return Kind.Digit
  if (code === 0x5f) return Kind.Underscore
  if (code === 0x3a) return Kind.MidLetter
  if (code === 0x2c || code === 0x3b) return Kind.MidNum
  if (code === 0x2e || code === 0x27) return Kind.MidNumLet
  return Kind.Other
}

/**
 * Count word-like segments of text whose only non-ASCII characters are white space, neutral
 * punctuation or ideographs (all of them breaks): letters, digits and `_`, joined by `'`, `.` or
 * `:` between letters and by `,`, `;`, `.` or `'` between digits, as `Intl.Segmenter` (UAX #29
 * word boundaries, as ICU applies them) finds them; ICU does not take a lone `_` for a word. A
 * property test checks it against `Intl.Segmenter`.
 */
export function countAsciiWords(text: string): number {
  let count = 0
  let previous = Kind.Other
  let beforePrevious = Kind.Other
  /** Length of the current word so far, and whether it began with `_`. */
  let length = 0
  let underscore = false
  for (let index = 0; index <= text.length; index++) {
    const code = index < text.length ? text.charCodeAt(index) : 0x20
    const current = code < 0x80 ? kind(code) : Kind.Other
    if (current === Kind.Letter || current === Kind.Digit || current === Kind.Underscore) {
      const continues =
        length > 0 &&
        (previous === Kind.Letter ||
          previous === Kind.Digit ||
          previous === Kind.Underscore ||
          // `a.b`, `a:b`, `a'b` and `1.5`, `1,000`, `1;2` stay one word.
          (current === Kind.Letter &&
            beforePrevious === Kind.Letter &&
            (previous === Kind.MidLetter || previous === Kind.MidNumLet)) ||
          (current === Kind.Digit &&
            beforePrevious === Kind.Digit &&
            (previous === Kind.MidNum || previous === Kind.MidNumLet)))
      if (continues) {
        length++
      } else {
        if (length > 0 && !(length === 1 && underscore)) count++
        length = 1
        underscore = current === Kind.Underscore
      }
    } else if (
      length > 0 &&
      !(previous === Kind.Letter && (current === Kind.MidLetter || current === Kind.MidNumLet)) &&
      !(previous === Kind.Digit && (current === Kind.MidNum || current === Kind.MidNumLet))
    ) {
      // The word ends here (a mid character may still join, and is decided at the next one).
      if (!(length === 1 && underscore)) count++
      length = 0
    }
    beforePrevious = previous
    previous = current
  }
  // A word still open at the end was closed by the virtual space above.
  return count
}
