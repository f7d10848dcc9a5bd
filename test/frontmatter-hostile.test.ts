import {Alias} from 'yaml'
import {afterEach, describe, expect, test, vi} from 'vitest'
import {convert, readFrontmatter} from '../src/index.js'
import type {Diagnostic} from '../src/index.js'
import {positionProblems} from './_helpers.js'

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

describe('YAML tags: the 1.2 core schema only (issue 15, item 5)', () => {
  const beyond = (tag: string) =>
    `error frontmatter-syntax Unexpected tag \`${tag}\`, md2data reads only the YAML 1.2 core tags (\`!!str\`, \`!!int\`, \`!!float\`, \`!!bool\`, \`!!null\`, \`!!map\`, \`!!seq\`); the value is kept as the text written`

  test('should report YAML 1.1 tags and keep the text written', () => {
    const text = [
      '---',
      't: !!timestamp 2001-13-45',
      'z: !!timestamp 2001-12-14t21:59:43.10-05:00',
      'b: !!binary aGVsbG8=',
      'o: !!omap [a: 1, b: 2]',
      'p: !!pairs',
      '  - a: 1',
      '  - b: 2',
      's: !!set {a, b}',
      'v: !<tag:yaml.org,2002:timestamp> 0000-01-01',
      '---',
      ''
    ].join('\n')
    const result = readFrontmatter(text)
    expect(result.frontmatter?.data).toEqual({
      t: '2001-13-45',
      z: '2001-12-14t21:59:43.10-05:00',
      b: 'aGVsbG8=',
      o: '[a: 1, b: 2]',
      p: '- a: 1\n  - b: 2\n',
      s: '{a, b}',
      v: '0000-01-01'
    })
    expect(result.frontmatter?.valid).toBe(false)
    expect(rows(result.diagnostics)).toEqual([
      `2:4-2:15 ${beyond('!!timestamp')}`,
      `3:4-3:15 ${beyond('!!timestamp')}`,
      `4:4-4:12 ${beyond('!!binary')}`,
      `5:4-5:10 ${beyond('!!omap')}`,
      `6:4-6:11 ${beyond('!!pairs')}`,
      `9:4-9:9 ${beyond('!!set')}`,
      `10:4-10:34 ${beyond('!<tag:yaml.org,2002:timestamp>')}`
    ])
    expect(JSON.stringify(convert(text).frontmatter?.data)).toBe(
      JSON.stringify(result.frontmatter?.data)
    )
  })

  test('should report custom tags, scalars and collections alike', () => {
    const result = readFrontmatter('---\nf: !foo bar\ng: !foo {a: 1}\nh: !!js/function "x"\n---\n')
    expect(result.frontmatter?.data).toEqual({f: 'bar', g: '{a: 1}', h: 'x'})
    expect(rows(result.diagnostics)).toEqual([
      `2:4-2:8 ${beyond('!foo')}`,
      `3:4-3:8 ${beyond('!foo')}`,
      `4:4-4:17 ${beyond('!!js/function')}`
    ])
  })

  test('should resolve the core schema tags as the core schema defines them', () => {
    const text = [
      '---',
      'str: !!str 12',
      'int: !!int "12"',
      'float: !!float 1',
      'float2: !!float "-1.5e3"',
      'bool: !!bool True',
      'null: !!null ""',
      'map: !!map {a: 1}',
      'seq: !!seq [1]',
      'plain: ! 12',
      '---',
      ''
    ].join('\n')
    const result = readFrontmatter(text)
    expect(result.frontmatter?.data).toEqual({
      str: '12',
      int: 12,
      float: 1,
      float2: -1500,
      bool: true,
      null: null,
      map: {a: 1},
      seq: [1],
      plain: '12'
    })
    expect(rows(result.diagnostics)).toEqual([])
  })

  test('should report a core tag on a value it cannot have, keeping the text written', () => {
    const result = readFrontmatter('---\na: !!int abc\nb: !!bool yes\nc: !!map [1]\n---\n')
    expect(result.frontmatter?.data).toEqual({a: 'abc', b: 'yes', c: '[1]'})
    expect(rows(result.diagnostics)).toEqual([
      '2:4-2:9 error frontmatter-syntax Unexpected value for tag `!!int`, expected an integer; the value is kept as the text written',
      '3:4-3:10 error frontmatter-syntax Unexpected value for tag `!!bool`, expected `true` or `false`; the value is kept as the text written',
      '4:4-4:9 error frontmatter-syntax Unexpected value for tag `!!map`, expected a mapping; the value is kept as the text written'
    ])
  })
})

describe('encodings (issue 15, item 7)', () => {
  function utf16(text: string, bigEndian: boolean): Uint8Array {
    const body = Buffer.from(text, 'utf16le')
    if (bigEndian) body.swap16()
    return new Uint8Array([...(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]), ...body])
  }

  test('should report an unpaired surrogate in UTF-16 at its position', () => {
    for (const [bigEndian, name] of [
      [false, 'UTF-16LE'],
      [true, 'UTF-16BE']
    ] as const) {
      const document = convert(
        utf16('---\ntitle: 日本語\n---\n# 見出し\n\nab\uD800c \uDC00\n', bigEndian)
      )
      expect(document.title).toBe('日本語')
      expect(rows(document.diagnostics)).toEqual([
        `6:3-6:4 error file-encoding Unexpected unpaired surrogate \`0xD800\` in a ${name} file, expected UTF-8; decoded as ${name}, invalid code units read as U+FFFD`
      ])
      expect(document.sections[0]?.blocks[0]).toMatchObject({
        text: 'ab\uFFFDc \uFFFD'
      })
    }
  })

  test('should report a UTF-16 file with an odd number of bytes at its end', () => {
    const bytes = new Uint8Array([...utf16('a\nb', false), 0x41])
    expect(rows(convert(bytes).diagnostics)).toEqual([
      '2:2-2:3 error file-encoding Unexpected byte `0x41` alone at the end of a UTF-16LE file, expected UTF-8; decoded as UTF-16LE, invalid code units read as U+FFFD'
    ])
  })

  test('should say a UTF-32 file is not supported, and leave its content out', () => {
    for (const [bom, name] of [
      [[0xff, 0xfe, 0x00, 0x00], 'UTF-32LE'],
      [[0x00, 0x00, 0xfe, 0xff], 'UTF-32BE']
    ] as const) {
      const units = [...'---\ntitle: A\n---\n# B\n'].flatMap((character) => {
        const code = character.codePointAt(0) as number
        return name === 'UTF-32LE' ? [code, 0, 0, 0] : [0, 0, 0, code]
      })
      for (const read of [convert, readFrontmatter]) {
        const result = read(new Uint8Array([...bom, ...units]))
        expect(result.frontmatter).toBe(null)
        expect(rows(result.diagnostics)).toEqual([
          `1:1-1:1 error file-encoding Cannot read a ${name} file (byte order mark): md2data reads UTF-8 and UTF-16; its content is left out`
        ])
      }
      expect(convert(new Uint8Array([...bom, ...units])).sections).toEqual([])
    }
  })
})

describe('leading blank lines before front matter (issue 16, item 4)', () => {
  const toml = '\n  \n+++\ntitle = "A"\ntitle = "B"\n+++\n\n# Body\n'
  const yaml = '\r\n\t\r\n---\r\ntitle: A\r\ntags: [x, 3]\r\n---\r\n\r\n# Body\r\n'

  test('should read `+++` TOML after blank lines by default, positions exact', () => {
    const document = convert(toml)
    expect(document.frontmatter).toMatchObject({format: 'toml', raw: 'title = "A"\ntitle = "B"'})
    expect(document.frontmatter?.position).toMatchObject({
      start: {line: 3, column: 1, offset: 4},
      end: {line: 6, column: 4, offset: 35}
    })
    expect(rows(document.diagnostics)).toEqual([
      '5:1-5:12 error frontmatter-duplicate-key Unexpected duplicate key or table in TOML: trying to redefine an already defined table or value'
    ])
    expect(
      document.headings.map((heading) => [heading.text, heading.position?.start.line])
    ).toEqual([['Body', 8]])
    expect(positionProblems(document, toml)).toEqual([])
    const read = readFrontmatter(toml)
    expect(read.frontmatter).toEqual(document.frontmatter)
    expect(read.diagnostics).toEqual(document.diagnostics)
  })

  test('should read `---` YAML after blank lines only with `frontmatter.leadingBlankLines`', () => {
    expect(convert(yaml).frontmatter).toBe(null)
    expect(rows(convert(yaml).diagnostics)).toEqual([
      '3:1-3:4 warning frontmatter-syntax Unexpected blank line before the front matter, expected `---` on line 1; the block is read as Markdown'
    ])
    const options = {frontmatter: {leadingBlankLines: true}}
    const document = convert(yaml, options)
    expect(document.frontmatter?.data).toEqual({title: 'A', tags: ['x', 3]})
    expect(document.title).toBe('A')
    expect(document.frontmatter?.position?.start).toEqual({line: 3, column: 1, offset: 5})
    expect(document.diagnostics).toEqual([])
    expect(document.headings[0]?.position?.start.line).toBe(8)
    expect(positionProblems(document, yaml)).toEqual([])
    const schema = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate: () => ({issues: [{message: 'no', path: ['tags', 1]}]})
      }
    } as const
    expect(rows(readFrontmatter(yaml, {...options, schema}).diagnostics)).toEqual([
      '5:11-5:12 error frontmatter-schema Unexpected value `3` at `tags[1]`: no'
    ])
  })

  test('should leave blank-line front matter out with `leadingBlankLines: false`', () => {
    const document = convert(toml, {frontmatter: {leadingBlankLines: false}})
    expect(document.frontmatter).toBe(null)
    expect(rows(document.diagnostics)).toEqual([
      '3:1-3:4 warning frontmatter-syntax Unexpected blank line before the front matter, expected `+++` on line 1; the block is read as Markdown'
    ])
  })

  test('should take only blank lines before the fence', () => {
    for (const text of ['text\n+++\na = 1\n+++\n', ' +++\na = 1\n+++\n', '\n\n']) {
      expect(convert(text, {frontmatter: {leadingBlankLines: true}}).frontmatter).toBe(null)
    }
  })

  test('should check the option', () => {
    expect(() => convert('', {frontmatter: {leadingBlankLines: 'yes' as never}})).toThrow(
      'Expected `options.frontmatter.leadingBlankLines` to be a boolean'
    )
    expect(() => convert('', {frontmatter: 3 as never})).toThrow(
      'Expected `options.frontmatter` to be an object'
    )
  })
})
