import {Alias} from 'yaml'
import {afterEach, describe, expect, test, vi} from 'vitest'
import {convert, readFrontmatter} from '../src/index.js'
import type {Diagnostic} from '../src/index.js'

function rows(diagnostics: Array<Diagnostic>): Array<string> {
  return diagnostics.map((item) => {
    const {start, end} = item.position ?? {start: {line: 0, column: 0}, end: {line: 0, column: 0}}
    return `${start.line}:${start.column}-${end.line}:${end.column} ${item.severity} ${item.ruleId} ${item.message}`
  })
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('YAML aliases (issue 15, item 2)', () => {
  test('should expand 100 aliases, then give `null` with one error at the 101st', () => {
    const text = `---\nbase: &a x\nlist:\n${'  - *a\n'.repeat(150)}---\n`
    for (const result of [readFrontmatter(text), convert(text)]) {
      expect(result.frontmatter?.data).toEqual({
        base: 'x',
        list: [...Array.from({length: 100}, () => 'x'), ...Array.from({length: 50}, () => null)]
      })
      expect(result.frontmatter?.valid).toBe(false)
      expect(rows(result.diagnostics)).toEqual([
        '104:5-104:7 error frontmatter-syntax Unexpected alias expansion past 100 aliases; the value is `null`'
      ])
    }
  })

  test('should not walk the whole document once per alias', () => {
    const resolve = vi.spyOn(Alias.prototype, 'resolve')
    const text = `---\nbase: &a x\nlist:\n${'  - *a\n'.repeat(2000)}---\n`
    const result = readFrontmatter(text)
    expect((result.frontmatter?.data as {list: Array<unknown>}).list.length).toBe(2000)
    expect(resolve.mock.calls.length).toBeLessThanOrEqual(100)
  })

  test('should resolve an alias to the last anchor of its name before it', () => {
    const text = '---\na: &x 1\nb: *x\nc: &x 2\nd: *x\ne: [&y 3, *y]\n---\n'
    expect(readFrontmatter(text).frontmatter?.data).toEqual({a: 1, b: 1, c: 2, d: 2, e: [3, 3]})
  })
})
