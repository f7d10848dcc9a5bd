import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {convert} from '../src/index.js'
import {countAsciiWords, countSegmentedWords, countStats, neutral} from '../src/extract/stats.js'

const segmenter = new Intl.Segmenter(undefined, {granularity: 'word'})

/** The reference: word-like segments from `Intl.Segmenter` on the whole text. */
function segmented(text: string): number {
  let count = 0
  for (const segment of segmenter.segment(text)) if (segment.isWordLike) count++
  return count
}

/** The definition of `words`: each Han/kana character, plus Intl.Segmenter on the rest. */
function reference(text: string): number {
  const ideograph = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc\uff70]/gu
  const ideographs = text.match(ideograph)?.length ?? 0
  return (
    ideographs +
    segmented(
      text.replace(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc\uff70]+/gu, ' ')
    )
  )
}

describe('countStats', () => {
  test('should count the reference note', () => {
    const document = convert(
      new Uint8Array(
        Buffer.from(
          '---\nlang: ja\n---\n# 見出し\n\n周は**Qwen 2.5**を発表しました。([GeekWire][2])\n\n```js\nnot counted\n```\n\n<div>not counted</div>\n\nhttps://example.com is not counted, ![alt](x.png) neither.\n\n[2]: https://geekwire.com\n'
        )
      )
    )
    // Prose: "見出し", "周はQwen 2.5を発表しました。(GeekWire)", " is not counted,  neither.":
    // 3 + 27 + 21 characters; 12 Han/kana; words: those 12 and Qwen, 2.5, GeekWire, is, not,
    // counted, neither; 7 / 238 + 12 / 357 minutes.
    expect(document.stats).toEqual({
      characters: 51,
      words: 19,
      cjkCharacters: 12,
      readingMinutes: 0.1
    })
  })

  test('should count English words as Intl.Segmenter does', () => {
    expect(countStats(["Don't stop: e.g. 1,000.5 items; a_b U.S.A. (really)"], 'en')).toEqual({
      characters: 44,
      words: 8,
      cjkCharacters: 0,
      readingMinutes: 0
    })
    expect(countStats(["Don't stop: e.g. 1,000.5 items; a_b U.S.A. (really)"], 'en').words).toBe(
      segmented("Don't stop: e.g. 1,000.5 items; a_b U.S.A. (really)")
    )
  })

  test('should count Chinese by character at 255 a minute, Japanese at 357', () => {
    const chinese = '这是一个测试。'.repeat(100)
    expect(countStats([chinese], 'zh')).toEqual({
      characters: 700,
      words: 600,
      cjkCharacters: 600,
      readingMinutes: 2.4
    })
    expect(countStats([chinese], 'ja').readingMinutes).toBe(1.7)
    expect(countStats(['これはテストです。'.repeat(100)], null)).toEqual({
      characters: 900,
      words: 800,
      cjkCharacters: 800,
      readingMinutes: 2.2
    })
  })

  test('should count Hangul, Arabic, Hindi and Thai words with Intl.Segmenter', () => {
    expect(countStats(['한국어 문장입니다'], 'ko')).toEqual({
      characters: 8,
      words: 2,
      cjkCharacters: 8,
      readingMinutes: 0
    })
    expect(countStats(['هذا نص عربي قصير'], 'ar').words).toBe(4)
    expect(countStats(['यह एक छोटा वाक्य है'], 'hi').words).toBe(5)
    expect(countStats(['ภาษาไทยไม่มีช่องว่าง'], 'th').words).toBe(segmented('ภาษาไทยไม่มีช่องว่าง'))
    expect(countStats(['ภาษาไทยไม่มีช่องว่าง'], 'th').words).toBeGreaterThan(2)
  })

  test('should segment long text window by window with the same count', () => {
    const thai = 'ภาษาไทยไม่มีช่องว่างระหว่างคำ'.repeat(200)
    const russian = 'Съешь же ещё этих мягких французских булок, да выпей чаю. '.repeat(200)
    for (const text of [thai, russian, 'x'.repeat(5000), 'é'.repeat(3000) + ' b']) {
      expect(countSegmentedWords(text, segmenter)).toBe(segmented(text))
    }
  })

  test('should treat every neutral character as a space', () => {
    for (let code = 0; code <= 0xffff; code++) {
      const char = String.fromCharCode(code)
      if (!neutral.test(char)) continue
      for (const [left, right] of [
        ['a', 'b'],
        ['1', '2'],
        ['a.', 'b'],
        ['_', 'x']
      ]) {
        expect(segmented(left + char + right), `U+${code.toString(16)}`).toBe(
          segmented(`${left} ${right}`)
        )
      }
    }
  })

  test('should count ASCII words exactly as Intl.Segmenter (property)', () => {
    const char = fc.constantFrom(...'aZ09_\':.,;- /\n()#@$%"!?'.split(''))
    fc.assert(
      fc.property(fc.array(char, {maxLength: 40}), (chars) => {
        const text = chars.join('')
        expect(countAsciiWords(text)).toBe(segmented(text))
      }),
      {numRuns: 5000}
    )
  })

  test('should count mixed CJK, neutral and other text by its definition (property)', () => {
    const piece = fc.constantFrom(
      'a',
      'Z',
      '9',
      '_',
      "'",
      '.',
      ':',
      ',',
      ' ',
      '漢',
      '字',
      'か',
      'カ',
      'ー',
      '、',
      '。',
      '（',
      '）',
      '「',
      '」',
      '・',
      '—',
      '“',
      'é',
      'ж',
      '한',
      'ก',
      '\u3000',
      '\u00a0',
      '1.5',
      "don't"
    )
    fc.assert(
      fc.property(fc.array(piece, {maxLength: 30}), (pieces) => {
        const text = pieces.join('')
        expect(countStats([text], null).words).toBe(reference(text))
      }),
      {numRuns: 5000}
    )
  })
})
