import {describe, expect, test} from 'vitest'
import {convert} from '../src/index.js'

/**
 * Every `yaml` and `smol-toml` error class md2data passes through, triggered by a note: the
 * message must say what is wrong in the note's terms, never a parser option, API or internal
 * term (issue 16, item 5). Positions are checked elsewhere.
 */
function messages(frontmatter: string, fence = '---'): Array<string> {
  return convert(`${fence}\n${frontmatter}\n${fence}\n`).diagnostics.map(
    (diagnostic) =>
      `${diagnostic.position?.start.line}:${diagnostic.position?.start.column} ${diagnostic.message}`
  )
}

const internal =
  /stringKeys|uniqueKeys|prettyErrors|strict|schema|\bCST\b|token|stream|parseAllDocuments|YAML\.\w|props|implicit|compact|\bnode\b|flow-|block-seq|map-value|indicator|\bscalar\b|Plain value|aborting/i

const yamlCases: Record<string, string> = {
  NON_STRING_KEY: '[a, b]: 1',
  BAD_INDENT: 'a:\n    b: 1\n  c: 2',
  BAD_INDENT_SEQ: 'a:\n  - x\n - y',
  BAD_INDENT_FLOW: 'a: {b: 1',
  MULTILINE_IMPLICIT_KEY: 'a\nb: 1',
  MISSING_CHAR: 'a: "x',
  MISSING_CHAR_VALUE: 'a:\n  - 1\n  2',
  MISSING_CHAR_PROPS: 'a:\n  &x - 1',
  UNEXPECTED_TOKEN: 'a: ]',
  UNEXPECTED_TOKEN_NODE_END: '- a\nb: 1',
  UNEXPECTED_TOKEN_BLOCK: 'a: |x\n  b',
  UNEXPECTED_TOKEN_COMMA: 'a: [1,,2]',
  BAD_ALIAS: 'a: * \nb: &',
  TAB_AS_INDENT: 'a:\n\tb: 1',
  BLOCK_AS_IMPLICIT_KEY: 'a: b: c',
  BLOCK_IN_FLOW: 'a: [\n- b\n]',
  KEY_OVER_1024_CHARS: `${'k'.repeat(1100)}: 1\nanchor: &a x`,
  MULTIPLE_DOCS: 'a: 1\n...\nb: 2',
  BAD_DIRECTIVE: '%FOO\n---\na: 1',
  RESOURCE_EXHAUSTION: `a: ${'['.repeat(3000)}`,
  BAD_DQ_ESCAPE: 'a: "\\q"',
  BAD_SCALAR_START: 'a: @x',
  MULTIPLE_ANCHORS: 'a: &x &y 1',
  MULTIPLE_TAGS: 'a: !!str !!str 1',
  ALIAS_PROPS: 'a: &x 1\nb: &y *x',
  TAG_RESOLVE_FAILED: 'a: !foo x\nb: !!int x',
  DUPLICATE_KEY: 'a: 1\na: 2\nb: {c: 1, c: 2}',
  ALIAS_COUNT: `a: &a x\nb: [${Array.from({length: 101}, () => '*a').join(', ')}]`,
  HUGO_TEMPLATE: 'title: {{ replace .Name "-" " " | title }}\ndate: {{ .Date }}'
}

const tomlCases: Record<string, string> = {
  duplicate: 'a = 1\na = 2',
  table: '[t]\n[t]',
  unfinished: 'a = "x',
  key: '= 1',
  value: 'a = tru',
  array: 'a = [1',
  date: 'a = 2020-13-01',
  zero: 'a = 01',
  endOfLine: 'a = 1 b = 2',
  escape: 'a = "\\q"',
  control: 'a = "\u0001"',
  emptyKey: '"" = 1\n.x = 1',
  keyOnly: 'a',
  deep: `a = ${'['.repeat(2000)}`
}

describe('front matter messages name no parser internals', () => {
  for (const [name, yaml] of Object.entries(yamlCases)) {
    test(`YAML ${name}`, () => {
      const found = messages(yaml)
      expect(found.length, name).toBeGreaterThan(0)
      for (const message of found) expect(message, name).not.toMatch(internal)
    })
  }
  for (const [name, toml] of Object.entries(tomlCases)) {
    test(`TOML ${name}`, () => {
      const found = messages(toml, '+++')
      expect(found.length, name).toBeGreaterThan(0)
      for (const message of found) expect(message, name).not.toMatch(internal)
    })
  }
})

describe('front matter messages, exactly', () => {
  test('a Hugo template placeholder', () => {
    expect(messages(yamlCases.HUGO_TEMPLATE as string)).toEqual([
      '2:9 Cannot parse YAML: Unexpected `{{` in a value: in YAML `{` starts a mapping; quote a template placeholder (`"{{ … }}"`)',
      '3:8 Cannot parse YAML: Unexpected `{{` in a value: in YAML `{` starts a mapping; quote a template placeholder (`"{{ … }}"`)'
    ])
  })

  test('the main YAML errors', () => {
    const cases: Array<[string, Array<string>]> = [
      [
        '[a, b]: 1',
        ['2:1 Cannot parse YAML: Unexpected list or mapping as a key, expected a string']
      ],
      [
        'a:\n    b: 1\n  c: 2',
        [
          '4:1 Cannot parse YAML: Unexpected indentation: keys of one mapping must start at the same column'
        ]
      ],
      [
        'a\nb: 1',
        [
          '2:1 Cannot parse YAML: Unexpected line break in a key: a key and its `:` must be on one line'
        ]
      ],
      ['a: "x', ['2:6 Cannot parse YAML: Missing closing "quote']],
      ['a: ]', ['2:4 Cannot parse YAML: Unexpected `]`']],
      ['a:\n\tb: 1', ['3:1 Cannot parse YAML: Tabs are not allowed as indentation']],
      [
        'a: b: c',
        ['2:4 Cannot parse YAML: Unexpected `:` in a value: quote a value that holds `: `']
      ],
      [
        `${'k'.repeat(1100)}: 1`,
        ['2:1 Cannot parse YAML: Unexpected key longer than 1,024 characters, the most YAML allows']
      ],
      [
        'a: 1\n...\nb: 2',
        ['4:1 Cannot parse YAML: Unexpected second document: front matter holds one']
      ],
      ['a: @x', ['2:4 Cannot parse YAML: Unexpected `@` at the start of a value: quote the value']]
    ]
    for (const [yaml, expected] of cases) expect(messages(yaml), yaml).toEqual(expected)
  })

  test('TOML errors', () => {
    expect(messages('a = 1\na = 2', '+++')).toEqual([
      '3:1 Unexpected duplicate key or table in TOML: trying to redefine an already defined table or value'
    ])
    expect(messages('a = "x', '+++')).toEqual(['2:5 Cannot parse TOML: unfinished string'])
  })
})
