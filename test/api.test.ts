import {readFileSync} from 'node:fs'
import {describe, expect, test} from 'vitest'
import {convert} from '../src/index.js'
import type {NoteDocument} from '../src/index.js'

const seed = readFileSync(new URL('../fixtures/reference-note/input.md', import.meta.url))

describe('md2data', () => {
  test('should keep its version in step with package.json', async () => {
    const {version} = await import('../src/version.js')
    const manifest = JSON.parse(
      readFileSync(new URL('../package.json', import.meta.url), 'utf8')
    ) as {version: string}
    expect(version).toBe(manifest.version)
  })

  test('should expose the public API (and no default export)', async () => {
    expect(Object.keys(await import('../src/index.js')).sort()).toEqual([
      'AsyncSchemaError',
      'convert',
      'convertAsync',
      'convertFile',
      'convertFiles',
      'findNotes',
      'formatGithub',
      'formatJson',
      'formatStylish',
      'jsonSchema',
      'loadJsonSchema',
      'readFrontmatter',
      'readFrontmatterAsync',
      'serialize'
    ])
  })
})

describe('convert', () => {
  test('should give the reference note as the issue shows it', () => {
    const document = convert(seed, {path: 'notes/a.md'})
    expect(document.frontmatter?.data.title).toBe('アリババクラウドCTO周靖人')
    expect(document.sections[0]?.sections[0]?.heading?.id).toBe('経歴')
    expect(document.path).toBe('notes/a.md')
    expect(document.lang).toBe('ja')
    expect(document.title).toBe('アリババクラウドCTO周靖人')
  })

  test('should resolve every citation of the reference note, with no diagnostics', () => {
    const document = convert(seed)
    expect(
      document.references.map((reference) => [reference.identifier, reference.citations.length])
    ).toEqual([
      ['1', 2],
      ['2', 1],
      ['3', 3],
      ['4', 1],
      ['5', 1],
      ['6', 1],
      ['7', 1]
    ])
    expect(document.diagnostics).toEqual([])
    const cited = document.references
      .flatMap((reference) =>
        reference.citations.map((citation) => ({citation, url: reference.url}))
      )
      .sort(
        (a, b) =>
          (a.citation.position?.start.offset ?? 0) - (b.citation.position?.start.offset ?? 0)
      )
    expect(
      document.links.filter((link) => link.syntax === 'reference').map((link) => link.url)
    ).toEqual(cited.map((item) => item.url))
    expect(
      document.links.map((link) => link.normalizedUrl).filter((url) => url.includes('utm_'))
    ).toEqual([])
  })

  test('should give the same document for a string and its UTF-8 bytes', () => {
    expect(convert(seed.toString('utf8'))).toEqual(convert(seed))
    expect(convert(new Uint8Array(seed))).toEqual(convert(seed))
  })

  test('should drop a BOM from a string or bytes, positions unchanged', () => {
    const text = '# Title\n'
    const expected = convert(text)
    expect(convert('\uFEFF' + text)).toEqual(expected)
    expect(convert(Buffer.from('\uFEFF' + text))).toEqual(expected)
    expect(expected.headings[0]?.position).toEqual({
      start: {line: 1, column: 1, offset: 0},
      end: {line: 1, column: 8, offset: 7}
    })
  })

  test('should keep positions right with CRLF and lone CR line endings', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = ['---', 'title: x', 'bad: [', '---', '', 'para', '', '## Two'].join(eol)
      const document = convert(text)
      const width = eol.length
      expect(document.headings[0]?.position?.start).toEqual({
        line: 8,
        column: 1,
        offset: 24 + 7 * width
      })
      expect(document.diagnostics.map((item) => item.position?.start.line)).toEqual([3])
      expect(document.frontmatter?.position?.end).toEqual({
        line: 4,
        column: 4,
        offset: 20 + 3 * width
      })
    }
  })

  test('should leave out every position with `positions: false`', () => {
    const document = convert(seed, {positions: false})
    const json = JSON.stringify(document)
    expect(json.includes('"position"')).toBe(false)
    expect(document.headings.map((heading) => heading.id)).toEqual(
      convert(seed).headings.map((h) => h.id)
    )
  })

  test('should take `lang` from front matter before the option', () => {
    expect(convert('# a', {lang: 'en'}).lang).toBe('en')
    expect(convert('---\nlang: zh\n---\n# a', {lang: 'en'}).lang).toBe('zh')
    expect(convert('# a').lang).toBe(null)
  })

  test('should take the title from front matter, else the first depth-1 heading', () => {
    expect(convert('---\ntitle: A\n---\n# B').title).toBe('A')
    expect(convert('---\ntitle: 3\n---\n## C\n# B').title).toBe('B')
    expect(convert('## C').title).toBe(null)
  })

  test('should keep the path as given (a backslash is part of a name on POSIX)', () => {
    expect(convert('', {path: 'in/a\\..\\b.md'}).path).toBe('in/a\\..\\b.md')
  })

  test('should give an empty document for empty input', () => {
    expect(convert('')).toEqual({
      schemaVersion: 1,
      path: null,
      title: null,
      lang: null,
      frontmatter: null,
      headings: [],
      sections: [],
      references: [],
      footnotes: [],
      links: [],
      stats: {characters: 0, words: 0, cjkCharacters: 0, readingMinutes: 0},
      diagnostics: []
    } satisfies NoteDocument)
  })

  test('should throw a TypeError for invalid options', () => {
    expect(() => convert('', {positions: 'yes' as unknown as boolean})).toThrow(
      'Expected `options.positions` to be a boolean'
    )
    expect(() => convert('', {headingIds: 'slug' as 'github'})).toThrow(
      'Expected `options.headingIds` to be `github` or `normalized`'
    )
    expect(() => convert('', {path: 1 as unknown as string})).toThrow(
      'Expected `options.path` to be a string or null'
    )
    expect(() => convert('', {lang: 1 as unknown as string})).toThrow(
      'Expected `options.lang` to be a string or null'
    )
    expect(() => convert('', {cjkFriendly: 0 as unknown as boolean})).toThrow(
      'Expected `options.cjkFriendly` to be a boolean'
    )
    expect(() => convert('', 'x' as never)).toThrow('Expected `options` to be an object')
    expect(() => convert(1 as unknown as string)).toThrow(
      'Expected `input` to be a string or a Uint8Array'
    )
  })
})
