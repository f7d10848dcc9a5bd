import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {availableParallelism, tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, expect, test} from 'vitest'
// The built package (`npm run test:slow` builds first): its workers start fast.
import type {NoteFile, convert as Convert, convertFiles as ConvertFiles} from '../../src/index.js'

const {convert, convertFiles} = (await import('../../dist/index.js' as string)) as {
  convert: typeof Convert
  convertFiles: typeof ConvertFiles
}

const folder = mkdtempSync(path.join(tmpdir(), 'md2data-determinism-'))
afterAll(() => rmSync(folder, {recursive: true, force: true}))

/** A legal note that takes a while to convert: many references in a long list. */
function slowNote(seed: number, items: number): string {
  const lines = ['# Slow', '']
  for (let index = 0; index < items; index++)
    lines.push(
      `- item ${seed}-${index} [ref${index % 50}] **bold** _em_ \`code\` https://example.com/${index}`
    )
  lines.push('')
  for (let index = 0; index < 50; index++)
    lines.push(`[ref${index}]: https://example.com/r${index}`)
  return `${lines.join('\n')}\n`
}

test('a note over the budget only under load converts, as alone and as with --jobs 1', async () => {
  const text = slowNote(0, 400)
  // Its time alone in this process (fastest of 3, warm), and a budget of six times that: alone, a
  // fresh worker converts it within (its first conversion runs cold, before the JIT, and the
  // machine may be busy with other work); beside many CPU-heavy notes, six workers a core, not.
  let alone = Infinity
  for (let round = 0; round < 3; round++) {
    const start = performance.now()
    convert(text)
    alone = Math.min(alone, performance.now() - start)
  }
  const timeout = Math.max(500, Math.round(alone * 6))
  const files: Array<NoteFile> = []
  const add = (name: string, content: string) => {
    writeFileSync(path.join(folder, name), content)
    files.push({path: name, absolute: path.join(folder, name), relative: name})
  }
  for (let index = 0; index < 12; index++) add(`heavy-${index}a.md`, slowNote(index + 1, 400))
  add('slow.md', text)
  for (let index = 0; index < 12; index++) add(`heavy-${index}b.md`, slowNote(index + 100, 400))

  const loaded = []
  for await (const result of convertFiles(files, {jobs: availableParallelism() * 6, timeout}))
    loaded.push(result)
  const quiet = []
  for await (const result of convertFiles(files, {jobs: 1, timeout: 120_000})) quiet.push(result)

  const rules = loaded.flatMap((result) => result.diagnostics.map((item) => item.ruleId))
  expect(rules.filter((rule) => rule.startsWith('document-'))).toEqual([])
  expect(loaded.map((result) => result.json)).toEqual(quiet.map((result) => result.json))
  const slow = loaded.find((result) => result.file.path === 'slow.md')
  expect(JSON.parse(slow?.json as string)).toEqual(
    JSON.parse(JSON.stringify(convert(text, {path: 'slow.md'})))
  )
})

test('a note that timed out or was too large is never cached: the next run converts it again', async () => {
  const notes: Array<NoteFile> = ['a.md', 'b.md'].map((name) => {
    writeFileSync(path.join(folder, name), slowNote(name.length, 300))
    return {path: name, absolute: path.join(folder, name), relative: name}
  })
  const cache = path.join(folder, 'cache')
  const run = async (options: {timeout?: number; maxSize?: number}) => {
    const results = []
    for await (const result of convertFiles(notes, {jobs: 1, cache, ...options}))
      results.push(result)
    return results.map((result) => [
      result.cached,
      result.diagnostics
        .filter((item) => item.ruleId.startsWith('document-'))
        .map((item) => item.ruleId)
    ])
  }
  expect(await run({timeout: 1})).toEqual([
    [false, ['document-timeout']],
    [false, ['document-timeout']]
  ])
  expect(await run({maxSize: 100})).toEqual([
    [false, ['document-too-large']],
    [false, ['document-too-large']]
  ])
  expect(await run({maxSize: 100})).toEqual([
    [false, ['document-too-large']],
    [false, ['document-too-large']]
  ])
  expect(await run({})).toEqual([
    [false, []],
    [false, []]
  ])
  expect(await run({})).toEqual([
    [true, []],
    [true, []]
  ])
})

test('after a timeout, the front matter is read in a worker under the budget, never on the main thread', async () => {
  // A schema that takes far longer than the budget to validate.
  const schema = path.join(folder, 'slow-schema.mjs')
  writeFileSync(
    schema,
    `export default {'~standard': {version: 1, vendor: 'test', validate(value) {
      const end = Date.now() + 60_000
      while (Date.now() < end) {}
      return {value}
    }}}\n`
  )
  writeFileSync(path.join(folder, 'front.md'), '---\ntitle: Slow\n---\n\n# Slow\n')
  const note = {path: 'front.md', absolute: path.join(folder, 'front.md'), relative: 'front.md'}
  const results = []
  for await (const result of convertFiles([note], {jobs: 1, timeout: 300, schema}))
    results.push(result)
  expect(
    results.map((result) => [result.frontmatter, result.diagnostics.map((item) => item.ruleId)])
  ).toEqual([[null, ['document-timeout']]])
})
