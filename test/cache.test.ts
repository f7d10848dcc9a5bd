import {
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync
} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterEach, beforeEach, describe, expect, test, vi} from 'vitest'
import {ResultCache, keepDays} from '../src/batch/cache.js'
import type {WorkerResult} from '../src/batch/types.js'

const day = 24 * 60 * 60 * 1000

/** A conversion's result as a worker gives it. */
function result(title: string, pretty = false): WorkerResult {
  const document = {path: `${title}.md`, title, body: 'é𠮷'}
  return {
    json: `${JSON.stringify(document)}\n`,
    pretty: pretty ? `${JSON.stringify(document, null, 2)}\n` : null,
    title,
    frontmatter: null,
    diagnostics: []
  }
}

/** One run: the keys it asks for, converting (`set`) those that miss. Returns what hit. */
async function run(dir: string, salt: string, titles: Array<string>): Promise<Array<string>> {
  const cache = new ResultCache(dir, salt)
  const hits: Array<string> = []
  for (const title of titles) {
    const key = cache.key(`${title}.md`, Buffer.from(title))
    const hit = await cache.get(key)
    if (hit) {
      hits.push(title)
      expect(hit.json.toString()).toBe(result(title).json)
    } else {
      await cache.set(key, result(title))
    }
  }
  await cache.close()
  return hits
}

let dir: string
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'md2data-pack-'))
})
afterEach(() => {
  vi.useRealTimers()
  rmSync(dir, {recursive: true, force: true})
})

describe('ResultCache (packs)', () => {
  test('should keep the entries of one set of options in one pack, rewritten only on a miss', async () => {
    expect(await run(dir, 'a', ['x', 'y'])).toEqual([])
    const [pack] = readdirSync(dir)
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^[\da-f]{32}\.pack$/)])
    const file = path.join(dir, pack as string)
    const before = readFileSync(file)
    expect(before.subarray(0, 15).toString()).toBe('md2data-pack 4\n')
    utimesSync(file, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000))
    const written = statSync(file).mtimeMs
    expect(await run(dir, 'a', ['x', 'y'])).toEqual(['x', 'y'])
    // All hits: not rewritten.
    expect(statSync(file).mtimeMs).toBe(written)
    expect(await run(dir, 'a', ['x', 'z'])).toEqual(['x'])
    expect(statSync(file).mtimeMs).toBeGreaterThan(written)
    // The pack keeps y (used a moment ago), which this run did not ask for.
    expect(await run(dir, 'a', ['x', 'y', 'z'])).toEqual(['x', 'y', 'z'])
    // Other options: another pack, this one untouched.
    expect(await run(dir, 'b', ['x'])).toEqual([])
    expect(readdirSync(dir).length).toBe(2)
    expect(await run(dir, 'a', ['x'])).toEqual(['x'])
  })

  test('should give documents and their indented form back as the same bytes', async () => {
    const cache = new ResultCache(dir, 'a')
    const key = cache.key('p.md', Buffer.from('p'))
    await cache.set(key, result('p', true))
    await cache.close()
    const again = new ResultCache(dir, 'a')
    const hit = await again.get(key)
    await again.close()
    expect(hit?.json.toString()).toBe(result('p', true).json)
    expect(hit?.pretty?.toString()).toBe(result('p', true).pretty)
    expect(hit?.title).toBe('p')
  })

  test('should take a pack or an entry that does not check out as a miss', async () => {
    await run(dir, 'a', ['x', 'y'])
    const file = path.join(dir, readdirSync(dir)[0] as string)
    const bytes = readFileSync(file)
    // Cut short: every note misses, and the pack is written whole again.
    writeFileSync(file, bytes.subarray(0, -1))
    expect(await run(dir, 'a', ['x', 'y'])).toEqual([])
    expect(await run(dir, 'a', ['x', 'y'])).toEqual(['x', 'y'])
    // One entry's first line broken: that note misses, the other hits.
    const whole = readFileSync(file)
    const at = whole.indexOf('{"title":"y"')
    expect(at).toBeGreaterThan(0)
    whole.write('X', at)
    writeFileSync(file, whole)
    expect(await run(dir, 'a', ['x', 'y'])).toEqual(['x'])
    // Not a pack at all.
    writeFileSync(file, 'not a pack\n')
    expect(await run(dir, 'a', ['x'])).toEqual([])
  })

  test(`should drop entries no run used for ${keepDays} days, and such packs`, async () => {
    const start = Date.now()
    vi.useFakeTimers({now: start, toFake: ['Date']})
    await run(dir, 'a', ['old', 'kept'])
    await run(dir, 'other', ['x'])
    // Two days on: a run whose notes all hit marks them used (once a day: the pack is rewritten).
    vi.setSystemTime(start + 2 * day)
    expect(await run(dir, 'a', ['kept'])).toEqual(['kept'])
    // Past the keep: `old` was last used on day 0, `kept` on day 2.
    vi.setSystemTime(start + (keepDays + 1) * day)
    utimesSync(path.join(dir, packName('other')), new Date(start), new Date(start))
    expect(await run(dir, 'a', ['new'])).toEqual([])
    expect(readdirSync(dir)).toEqual([packName('a')])
    expect(await run(dir, 'a', ['old', 'kept', 'new'])).toEqual(['kept', 'new'])
  })

  test('should remove temporary packs of runs that are gone', async () => {
    const stale = '.md2data-2147483646-0123456789ab.tmp'
    const running = `.md2data-${process.ppid}-0123456789ab.tmp`
    writeFileSync(path.join(dir, stale), 'x')
    writeFileSync(path.join(dir, running), 'x')
    await run(dir, 'a', ['x'])
    expect(readdirSync(dir).sort()).toEqual([running, packName('a')].sort())
  })
})

/** The file name of the pack of `salt`. */
function packName(salt: string): string {
  const cache = new ResultCache('.', salt) as unknown as {file: string}
  return path.basename(cache.file)
}
