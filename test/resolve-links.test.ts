import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, test} from 'vitest'
import {resolveLinks} from '../src/batch/resolve-links.js'
import {toResult} from '../src/batch/result.js'
import type {WorkerResult} from '../src/batch/result.js'
import {findNotes} from '../src/batch/files.js'
import {convert, serialize} from '../src/index.js'
import type {NoteDocument} from '../src/index.js'

const repository = path.resolve(import.meta.dirname, '..')

/** A note whose front matter and text have keys and strings that look like the document's own. */
const tricky = [
  '---',
  'links: [{resolved: 1}]',
  'tags: [a]',
  'diagnostics: "x"',
  'nested: {"links": [], "tags": []}',
  '---',
  '# Tricky ,"links":[ and ,"tags":[ and ,"diagnostics":[',
  '',
  'A [link](./Index.md#nothing-here) and `,"links":` in code.'
].join('\n')

describe('resolveLinks', () => {
  test('should give the JSON a full parse and write would, splicing only links and diagnostics', async () => {
    const found = await findNotes(['fixtures/vault'], {cwd: repository})
    const held = found.files.map((file) => {
      const text = file.relative === 'Inbox.md' ? tricky : readFileSync(file.absolute, 'utf8')
      const document = convert(text, {path: file.path, syntax: 'obsidian'})
      const result = toResult(document, document.title, {pretty: true, maxOutput: 1e9})
      return {...(result as WorkerResult), file, cached: false}
    })
    const {results} = resolveLinks(held, found.attachments)
    let patched = 0
    for (const [index, result] of results.entries()) {
      const before = held[index] as (typeof held)[number]
      const document = JSON.parse(before.json) as NoteDocument
      const after = JSON.parse(result.json as string) as NoteDocument
      // The oracle: the whole document parsed, the same links and diagnostics put in, written.
      const expected = serialize({...document, links: after.links, diagnostics: after.diagnostics})
      expect(result.json).toBe(expected)
      expect(result.pretty).toBe(serialize(JSON.parse(expected), {pretty: true}))
      expect(after.diagnostics).toEqual(result.diagnostics)
      if (result.json !== before.json) patched++
    }
    expect(patched).toBe(33)
    const inbox = results.find((result) => result.file.relative === 'Inbox.md')
    const parsed = JSON.parse(inbox?.json as string) as NoteDocument
    expect(parsed.frontmatter?.data).toEqual({
      links: [{resolved: 1}],
      tags: ['a'],
      diagnostics: 'x',
      nested: {links: [], tags: []}
    })
    expect(parsed.links.map((link) => link.resolved)).toEqual([
      {path: 'fixtures/vault/Index.md', anchor: null}
    ])
    expect(parsed.diagnostics.map((item) => item.ruleId)).toEqual(['link-anchor-missing'])
  })
})
