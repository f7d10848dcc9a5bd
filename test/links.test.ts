import {describe, expect, test} from 'vitest'
import {normalizeUrl} from '../src/extract/urls.js'
import {convert} from '../src/index.js'

describe('normalizeUrl', () => {
  test('should remove tracking parameters and change nothing else', () => {
    expect(normalizeUrl('https://a.example/p?utm_source=chatgpt.com')).toBe('https://a.example/p')
    expect(normalizeUrl('https://a.example/p?_p_lc=1&utm_source=chatgpt.com')).toBe(
      'https://a.example/p?_p_lc=1'
    )
    expect(normalizeUrl('https://a.example/p?b=2&fbclid=x&a=1#Top')).toBe(
      'https://a.example/p?b=2&a=1#Top'
    )
    expect(normalizeUrl('https://A.example/%7Euser/?UTM_Medium=x&q=a+b')).toBe(
      'https://A.example/%7Euser/?q=a+b'
    )
    expect(normalizeUrl('https://a.example/?utm%5Fsource=x&gclid=1&mc_eid=2&msclkid=3')).toBe(
      'https://a.example/'
    )
    expect(normalizeUrl('../page.md?utm_campaign=x')).toBe('../page.md')
    expect(normalizeUrl('mailto:a@b.example?utm_source=x&subject=Hi')).toBe(
      'mailto:a@b.example?subject=Hi'
    )
  })

  test('should keep URLs without tracking parameters, or that cannot be parsed, as they are', () => {
    expect(normalizeUrl('https://a.example/p?q=1')).toBe('https://a.example/p?q=1')
    expect(normalizeUrl('https://a.example/p?')).toBe('https://a.example/p?')
    expect(normalizeUrl('https://a.example/#x?utm_source=y')).toBe(
      'https://a.example/#x?utm_source=y'
    )
    expect(normalizeUrl('http://[::1/?utm_source=x')).toBe('http://[::1/?utm_source=x')
    expect(normalizeUrl('')).toBe('')
    expect(normalizeUrl('/a?x=1?utm_source=2&utm_term=3')).toBe('/a?x=1?utm_source=2')
  })
})

describe('references', () => {
  test('should match labels as CommonMark does: case-folded, white space collapsed, first wins', () => {
    const document = convert(
      '[a][Foo  Bar] [b][ÄÖ]\n\n[foo bar]: /one\n[FOO BAR]: /two\n[äö]: /three\n'
    )
    expect(
      document.references.map((item) => [item.identifier, item.url, item.citations.length])
    ).toEqual([
      ['foo bar', '/one', 1],
      ['äö', '/three', 1]
    ])
    expect(document.diagnostics.map((item) => item.ruleId)).toEqual(['reference-duplicate'])
  })

  test('should not report brackets in code, escaped, or inside link text', () => {
    const document = convert('`[a][b]` \\[c][d] [x [e][f]](/url)\n\n    [g][h]\n')
    expect(document.diagnostics).toEqual([])
  })

  test('should report an undefined reference with emphasis inside', () => {
    const document = convert('See [**bold** text][nowhere].')
    expect(
      document.diagnostics.map((item) => [
        item.ruleId,
        item.position?.start.column,
        item.position?.end.column
      ])
    ).toEqual([['reference-undefined', 5, 29]])
  })
})
