import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import type {StandardSchemaV1} from '@standard-schema/spec'
import {type} from 'arktype'
import * as v from 'valibot'
import {describe, expect, test} from 'vitest'
import {z} from 'zod'
import {
  AsyncSchemaError,
  convert,
  convertAsync,
  jsonSchema,
  loadJsonSchema,
  readFrontmatter,
  readFrontmatterAsync
} from '../src/index.js'
import type {Diagnostic} from '../src/index.js'

const note = `---
title: 3
type: pots
date: 2025-13-45
extra: true
params:
  author:
    name: 5
tags: [a, b, 3]
---

# Body
`

function rows(diagnostics: Array<Diagnostic>): Array<string> {
  return diagnostics.map((item) => {
    const {start, end} = item.position ?? {start: {line: 0, column: 0}, end: {line: 0, column: 0}}
    return `${start.line}:${start.column}-${end.line}:${end.column} ${item.severity} ${item.ruleId} ${item.message}`
  })
}

const schemas = {
  zod: z.strictObject({
    title: z.string(),
    type: z.enum(['post', 'page']),
    date: z.iso.date(),
    params: z.object({author: z.object({name: z.string()})}),
    tags: z.array(z.string()),
    summary: z.string()
  }),
  valibot: v.strictObject({
    title: v.string(),
    type: v.picklist(['post', 'page']),
    date: v.pipe(v.string(), v.isoDate()),
    params: v.object({author: v.object({name: v.string()})}),
    tags: v.array(v.string()),
    summary: v.string()
  }),
  arktype: type({
    '+': 'reject',
    title: 'string',
    type: "'post' | 'page'",
    date: 'string.date.iso',
    params: {author: {name: 'string'}},
    tags: 'string[]',
    summary: 'string'
  }),
  'JSON Schema 2020-12': jsonSchema({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    additionalProperties: false,
    required: ['title', 'type', 'date', 'params', 'tags', 'summary'],
    properties: {
      title: {type: 'string'},
      type: {enum: ['post', 'page']},
      date: {type: 'string', format: 'date'},
      params: {$ref: '#/$defs/params'},
      tags: {type: 'array', items: {type: 'string'}},
      summary: {type: 'string'}
    },
    $defs: {
      params: {type: 'object', properties: {author: {$ref: '#/$defs/author'}}},
      author: {type: 'object', properties: {name: {type: 'string'}}}
    }
  }),
  'JSON Schema draft-07': jsonSchema({
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    additionalProperties: false,
    required: ['title', 'type', 'date', 'params', 'tags', 'summary'],
    properties: {
      title: {type: 'string'},
      type: {enum: ['post', 'page']},
      date: {type: 'string', format: 'date'},
      params: {$ref: '#/definitions/params'},
      tags: {type: 'array', items: {type: 'string'}},
      summary: {type: 'string'}
    },
    definitions: {
      params: {
        type: 'object',
        properties: {author: {type: 'object', properties: {name: {type: 'string'}}}}
      }
    }
  })
}

/** What each library says after md2data's `Unexpected value … at `path`: `. */
const expected: Record<keyof typeof schemas, Array<string>> = {
  zod: [
    '1:1-1:4 error frontmatter-schema Missing required key `summary`: Invalid input: expected string, received undefined',
    '2:8-2:9 error frontmatter-schema Unexpected value `3` at `title`: Invalid input: expected string, received number',
    '3:7-3:11 error frontmatter-schema Unexpected value `"pots"` at `type`, expected one of "post", "page". Did you mean "post"?',
    '4:7-4:17 error frontmatter-schema Unexpected value `"2025-13-45"` at `date`: Invalid ISO date',
    '5:1-5:6 error frontmatter-schema Unexpected key `extra`, the schema does not allow it: Unrecognized key "extra"',
    '8:11-8:12 error frontmatter-schema Unexpected value `5` at `params.author.name`: Invalid input: expected string, received number',
    '9:14-9:15 error frontmatter-schema Unexpected value `3` at `tags[2]`: Invalid input: expected string, received number'
  ],
  valibot: [
    '1:1-1:4 error frontmatter-schema Missing required key `summary`: Invalid key: Expected "summary" but received undefined',
    '2:8-2:9 error frontmatter-schema Unexpected value `3` at `title`: Invalid type: Expected string but received 3',
    '3:7-3:11 error frontmatter-schema Unexpected value `"pots"` at `type`, expected one of "post", "page". Did you mean "post"?',
    '4:7-4:17 error frontmatter-schema Unexpected value `"2025-13-45"` at `date`: Invalid date: Received "2025-13-45"',
    '5:1-5:6 error frontmatter-schema Unexpected key `extra`, the schema does not allow it: Invalid key: Expected never but received "extra"',
    '8:11-8:12 error frontmatter-schema Unexpected value `5` at `params.author.name`: Invalid type: Expected string but received 5',
    '9:14-9:15 error frontmatter-schema Unexpected value `3` at `tags[2]`: Invalid type: Expected string but received 3'
  ],
  arktype: [
    '1:1-1:4 error frontmatter-schema Missing required key `summary`: must be a string (was missing)',
    '2:8-2:9 error frontmatter-schema Unexpected value `3` at `title`: must be a string (was a number)',
    '3:7-3:11 error frontmatter-schema Unexpected value `"pots"` at `type`, expected one of "page", "post". Did you mean "post"?',
    '4:7-4:17 error frontmatter-schema Unexpected value `"2025-13-45"` at `date`: must be an ISO 8601 (YYYY-MM-DDTHH:mm:ss.sssZ) date (was "2025-13-45")',
    '5:1-5:6 error frontmatter-schema Unexpected key `extra`, the schema does not allow it: must be removed',
    '8:11-8:12 error frontmatter-schema Unexpected value `5` at `params.author.name`: must be a string (was a number)',
    '9:14-9:15 error frontmatter-schema Unexpected value `3` at `tags[2]`: must be a string (was a number)'
  ],
  'JSON Schema 2020-12': [
    '1:1-1:4 error frontmatter-schema Missing required key `summary`: must have required property `summary`',
    '2:8-2:9 error frontmatter-schema Unexpected value `3` at `title`: must be string',
    '3:7-3:11 error frontmatter-schema Unexpected value `"pots"` at `type`, expected one of "post", "page". Did you mean "post"?',
    '4:7-4:17 error frontmatter-schema Unexpected value `"2025-13-45"` at `date`: expected format `date`',
    '5:1-5:6 error frontmatter-schema Unexpected key `extra`, the schema does not allow it: must not have additional properties',
    '8:11-8:12 error frontmatter-schema Unexpected value `5` at `params.author.name`: must be string',
    '9:14-9:15 error frontmatter-schema Unexpected value `3` at `tags[2]`: must be string'
  ],
  'JSON Schema draft-07': []
}
expected['JSON Schema draft-07'] = expected['JSON Schema 2020-12']

describe('validating front matter', () => {
  for (const [name, schema] of Object.entries(schemas)) {
    test(`should place every ${name} issue at its node`, () => {
      const document = convert(note, {schema: schema as StandardSchemaV1})
      expect(rows(document.diagnostics)).toEqual(expected[name as keyof typeof schemas])
      expect(document.frontmatter?.valid).toBe(false)
      // Invalid front matter keeps the data as parsed.
      expect((document.frontmatter?.data as Record<string, unknown>).type).toBe('pots')
      expect(document.headings.map((heading) => heading.text)).toEqual(['Body'])
    })
  }

  test('should give the schema output for valid front matter', () => {
    const schema = z.object({title: z.string(), draft: z.boolean().default(false)})
    const document = convert('---\ntitle: Hello\n---\n', {schema})
    expect(document.frontmatter).toEqual({
      format: 'yaml',
      raw: 'title: Hello',
      data: {title: 'Hello', draft: false},
      valid: true,
      position: {start: {line: 1, column: 1, offset: 0}, end: {line: 3, column: 4, offset: 20}}
    })
    expect(document.diagnostics).toEqual([])
  })

  test('should keep a transformed value, which JSON writes as an ISO string', () => {
    const schema = z.object({date: z.string().transform((value) => new Date(`${value}T00:00:00Z`))})
    const document = convert('---\ndate: 2025-09-10\n---\n', {schema})
    const frontmatter = document.frontmatter
    expect(frontmatter?.valid).toBe(true)
    if (!frontmatter?.valid) return
    expect(frontmatter.data.date).toBeInstanceOf(Date)
    expect(JSON.parse(JSON.stringify(document)).frontmatter.data).toEqual({
      date: '2025-09-10T00:00:00.000Z'
    })
  })

  test('should place TOML issues at their keys and values', () => {
    const text =
      '+++\ntitle = 3\ntags = ["a", "b", 3]\n\n[params.author]\nname = 5\nextra = 1\n+++\n'
    const schema = z.strictObject({
      title: z.string(),
      tags: z.array(z.string()),
      params: z.object({author: z.strictObject({name: z.string()})}),
      summary: z.string()
    })
    expect(rows(convert(text, {schema}).diagnostics)).toEqual([
      '1:1-1:4 error frontmatter-schema Missing required key `summary`: Invalid input: expected string, received undefined',
      '2:9-2:10 error frontmatter-schema Unexpected value `3` at `title`: Invalid input: expected string, received number',
      '3:19-3:20 error frontmatter-schema Unexpected value `3` at `tags[2]`: Invalid input: expected string, received number',
      '6:8-6:9 error frontmatter-schema Unexpected value `5` at `params.author.name`: Invalid input: expected string, received number',
      '7:1-7:6 error frontmatter-schema Unexpected key `params.author.extra`, the schema does not allow it: Unrecognized key "extra"'
    ])
  })

  test('should place JSON front matter issues', () => {
    const text = '{\n  "title": 3,\n  "tags": ["a", 2]\n}\n'
    const schema = z.object({title: z.string(), tags: z.array(z.string())})
    expect(rows(convert(text, {schema}).diagnostics)).toEqual([
      '2:12-2:13 error frontmatter-schema Unexpected value `3` at `title`: Invalid input: expected string, received number',
      '3:17-3:18 error frontmatter-schema Unexpected value `2` at `tags[1]`: Invalid input: expected string, received number'
    ])
  })

  test('should report a schema that throws, and go on', () => {
    const schema: StandardSchemaV1 = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate() {
          throw new Error('boom')
        }
      }
    }
    const document = convert('---\ntitle: A\n---\n# Body\n', {schema})
    expect(rows(document.diagnostics)).toEqual([
      '1:1-1:4 error frontmatter-schema Cannot validate front matter, the schema threw `Error: boom`'
    ])
    expect(document.frontmatter?.valid).toBe(false)
    expect(document.frontmatter?.data).toEqual({title: 'A'})
    expect(document.title).toBe('A')
  })

  test('should report required keys of a note without front matter at 1:1', () => {
    const document = convert('# Body\n', {schema: z.object({title: z.string()})})
    expect(document.frontmatter).toBe(null)
    expect(rows(document.diagnostics)).toEqual([
      '1:1-1:1 error frontmatter-schema Missing required key `title`: Invalid input: expected string, received undefined'
    ])
  })

  test('should not validate front matter that did not parse', () => {
    const document = convert('---\ntitle: [\n---\n', {schema: z.object({title: z.string()})})
    expect(document.diagnostics.map((item) => item.ruleId)).toEqual(['frontmatter-syntax'])
  })

  test('should throw for an async schema in a sync call, and validate it in an async one', async () => {
    const schema = z.object({
      title: z.string().refine(async (value) => value.length > 3, 'too short')
    })
    expect(() => convert('---\ntitle: Hi\n---\n', {schema})).toThrow(AsyncSchemaError)
    expect(() => convert('---\ntitle: Hi\n---\n', {schema})).toThrow(
      'The schema validates asynchronously; use `convertAsync()` instead of `convert()`'
    )
    expect(() => readFrontmatter('---\ntitle: Hi\n---\n', {schema})).toThrow(
      'The schema validates asynchronously; use `readFrontmatterAsync()` instead of `readFrontmatter()`'
    )
    const document = await convertAsync('---\ntitle: Hi\n---\n', {schema})
    expect(rows(document.diagnostics)).toEqual([
      '2:8-2:10 error frontmatter-schema Unexpected value `"Hi"` at `title`: too short'
    ])
    const result = await readFrontmatterAsync('---\ntitle: Hello\n---\n', {schema})
    expect(result.frontmatter?.valid).toBe(true)
    expect(result.diagnostics).toEqual([])
  })

  test('should load a JSON Schema file with `$ref`', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'md2data-'))
    const file = path.join(folder, 'schema.json')
    writeFileSync(
      file,
      JSON.stringify({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: {layout: {$ref: '#/$defs/layout'}},
        $defs: {layout: {enum: ['post', 'page']}}
      })
    )
    const schema = await loadJsonSchema(file)
    rmSync(folder, {recursive: true, force: true})
    expect(rows(convert('---\nlayout: paeg\n---\n', {schema}).diagnostics)).toEqual([
      '2:9-2:13 error frontmatter-schema Unexpected value `"paeg"` at `layout`, expected one of "post", "page". Did you mean "page"?'
    ])
  })

  test('should throw for an invalid JSON Schema or option', async () => {
    expect(() => jsonSchema({type: 'nope'})).toThrow(/^Cannot compile JSON Schema: /)
    expect(() => jsonSchema({$schema: 'http://json-schema.org/draft-04/schema#'})).toThrow(
      'Unsupported JSON Schema dialect `http://json-schema.org/draft-04/schema#`, expected draft 2020-12, 2019-09 or draft-07'
    )
    expect(() => jsonSchema([] as never)).toThrow('Expected a JSON Schema: an object or a boolean')
    await expect(loadJsonSchema('/nonexistent/schema.json')).rejects.toThrow('ENOENT')
    expect(() => convert('', {schema: {} as StandardSchemaV1})).toThrow(
      'Expected `options.schema` to be a Standard Schema (zod, valibot, arktype, `jsonSchema()`)'
    )
  })
})

describe('readFrontmatter', () => {
  test('should give what convert gives for the front matter', () => {
    const schema = schemas.zod
    const full = convert(note, {schema, path: 'a.md'})
    const fast = readFrontmatter(note, {schema, path: 'a.md'})
    expect(fast).toEqual({
      path: 'a.md',
      frontmatter: full.frontmatter,
      diagnostics: full.diagnostics
    })
  })
})
