import {readFileSync, readdirSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, test} from 'vitest'
import {findNotes} from '../src/batch/files.js'
import {linker, resolveLinks} from '../src/batch/resolve-links.js'
import {toResult} from '../src/batch/result.js'
import type {WorkerResult} from '../src/batch/result.js'
import {HeldResults} from '../src/batch/held.js'
import {convert} from '../src/index.js'
import type {FileResult} from '../src/index.js'

const repository = path.resolve(import.meta.dirname, '..')

/** The test vault's notes converted (links unresolved), as `convertFiles` gives them. */
async function vault(): Promise<{results: Array<FileResult>; attachments: Array<string>}> {
  const found = await findNotes(['fixtures/vault'], {cwd: repository})
  const results = found.files.map((file, index) => {
    const document = convert(readFileSync(file.absolute, 'utf8'), {
      path: file.path,
      syntax: 'obsidian'
    })
    const result = toResult(document, document.title, {pretty: index % 2 === 0, maxOutput: 1e9})
    return {...(result as WorkerResult), file, cached: index % 3 === 0}
  })
  return {results, attachments: found.attachments}
}

/** The folders a `HeldResults` may leave in the temporary folder. */
const leftovers = () => readdirSync(tmpdir()).filter((name) => name.startsWith('md2data-held-'))

/** All in the file, the first few in memory and the rest in the file, all in memory. */
const memories = [0, 50_000, undefined]

describe.each(memories)('HeldResults, memory %s', (memory) => {
  test('should give back each result as it was held, documents in other scripts too', async () => {
    const {results} = await vault()
    const held = new HeldResults({memory})
    const before = leftovers()
    for (const result of [...results].reverse()) held.set(result)
    const size = results.reduce(
      (sum, {json, pretty}) => sum + (json ?? '').length + (pretty ?? '').length,
      0
    )
    expect(size).toBeGreaterThan(10 * 50_000)
    expect(results.some((result) => /[\u3040-\u30ff]/.test(result.json ?? ''))).toBe(true)
    for (const result of results) expect(held.get(result.file.path)).toStrictEqual(result)
    expect(held.summaries()).toStrictEqual(
      new Map([...results].reverse().map(({file, links}) => [file.path, {file, links}]))
    )
    // (The file is removed once opened, where the system allows it: here.)
    if (process.platform !== 'win32') expect(leftovers()).toEqual(before)
    held.close()
    held.close()
    expect(leftovers()).toEqual(before)
  })

  test('should hold a note that could not be read, under a key of its own, replace, forget and refile notes', async () => {
    const [first, second] = (await vault()).results as [FileResult, FileResult]
    const held = new HeldResults({memory})
    const unread = {...first, json: null, pretty: null, title: null, frontmatter: null, links: null}
    held.set(unread)
    held.set(second, 'second')
    expect(held.get(first.file.path)).toStrictEqual(unread)
    held.set(first)
    expect(held.get(first.file.path)).toStrictEqual(first)
    expect(held.get('second')).toStrictEqual(second)
    const file = {...first.file}
    held.refile(file)
    expect(held.get(first.file.path).file).toBe(file)
    held.delete('second')
    expect([...held.summaries().keys()]).toEqual([first.file.path])
    expect(() => held.get('second')).toThrow('No result is held for `second`')
    held.close()
  })

  test('should keep results in memory when there can be no temporary file', async () => {
    const {results} = await vault()
    const tmp = process.env.TMPDIR
    process.env.TMPDIR = path.join(repository, 'no such folder')
    try {
      const held = new HeldResults({memory})
      for (const result of results) held.set(result)
      for (const result of results) expect(held.get(result.file.path)).toStrictEqual(result)
      held.close()
    } finally {
      if (tmp === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = tmp
    }
  })

  test('should resolve links one held result at a time as resolveLinks does all at once', async () => {
    const {results, attachments} = await vault()
    const held = new HeldResults({memory})
    for (const result of results) held.set(result)
    const notes = held.summaries()
    const {resolve, graph} = linker([...notes.values()], attachments)
    const all = resolveLinks(results, attachments)
    expect([...notes.keys()].map((key) => resolve(held.get(key)))).toStrictEqual(all.results)
    expect(graph).toStrictEqual(all.graph)
    held.close()
  })
})
