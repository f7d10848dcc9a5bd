import {existsSync, readFileSync, readdirSync} from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import type {Root} from 'mdast'
import {parse as parseToml} from 'smol-toml'
import {describe, expect, test} from 'vitest'
import {parse as parseYamlValue} from 'yaml'
import type {DataPath} from '../../src/frontmatter/_shared.js'
import {findFrontmatter} from '../../src/frontmatter/index.js'
import {parseJson} from '../../src/frontmatter/json.js'
import {parseToml as readToml} from '../../src/frontmatter/toml.js'
import {parseYaml} from '../../src/frontmatter/yaml.js'
import {convert, readFrontmatter} from '../../src/index.js'
import {parseMarkdown} from '../../src/parse/index.js'

const corpus = path.resolve(import.meta.dirname, '../../../shared/corpora/hugo-docs')
const fixtures = new URL('../../fixtures/', import.meta.url)
const fixtureNames = new Set(readdirSync(fixtures))
const notes: Array<[string, string]> = [
  ...readdirSync(corpus, {recursive: true, encoding: 'utf8'})
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name): [string, string] => [name, readFileSync(path.join(corpus, name), 'utf8')]),
  // (Each case's input.md; `vault/` is a folder of notes, not a case.)
  ...readdirSync(fixtures)
    .filter((name) => existsSync(new URL(`${name}/input.md`, fixtures)))
    .map((name): [string, string] => [
      name,
      readFileSync(new URL(`${name}/input.md`, fixtures), 'utf8').replace(/^\uFEFF/, '')
    ])
]

/** Every leaf (scalar) of a value, with its path. */
function* leaves(
  value: unknown,
  at: Array<string | number> = []
): Generator<[Array<string | number>, unknown]> {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* leaves(item, [...at, index])
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) yield* leaves(item, [...at, key])
  } else {
    yield [at, value]
  }
}

const toml = `# A TOML block with every syntax the locator follows
title = "TOML \\"quoted\\""
"quoted key" = 'literal'
dotted.key.here = 1_000
date = 1979-05-27 07:32:00Z
local = 1979-05-27
multi = """
Roses are red
Violets are blue"""
literal = '''
C:\\Users\\x'''
inline = { a = 1, b = { c = [1, 2, { d = "e" }] } }
nested = [ [1, 2], ["a", 'b'], ]
mixed = [ # a comment
  1.5, # another
  -2e3,
]

[server]
host = "example.org" # trailing comment

[server."sub table"]
on = true

[[fruits]]
name = "apple"

[fruits.physical]
color = "red"

[[fruits.varieties]]
name = "red delicious"

[[fruits]]
name = "banana"
`

describe('front matter locators', () => {
  test('should place every TOML value where its text gives that value', () => {
    const result = readToml(toml)
    expect(result.problems).toEqual([])
    let count = 0
    for (const [at, value] of leaves(result.data)) {
      const located = result.locate(at)
      expect(located, JSON.stringify(at)).not.toBe(null)
      const [start, end] = located?.value ?? [0, 0]
      const parsed = parseToml(`x = ${toml.slice(start, end)}`).x
      expect(parsed instanceof Date ? parsed.toISOString() : parsed, JSON.stringify(at)).toEqual(
        value
      )
      count++
    }
    expect(count).toBe(23)
    expect(result.locate(['fruits', 1, 'name'])?.value).toEqual([
      toml.lastIndexOf('"banana"'),
      toml.lastIndexOf('"banana"') + 8
    ])
    expect(result.locate(['nowhere'])).toBe(null)
  })

  test('should place every YAML value of hugo-docs where its text gives that value', () => {
    let count = 0
    for (const [name, text] of notes) {
      const block = findFrontmatter(text)
      if (block?.format !== 'yaml') continue
      const result = parseYaml(block.raw)
      if (result.problems.length > 0) continue
      for (const [at, value] of leaves(result.data)) {
        const located = result.locate(at as DataPath)
        expect(located, `${name} ${JSON.stringify(at)}`).not.toBe(null)
        const [start, end] = located?.value ?? [0, 0]
        const source = block.raw.slice(start, end)
        // A block scalar (`|`, `>`) starts at its indicator; the rest parse on their own.
        if (/^[|>]/.test(source)) continue
        expect(parseYamlValue(source, {version: '1.2'}), `${name} ${JSON.stringify(at)}`).toEqual(
          value
        )
        if (!fixtureNames.has(name)) count++
      }
    }
    // Values on hugo-docs alone (fixtures come and go).
    expect(count).toBe(3571)
  })

  test('should place JSON values', () => {
    const raw = '{"a": {"b": [1, "two", null]}, "c": true}'
    const result = parseJson(raw)
    expect(
      [...leaves(result.data)].map(([at]) => raw.slice(...(result.locate(at)?.value ?? [0, 0])))
    ).toEqual(['1', '"two"', 'null', 'true'])
    expect(result.locate(['a', 'b'])).toEqual({key: [7, 10], value: [12, 28]})
  })
})

describe('findFrontmatter', () => {
  /** The front matter remark-frontmatter finds: the first node, when it is `yaml` or `toml`. */
  function fromTree(text: string) {
    const tree: Root = parseMarkdown(text, {cjkFriendly: true})
    const node = tree.children[0]
    if (!node || (node.type !== 'yaml' && node.type !== 'toml')) return null
    return {
      format: node.type,
      raw: node.value,
      start: node.position?.start.offset,
      end: node.position?.end.offset
    }
  }

  function fromScan(text: string) {
    const block = findFrontmatter(text)
    if (!block || block.format === 'json') return null
    return {format: block.format, raw: block.raw, start: block.start, end: block.end}
  }

  test('should find what remark-frontmatter finds in every corpus note and fixture', () => {
    let found = 0
    for (const [name, text] of notes) {
      const expected = fromTree(text)
      expect(fromScan(text), name).toEqual(expected)
      if (expected && !fixtureNames.has(name)) found++
    }
    // Blocks on hugo-docs alone.
    expect(found).toBe(997)
  })

  test('should find what remark-frontmatter finds in generated fences (property)', () => {
    const piece = fc.constantFrom(
      '---',
      '+++',
      '----',
      ' ',
      '\t',
      '\n',
      '\r',
      '\r\n',
      'a: 1',
      '#',
      '-',
      '+'
    )
    fc.assert(
      fc.property(fc.array(piece, {maxLength: 12}), (pieces) => {
        const text = pieces.join('')
        expect(fromScan(text)).toEqual(fromTree(text))
      }),
      {numRuns: 4000}
    )
  })
})

describe('readFrontmatter on the corpus', () => {
  test('should give the front matter and front matter diagnostics convert gives, note by note', () => {
    for (const [name, text] of notes) {
      const document = convert(text, {path: name})
      const result = readFrontmatter(text, {path: name})
      expect(result.frontmatter, name).toEqual(document.frontmatter)
      expect(result.diagnostics, name).toEqual(
        document.diagnostics.filter(
          (item) => item.ruleId.startsWith('frontmatter-') || item.ruleId === 'file-encoding'
        )
      )
    }
  })
})
