import {readFileSync, readdirSync} from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {readFrontmatter} from '../../src/index.js'
import {parseFlatYaml} from '../../src/frontmatter/yaml-flat.js'
import {parseYaml} from '../../src/frontmatter/yaml.js'

/**
 * Data, problems and the position of every value (and of a few paths that are not there), as
 * JSON, so `__proto__` keys and key order count.
 */
function outcome(raw: string, flat: boolean) {
  const result = parseYaml(raw, 2, {flat})
  const places: Array<unknown> = []
  const walk = (value: unknown, path: Array<string | number>) => {
    places.push([path, result.locate(path)])
    if (Array.isArray(value)) value.forEach((item, index) => walk(item, [...path, index]))
    else if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value))
        walk((value as Record<string, unknown>)[key], [...path, key])
      places.push([[...path, 'missing'], result.locate([...path, 'missing'])])
    }
  }
  walk(result.data, [])
  places.push([['title', 0], result.locate(['title', 0])])
  return JSON.stringify({data: result.data, problems: result.problems, places})
}

const corpus = path.resolve(import.meta.dirname, '../../../shared/corpora/hugo-docs')
const blocks = readdirSync(corpus, {recursive: true, encoding: 'utf8'})
  .filter((name) => name.endsWith('.md'))
  .sort()
  .map(
    (name) => /^---\r?\n([\s\S]*?)\r?\n---/.exec(readFileSync(path.join(corpus, name), 'utf8'))?.[1]
  )
  .filter((raw): raw is string => raw !== undefined)

const keys = [
  'title',
  'date',
  'null',
  'true',
  'False',
  'a-b',
  '_x',
  '__proto__',
  'constructor',
  'k1',
  'k1',
  'k'.repeat(1021),
  'k'.repeat(1022),
  'k'.repeat(1024),
  'k'.repeat(1025)
]
const values = [
  '',
  'plain text',
  'yes',
  'no',
  'on',
  '0o17',
  '0x1F',
  '0x1g',
  '+12',
  '-5',
  '012',
  '1e3',
  '1.',
  '.5',
  '1_000',
  '.inf',
  '-.inf',
  '+.inf',
  '.NaN',
  '.nan',
  'True',
  'tRUE',
  'NULL',
  'Null',
  '~',
  '0b101',
  '9007199254740993',
  '9007199254740991',
  '2025-09-10',
  '2025-09-10T08:30:00Z',
  '12:30',
  'a:b',
  'a: b',
  'a #b',
  'a#b',
  "'q'",
  '"q"',
  'a "q" b',
  "it's",
  '[a, b]',
  '{a: 1}',
  'a [b] {c}',
  'a,b',
  '%x',
  '@x',
  '`x`',
  '!tag x',
  '&a x',
  '*a',
  '| x',
  '> x',
  '? x',
  '- x',
  '-x',
  'http://x.y/z?a=1#f',
  '日本語のテキスト',
  'アリババクラウドCTO周靖人',
  'openai/gpt-5',
  'x\ty',
  'x\u0000y',
  'x\u2028y',
  'ends with colon:',
  'a ',
  '1.5e300',
  '0.1',
  '-0',
  '+0.5e-3'
]

describe('flat YAML fast path', () => {
  test('should give what `yaml` gives for every hugo-docs front matter it takes', () => {
    let taken = 0
    for (const raw of blocks) {
      if (parseFlatYaml(raw, 2)) taken++
      expect(outcome(raw, true), raw).toBe(outcome(raw, false))
    }
    expect(blocks.length).toBe(997)
    expect(taken).toBe(905)
  })

  test('should take the reference note front matter', () => {
    const raw = readFileSync(
      new URL('../../fixtures/reference-note/input.md', import.meta.url),
      'utf8'
    )
      .split('---')[1]
      ?.slice(1, -1) as string
    expect(parseFlatYaml(raw, 2)).not.toBe(null)
    expect(outcome(raw, true)).toBe(outcome(raw, false))
  })

  test('should give what `yaml` gives for keys near 1,024 characters (its implicit key limit)', () => {
    for (const length of [1023, 1024, 1025, 1026, 2000]) {
      const key = 'k'.repeat(length)
      for (const raw of [
        `${key}: 1`,
        `${key}:`,
        `title: a\n${key}: b`,
        `p:\n  ${key}: 1`,
        `p:\n  ${'k'.repeat(length - 2)}: 1`,
        `p:\n  a:\n  ${'k'.repeat(length - 2)}: 1`,
        `title:\r\n${'k'.repeat(length - 1)}: 1`,
        `title:\n\n\n${'k'.repeat(length - 3)}: 1`,
        `p:\n  a:\n${'k'.repeat(length)}: 1`,
        `${key}: 1\nanchor: &a x`
      ]) {
        expect(outcome(raw, true), `${length}: ${raw.slice(-20)}`).toBe(outcome(raw, false))
      }
      // An unrelated anchor line (which only `yaml` takes) does not change the verdict.
      const plain = readFrontmatter(`---\n${key}: 1\n---\n`).frontmatter
      const anchored = readFrontmatter(`---\n${key}: 1\nanchor: &a x\n---\n`).frontmatter
      expect(plain?.valid, String(length)).toBe(anchored?.valid)
      expect(plain?.valid, String(length)).toBe(length <= 1024)
    }
  })

  test('should give what `yaml` gives for generated key/value lines', () => {
    const line = fc.oneof(
      fc
        .tuple(fc.constantFrom(...keys), fc.constantFrom(...values))
        .map(([key, value]) => (value === '' ? `${key}:` : `${key}: ${value}`)),
      fc.constantFrom('', '# comment', '  indented: 1', 'key:value', 'k:  two spaces', '---', '...')
    )
    fc.assert(
      fc.property(fc.array(line, {maxLength: 8}), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
        const raw = lines.join(eol)
        expect(outcome(raw, true)).toBe(outcome(raw, false))
      }),
      {numRuns: 3000}
    )
  })

  test('should give what `yaml` gives for generated nested mappings and flow sequences', () => {
    const scalars = fc.oneof(
      fc.constantFrom(...values),
      fc.constantFrom('"q q"', "'q'", '"a\\"b"', '"x', "'it''s'", '""', "''", '"#a"', '" a "'),
      fc.constantFrom('[]', '{}', '[ ]', '[a]', '[a, b]', '[a,b c]', '[1, true, ~]', '[a,]'),
      fc.constantFrom('[a, [b]]', '[a: b]', '[a #b]', '[ a , b ]', '[9007199254740993, .inf]'),
      fc.constantFrom('[-a]', '["a"]', '[a\tb]', '{a: 1}', '[a] b', '[a]]', '[日本語, 中文]')
    )
    type Tree = Array<[string, string | Tree]>
    const tree: fc.Arbitrary<Tree> = fc.letrec<{tree: Tree}>((self) => ({
      tree: fc.array(
        fc.tuple(
          fc.constantFrom(...keys),
          fc.oneof({depthSize: 'small', withCrossShrink: true}, scalars, self('tree'))
        ),
        {maxLength: 4}
      )
    })).tree
    const lines = (entries: Tree, indent: number, step: number): Array<string> =>
      entries.flatMap(([key, value]) =>
        typeof value === 'string'
          ? [`${' '.repeat(indent)}${key}:${value === '' ? '' : ` ${value}`}`]
          : [`${' '.repeat(indent)}${key}:`, ...lines(value, indent + step, step)]
      )
    const extra = fc.constantFrom(
      '',
      '# comment',
      '  # indented',
      '   ',
      'a:  b',
      'k:\t1',
      '  x: 1'
    )
    fc.assert(
      fc.property(
        tree,
        fc.constantFrom(1, 2, 4),
        fc.array(fc.tuple(fc.nat(20), extra), {maxLength: 2}),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        (entries, step, inserts, eol, trailing) => {
          const all = lines(entries, 0, step)
          for (const [at, line] of inserts) all.splice(at % (all.length + 1), 0, line)
          const raw = all.join(eol) + (trailing ? eol : '')
          expect(outcome(raw, true)).toBe(outcome(raw, false))
        }
      ),
      {numRuns: 4000}
    )
  })
})
