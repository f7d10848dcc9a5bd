import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {isDeepStrictEqual} from 'node:util'
import remarkCjkFriendly from 'remark-cjk-friendly'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {describe, expect, test} from 'vitest'
import {gfm, parseMarkdown} from '../../src/parse/index.js'

/**
 * Slow tier for `src/parse/gfm-autolink-literal.ts` (our linear copy of
 * micromark-extension-gfm-autolink-literal): every note of `../shared/corpora/` gives the same mdast
 * (positions included) as with upstream's remark-gfm, and the cases of issue 14 (and runs of
 * trailing punctuation in a literal, pathological input B5a) grow linearly.
 */
const upstream = unified().use(remarkParse).use(remarkGfm).freeze()
const ours = unified().use(remarkParse).use(gfm).freeze()
const upstreamFull = (cjkFriendly: boolean) => {
  const processor = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkFrontmatter, ['yaml', 'toml'])
  if (cjkFriendly) processor.use(remarkCjkFriendly)
  return processor.freeze()
}
const upstreamCjk = upstreamFull(true)
const upstreamPlain = upstreamFull(false)

/** The setups whose mdast differs from upstream's for `markdown` (empty when all agree). */
function differences(markdown: string): Array<string> {
  const found: Array<string> = []
  if (!isDeepStrictEqual(ours.parse(markdown), upstream.parse(markdown))) found.push('gfm')
  if (!isDeepStrictEqual(parseMarkdown(markdown, {cjkFriendly: true}), upstreamCjk.parse(markdown)))
    found.push('full, cjkFriendly')
  if (
    !isDeepStrictEqual(parseMarkdown(markdown, {cjkFriendly: false}), upstreamPlain.parse(markdown))
  )
    found.push('full')
  return found
}

const corpora = path.resolve(import.meta.dirname, '../../../shared/corpora')

function notes(folder: string): Array<string> {
  return readdirSync(folder, {withFileTypes: true, recursive: true})
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort()
}

/** The fastest of three runs of `run`, in milliseconds. */
function fastest(run: () => unknown): number {
  let best = Infinity
  for (let index = 0; index < 3; index++) {
    const start = performance.now()
    run()
    best = Math.min(best, performance.now() - start)
  }
  return best
}

/**
 * Time of 8n over time of n, each the fastest of three parses with our whole parser setup. The
 * machine is shared: a measurement at 16x or more is taken again, up to three times in all, and the
 * lowest ratio counts
 * (a quadratic path, about 64x, fails all three).
 */
function growth(generate: (n: number) => string, n: number): number {
  const small = generate(n)
  const large = generate(8 * n)
  parseMarkdown(small, {cjkFriendly: true})
  const time = (value: string) => fastest(() => parseMarkdown(value, {cjkFriendly: true}))
  let best = Infinity
  for (let attempt = 0; attempt < 3 && best >= 16; attempt++)
    best = Math.min(best, time(large) / time(small))
  return best
}

describe('autolink literals (slow tier)', () => {
  test('every note of ../shared/corpora gives the same mdast as upstream', () => {
    const files = notes(corpora)
    const failures: Array<string> = []
    for (const file of files) {
      const found = differences(readFileSync(file, 'utf8'))
      if (found.length > 0) failures.push(`${path.relative(corpora, file)}: ${found.join(', ')}`)
    }
    expect(failures).toEqual([])
    expect(files.length).toBe(1001)
  }, 600_000)

  const cases: Array<[string, (n: number) => string, number]> = [
    ['`[` + n autolink candidates', (n) => '[ ' + 'hello world '.repeat(n), 4000],
    ['`[[` + n `www.x.org` words', (n) => '- [[Settings ' + 'www.x.org '.repeat(n), 4000],
    ['n `a@b.c` words after a `[`', (n) => 'a [ ' + 'a@b.c '.repeat(n), 4000],
    ['`www.a` + n `_` + `b` (trail checks)', (n) => 'www.a' + '_'.repeat(n) + 'b', 100_000],
    [
      '`https://x.y/a` + n `.` + `b` (trail checks)',
      (n) => 'https://x.y/a' + '.'.repeat(n) + 'b',
      100_000
    ]
  ]
  for (const [name, generate, n] of cases) {
    test(`${name}: 8n takes under 16x the time of n (n = ${n})`, () => {
      expect(generate(n)).toMatch(/\[|www|https/)
      expect(growth(generate, n)).toBeLessThan(16)
    })
  }
})
