import {readFileSync} from 'node:fs'
import {describe, expect, test} from 'vitest'
import * as v from 'valibot'
import {z} from 'zod'
import {convert, jsonSchema} from '../src/index.js'
import type {JsonSchema} from '../src/index.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

/** The fenced code blocks of a Markdown text, with their info strings, in order. */
function blocks(text: string): Array<{lang: string; value: string}> {
  const result: Array<{lang: string; value: string}> = []
  for (const match of text.matchAll(/^(`{3,})(\w*)\n([\s\S]*?)\n\1$/gm)) {
    result.push({lang: match[2] as string, value: match[3] as string})
  }
  return result
}

/** The text of a `## Heading` section. */
function section(name: string): string {
  const start = readme.indexOf(`\n## ${name}\n`)
  // The next section heading (headings inside examples, such as `## 経歴`, do not start with A-Z).
  const end = readme.slice(start + 1).search(/\n## [A-Z]/)
  return readme.slice(start, end === -1 ? undefined : start + 1 + end)
}

/** Whether `needle` deep-equals `haystack` or any object inside it. */
function contains(haystack: unknown, needle: unknown): boolean {
  if (JSON.stringify(haystack) === JSON.stringify(needle)) return true
  if (Array.isArray(haystack)) return haystack.some((item) => contains(item, needle))
  if (haystack && typeof haystack === 'object')
    return Object.values(haystack).some((item) => contains(item, needle))
  return false
}

describe('README', () => {
  test('should have the two-command quick start', () => {
    expect(blocks(section('Quick start'))[0]?.value).toBe('npm ci && npm start\nnpm test')
  })

  test('should show what `convert` yields for the Use example', () => {
    const use = blocks(section('Use'))
    const markdown = use.find((block) => block.lang === 'markdown')?.value as string
    const json = use.find((block) => block.lang === 'json')?.value as string
    const document = convert(`${markdown}\n`, {path: 'notes/zhou.md', positions: false})
    expect(document).toEqual(JSON.parse(json))
    const position = JSON.stringify(convert(`${markdown}\n`).headings[0]?.position)
    expect(section('Use')).toContain(`<!-- readme-position: headings[0] -->\n\`${position}\``)
  })

  test('should show every node type as `convert` gives it', () => {
    const model = blocks(section('Document model'))
    const types = new Set<string>()
    let pairs = 0
    for (let index = 0; index < model.length - 1; index++) {
      const markdown = model[index] as {lang: string; value: string}
      const json = model[index + 1] as {lang: string; value: string}
      if (markdown.lang !== 'markdown' || json.lang !== 'json') continue
      const expected = JSON.parse(json.value) as {type: string}
      expect(contains(convert(markdown.value, {positions: false}), expected), markdown.value).toBe(
        true
      )
      types.add(expected.type)
      pairs++
    }
    expect(pairs).toBe(23)
    expect([...types].sort()).toEqual([
      'blockquote',
      'break',
      'code',
      'definition',
      'delete',
      'emphasis',
      'footnoteDefinition',
      'footnoteReference',
      'heading',
      'html',
      'image',
      'imageReference',
      'inlineCode',
      'link',
      'linkReference',
      'list',
      'paragraph',
      'strong',
      'table',
      'text',
      'thematicBreak'
    ])
  })

  test('should show what each schema example yields', () => {
    const part = section('Validating front matter')
    const note = blocks(part).find((block) => block.lang === 'markdown')?.value as string
    const json = blocks(part).find((block) => block.lang === 'json')?.value as string
    // The same schemas as the README's examples.
    const schemas = {
      zod: z.strictObject({
        title: z.string(),
        layout: z.enum(['post', 'page', 'note']),
        date: z.iso.date(),
        tags: z.array(z.string()).default([]),
        params: z.object({author: z.object({name: z.string()})}).optional(),
        summary: z.string()
      }),
      valibot: v.strictObject({
        title: v.string(),
        layout: v.picklist(['post', 'page', 'note']),
        date: v.pipe(v.string(), v.isoDate()),
        tags: v.optional(v.array(v.string()), []),
        params: v.optional(v.object({author: v.object({name: v.string()})})),
        summary: v.string()
      }),
      json: jsonSchema(JSON.parse(json) as JsonSchema)
    }
    for (const [name, schema] of Object.entries(schemas)) {
      const marker = `<!-- readme-schema: ${name} -->\n\n\`\`\`text\n`
      const start = part.indexOf(marker)
      expect(start, name).toBeGreaterThan(-1)
      const shown = part.slice(start + marker.length, part.indexOf('\n```', start + marker.length))
      const rows = convert(`${note}\n`, {path: 'notes/a.md', schema}).diagnostics.map((item) => {
        const {start: from, end: to} = item.position ?? {
          start: {line: 0, column: 0},
          end: {line: 0, column: 0}
        }
        return `${item.path}:${from.line}:${from.column}-${to.line}:${to.column}  ${item.severity}  ${item.message}  ${item.ruleId}`
      })
      expect(rows.join('\n'), name).toBe(shown)
    }
  })

  test('should document every rule id that docs/rules.md has', () => {
    const rules = readFileSync(new URL('../docs/rules.md', import.meta.url), 'utf8')
    const documented = [...rules.matchAll(/^## `([a-z-]+)`$/gm)].map((match) => match[1])
    const listed = [...section('Diagnostics').matchAll(/^\| `([a-z-]+)` /gm)].map(
      (match) => match[1]
    )
    expect(listed).toEqual(documented)
  })
})
