import {existsSync, readFileSync, readdirSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import GithubSlugger from 'github-slugger'
import {describe, expect, test} from 'vitest'
import * as v from 'valibot'
import {z} from 'zod'
import {help} from '../src/cli/args.js'
import {convert, jsonSchema} from '../src/index.js'
import type {JsonSchema, Options} from '../src/index.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const read = (file: string) => readFileSync(path.join(root, file), 'utf8')
const readme = read('README.md')
/** The README and every page of `docs/`, by path relative to the repository. */
const pages = [
  'README.md',
  ...readdirSync(path.join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`)
]

/** The fenced code blocks of a Markdown text, with their info strings, in order. */
function blocks(text: string): Array<{lang: string; value: string}> {
  const result: Array<{lang: string; value: string}> = []
  for (const match of text.matchAll(/^(`{3,})(\w*)\n([\s\S]*?)\n\1$/gm)) {
    result.push({lang: match[2] as string, value: match[3] as string})
  }
  return result
}

/** The text of a `## Heading` section of the README (or of `text`). */
function section(name: string, text = readme): string {
  const start = text.indexOf(`\n## ${name}\n`)
  if (start === -1) throw new Error(`No section \`## ${name}\``)
  // The next section heading (headings inside examples, such as `## 経歴`, do not start with A-Z).
  const end = text.slice(start + 1).search(/\n## [A-Z]/)
  return text.slice(start, end === -1 ? undefined : start + 1 + end)
}

/** The anchors GitHub makes for the headings of a Markdown text (outside code blocks). */
function anchors(text: string): Set<string> {
  const slugger = new GithubSlugger()
  const result = new Set<string>()
  const prose = text.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '')
  for (const match of prose.matchAll(/^#{1,6} (.+)$/gm)) {
    const heading = (match[1] as string).replace(/`/g, '')
    result.add(slugger.slug(heading))
  }
  return result
}

/** Relative links (`[text](target)`) of a Markdown text, outside code blocks. */
function links(text: string): Array<string> {
  const prose = text.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '').replace(/`[^`\n]*`/g, '')
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1] as string)
    .filter((target) => !/^[a-z]+:/.test(target))
}

/** Whether `needle` deep-equals `haystack` or any object inside it. */
function contains(haystack: unknown, needle: unknown): boolean {
  if (JSON.stringify(haystack) === JSON.stringify(needle)) return true
  if (Array.isArray(haystack)) return haystack.some((item) => contains(item, needle))
  if (haystack && typeof haystack === 'object')
    return Object.values(haystack).some((item) => contains(item, needle))
  return false
}

/** Every node type of the model but those only inside others (list items, table rows and cells). */
const nodeTypes = [
  'alert',
  'blockquote',
  'break',
  'callout',
  'code',
  'comment',
  'definition',
  'delete',
  'embed',
  'emphasis',
  'footnoteDefinition',
  'footnoteReference',
  'heading',
  'highlight',
  'html',
  'image',
  'imageReference',
  'inlineCode',
  'inlineMath',
  'link',
  'linkReference',
  'list',
  'math',
  'paragraph',
  'strong',
  'table',
  'tag',
  'text',
  'thematicBreak',
  'wikiLink'
]

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

  test('should show one example of every node type, as `convert` gives it', () => {
    const part = section('Document model')
    const model = blocks(part)
    // (`<!-- readme-options: {…} -->` before a block: the options it is converted with.)
    const options = [
      ...part.matchAll(/<!-- readme-options: (.+?) -->\n\n```markdown\n([\s\S]*?)\n```/g)
    ]
    const types: Array<string> = []
    for (let index = 0; index < model.length - 1; index++) {
      const markdown = model[index] as {lang: string; value: string}
      const json = model[index + 1] as {lang: string; value: string}
      if (markdown.lang !== 'markdown' || json.lang !== 'json') continue
      // A node, or a list of nodes: each one an example, found in what `convert` gives.
      const shown = JSON.parse(json.value) as {type: string} | Array<{type: string}>
      const given = options.find((match) => match[2] === markdown.value)?.[1]
      const document = convert(markdown.value, {
        positions: false,
        ...(given && (JSON.parse(given) as Options))
      })
      for (const expected of [shown].flat()) {
        expect(contains(document, expected), `${markdown.value}\n${JSON.stringify(expected)}`).toBe(
          true
        )
        types.push(expected.type)
      }
    }
    // One example a type, every type.
    expect(types.sort()).toEqual(nodeTypes)
  })

  test('should describe every node type in docs/model.md', () => {
    const model = read('docs/model.md')
    for (const type of [...nodeTypes, 'listItem', 'tableRow', 'tableCell']) {
      expect(model, type).toMatch(new RegExp(`^\\| \`${type}\` +\\|`, 'm'))
    }
  })

  test('should show what each schema example yields', () => {
    const part = section('Validating front matter')
    // The JSON Schema and valibot examples are in docs/frontmatter.md, for the README's note.
    const more = section('Validating', read('docs/frontmatter.md'))
    const note = blocks(part).find((block) => block.lang === 'markdown')?.value as string
    const json = blocks(more).find((block) => block.lang === 'json')?.value as string
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
      const text = name === 'zod' ? part : more
      const marker = `<!-- readme-schema: ${name} -->\n\n\`\`\`text\n`
      const start = text.indexOf(marker)
      expect(start, name).toBeGreaterThan(-1)
      const shown = text.slice(start + marker.length, text.indexOf('\n```', start + marker.length))
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
  test('should list every flag and exit code of `--help`, one line each', () => {
    const part = section('Command line')
    const flags = [...help.matchAll(/^ {2}(-[^ ].*?)(?: {2,}|$)/gm)].flatMap((match) =>
      (match[1] as string).split(', ').map((flag) => (flag.split(/[ [=]/)[0] as string).trim())
    )
    expect(flags.length).toBeGreaterThan(25)
    // A row of the flags table whose first cell names the flag.
    for (const flag of flags)
      expect(part, flag).toMatch(new RegExp(`^\\| [^|\\n]*\`${flag}[ \`\\[]`, 'm'))
    for (const code of ['0', '1', '2', '130', '141'])
      expect(part, code).toMatch(new RegExp(`^\\| \`${code}\` +\\|`, 'm'))
    for (const reporter of ['stylish', 'json', 'github']) expect(part).toContain(`\`${reporter}\``)
  })

  test('should have relative links that resolve, anchors included', () => {
    let checked = 0
    for (const page of pages) {
      for (const target of links(read(page))) {
        checked++
        const [file, hash] = target.split('#') as [string, string | undefined]
        const resolved = file ? path.posix.join(path.posix.dirname(page), file) : page
        // docs/cache.md, the cache's on-disk format, is written with the cache itself.
        if (resolved === 'docs/cache.md' && !existsSync(path.join(root, resolved))) continue
        expect(existsSync(path.join(root, resolved)), `${page}: ${target}`).toBe(true)
        if (hash && resolved.endsWith('.md'))
          expect(anchors(read(resolved)).has(hash), `${page}: ${target}`).toBe(true)
      }
    }
    expect(checked).toBeGreaterThan(30)
  })
})
