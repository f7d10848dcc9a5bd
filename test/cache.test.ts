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
const pack = /^[\da-f]{32}\.[\da-f]{12}\.pack$/

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

/** The key of a note of this test. */
function keyOf(salt: string, title: string): string {
  return new ResultCache('.', salt).key(`${title}.md`, Buffer.from(title))
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
      expect(hit.documents().json.toString()).toBe(result(title).json)
    } else {
      await cache.set(key, result(title))
    }
  }
  await cache.close()
  return hits
}

/** The packs in the folder, with when each was written. */
function packs(dir: string): Array<string> {
  return readdirSync(dir)
    .filter((name) => pack.test(name))
    .map((name) => `${name} ${statSync(path.join(dir, name)).mtimeMs}`)
    .sort()
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
  test('should write a pack a run that misses, and merge packs as a binary counter carries', async () => {
    expect(await run(dir, 'a', ['x', 'y'])).toEqual([])
    expect(packs(dir).length).toBe(1)
    const first = packs(dir)
    expect(readFileSync(path.join(dir, first[0]?.split(' ')[0] as string), 'latin1')).toMatch(
      /^md2data-pack 8\n\{"key":"[\da-f]{64}","title":"x",/
    )
    // All hits: nothing written.
    expect(await run(dir, 'a', ['x', 'y'])).toEqual(['x', 'y'])
    expect(packs(dir)).toEqual(first)
    // A miss: a pack of its own (1 entry beside 2: levels 0 and 1).
    expect(await run(dir, 'a', ['x', 'z'])).toEqual(['x'])
    expect(packs(dir).length).toBe(2)
    expect(await run(dir, 'a', ['x', 'y', 'z'])).toEqual(['x', 'y', 'z'])
    // Another 1-entry pack: with z's, 2 entries, which meet x and y's: one pack of 4.
    expect(await run(dir, 'a', ['w'])).toEqual([])
    expect(packs(dir).length).toBe(1)
    expect(await run(dir, 'a', ['w', 'x', 'y', 'z'])).toEqual(['w', 'x', 'y', 'z'])
    // Other options: packs of their own, these untouched.
    const mine = packs(dir)
    expect(await run(dir, 'b', ['x'])).toEqual([])
    expect(packs(dir).length).toBe(2)
    expect(packs(dir)).toEqual(expect.arrayContaining(mine))
    expect(await run(dir, 'a', ['x'])).toEqual(['x'])
  })

  test('should keep few packs however small the runs (one note a run)', async () => {
    const titles = Array.from({length: 100}, (_, index) => `n${index}`)
    const counts: Array<number> = []
    for (const [index, title] of titles.entries()) {
      expect(await run(dir, 'a', [title])).toEqual([])
      counts.push(packs(dir).length)
      // As many packs as 1 bits in the number of entries.
      expect(counts[index]).toBe((index + 1).toString(2).replace(/0/g, '').length)
    }
    expect(Math.max(...counts)).toBe(6)
    expect(await run(dir, 'a', titles)).toEqual(titles)
  })

  test('should give documents and their indented form back as the same bytes', async () => {
    const cache = new ResultCache(dir, 'a')
    const key = cache.key('p.md', Buffer.from('p'))
    await cache.set(key, result('p', true))
    await cache.close()
    const again = new ResultCache(dir, 'a')
    const hit = await again.get(key)
    await again.close()
    expect(hit?.documents().json.toString()).toBe(result('p', true).json)
    expect(hit?.documents().pretty?.toString()).toBe(result('p', true).pretty)
    expect(hit?.jsonLength).toBe(Buffer.byteLength(result('p', true).json))
    expect(hit?.title).toBe('p')
    expect(hit?.frontmatter).toBe(null)
  })

  test('should give the front matter back, parsed when first read', async () => {
    const frontmatter = {
      format: 'yaml' as const,
      raw: 'title: 日本語\n',
      data: {title: '日本語', tags: ['a', 'b']},
      valid: true as const
    }
    const cache = new ResultCache(dir, 'a')
    const key = cache.key('p.md', Buffer.from('p'))
    await cache.set(key, {...result('p'), frontmatter})
    await cache.close()
    const again = new ResultCache(dir, 'a')
    const eager = again.get(key)
    const lazy = again.get(key, true)
    const unread = again.get(key, true)
    // A lazy hit reads its entry for it (while the cache is open); title and diagnostics come
    // from the index.
    expect(lazy?.held).toBe(0)
    expect(lazy?.frontmatter).toEqual(frontmatter)
    expect(lazy?.held).toBe(Buffer.byteLength(result('p').json))
    expect([unread?.title, unread?.diagnostics]).toEqual(['p', []])
    await again.close()
    expect(eager?.frontmatter).toEqual(frontmatter)
    expect(eager?.frontmatter).toBe(eager?.frontmatter)
    expect(() => unread?.frontmatter).toThrow(/^The cache in `.+` is closed$/)
  })

  test("should read a lazy hit's documents only when asked, and only while open", async () => {
    const cache = new ResultCache(dir, 'a')
    const key = cache.key('p.md', Buffer.from('p'))
    await cache.set(key, result('p', true))
    await cache.close()
    const again = new ResultCache(dir, 'a')
    const hit = await again.get(key, true)
    const unread = await again.get(key, true)
    expect(hit?.title).toBe('p')
    expect(hit?.held).toBe(0)
    expect(hit?.jsonLength).toBe(Buffer.byteLength(result('p', true).json))
    expect(hit?.documents().json.toString()).toBe(result('p', true).json)
    expect(hit?.documents().pretty?.toString()).toBe(result('p', true).pretty)
    expect(hit?.held).toBe(
      Buffer.byteLength(result('p', true).json) + Buffer.byteLength(result('p', true).pretty ?? '')
    )
    await again.close()
    expect(() => unread?.documents()).toThrow(/^The cache in `.+` is closed$/)
    // Read before the close: still there.
    expect(hit?.documents().json.toString()).toBe(result('p', true).json)
  })

  test('should take a pack or an entry that does not check out as a miss', async () => {
    await run(dir, 'a', ['x', 'y'])
    const file = path.join(dir, readdirSync(dir)[0] as string)
    const bytes = readFileSync(file)
    // Cut short: every note misses; the broken pack is removed, a new one written.
    writeFileSync(file, bytes.subarray(0, -1))
    expect(await run(dir, 'a', ['x', 'y'])).toEqual([])
    expect(readdirSync(dir).filter((name) => pack.test(name)).length).toBe(1)
    expect(await run(dir, 'a', ['x', 'y'])).toEqual(['x', 'y'])
    // One entry's first line broken: that note misses, the other hits; the pack is removed (its
    // other entries are converted again next time).
    const now = path.join(dir, readdirSync(dir)[0] as string)
    const whole = readFileSync(now)
    const at = whole.indexOf(`{"key":"${keyOf('a', 'y')}"`)
    expect(at).toBeGreaterThan(0)
    whole.write('X', at)
    writeFileSync(now, whole)
    expect(await run(dir, 'a', ['x', 'y'])).toEqual(['x'])
    expect(readdirSync(dir)).not.toContain(path.basename(now))
    expect(await run(dir, 'a', ['x', 'y'])).toEqual(['y'])
    expect(await run(dir, 'a', ['x', 'y'])).toEqual(['x', 'y'])
    // An entry whose head names another key than the index (a pack written by a bug, say) is a
    // miss, not that document.
    for (const name of readdirSync(dir)) {
      const swapped = readFileSync(path.join(dir, name))
        .toString('latin1')
        .replace(`{"key":"${keyOf('a', 'x')}"`, `{"key":"${keyOf('a', 'q')}"`)
      writeFileSync(path.join(dir, name), Buffer.from(swapped, 'latin1'))
    }
    expect(await run(dir, 'a', ['x'])).toEqual([])
    // Not a pack at all.
    for (const name of readdirSync(dir)) writeFileSync(path.join(dir, name), 'not a pack\n')
    expect(await run(dir, 'a', ['x'])).toEqual([])
  })

  test("should fail, and remove its pack, when a lazy hit's entry does not check out", async () => {
    await run(dir, 'a', ['x', 'y'])
    const file = path.join(dir, readdirSync(dir)[0] as string)
    const whole = readFileSync(file)
    whole.write('X', whole.indexOf(`{"key":"${keyOf('a', 'y')}"`))
    writeFileSync(file, whole)
    const cache = new ResultCache(dir, 'a')
    const x = cache.get(keyOf('a', 'x'), true)
    const y = cache.get(keyOf('a', 'y'), true)
    expect(x?.documents().json.toString()).toBe(result('x').json)
    // Too late to miss: its title and diagnostics came from the index.
    expect(y?.title).toBe('y')
    expect(() => y?.documents()).toThrow(
      /^Cannot read the cache in `.+`: an entry does not check out \(its pack is removed; run again\)$/
    )
    expect(cache.get(keyOf('a', 'x'), true)).toBe(null)
    await cache.close()
    expect(readdirSync(dir)).toEqual([])
    expect(await run(dir, 'a', ['x', 'y'])).toEqual([])
  })

  test(`should drop entries no run used for ${keepDays} days, and such packs`, async () => {
    const start = Date.now()
    vi.useFakeTimers({now: start, toFake: ['Date']})
    await run(dir, 'a', ['old', 'kept'])
    const mine = readdirSync(dir)
    await run(dir, 'other', ['x'])
    const other = readdirSync(dir).filter((name) => !mine.includes(name))
    expect(other).toEqual([expect.stringMatching(pack)])
    // Two days on: a run whose hits come from a pack written more than a day ago merges all
    // packs, to mark them used.
    vi.setSystemTime(start + 2 * day)
    expect(await run(dir, 'a', ['kept'])).toEqual(['kept'])
    // Past the keep: `old` was last used on day 0, `kept` on day 2; the other options' pack was
    // last written on day 0.
    vi.setSystemTime(start + (keepDays + 1) * day)
    for (const name of other) utimesSync(path.join(dir, name), new Date(start), new Date(start))
    expect(await run(dir, 'a', ['kept', 'new'])).toEqual(['kept'])
    expect(readdirSync(dir).length).toBe(1)
    expect(await run(dir, 'a', ['old', 'kept', 'new'])).toEqual(['kept', 'new'])
  })

  test('should remove temporary packs of runs that are gone, a day old', async () => {
    // A process that is not running: a day old (removed), or recent (kept: it may run on another
    // machine sharing the folder); a running process (kept).
    const stale = '.md2data-2147483646-0123456789ab.tmp'
    const recent = '.md2data-2147483646-ba9876543210.tmp'
    const running = `.md2data-${process.ppid}-0123456789ab.tmp`
    for (const name of [stale, recent, running]) writeFileSync(path.join(dir, name), 'x')
    const old = new Date(Date.now() - 2 * day)
    utimesSync(path.join(dir, stale), old, old)
    await run(dir, 'a', ['x'])
    expect(
      readdirSync(dir)
        .filter((name) => !pack.test(name))
        .sort()
    ).toEqual([recent, running].sort())
  })

  test('should drop what is set after close, and keep its own temporary files', async () => {
    const cache = new ResultCache(dir, 'a')
    const other = new ResultCache(dir, 'a')
    await cache.set(keyOf('a', 'x'), result('x'))
    await other.set(keyOf('a', 'y'), result('y'))
    // Closing one does not take the other's temporary pack (same process) for a dead run's.
    await cache.close()
    await other.close()
    await cache.set(keyOf('a', 'z'), result('z'))
    expect(await cache.get(keyOf('a', 'x'))).toBe(null)
    await cache.close()
    expect(readdirSync(dir).filter((name) => !pack.test(name))).toEqual([])
    expect(await run(dir, 'a', ['x', 'y', 'z'])).toEqual(['x', 'y'])
  })
})
