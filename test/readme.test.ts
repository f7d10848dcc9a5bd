import {readFileSync} from 'node:fs'
import {describe, expect, test} from 'vitest'
import {convert} from '../src/index.js'

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

  test('should document every rule id that docs/rules.md has', () => {
    const rules = readFileSync(new URL('../docs/rules.md', import.meta.url), 'utf8')
    const documented = [...rules.matchAll(/^## `([a-z-]+)`$/gm)].map((match) => match[1])
    const listed = [...section('Diagnostics').matchAll(/^\| `([a-z-]+)` /gm)].map(
      (match) => match[1]
    )
    expect(listed).toEqual(documented)
  })
})
