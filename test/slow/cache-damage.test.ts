import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  truncateSync,
  writeFileSync
} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {ResultCache, cacheLayout} from '../../src/batch/cache.js'
import {convertFiles} from '../../src/batch/convert-files.js'
import type {NoteFile} from '../../src/batch/files.js'
import {findNotes} from '../../src/batch/files.js'
import type {WorkerResult} from '../../src/batch/result.js'

// Issue 13: bytes flipped at random places of every cache file never change the output (each
// entry is checked before use; what does not check out is a miss), and no exception escapes.

const magic = `md2data-pack ${cacheLayout}\n`
const packName = /^[\da-f]{32}-[\da-f]{12}\.pack$/
const partNames = ['magic', 'entries', 'index', 'trailer']

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

/**
 * Damage one part of a pack: `count` bytes flipped at random places, or (`burst`) 32 bytes in a
 * row. Returns what was done, for failure messages.
 */
function damage(
  file: string,
  part: number,
  count: number,
  burst: boolean,
  random: (n: number) => number
): string {
  const bytes = readFileSync(file)
  const [from, to] = parts(bytes)[part] as [number, number]
  const places: Array<number> = []
  for (let index = 0; index < (burst ? 32 : count); index++) {
    const at = burst
      ? Math.min(to - 1, from + Math.floor((to - from) / 2) + index)
      : from + random(to - from)
    bytes[at] = (bytes[at] as number) ^ (1 + random(255))
    places.push(at)
  }
  writeFileSync(file, bytes)
  return `${path.basename(file)} ${partNames[part]} at ${places.join(',')}`
}

const packFiles = (dir: string) =>
  readdirSync(dir)
    .filter((name) => packName.test(name))
    .sort()
    .map((name) => path.join(dir, name))

let root: string
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'md2data-damage-'))
})
afterAll(() => {
  rmSync(root, {recursive: true, force: true})
})

describe('ResultCache, bytes flipped at random places', () => {
  const names = Array.from({length: 15}, (_, index) => `n${index}`)

  function result(name: string): WorkerResult {
    const index = Number(name.slice(1))
    const document = {path: `${name}.md`, title: name, body: `é𠮷 ${'x'.repeat(index * 7)}`}
    return {
      json: `${JSON.stringify(document)}\n`,
      pretty: index % 2 ? `${JSON.stringify(document, null, 2)}\n` : null,
      title: index % 3 ? name : null,
      links: index % 2 ? null : {headings: [], blockIds: [], aliases: [name], links: []},
      frontmatter:
        index % 3
          ? {format: 'yaml', raw: `title: ${name}\n`, data: {title: name}, valid: true}
          : null,
      diagnostics:
        index % 4
          ? []
          : [
              {
                severity: 'error',
                ruleId: 'frontmatter-invalid',
                message: `\`${name}\` is not valid`,
                path: `${name}.md`,
                position: null,
                source: 'md2data'
              }
            ]
    }
  }

  /** A run: every get exact or null, misses set again; returns the hits. */
  async function run(dir: string, subset: Array<string>, context: string): Promise<number> {
    const cache = await ResultCache.open(dir, 'salt')
    let hits = 0
    for (const name of subset) {
      const key = cache.key(`${name}.md`, Buffer.from(name))
      const hit = cache.get(key)
      if (hit) {
        expect(hit, context).toStrictEqual(result(name))
        hits++
      } else {
        cache.set(key, result(name))
      }
    }
    cache.close()
    return hits
  }

  // 4 parts x 3 packs, each 6 times over (one in 4 a burst of 32 bytes): 72 trials.
  test('should give each entry back exactly, or miss it, run after run', async () => {
    const random = seeded(2024)
    for (let trial = 0; trial < 72; trial++) {
      const dir = path.join(root, `direct-${trial}`)
      // Three packs of five entries.
      for (let part = 0; part < 3; part++) await run(dir, names.slice(part * 5, part * 5 + 5), '')
      const files = packFiles(dir)
      expect(files).toHaveLength(3)
      const part = trial % 4
      const what = damage(
        files[Math.floor(trial / 4) % 3] as string,
        part,
        1 + random(6),
        trial % 4 === 1 && trial % 3 === 0,
        random
      )
      const context = `trial ${trial}: ${what}`
      // One pack damaged: the other two hit (at least), the rest exact or a miss.
      expect(await run(dir, names, context), context).toBeGreaterThanOrEqual(10)
      expect(await run(dir, names, context), context).toBeGreaterThanOrEqual(10)
      rmSync(dir, {recursive: true})
    }
  })

  test('should stay exact with every pack damaged, round after round', async () => {
    const random = seeded(99)
    const dir = path.join(root, 'all')
    for (let round = 0; round < 20; round++) {
      await run(dir, names.slice(0, 5 + (round % 10)), '')
      for (const file of packFiles(dir)) damage(file, random(4), 1 + random(3), false, random)
      await run(dir, names, `round ${round}`)
    }
  })
})

describe('convertFiles over a damaged cache', () => {
  let files: Array<NoteFile>
  let reference: Array<string | null>
  /** The cache after a cold run (two packs), kept to copy. */
  let pristine: string

  async function jsons(
    notes: Iterable<NoteFile>,
    cache: string | null
  ): Promise<Array<string | null>> {
    const out: Array<string | null> = []
    // (Without link resolution: runs over different sets of notes would resolve differently.)
    for await (const item of convertFiles(notes, {jobs: 1, cache, links: false}))
      out.push(item.json)
    return out
  }

  /** A copy of the cold run's cache. */
  function copy(name: string): string {
    const dir = path.join(root, name)
    cpSync(pristine, dir, {recursive: true})
    return dir
  }

  beforeAll(async () => {
    const notes = path.join(root, 'notes')
    mkdirSync(notes)
    for (let index = 0; index < 10; index++) {
      const text = [
        '---',
        `title: Note ${index}`,
        `tags: [a, é${index}]`,
        ...(index === 3 ? ['date: [not closed'] : []),
        '---',
        `# Note ${index}`,
        '',
        `See [[n${(index + 1) % 10}]] and [a link](n${(index + 2) % 10}.md), 𠮷 ${'word '.repeat(index * 30)}`,
        '',
        '- [ ] a task',
        `- an item[^${index}]`,
        '',
        `[^${index}]: A footnote.`,
        ''
      ]
      writeFileSync(path.join(notes, `n${index}.md`), text.join('\n'))
    }
    files = (await findNotes([notes], {cwd: notes})).files
    expect(files).toHaveLength(10)
    reference = await jsons(files, null)
    pristine = path.join(root, 'pristine')
    expect(await jsons(files.slice(0, 5), pristine)).toEqual(reference.slice(0, 5))
    expect(await jsons(files, pristine)).toEqual(reference)
    expect(packFiles(pristine)).toHaveLength(2)
  }, 120_000)

  test('should give the output of a run without a cache, bytes flipped in every file', async () => {
    const random = seeded(5)
    // Each round: every pack, one part each (all four parts over the rounds).
    for (let round = 0; round < 4; round++) {
      const dir = copy(`flipped-${round}`)
      const done = packFiles(dir).map((file, index) =>
        damage(file, (round + index) % 4, 1 + random(4), false, random)
      )
      expect(await jsons(files, dir), done.join('; ')).toEqual(reference)
      expect(await jsons(files, dir), done.join('; ')).toEqual(reference)
    }
  })

  test('should give the same output with a pack cut short, or garbage named as packs', async () => {
    const cut = copy('cut')
    const [first, second] = packFiles(cut) as [string, string]
    truncateSync(first, 100)
    truncateSync(second, readFileSync(second).length - 5)
    expect(await jsons(files, cut)).toEqual(reference)
    const garbage = copy('garbage')
    const id = path.basename(first).slice(0, 32)
    const random = seeded(11)
    for (let index = 0; index < 4; index++) {
      const bytes = Buffer.from(Array.from({length: random(4000)}, () => random(256)))
      if (index % 2) bytes.write(magic, 0)
      writeFileSync(path.join(garbage, `${id}-${'0'.repeat(11)}${index}.pack`), bytes)
    }
    expect(await jsons(files, garbage)).toEqual(reference)
  })

  test('should give the same output when its packs are removed mid-run', async () => {
    const dir = copy('removed')
    // The notes, with the packs removed after the fifth is taken.
    function* notes(): Generator<NoteFile> {
      for (const [index, file] of files.entries()) {
        if (index === 5) for (const pack of packFiles(dir)) rmSync(pack)
        yield file
      }
    }
    expect(await jsons(notes(), dir)).toEqual(reference)
    expect(await jsons(files, dir)).toEqual(reference)
  })
})
