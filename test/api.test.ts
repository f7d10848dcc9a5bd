import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import * as v from 'valibot'
import {describe, expect, test} from 'vitest'
import {z} from 'zod'
import {parseCli} from '../src/cli/args.js'
import {convert, convertAsync, convertFile, convertFiles, readFrontmatter} from '../src/index.js'
import type {BatchOptions, FileResult, NoteDocument} from '../src/index.js'

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
      'resolveLinks',
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
      tags: [],
      aliases: [],
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

describe('body and excerpt (issue 16 item 9)', () => {
  test('should be left out unless asked for, and come after `stats` when asked', () => {
    const text = '---\ntitle: A\n---\n\nIntro.\n'
    expect(Object.keys(convert(text))).not.toContain('body')
    const keys = Object.keys(convert(text, {body: true, excerpt: true}))
    expect(keys.slice(keys.indexOf('stats'))).toEqual(['stats', 'body', 'excerpt', 'diagnostics'])
    expect(Object.keys(convert(text, {excerpt: true}))).not.toContain('body')
    expect(Object.keys(convert(text, {body: true}))).not.toContain('excerpt')
  })

  test('should give the body as written after the front matter (any format, any line ending)', () => {
    const body = (text: string): string | undefined => convert(text, {body: true}).body
    expect(body('---\r\ntitle: A\r\n---  \r\nOne\r\n')).toBe('One\r\n')
    expect(body('+++\ntitle = "A"\n+++\n\n# B\n')).toBe('\n# B\n')
    expect(body('{"title": "A"}\nOne')).toBe('One')
    expect(body('---\ntitle: A\n---')).toBe('')
    expect(body('\n\n+++\ntitle = "A"\n+++\r\rX')).toBe('\rX')
    expect(body('No front matter\n---\n')).toBe('No front matter\n---\n')
    expect(body('\uFEFF# BOM')).toBe('# BOM')
    expect(body('x'.repeat(20) + '\n')).toBe('x'.repeat(20) + '\n')
    expect(convert('x'.repeat(20), {body: true, excerpt: true, maxSize: 10})).toMatchObject({
      body: '',
      excerpt: ''
    })
  })

  test('should give the first paragraph, or what stands before `<!-- more -->`', () => {
    const excerpt = (text: string): string | undefined => convert(text, {excerpt: true}).excerpt
    expect(excerpt('# T\n\n> quote\n\nFirst *one*\nline two.\n\nSecond.')).toBe(
      'First one\nline two.'
    )
    expect(excerpt('# T\n\nOne.\n\n<!--more-->\n\nTwo.')).toBe('T\n\nOne.')
    expect(excerpt('One [link](u) and `code`. <!-- MORE --> Not this.\n\nNor this.')).toBe(
      'One link and code.'
    )
    expect(excerpt('<!-- toc -->\n\n- a\n- b\n\n<!--  More  -->\n\nTwo.')).toBe('a\nb')
    expect(excerpt('```\n<!-- more -->\n```\n\nPara.')).toBe('Para.')
    expect(excerpt('# Only a heading')).toBe('')
    expect(excerpt('')).toBe('')
  })

  test('should throw a TypeError for a `body` or `excerpt` that is not a boolean', () => {
    expect(() => convert('', {body: 1 as unknown as boolean})).toThrow(
      'Expected `options.body` to be a boolean'
    )
    expect(() => convert('', {excerpt: 'yes' as unknown as boolean})).toThrow(
      'Expected `options.excerpt` to be a boolean'
    )
  })

  test('should take `--body` and `--excerpt` on the command line', () => {
    expect(parseCli(['a.md'])).toMatchObject({body: false, excerpt: false})
    expect(parseCli(['--body', '--excerpt', 'a.md'])).toMatchObject({body: true, excerpt: true})
  })
})

describe('convertFiles with a schema object (issue 16 item 6)', () => {
  const input = fileURLToPath(new URL('../fixtures/frontmatter-schema/input.md', import.meta.url))
  const zodSchema = z.strictObject({
    title: z.string(),
    layout: z.enum(['post', 'page', 'note']),
    date: z.iso.date(),
    draft: z.boolean().default(true),
    summary: z.string(),
    params: z.object({author: z.object({name: z.string()})}).optional(),
    tags: z.array(z.string()).optional()
  })
  const asyncSchema = v.objectAsync({
    title: v.pipeAsync(
      v.string(),
      v.checkAsync(async (title) => title !== 'bad', 'Not that title')
    ),
    draft: v.optional(v.boolean(), true)
  })

  async function run(files: Array<string>, options: BatchOptions): Promise<Array<FileResult>> {
    const notes = files.map((file) => ({path: file, absolute: file, relative: file}))
    const results: Array<FileResult> = []
    for await (const result of convertFiles(notes, {jobs: 1, ...options})) results.push(result)
    return results
  }

  test('should validate on the main thread as `convert` does, with a cache or not', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'md2data-schema-object-'))
    try {
      const valid = path.join(folder, 'valid.md')
      writeFileSync(
        valid,
        '---\ntitle: A\nlayout: post\ndate: 2025-01-02\nsummary: S\n---\n\nOne.\n'
      )
      const options = {body: true, excerpt: true, schema: zodSchema}
      const expected = [input, valid].map((file) =>
        convert(readFileSync(file), {...options, path: file})
      )
      expect(
        expected[0]?.diagnostics.filter((item) => item.ruleId === 'frontmatter-schema')
      ).length.greaterThan(3)
      expect(expected[1]?.frontmatter?.data.draft).toBe(true)
      const cache = path.join(folder, 'cache')
      for (const cached of [false, true]) {
        const results = await run([input, valid], {...options, cache})
        expect(results.map((result) => result.cached)).toEqual([cached, cached])
        expect(results.map((result) => JSON.parse(result.json ?? 'null') as unknown)).toEqual(
          expected
        )
        expect(results.map((result) => result.frontmatter)).toEqual(
          expected.map((document) => document.frontmatter)
        )
        expect(results[0]?.diagnostics).toEqual(expected[0]?.diagnostics)
      }
      const fronts = await run([input], {schema: zodSchema, frontmatterOnly: true})
      expect(JSON.parse(fronts[0]?.json ?? 'null')).toEqual(
        readFrontmatter(readFileSync(input), {path: input, schema: zodSchema})
      )
    } finally {
      rmSync(folder, {recursive: true, force: true})
    }
  })

  test('should validate with an asynchronous schema as `convertAsync` does', async () => {
    const bytes = readFileSync(input)
    const expected = await convertAsync(bytes, {path: input, schema: asyncSchema})
    expect(expected.frontmatter?.valid).toBe(false)
    expect(await convertFile(input, {schema: asyncSchema})).toEqual(expected)
  })

  test('should throw a TypeError that says what is expected for a bad `schema`', async () => {
    const message =
      'Expected `options.schema` to be a schema file (a path: `.json` JSON Schema or an ES module) or a Standard Schema'
    for (const schema of [42, {}, z.string, true]) {
      await expect(convertFile(input, {schema: schema as never})).rejects.toThrow(message)
      await expect(run([input], {schema: schema as never})).rejects.toThrow(TypeError)
    }
  })
})
