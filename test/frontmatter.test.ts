import {describe, expect, test} from 'vitest'
import {convert} from '../src/index.js'
import type {Diagnostic} from '../src/index.js'

/** Front matter data, validity and diagnostics as `rule line:col-line:col message` rows. */
function read(text: string) {
  const document = convert(text)
  return {
    data: document.frontmatter?.data,
    valid: document.frontmatter?.valid,
    diagnostics: document.diagnostics.map(row)
  }
}

function row(diagnostic: Diagnostic): string {
  const {start, end} = diagnostic.position ?? {
    start: {line: 0, column: 0},
    end: {line: 0, column: 0}
  }
  return `${diagnostic.severity} ${diagnostic.ruleId} ${start.line}:${start.column}-${end.line}:${end.column} ${diagnostic.message}`
}

describe('YAML front matter', () => {
  test('should use the YAML 1.2 core schema: dates stay strings', () => {
    expect(
      read('---\ndate: 2025-09-10\na: no\nb: on\nc: 012\nd: 0o17\ne: 1:30\nf: ~\ng: 1_000\n---\n')
    ).toEqual({
      data: {date: '2025-09-10', a: 'no', b: 'on', c: 12, d: 15, e: '1:30', f: null, g: '1_000'},
      valid: true,
      diagnostics: []
    })
  })

  test('should keep `__proto__` and `constructor` as plain keys', () => {
    const result = read('---\n__proto__: {polluted: 1}\nconstructor: {prototype: {x: 1}}\n---\n')
    expect(JSON.stringify(result.data)).toBe(
      '{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}'
    )
    expect(Object.getPrototypeOf(result.data)).toBe(Object.prototype)
    expect(Object.hasOwn(result.data ?? {}, '__proto__')).toBe(true)
    expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false)
    expect(Object.hasOwn(Object.prototype, 'x')).toBe(false)
  })

  test('should not merge `<<` keys (a plain key holding the aliased value)', () => {
    expect(read('---\nbase: &b {a: 1}\nchild:\n  <<: *b\n  c: 2\n---\n')).toEqual({
      data: {base: {a: 1}, child: {'<<': {a: 1}, c: 2}},
      valid: true,
      diagnostics: []
    })
  })

  test('should cap alias expansion (billion laughs)', () => {
    const bomb = [
      '---',
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      '---',
      ''
    ].join('\n')
    const result = read(bomb)
    expect(result.valid).toBe(false)
    expect(result.diagnostics).toEqual([
      'error frontmatter-syntax 4:8-4:10 Unexpected alias expansion past 100 aliases; the value is `null`'
    ])
    expect(JSON.stringify(result.data).length).toBeLessThan(30_000)
    expect((result.data as {e: unknown}).e).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null
    ])
  })

  test('should report an alias with no anchor', () => {
    expect(read('---\na: *nope\n---\n')).toEqual({
      data: {a: null},
      valid: false,
      diagnostics: ['error frontmatter-syntax 2:4-2:9 Cannot find the anchor of alias `*nope`']
    })
  })

  test('should never run custom tags, and report them', () => {
    expect(read('---\nf: !!js/function "function(){}"\ng: !foo bar\n---\n')).toEqual({
      data: {f: 'function(){}', g: 'bar'},
      valid: false,
      diagnostics: [
        'error frontmatter-syntax 2:4-2:17 Unexpected tag `!!js/function`, md2data reads only the YAML 1.2 core tags (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!map`, `!!seq`); the value is kept as the text written',
        'error frontmatter-syntax 3:4-3:8 Unexpected tag `!foo`, md2data reads only the YAML 1.2 core tags (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!map`, `!!seq`); the value is kept as the text written'
      ]
    })
  })

  test('should keep numbers JSON cannot hold as the text written', () => {
    expect(
      read('---\ni: .inf\nm: .nan\nbig: 9007199254740993\nok: 9007199254740991\nfl: 1.5e300\n---\n')
    ).toEqual({
      data: {i: '.inf', m: '.nan', big: '9007199254740993', ok: 9007199254740991, fl: 1.5e300},
      valid: true,
      diagnostics: [
        'warning frontmatter-unsafe-number 2:4-2:8 Unexpected number `.inf`, which JSON cannot hold exactly; kept as the string `".inf"`',
        'warning frontmatter-unsafe-number 3:4-3:8 Unexpected number `.nan`, which JSON cannot hold exactly; kept as the string `".nan"`',
        'warning frontmatter-unsafe-number 4:6-4:22 Unexpected number `9007199254740993`, which JSON cannot hold exactly; kept as the string `"9007199254740993"`'
      ]
    })
  })

  test('should give `{}` for empty and comment-only front matter', () => {
    expect(read('---\n---\n')).toEqual({data: {}, valid: true, diagnostics: []})
    expect(read('---\n# just a comment\n---\n')).toEqual({data: {}, valid: true, diagnostics: []})
  })

  test('should report tab indentation', () => {
    expect(read('---\na:\n\tb: 1\n---\n')).toEqual({
      data: {},
      valid: false,
      diagnostics: [
        'error frontmatter-syntax 3:1-3:2 Cannot parse YAML: Tabs are not allowed as indentation'
      ]
    })
  })

  test('should report nesting deeper than 100 levels', () => {
    const deep = '---\na: ' + '['.repeat(101) + ']'.repeat(101) + '\n---\n'
    const result = read(deep)
    expect(result.valid).toBe(false)
    expect(result.diagnostics).toEqual([
      'error frontmatter-syntax 2:104-2:106 Unexpected nesting deeper than 100 levels in front matter'
    ])
  })

  test('should not parse front matter over 64 KiB', () => {
    const keys = Array.from({length: 10_000}, (_, index) => `k${index}: ${index}`)
    expect(read(`---\n${keys.join('\n')}\n---\n`)).toEqual({
      data: {},
      valid: false,
      diagnostics: [
        'error frontmatter-too-large 2:1-2:1 Cannot read front matter of 117779 bytes, the limit is 65536 (`maxFrontmatterSize`)'
      ]
    })
  })
})

describe('TOML front matter', () => {
  test('should make dates and times ISO 8601 strings', () => {
    const text = [
      '+++',
      'd = 1979-05-27',
      't = 07:32:00',
      'dt = 1979-05-27T07:32:00Z',
      'odt = 1979-05-27T00:32:00-07:00',
      'ldt = 1979-05-27T07:32:00',
      '+++',
      ''
    ].join('\n')
    expect(read(text)).toEqual({
      data: {
        d: '1979-05-27',
        t: '07:32:00.000',
        dt: '1979-05-27T07:32:00.000Z',
        odt: '1979-05-27T00:32:00.000-07:00',
        ldt: '1979-05-27T07:32:00.000'
      },
      valid: true,
      diagnostics: []
    })
  })

  test('should keep `inf`, `nan` and big integers as written, `__proto__` a plain key', () => {
    const result = read('+++\ni = inf\nn = nan\nbig = 9_007_199_254_740_993\n__proto__ = 1\n+++\n')
    expect(JSON.stringify(result.data)).toBe(
      '{"i":"inf","n":"nan","big":"9_007_199_254_740_993","__proto__":1}'
    )
    expect(result.diagnostics).toEqual([
      'warning frontmatter-unsafe-number 2:5-2:8 Unexpected number `inf`, which JSON cannot hold exactly; kept as the string `"inf"`',
      'warning frontmatter-unsafe-number 3:5-3:8 Unexpected number `nan`, which JSON cannot hold exactly; kept as the string `"nan"`',
      'warning frontmatter-unsafe-number 4:7-4:28 Unexpected number `9_007_199_254_740_993`, which JSON cannot hold exactly; kept as the string `"9_007_199_254_740_993"`'
    ])
  })

  test('should report a syntax error at its line', () => {
    expect(read('+++\ntitle = "a"\ntags = [1, 2\n+++\n')).toEqual({
      data: {},
      valid: false,
      diagnostics: [
        'error frontmatter-syntax 3:13-3:13 Cannot parse TOML: expected comma or end of structure'
      ]
    })
  })
})

describe('JSON front matter', () => {
  test('should read a one-line object', () => {
    expect(read('{"title": "One line", "n": 1}\n\n# Body\n')).toEqual({
      data: {title: 'One line', n: 1},
      valid: true,
      diagnostics: []
    })
  })

  test('should keep `__proto__` plain, the first duplicate and big integers as text', () => {
    const result = read(
      '{\n  "__proto__": {"x": 1},\n  "big": 9007199254740993,\n  "a": 1,\n  "a": 2\n}\n'
    )
    expect(JSON.stringify(result.data)).toBe('{"__proto__":{"x":1},"big":"9007199254740993","a":1}')
    expect(result.diagnostics).toEqual([
      'warning frontmatter-unsafe-number 3:10-3:26 Unexpected number `9007199254740993`, which JSON cannot hold exactly; kept as the string `"9007199254740993"`',
      'error frontmatter-duplicate-key 5:3-5:6 Unexpected duplicate key `a`; the first value is kept'
    ])
  })

  test('should not take `{{` (a template) for front matter', () => {
    const document = convert('{{< note >}}\ntext\n{{< /note >}}\n')
    expect(document.frontmatter).toBe(null)
    expect(document.sections[0]?.blocks[0]?.type).toBe('paragraph')
  })

  test('should keep the body when the object does not close', () => {
    const document = convert('{\n"title": "x"\n\n# Body\n')
    expect(document.frontmatter).toBe(null)
    expect(document.headings.map((heading) => heading.text)).toEqual(['Body'])
  })
})
