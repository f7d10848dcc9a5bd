import {cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {PassThrough} from 'node:stream'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {engine} from 'unified-engine'
import {VFile} from 'vfile'
import {reporter} from 'vfile-reporter'
import type {StandardSchemaV1} from '@standard-schema/spec'
import {afterAll, describe, expect, test} from 'vitest'
import {convert, convertAsync, jsonSchema} from '../src/index.js'
import type {JsonSchema, Options} from '../src/index.js'
import remarkMd2dataDefault, {remarkMd2data, remarkMd2dataSyntax} from '../src/remark.js'
import type {RemarkMd2dataOptions} from '../src/remark.js'

const base = new URL('../fixtures/', import.meta.url)
const cases = readdirSync(base, {withFileTypes: true})
  .filter((entry) => entry.isDirectory() && existsSync(new URL(`${entry.name}/input.md`, base)))
  .map((entry) => entry.name)
  .sort()

function optionsOf(name: string): Options {
  const folder = new URL(`${name}/`, base)
  const optionsFile = new URL('options.json', folder)
  const options = existsSync(optionsFile)
    ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as Options)
    : {}
  const schemaFile = new URL('schema.json', folder)
  if (existsSync(schemaFile))
    options.schema = jsonSchema(JSON.parse(readFileSync(schemaFile, 'utf8')) as JsonSchema)
  return options
}

function pipeline(options: RemarkMd2dataOptions = {}) {
  return unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkFrontmatter, ['yaml', 'toml'])
    .use(remarkMd2dataSyntax, options)
    .use(remarkMd2data, options)
}

async function run(value: string | Uint8Array, options: RemarkMd2dataOptions, filePath: string) {
  const processor = pipeline(options)
  const file = new VFile({path: filePath, value})
  await processor.run(processor.parse(file), file)
  return file
}

describe('remarkMd2data', () => {
  test('is the default export', () => {
    expect(remarkMd2dataDefault).toBe(remarkMd2data)
  })

  describe('gives what convert() gives, on every fixture', () => {
    for (const name of cases) {
      test(name, async () => {
        const options = optionsOf(name)
        const input = readFileSync(new URL(`${name}/input.md`, base))
        const filePath = `${name}/input.md`
        const file = await run(input, options, filePath)
        const expected = convert(input, {...options, path: filePath})
        expect(file.data.md2data).toEqual(expected)
        // The text as a string, byte order mark and all, too.
        const again = await run(input.toString('utf8'), options, filePath)
        expect(again.data.md2data).toEqual(expected)
        expect(
          file.messages.map((message) => [
            message.ruleId,
            message.source,
            message.fatal,
            message.reason,
            message.place ?? null
          ])
        ).toEqual(
          expected.diagnostics.map((diagnostic) => [
            diagnostic.ruleId,
            'md2data',
            {error: true, warning: false, info: undefined}[diagnostic.severity],
            diagnostic.message,
            diagnostic.position
          ])
        )
      })
    }
  })

  test('marks errors fatal and places each message at its diagnostic', async () => {
    const file = await run(
      readFileSync(new URL('frontmatter-yaml-syntax/input.md', base)),
      {},
      'a.md'
    )
    expect(file.messages).toHaveLength(1)
    const [message] = file.messages
    expect(message?.fatal).toBe(true)
    expect(message?.ruleId).toBe('frontmatter-syntax')
    expect(message?.source).toBe('md2data')
    expect(message?.file).toBe('a.md')
    expect(message?.place).toEqual({
      start: {line: 3, column: 12, offset: 38},
      end: {line: 3, column: 12, offset: 38}
    })
    expect(String(message)).toBe('a.md:3:12-3:12: Cannot parse YAML: Missing closing "quote')

    const warned = await run('[a][b]\n', {}, 'b.md')
    expect(
      warned.messages.map((each) => [String(each), each.ruleId, each.fatal, each.source])
    ).toEqual([
      [
        'b.md:1:1-1:7: Unexpected reference to undefined definition `[b]`, expected a `[b]: url` line',
        'reference-undefined',
        false,
        'md2data'
      ]
    ])
    expect(warned.data.md2data).toEqual(convert('[a][b]\n', {path: 'b.md'}))
  })

  test('runs synchronously without an asynchronous schema', () => {
    const processor = pipeline()
    const file = new VFile({path: 'c.md', value: '---\ntitle: T\n---\n\n# H\n'})
    processor.runSync(processor.parse(file), file)
    expect(file.data.md2data).toEqual(convert(String(file.value), {path: 'c.md'}))
    expect(file.data.md2data?.title).toBe('T')
  })

  test('validates with a schema, synchronous or not', async () => {
    const value = '---\ntitle: 1\n---\n\n# H\n'
    const schema: StandardSchemaV1<unknown, unknown> = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate: (data) =>
          Promise.resolve(
            typeof (data as {title?: unknown}).title === 'string'
              ? {value: data}
              : {issues: [{message: 'Expected a string', path: ['title']}]}
          )
      }
    }
    const file = await run(value, {schema}, 'd.md')
    const expected = await convertAsync(value, {schema, path: 'd.md'})
    expect(file.data.md2data).toEqual(expected)
    expect(file.messages.map((message) => [message.ruleId, message.fatal])).toEqual([
      ['frontmatter-schema', true]
    ])
    // Synchronously, an asynchronous schema is unified's error, not a wrong document.
    const processor = pipeline({schema})
    const sync = new VFile({path: 'd.md', value})
    expect(() => processor.runSync(processor.parse(sync), sync)).toThrow(/finished async/)

    const json = jsonSchema({
      type: 'object',
      properties: {title: {type: 'string'}},
      required: ['title']
    })
    const checked = await run(value, {schema: json}, 'd.md')
    expect(checked.data.md2data).toEqual(convert(value, {schema: json, path: 'd.md'}))
    expect(checked.messages.map((message) => [message.ruleId, message.fatal])).toEqual([
      ['frontmatter-schema', true]
    ])
  })

  test('applies the limits as convert() does', async () => {
    const large = '# Title\n\nSome text.\n'
    const file = await run(large, {maxSize: 10, body: true, excerpt: true}, 'e.md')
    expect(file.data.md2data).toEqual(
      convert(large, {maxSize: 10, body: true, excerpt: true, path: 'e.md'})
    )
    expect(file.data.md2data?.sections).toEqual([])
    expect(file.messages.map((message) => [message.ruleId, message.fatal])).toEqual([
      ['document-too-large', true]
    ])

    const deep = '> > > > > deep\n'
    const nested = await run(deep, {maxDepth: 3}, 'f.md')
    expect(nested.data.md2data).toEqual(convert(deep, {maxDepth: 3, path: 'f.md'}))
    expect(nested.messages.map((message) => [String(message), message.fatal])).toEqual([
      [
        'f.md:1:7-1:8: Cannot convert block quotes and lists nested deeper than 3 levels (`maxDepth`); its body is left out',
        true
      ]
    ])
  })

  test('leaves out what the front matter block became in the tree', async () => {
    // JSON front matter with text on the next line: a paragraph that runs on past the block.
    const json = '{"title": "J"}\nText right after.\n\n# H\n'
    const jsonFile = await run(json, {}, 'g.md')
    expect(jsonFile.data.md2data).toEqual(convert(json, {path: 'g.md'}))
    expect(jsonFile.data.md2data?.frontmatter?.format).toBe('json')

    // A pipeline without remark-frontmatter: the YAML block is a thematic break and a heading.
    const yaml = '---\ntitle: Y\n---\n\nBody.\n'
    const processor = unified().use(remarkParse).use(remarkGfm).use(remarkMd2data)
    const file = new VFile({path: 'h.md', value: yaml})
    processor.runSync(processor.parse(file), file)
    expect(file.data.md2data).toEqual(convert(yaml, {path: 'h.md'}))
  })

  test('checks its options when used', () => {
    expect(() => unified().use(remarkMd2data, {maxSize: 0}).freeze()).toThrow(
      'Expected `options.maxSize` to be a number of at least 1'
    )
    expect(() =>
      unified()
        .use(remarkMd2dataSyntax, {syntax: 'wiki' as 'gfm'})
        .freeze()
    ).toThrow('Expected `options.syntax` to be `gfm` or `obsidian`')
  })
})

describe('remarkMd2data in unified-engine', () => {
  let folder: string | undefined
  afterAll(() => {
    if (folder) rmSync(folder, {recursive: true, force: true})
  })

  test('reports md2data diagnostics with file:line:col and rule ids', async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'md2data-remark-'))
    const names = ['frontmatter-yaml-syntax', 'obsidian-syntax', 'references-diagnostics', 'table']
    for (const name of names)
      cpSync(new URL(`${name}/input.md`, base), path.join(folder, `${name}.md`))
    const stream = new PassThrough()
    let report = ''
    stream.on('data', (chunk: Buffer) => (report += chunk.toString()))
    const processor = pipeline()
    const {code, files} = await new Promise<{code: number | undefined; files: Array<VFile>}>(
      (resolve, reject) => {
        engine(
          {
            processor,
            cwd: folder,
            files: ['.'],
            extensions: ['md'],
            streamError: stream,
            color: false
          },
          (error, code, context) => {
            if (error) reject(error)
            else resolve({code, files: context?.files ?? []})
          }
        )
      }
    )
    // An error makes the run fail, as it fails a build.
    expect(code).toBe(1)
    expect(files.map((file) => file.path)).toEqual(names.map((name) => `${name}.md`))
    for (const [index, file] of files.entries()) {
      const name = names[index] as string
      expect(file.data.md2data, name).toEqual(
        convert(readFileSync(new URL(`${name}/input.md`, base)), {
          ...optionsOf(name === 'obsidian-syntax' ? 'table' : name),
          path: `${name}.md`
        })
      )
    }
    expect(
      files.flatMap((file) =>
        file.messages.map(
          (message) =>
            `${file.path}:${message.line}:${message.column} ${message.ruleId} ${message.fatal ? 'error' : 'warning'}`
        )
      )
    ).toEqual([
      'frontmatter-yaml-syntax.md:3:12 frontmatter-syntax error',
      'references-diagnostics.md:3:56 reference-undefined warning',
      'references-diagnostics.md:4:23 reference-undefined warning',
      'references-diagnostics.md:11:1 reference-unused warning',
      'references-diagnostics.md:12:1 reference-duplicate warning'
    ])
    expect(report).toBe(reporter(files, {color: false}) + '\n')
    expect(report.split('\n')).toEqual([
      'frontmatter-yaml-syntax.md',
      '3:12-3:12  error   Cannot parse YAML: Missing closing "quote                                                  frontmatter-syntax  md2data',
      '',
      'obsidian-syntax.md: no issues found',
      'references-diagnostics.md',
      '3:56-3:71  warning Unexpected reference to undefined definition `[missing]`, expected a `[missing]: url` line reference-undefined md2data',
      '4:23-4:32  warning Unexpected reference to undefined definition `[gamma]`, expected a `[gamma]: url` line     reference-undefined md2data',
      '11:1-11:37 warning Unexpected unused definition `[unused]`, no reference uses it                              reference-unused    md2data',
      '12:1-12:52 warning Unexpected second definition of `[A]` (first on line 10); the first one is used            reference-duplicate md2data',
      '',
      'table.md: no issues found',
      '',
      '5 messages (✖ 1 error, ⚠ 4 warnings)',
      ''
    ])
  })
})
