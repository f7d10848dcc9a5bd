import * as fs from 'node:fs'
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync
} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterEach, beforeEach, describe, expect, test, vi} from 'vitest'
import {ResultCache, cacheLayout, keepDays} from '../src/batch/cache.js'
import {convertFiles} from '../src/batch/convert-files.js'
import {findNotes} from '../src/batch/files.js'
import type {WorkerResult} from '../src/batch/result.js'

// Hooks into the cache's file system calls, to run another cache in the middle of a `close`.
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof fs>()
  return {
    ...actual,
    readdirSync: vi.fn(actual.readdirSync),
    statSync: vi.fn(actual.statSync),
    renameSync: vi.fn(actual.renameSync)
  }
})

const day = 24 * 60 * 60 * 1000
const packName = /^[\da-f]{32}-[\da-f]{12}\.pack$/
const magic = `md2data-pack ${cacheLayout}\n`

/** A conversion's result as a worker gives it; `bare`: no title, front matter or diagnostics. */
function result(name: string, {pretty = false, bare = false} = {}): WorkerResult {
  const document = {path: `${name}.md`, title: bare ? null : name, body: 'é𠮷\u2028"\\'}
  return {
    json: `${JSON.stringify(document)}\n`,
    pretty: pretty ? `${JSON.stringify(document, null, 2)}\n` : null,
    title: bare ? null : name,
    links: bare
      ? null
      : {
          headings: [{text: 'Ä', id: 'ä'}],
          blockIds: ['b1'],
          aliases: [name],
          links: [
            {index: 0, kind: 'link', syntax: 'wikilink', target: 'x', anchor: null, position: null}
          ]
        },
    frontmatter: bare
      ? null
      : {
          format: 'yaml',
          raw: `title: ${name}\n`,
          data: {title: name, tags: ['a', 'é']},
          valid: true
        },
    diagnostics: bare
      ? []
      : [
          {
            severity: 'warning',
            ruleId: 'link-unresolved',
            message: `\`${name}\` names no note`,
            path: `${name}.md`,
            position: {
              start: {line: 1, column: 1, offset: 0},
              end: {line: 1, column: 5, offset: 4}
            },
            source: 'md2data'
          }
        ]
  }
}

/** The result a note of these tests has (a third of them indented, a third bare). */
function expected(name: string): WorkerResult {
  const code = [...name].reduce((sum, char) => sum + char.charCodeAt(0), 0)
  return result(name, {pretty: code % 3 === 1, bare: code % 3 === 2})
}

function keyOf(cache: ResultCache, name: string): string {
  return cache.key(`${name}.md`, Buffer.from(`# ${name}\n`))
}

/** One run: gets each note, sets those that miss (as `convertFiles` does); returns the hits. */
async function run(dir: string, salt: string, names: Array<string>): Promise<Array<string>> {
  const cache = await ResultCache.open(dir, salt)
  const hits: Array<string> = []
  for (const name of names) {
    const key = keyOf(cache, name)
    const hit = cache.get(key)
    if (hit) {
      expect(hit).toStrictEqual(expected(name))
      hits.push(name)
    } else {
      cache.set(key, expected(name))
    }
  }
  cache.close()
  return hits
}

/** The packs in the folder: name, inode and modification time. */
function packs(dir: string): Array<string> {
  return readdirSync(dir)
    .filter((name) => packName.test(name))
    .map((name) => {
      const info = statSync(path.join(dir, name))
      return `${name} ${info.ino} ${info.mtimeMs}`
    })
    .sort()
}

const packFiles = (dir: string) =>
  readdirSync(dir)
    .filter((name) => packName.test(name))
    .map((name) => path.join(dir, name))

const names = (prefix: string, count: number) =>
  Array.from({length: count}, (_, index) => `${prefix}${index}`)

type Hooked = 'readdirSync' | 'renameSync' | 'statSync'

/** Run `hook` once, right before or after the call of `fs[name]` that follows `skip` others. */
function hook(name: Hooked, when: 'before' | 'after', skip: number, run: () => void): void {
  const real = vi.mocked(fs[name]).getMockImplementation() as (...args: Array<unknown>) => unknown
  for (let index = 0; index < skip; index++)
    vi.mocked(fs[name]).mockImplementationOnce(real as never)
  vi.mocked(fs[name]).mockImplementationOnce(((...args: Array<unknown>) => {
    if (when === 'before') run()
    const value = real(...args)
    if (when === 'after') run()
    return value
  }) as never)
}

/** A seeded random integer below `n` (a linear congruential generator). */
function seeded(seed: number): (n: number) => number {
  let state = seed >>> 0
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return Math.floor((state / 2 ** 32) * n)
  }
}

/** The parts of a pack: magic, entries, index, trailer (as `[from, to)`). */
function parts(bytes: Buffer): Array<[number, number]> {
  const start = Number(bytes.toString('latin1', bytes.length - 17, bytes.length - 1))
  return [
    [0, magic.length],
    [magic.length, start],
    [start, bytes.length - 18],
    [bytes.length - 18, bytes.length]
  ]
}

/** Flip `count` bytes of one part of a pack, at random places. */
function flip(file: string, part: number, count: number, random: (n: number) => number): void {
  const bytes = readFileSync(file)
  const [from, to] = parts(bytes)[part] as [number, number]
  for (let index = 0; index < count; index++) {
    const at = from + random(to - from)
    bytes[at] = (bytes[at] as number) ^ (1 + random(255))
  }
  writeFileSync(file, bytes)
}

let dir: string
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'md2data-cache-'))
})
afterEach(() => {
  vi.useRealTimers()
  vi.mocked(fs.readdirSync).mockReset()
  vi.mocked(fs.renameSync).mockReset()
  vi.mocked(fs.statSync).mockReset()
  rmSync(dir, {recursive: true, force: true})
})

describe('ResultCache', () => {
  test('should give back exactly the result set, in a later run', async () => {
    const cache = await ResultCache.open(dir, 'a')
    const all = [
      ['plain', result('plain')],
      ['indented', result('indented', {pretty: true})],
      ['bare', result('bare', {bare: true})],
      [
        'invalid',
        {
          ...result('invalid', {pretty: true}),
          frontmatter: {format: 'toml', raw: 'a = [', data: {}, valid: false}
        }
      ]
    ] as const
    for (const [name] of all) expect(cache.get(keyOf(cache, name))).toBe(null)
    for (const [name, value] of all) cache.set(keyOf(cache, name), value)
    cache.close()
    const again = await ResultCache.open(dir, 'a')
    for (const [name, value] of all) expect(again.get(keyOf(again, name))).toStrictEqual(value)
    // Twice: the same again.
    expect(again.get(keyOf(again, 'indented'))).toStrictEqual(all[1][1])
    again.close()
  })

  test('should make a key of the options, the path and the bytes', async () => {
    const a = await ResultCache.open(dir, 'a')
    const b = await ResultCache.open(dir, 'b')
    const key = a.key('x.md', Buffer.from('x'))
    expect(key).toMatch(/^[\da-f]{64}$/)
    expect(a.key('x.md', Buffer.from('x'))).toBe(key)
    expect((await ResultCache.open(dir, 'a')).key('x.md', Buffer.from('x'))).toBe(key)
    expect(b.key('x.md', Buffer.from('x'))).not.toBe(key)
    expect(a.key('y.md', Buffer.from('x'))).not.toBe(key)
    expect(a.key('x.md', Buffer.from('y'))).not.toBe(key)
    expect(a.key('x.md', Buffer.from('x '))).not.toBe(key)
    // Where the path ends and the bytes start is part of the key.
    expect(a.key('ab', Buffer.from('c'))).not.toBe(a.key('a', Buffer.from('bc')))
    // Set under one salt, not found under another.
    a.set(key, expected('x'))
    a.close()
    b.close()
    const other = await ResultCache.open(dir, 'b')
    expect(other.get(key)).toBe(null)
    expect(other.get(other.key('x.md', Buffer.from('x')))).toBe(null)
    other.close()
  })

  test('should write one pack a run that missed, none for a run that only hit', async () => {
    expect(await run(dir, 'a', ['x', 'y'])).toEqual([])
    const first = packs(dir)
    expect(first).toHaveLength(1)
    expect(readdirSync(dir)).toHaveLength(1)
    expect(readFileSync(packFiles(dir)[0] as string, 'utf8').startsWith(magic)).toBe(true)
    expect(await run(dir, 'a', ['x', 'y'])).toEqual(['x', 'y'])
    expect(packs(dir)).toEqual(first)
    expect(await run(dir, 'a', ['x', 'z'])).toEqual(['x'])
    expect(packs(dir)).toHaveLength(2)
    expect(packs(dir)).toEqual(expect.arrayContaining(first))
    // Other options: a pack of their own, these untouched.
    const mine = packs(dir)
    expect(await run(dir, 'b', ['x'])).toEqual([])
    expect(packs(dir)).toHaveLength(3)
    expect(packs(dir)).toEqual(expect.arrayContaining(mine))
    expect(await run(dir, 'a', ['x', 'y', 'z'])).toEqual(['x', 'y', 'z'])
    expect(await run(dir, 'b', ['x'])).toEqual(['x'])
    // Nothing but packs.
    expect(readdirSync(dir)).toHaveLength(3)
  })

  test('should compact more than 8 packs: all but the largest into one', async () => {
    // Another option's 8 packs do not count.
    for (const name of names('b', 8)) await run(dir, 'b', [name])
    const theirs = packs(dir)
    expect(await run(dir, 'a', names('big', 20))).toEqual([])
    const largest = packs(dir).filter((pack) => !theirs.includes(pack))
    expect(largest).toHaveLength(1)
    for (const [index, name] of names('s', 7).entries()) {
      await run(dir, 'a', [name])
      expect(packs(dir)).toHaveLength(8 + 2 + index)
    }
    const before = packs(dir)
    // The 9th: compacted.
    await run(dir, 'a', ['s7'])
    const after = packs(dir).filter((pack) => !theirs.includes(pack))
    expect(after).toHaveLength(2)
    // The largest is the same file, untouched; the other is new.
    expect(after).toContain(largest[0])
    expect(before).not.toContain(after.find((pack) => pack !== largest[0]))
    expect(packs(dir).filter((pack) => theirs.includes(pack))).toEqual(theirs)
    const all = [...names('big', 20), ...names('s', 8)]
    expect(await run(dir, 'a', all)).toEqual(all)
    expect(await run(dir, 'b', names('b', 8))).toEqual(names('b', 8))
    expect(packs(dir)).toHaveLength(10)
  })

  test(`should remove packs of any options not written for ${keepDays} + 7 days`, async () => {
    await run(dir, 'other', ['x'])
    const other = packFiles(dir)
    await run(dir, 'a', ['y'])
    const mine = packFiles(dir).filter((file) => !other.includes(file))
    const hour = 60 * 60 * 1000
    const old = new Date(Date.now() - (keepDays + 7) * day - hour)
    const kept = new Date(Date.now() - (keepDays + 7) * day + hour)
    for (const file of other) utimesSync(file, old, old)
    for (const file of mine) utimesSync(file, kept, kept)
    expect(await run(dir, 'a', ['y'])).toEqual(['y'])
    expect(packFiles(dir)).toEqual(mine)
    for (const file of mine) utimesSync(file, old, old)
    expect(await run(dir, 'a', ['y'])).toEqual([])
    expect(packFiles(dir)).not.toContain(mine[0])
  })

  test(`should drop entries older than ${keepDays} + 7 days when it compacts`, async () => {
    const now = Date.now()
    vi.useFakeTimers({toFake: ['Date'], now})
    for (const [name, age] of [
      ['d40', 40],
      ['d38', 38],
      ['d37', 37],
      ['d36', 36],
      ['used', 40]
    ] as const) {
      vi.setSystemTime(now - age * day)
      expect(await run(dir, 'a', [name])).toEqual([])
    }
    // Used on day -20: copied then (written on day -40), so it is kept.
    vi.setSystemTime(now - 20 * day)
    expect(await run(dir, 'a', ['used'])).toEqual(['used'])
    expect(packs(dir)).toHaveLength(6)
    vi.setSystemTime(now)
    await run(dir, 'a', names('big', 20))
    await run(dir, 'a', ['f1'])
    expect(packs(dir)).toHaveLength(8)
    await run(dir, 'a', ['f2'])
    expect(packs(dir)).toHaveLength(2)
    expect(await run(dir, 'a', ['d40', 'd38', 'd37', 'd36', 'used', 'f1', 'f2'])).toEqual([
      'd37',
      'd36',
      'used',
      'f1',
      'f2'
    ])
  })

  test('should copy a hit older than 7 days into the new pack', async () => {
    const now = Date.now()
    vi.useFakeTimers({toFake: ['Date'], now})
    vi.setSystemTime(now - 8 * day)
    await run(dir, 'a', ['eight'])
    vi.setSystemTime(now - 7 * day)
    await run(dir, 'a', ['seven'])
    const written = packFiles(dir)
    vi.setSystemTime(now)
    const before = packs(dir)
    expect(await run(dir, 'a', ['seven'])).toEqual(['seven'])
    expect(packs(dir)).toEqual(before)
    expect(await run(dir, 'a', ['eight'])).toEqual(['eight'])
    expect(packs(dir)).toHaveLength(3)
    // The copy is in the new pack.
    for (const file of written) rmSync(file)
    expect(await run(dir, 'a', ['eight', 'seven'])).toEqual(['eight'])
    // Copied once: no longer older than 7 days.
    const copied = packs(dir)
    expect(await run(dir, 'a', ['eight', 'seven'])).toEqual(['eight', 'seven'])
    expect(packs(dir)).toEqual(copied)
  })

  test('should remove temporary files of runs that are gone, a day old', async () => {
    // A process that is not running: two days old (removed) or an hour (kept: it may run on
    // another machine sharing the folder); a running process (kept); not in subfolders.
    const stale = '.md2data-2147483646-0123456789ab.tmp'
    const recent = '.md2data-2147483646-ba9876543210.tmp'
    const running = `.md2data-${process.ppid}-0123456789ab.tmp`
    const other = 'notes.tmp'
    mkdirSync(path.join(dir, 'sub'))
    const nested = path.join('sub', stale)
    for (const name of [stale, recent, running, other, nested]) {
      writeFileSync(path.join(dir, name), 'x')
      const time = new Date(Date.now() - (name === recent ? 60 * 60 * 1000 : 2 * day))
      utimesSync(path.join(dir, name), time, time)
    }
    const cache = await ResultCache.open(dir, 'a')
    expect(readdirSync(dir).sort()).toEqual([recent, running, other, 'sub'].sort())
    expect(readdirSync(path.join(dir, 'sub'))).toEqual([stale])
    cache.close()
  })

  test("should keep another open cache's temporary pack (same process), however old", async () => {
    const cache = await ResultCache.open(dir, 'a')
    cache.set(keyOf(cache, 'x'), expected('x'))
    const [temporary] = readdirSync(dir)
    expect(temporary).toMatch(new RegExp(`^\\.md2data-${process.pid}-[\\da-f]+\\.tmp$`))
    const old = new Date(Date.now() - 2 * day)
    utimesSync(path.join(dir, temporary as string), old, old)
    const other = await ResultCache.open(dir, 'a')
    other.close()
    expect(readdirSync(dir)).toEqual([temporary])
    cache.close()
    expect(await run(dir, 'a', ['x'])).toEqual(['x'])
  })

  test('should do nothing on get, set or close once closed', async () => {
    await run(dir, 'a', ['x'])
    const before = packs(dir)
    const cache = await ResultCache.open(dir, 'a')
    cache.close()
    expect(cache.get(keyOf(cache, 'x'))).toBe(null)
    cache.set(keyOf(cache, 'y'), expected('y'))
    cache.close()
    expect(readdirSync(dir)).toHaveLength(1)
    expect(packs(dir)).toEqual(before)
    // A run that missed, closed twice: one pack.
    const missed = await ResultCache.open(dir, 'a')
    missed.set(keyOf(missed, 'z'), expected('z'))
    missed.close()
    missed.close()
    missed.set(keyOf(missed, 'w'), expected('w'))
    expect(readdirSync(dir)).toHaveLength(2)
    expect(await run(dir, 'a', ['x', 'y', 'z', 'w'])).toEqual(['x', 'z'])
  })

  test('should say when it cannot write its folder', async () => {
    const file = path.join(dir, 'a-file')
    writeFileSync(file, '')
    await expect(ResultCache.open(file, 'a')).rejects.toThrow(
      `Cannot write the cache in \`${file}\`: a part of the path is not a folder (EEXIST)`
    )
    await expect(ResultCache.open(path.join(file, 'cache'), 'a')).rejects.toThrow(
      `Cannot write the cache in \`${path.join(file, 'cache')}\`: a part of the path is not a folder (ENOTDIR)`
    )
    // Its folder removed while it runs.
    const gone = path.join(dir, 'gone')
    const cache = await ResultCache.open(gone, 'a')
    rmSync(gone, {recursive: true})
    expect(() => cache.set(keyOf(cache, 'x'), expected('x'))).toThrow(
      /^Cannot write the cache in `.+gone`: /
    )
    expect(() => cache.close()).toThrow(/^Cannot write the cache in `.+gone`: /)
    // Closed all the same.
    cache.close()
  })

  test.skipIf(process.getuid?.() === 0)('should say when its folder is read-only', async () => {
    const cache = await ResultCache.open(dir, 'a')
    fs.chmodSync(dir, 0o500)
    try {
      expect(() => cache.set(keyOf(cache, 'x'), expected('x'))).toThrow(
        `Cannot write the cache in \`${dir}\`: permission denied (EACCES)`
      )
    } finally {
      fs.chmodSync(dir, 0o700)
    }
  })
})

describe('ResultCache, damaged', () => {
  const all = names('n', 12)

  /** Three packs of four entries. */
  async function filled(): Promise<void> {
    for (let part = 0; part < 3; part++) await run(dir, 'a', all.slice(part * 4, part * 4 + 4))
    expect(packFiles(dir)).toHaveLength(3)
  }

  /** A run over every note: each hit is exact (checked by `run`); returns the hits. */
  const again = () => run(dir, 'a', all)

  test('should take a pack cut short as missing, and remove it', async () => {
    await filled()
    const [first, second] = packFiles(dir) as [string, string]
    truncateSync(first, statSync(first).size - 1)
    truncateSync(second, Math.floor(statSync(second).size / 2))
    const hits = await again()
    expect(hits).toHaveLength(4)
    expect(packFiles(dir)).not.toContain(first)
    expect(packFiles(dir)).not.toContain(second)
    expect(await again()).toEqual(all)
  })

  test('should take an entry whose bytes do not check out as missing, and the rest as hits', async () => {
    await filled()
    for (const file of packFiles(dir)) {
      const bytes = readFileSync(file)
      // The middle of its first entry (its indented document, or the document's line).
      bytes[magic.length + 60] = (bytes[magic.length + 60] as number) ^ 0x20
      writeFileSync(file, bytes)
    }
    const hits = await again()
    expect(hits).toHaveLength(9)
    // Each run gets only exact entries (checked in `run`), and the rebuilt ones count.
    const later = await again()
    expect(later.length).toBeGreaterThanOrEqual(9)
  })

  test('should ignore garbage named as packs, and remove it', async () => {
    await filled()
    const before = readdirSync(dir)
    const id = (before[0] as string).slice(0, 32)
    const cache = await ResultCache.open(dir, 'a')
    const key = keyOf(cache, 'n0')
    cache.close()
    /** A pack of these bytes: entries, index (no check of either). */
    const pack = (body: string, index: string, start = magic.length + body.length) =>
      `${magic}${body}${index}\n${String(start).padStart(16, '0')}\n`
    const garbage = [
      '',
      'not a pack\n',
      magic,
      pack('', '[]', 0),
      pack('', '[]', 999),
      pack('', '[[1,2'),
      pack('', '{}'),
      pack('', '7'),
      pack('', '[]').replace(magic, `md2data-pack ${cacheLayout + 1}\n`),
      // Packs whose entries do not check out: kept, each entry a miss.
      pack('x', `[["${'0'.repeat(64)}",15,1,"00",1],[7,"a",null,[],{}]]`),
      // A real key, an entry of other bytes (written long ago: the real one is newer).
      pack('y'.repeat(10), `[["${key}",15,10,"${'1'.repeat(32)}",1]]`)
    ]
    for (const [index, text] of garbage.entries()) {
      writeFileSync(path.join(dir, `${id}-${index.toString(16).padStart(12, '0')}.pack`), text)
    }
    expect(await again()).toEqual(all)
    // The last two check out as packs (not their entries): kept; the rest are removed.
    expect(readdirSync(dir).sort()).toEqual(
      [...before, `${id}-000000000009.pack`, `${id}-00000000000a.pack`].sort()
    )
  })

  // (Was a bug: `rmSync` of the folder threw `ERR_FS_EISDIR` out of `open`.)
  test('should ignore a folder named as a pack', async () => {
    await filled()
    const id = path.basename(packFiles(dir)[0] as string).slice(0, 32)
    mkdirSync(path.join(dir, `${id}-000000000000.pack`))
    expect(await again()).toEqual(all)
  })

  test('should read its entries, or miss, when a pack is removed or cut mid-run', async () => {
    await filled()
    const cache = await ResultCache.open(dir, 'a')
    expect(cache.get(keyOf(cache, 'n0'))).toStrictEqual(expected('n0'))
    for (const file of packFiles(dir)) rmSync(file)
    // (An open pack stays readable where the system allows it.)
    expect([null, expected('n1')]).toContainEqual(cache.get(keyOf(cache, 'n1')))
    cache.close()
    await filled()
    const cut = await ResultCache.open(dir, 'a')
    expect(cut.get(keyOf(cut, 'n0'))).toStrictEqual(expected('n0'))
    for (const file of packFiles(dir)) truncateSync(file, magic.length)
    for (const name of all) expect(cut.get(keyOf(cut, name))).toBe(null)
    cut.set(keyOf(cut, 'n0'), expected('n0'))
    cut.close()
    expect(await again()).toContain('n0')
  })

  // (Was a bug: a negative length (`,58,` flipped to `,-8,`) or one over 4 GiB (`,5e9,`) threw a
  // RangeError out of `get`.)
  test('should take an index with a damaged length as a miss', async () => {
    await run(dir, 'a', ['x'])
    const [file] = packFiles(dir) as [string]
    const text = readFileSync(file, 'latin1')
    // (The first entry starts right after the magic line.)
    const offset = magic.length
    writeFileSync(file, text.replace(new RegExp(`(",${offset},)\\d`), '$1-'), 'latin1')
    expect(readFileSync(file, 'latin1')).toMatch(new RegExp(`",${offset},-\\d*,"`))
    expect(await run(dir, 'a', ['x'])).toEqual([])
  })

  // (Was a bug: of two copies written the same day, only the one in the pack whose name sorts last
  // was tried, even when its bytes did not check out.)
  test('should use a rebuilt entry in the next run', async () => {
    await run(dir, 'a', ['x'])
    const [file] = packFiles(dir) as [string]
    const bytes = readFileSync(file)
    bytes[magic.length + 5] = (bytes[magic.length + 5] as number) ^ 1
    // Name it to sort last (its name is any tag).
    const last = path.join(dir, `${path.basename(file).slice(0, 32)}-ffffffffffff.pack`)
    writeFileSync(last, bytes)
    rmSync(file)
    expect(await run(dir, 'a', ['x'])).toEqual([])
    expect(await run(dir, 'a', ['x'])).toEqual(['x'])
  })

  test('should give each entry back exactly or not at all, bytes flipped anywhere', async () => {
    const random = seeded(1)
    for (let trial = 0; trial < 8; trial++) {
      rmSync(dir, {recursive: true, force: true})
      await filled()
      const files = packFiles(dir).sort()
      flip(files[trial % 3] as string, trial % 4, 1 + random(8), random)
      // Every hit exact (checked in `run`); misses rebuilt; then again.
      expect((await again()).length).toBeGreaterThanOrEqual(8)
      expect((await again()).length).toBeGreaterThanOrEqual(8)
    }
  })

  test('should give convertFiles the results of a run without a cache', async () => {
    const notes = path.join(dir, 'notes')
    mkdirSync(notes)
    for (let index = 0; index < 10; index++) {
      const body = `---\ntitle: Note ${index}\ntags: [a, é]\n---\n# Note ${index}\n\nSee [[n${(index + 1) % 10}]], 𠮷 ${'word '.repeat(index * 20)}\n`
      writeFileSync(path.join(notes, `n${index}.md`), body)
    }
    const {files} = await findNotes([notes], {cwd: notes})
    expect(files).toHaveLength(10)
    const jsons = async (cache: string | null) => {
      const out: Array<string | null> = []
      for await (const item of convertFiles(files, {jobs: 1, cache})) out.push(item.json)
      return out
    }
    const cacheDir = path.join(dir, 'cache')
    const reference = await jsons(null)
    expect(await jsons(cacheDir)).toEqual(reference)
    // Bytes flipped in every part of the pack but its magic: entries, index, trailer.
    const random = seeded(13)
    for (const file of packFiles(cacheDir))
      for (const part of [1, 2, 3]) flip(file, part, 1, random)
    expect(await jsons(cacheDir)).toEqual(reference)
  })
})

describe('ResultCache, two runs at once', () => {
  /** Eight packs of one entry each. */
  async function eight(): Promise<Array<string>> {
    const old = names('old', 8)
    for (const name of old) await run(dir, 'a', [name])
    expect(packs(dir)).toHaveLength(8)
    return old
  }

  test('should lose no entry either writes, closing one after the other', async () => {
    const old = await eight()
    const a = await ResultCache.open(dir, 'a')
    const b = await ResultCache.open(dir, 'a')
    for (let index = 0; index < 5; index++) {
      for (const [cache, name] of [
        [a, `a${index}`],
        [b, `b${index}`]
      ] as const) {
        const key = keyOf(cache, name)
        expect(cache.get(key)).toBe(null)
        cache.set(key, expected(name))
        expect(cache.get(keyOf(cache, old[index] as string))).toStrictEqual(
          expected(old[index] as string)
        )
      }
    }
    a.close()
    // `a` compacted; `b` reads its packs still.
    expect(packs(dir)).toHaveLength(2)
    expect(b.get(keyOf(b, 'old7'))).toStrictEqual(expected('old7'))
    b.close()
    const all = [...old, ...names('a', 5), ...names('b', 5)]
    expect(await run(dir, 'a', all)).toEqual(all)
  })

  // The other's close runs in the middle of this one's (as another process would).
  for (const [when, name, at, skip] of [
    ['lists the packs', 'readdirSync', 'after', 0],
    // (The first rename is of its new pack.)
    ['renames its compacted pack in place', 'renameSync', 'after', 1],
    // (After the 9 of its listing.)
    ['sizes the packs to compact', 'statSync', 'before', 9]
  ] as const) {
    test(`should lose no entry when both compact, one closing as the other ${when}`, async () => {
      const old = await eight()
      const a = await ResultCache.open(dir, 'a')
      const b = await ResultCache.open(dir, 'a')
      a.set(keyOf(a, 'a'), expected('a'))
      b.set(keyOf(b, 'b'), expected('b'))
      let closed = false
      hook(name, at, skip, () => {
        b.close()
        closed = true
      })
      a.close()
      expect(closed).toBe(true)
      const all = [...old, 'a', 'b']
      expect(await run(dir, 'a', all)).toEqual(all)
    })
  }

  test('should lose no entry, and return no wrong one, in random interleavings', async () => {
    const random = seeded(7)
    const open: Array<ResultCache | null> = [null, null, null]
    const pending: Array<Array<string>> = [[], [], []]
    const written: Array<string> = []
    let made = 0
    for (let step = 0; step < 400; step++) {
      const slot = random(3)
      const cache = open[slot]
      if (!cache) {
        open[slot] = await ResultCache.open(dir, 'a')
        continue
      }
      const action = random(10)
      if (action < 5) {
        const name = `w${made++}`
        cache.set(keyOf(cache, name), expected(name))
        pending[slot]?.push(name)
      } else if (action < 9 && written.length > 0) {
        const name = written[random(written.length)] as string
        const hit = cache.get(keyOf(cache, name))
        if (hit) expect(hit).toStrictEqual(expected(name))
      } else {
        cache.close()
        written.push(...(pending[slot] as Array<string>))
        pending[slot] = []
        open[slot] = null
      }
    }
    for (const [slot, cache] of open.entries()) {
      cache?.close()
      written.push(...(pending[slot] as Array<string>))
    }
    expect(written.length).toBeGreaterThan(100)
    expect(await run(dir, 'a', written)).toEqual(written)
    expect(packs(dir).length).toBeLessThanOrEqual(9)
  })
})
