import {readFileSync} from 'node:fs'
import {describe, expect, test} from 'vitest'
import {convert, jsonSchema} from '../src/index.js'
import type {Diagnostic} from '../src/index.js'
import {LinkGraph} from '../src/links/graph.js'
import {linkSummary} from '../src/batch/result.js'
import type {LinkSummary} from '../src/batch/result.js'

const rules = readFileSync(new URL('../docs/rules.md', import.meta.url), 'utf8')
const sections = rules.split(/^## /m).slice(1)

/** `\xNN` and `\n` escapes to bytes. */
function bytes(text: string): Uint8Array {
  const result: Array<number> = []
  for (let index = 0; index < text.length; index++) {
    if (text.startsWith('\\x', index)) {
      result.push(Number.parseInt(text.slice(index + 2, index + 4), 16))
      index += 3
    } else if (text.startsWith('\\n', index)) {
      result.push(10)
      index += 1
    } else {
      result.push(...Buffer.from(text[index] as string))
    }
  }
  return new Uint8Array(result)
}

/** The other notes of the `link-*` examples' run, which converts `notes/a.md` with them. */
const linked: Record<string, string> = {
  'notes/setup.md': '# Installation\n',
  'notes/a/Plan.md': '# Plan A\n',
  'notes/b/Plan.md': '# Plan B\n'
}

/** The `link-*` diagnostics of `notes/a.md` (the example) in a run with the notes above. */
function linkDiagnostics(note: string): Array<Diagnostic> {
  const files = {'notes/a.md': note, ...linked}
  const graph = new LinkGraph(Object.keys(files))
  for (const [path, text] of Object.entries(files)) {
    const summary = linkSummary(convert(text, {path, syntax: 'obsidian'})) as LinkSummary
    graph.add({path, root: 'notes', ...summary})
  }
  return graph.resolve('notes/a.md').diagnostics
}

describe('docs/rules.md', () => {
  test('should describe every rule md2data reports', () => {
    const ids = sections.map((section) => /^`([a-z-]+)`/.exec(section)?.[1])
    expect(ids).toEqual([
      'file-encoding',
      'frontmatter-syntax',
      'frontmatter-not-object',
      'frontmatter-duplicate-key',
      'frontmatter-unsafe-number',
      'frontmatter-too-large',
      'frontmatter-schema',
      'reference-undefined',
      'reference-unused',
      'reference-duplicate',
      'footnote-undefined',
      'footnote-unused',
      'footnote-duplicate',
      'document-too-deep',
      'file-unreadable',
      'file-skipped',
      'document-timeout',
      'document-too-large',
      'document-failed',
      'output-collision',
      'file-unwritable',
      'link-broken',
      'link-anchor-missing',
      'link-ambiguous',
      'tag-invalid'
    ])
  })

  const cliTests = ['cli.test.ts', 'slow/cli-process.test.ts', 'slow/cli-faults.test.ts']
    .map((file) => readFileSync(new URL(file, import.meta.url), 'utf8'))
    .join('\n')

  for (const section of sections) {
    const id = /^`([a-z-]+)`/.exec(section)?.[1] as string
    if (/^```sh$/m.test(section)) {
      test(`should show a message for \`${id}\` that the CLI tests check`, () => {
        const output = /^```text\n([\s\S]*?)\n```$/m.exec(section)?.[1] as string
        for (const row of output.split('\n')) {
          const message = row.split('  ')[2] as string
          expect(row.endsWith(`  ${id}`)).toBe(true)
          // `document-failed` has no reproducible trigger: only its wording is checked, in the source.
          if (id === 'document-failed') continue
          expect(
            cliTests.replace(/\$\{Buffer\.byteLength\(good\)\}/g, '35').replace(/\\`/g, '`'),
            message
          ).toContain(message)
        }
      })
      continue
    }
    test(`should give the diagnostics shown for \`${id}\``, () => {
      const input = /^```(markdown|bytes)\n([\s\S]*?)\n```$/m.exec(section)
      const output = /^```text\n([\s\S]*?)\n```$/m.exec(section)
      expect(input && output, 'an example and its diagnostics').toBeTruthy()
      const note = input?.[1] === 'bytes' ? bytes(input[2] as string) : `${input?.[2]}\n`
      const schema =
        id === 'frontmatter-schema'
          ? jsonSchema({
              type: 'object',
              required: ['title'],
              properties: {layout: {enum: ['post', 'page']}}
            })
          : undefined
      const diagnostics = id.startsWith('link-')
        ? linkDiagnostics(note as string)
        : convert(note, {schema, syntax: id === 'tag-invalid' ? 'obsidian' : 'gfm'}).diagnostics
      const rows = diagnostics.map((item) => {
        const {start, end} = item.position ?? {
          start: {line: 0, column: 0},
          end: {line: 0, column: 0}
        }
        return `${start.line}:${start.column}-${end.line}:${end.column}  ${item.severity}  ${item.message}  ${item.ruleId}`
      })
      expect(rows).toEqual(output?.[1]?.split('\n'))
      expect(rows.every((row) => row.endsWith(`  ${id}`))).toBe(true)
    })
  }
})
