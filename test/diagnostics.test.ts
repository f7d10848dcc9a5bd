import {describe, expect, test} from 'vitest'
import {code} from '../src/diagnostics/code.js'
import {createDiagnostic} from '../src/diagnostics/create.js'
import {formatGithub, formatStylish} from '../src/diagnostics/format.js'
import {convert} from '../src/index.js'
import type {StandardSchemaV1} from '@standard-schema/spec'

const messages = (markdown: string, options: Parameters<typeof convert>[1] = {}) =>
  convert(markdown, options).diagnostics.map((diagnostic) => diagnostic.message)

describe('code()', () => {
  test('should fence a value with one backtick more than its longest run', () => {
    expect(code('unused')).toBe('`unused`')
    expect(code('[`publishDate`]')).toBe('``[`publishDate`]``')
    expect(code('a``b`c')).toBe('```a``b`c```')
  })

  test('should pad a value that starts or ends with a backtick, or would lose its spaces', () => {
    expect(code('`x')).toBe('`` `x ``')
    expect(code('x`')).toBe('`` x` ``')
    expect(code('`')).toBe('`` ` ``')
    expect(code(' a ')).toBe('`  a  `')
    expect(code(' a')).toBe('` a`')
    expect(code('  ')).toBe('`  `')
    expect(code('')).toBe('`  `')
  })
})

describe('messages quoting labels', () => {
  test('should fence labels with backticks longer (definitions)', () => {
    expect(messages('[`publishDate`]: https://example.com\n')).toEqual([
      'Unexpected unused definition ``[`publishDate`]``, no reference uses it'
    ])
    expect(messages('[a][`x`]\n')).toEqual([
      'Unexpected reference to undefined definition ``[`x`]``, expected a ``[`x`]: url`` line'
    ])
    expect(messages('[`x`]: /a\n[`x`]: /b\n\n[`x`]\n')).toEqual([
      'Unexpected second definition of ``[`x`]`` (first on line 1); the first one is used'
    ])
  })

  test('should fence labels with backticks longer (footnotes)', () => {
    expect(messages('[^`n`]: Note.\n')).toEqual([
      'Unexpected unused footnote ``[^`n`]``, no call uses it'
    ])
    expect(messages('A[^`n`].\n')).toEqual([
      'Unexpected call to undefined footnote ``[^`n`]``, expected a ``[^`n`]: …`` definition'
    ])
  })

  test('should keep one backtick for labels without any', () => {
    expect(messages('[unused]: https://example.com\n')).toEqual([
      'Unexpected unused definition `[unused]`, no reference uses it'
    ])
  })

  test('should fence front matter keys and values with backticks longer (schema issues)', () => {
    const schema: StandardSchemaV1<Record<string, unknown>> = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate: () => ({issues: [{message: 'Invalid', path: ['`code`']}]})
      }
    }
    expect(messages('---\n"`code`": "a`b"\n---\n', {schema})).toEqual([
      'Unexpected value ``"a`b"`` at ``["`code`"]``: Invalid'
    ])
  })
})

describe('reporters', () => {
  const multiLine = createDiagnostic(
    'frontmatter-schema',
    'error',
    'Invalid date:  \n  expected YYYY-MM-DD\r\nsee the style guide',
    'notes/a.md',
    {start: {line: 2, column: 7, offset: 10}, end: {line: 2, column: 12, offset: 15}}
  )
  const plain = createDiagnostic(
    'reference-unused',
    'warning',
    'Unexpected `[x]`',
    'notes/a.md',
    null
  )

  test('should print one stylish row per diagnostic, line breaks as `⏎`', () => {
    expect(formatStylish([{path: 'notes/a.md', diagnostics: [plain, multiLine]}])).toBe(
      'notes/a.md\n' +
        '  0:0       warning  Unexpected `[x]`  reference-unused\n' +
        '  2:7-2:12  error    Invalid date: ⏎ expected YYYY-MM-DD ⏎ see the style guide  frontmatter-schema\n' +
        '\n' +
        '✖ 2 problems (1 error, 1 warning)\n'
    )
  })

  test('should keep a path with a line break on one row', () => {
    expect(formatStylish([{path: 'a\nb.md', diagnostics: [plain]}]).split('\n')[0]).toBe('a ⏎ b.md')
  })

  test('should print one GitHub command per diagnostic, line breaks as `%0A`', () => {
    expect(formatGithub([{path: 'notes/a.md', diagnostics: [multiLine, plain]}])).toBe(
      '::error file=notes/a.md,line=2,col=7,endLine=2,endColumn=12,title=frontmatter-schema::Invalid date:  %0A  expected YYYY-MM-DD%0D%0Asee the style guide\n' +
        '::warning file=notes/a.md,title=reference-unused::Unexpected `[x]`\n'
    )
  })
})
