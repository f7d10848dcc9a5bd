import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
  writevSync
} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterEach, beforeEach, describe, expect, test, vi} from 'vitest'
import type * as fs from 'node:fs'
import {AtomicFileWriter} from '../src/batch/write.js'

// The writer's writes, counted.
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof fs>()
  return {...actual, writevSync: vi.fn(actual.writevSync)}
})

/** An entry: a key (64 hex digits, as a cache key) and its line. */
interface Entry {
  key: string | null
  line: string
}

function entry(name: string, line = `{"note":"${name}"}\n`): Entry {
  return {key: name.padEnd(64, '0').replace(/[^\da-f]/g, 'e'), line}
}

let dir: string
let file: string
let state: string

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'md2data-write-'))
  file = path.join(dir, 'out.ndjson')
  state = path.join(dir, 'cache', 'out.state')
  // (The state's folder: the cache folder, which exists when the command line commits.)
  mkdirSync(path.join(dir, 'cache'))
})

afterEach(() => {
  vi.useRealTimers()
  rmSync(dir, {recursive: true, force: true})
})

/**
 * One run of the writer over `entries`, `later` milliseconds after now (the state's time);
 * returns what `commit` says and the names of the entries whose lines it asked for.
 */
async function run(
  entries: Array<Entry>,
  {later = 0, withState = true} = {}
): Promise<{outcome: string; asked: Array<string>}> {
  vi.useFakeTimers({now: Date.now() + later, toFake: ['Date']})
  const writer = AtomicFileWriter.open(file, {state: withState ? state : null})
  const asked: Array<string> = []
  for (const {key, line} of entries) {
    writer.writeEntry(key, Buffer.byteLength(line), () => {
      asked.push(line.trim())
      return line
    })
  }
  const outcome = await writer.commit()
  vi.useRealTimers()
  return {outcome, asked}
}

const lines = (entries: Array<Entry>) => entries.map((item) => item.line).join('')

describe('AtomicFileWriter with a state', () => {
  const three = [entry('a'), entry('b'), entry('c', '{"note":"c","é":"𠮷"}\n')]

  test('should take the entries the old file holds without asking for them, once trusted', async () => {
    expect(await run(three)).toEqual({
      outcome: 'written',
      asked: ['{"note":"a"}', '{"note":"b"}', '{"note":"c","é":"𠮷"}']
    })
    expect(readFileSync(file, 'utf8')).toBe(lines(three))
    // Head (23 + 6 * 8 + 4 bytes) and 20 bytes an entry.
    expect(statSync(state).size).toBe(75 + 3 * 20)
    // Recorded in the 3 s after the file changed ("racy"): checked by its bytes, recorded again.
    const before = statSync(file).mtimeMs
    expect(await run(three, {later: 5000})).toEqual({
      outcome: 'unchanged',
      asked: ['{"note":"a"}', '{"note":"b"}', '{"note":"c","é":"𠮷"}']
    })
    expect(await run(three, {later: 10_000})).toEqual({outcome: 'unchanged', asked: []})
    expect(await run(three, {later: 15_000})).toEqual({outcome: 'unchanged', asked: []})
    expect(statSync(file).mtimeMs).toBe(before)
    expect(readFileSync(file, 'utf8')).toBe(lines(three))
    // No temporary file left.
    expect(readdirSync(dir).sort()).toEqual(['cache', 'out.ndjson'])
    expect(readdirSync(path.join(dir, 'cache'))).toEqual(['out.state'])
  })

  test('should copy the entries it took from the old file when a later one changes', async () => {
    await run(three)
    await run(three, {later: 5000})
    const changed = [entry('a'), entry('b2', '{"note":"b, longer"}\n'), three[2] as Entry]
    expect(await run(changed, {later: 10_000})).toEqual({
      outcome: 'written',
      asked: ['{"note":"b, longer"}', '{"note":"c","é":"𠮷"}']
    })
    expect(readFileSync(file, 'utf8')).toBe(lines(changed))
    // A note removed at the end, one added at the start.
    const shorter = [entry('z'), entry('a'), entry('b2', '{"note":"b, longer"}\n')]
    await run(changed, {later: 15_000})
    expect((await run(shorter, {later: 20_000})).outcome).toBe('written')
    expect(readFileSync(file, 'utf8')).toBe(lines(shorter))
  })

  test('should not trust a state of a file changed since, even to the same size', async () => {
    await run(three)
    await run(three, {later: 5000})
    const edited = lines(three).replace('"a"', '"x"')
    writeFileSync(file, edited)
    expect(await run(three, {later: 10_000})).toEqual({
      outcome: 'written',
      asked: ['{"note":"a"}', '{"note":"b"}', '{"note":"c","é":"𠮷"}']
    })
    expect(readFileSync(file, 'utf8')).toBe(lines(three))
    // Same bytes, another file (a copy moved in place): compared, then trusted again.
    await run(three, {later: 15_000})
    writeFileSync(path.join(dir, 'copy'), lines(three))
    rmSync(file)
    renameSync(path.join(dir, 'copy'), file)
    expect((await run(three, {later: 20_000})).asked).toHaveLength(3)
    expect((await run(three, {later: 25_000})).asked).toHaveLength(0)
  })

  test("should not trust a state recorded within 3 s of its file's last change", async () => {
    await run(three)
    // A change in the same clock tick as the state would keep the file's times (FAT counts them
    // in steps of 2 s): checked by bytes, as long as the state is that recent.
    expect((await run(three, {later: 2000})).asked).toHaveLength(3)
    expect((await run(three, {later: 2500})).asked).toHaveLength(3)
    expect((await run(three, {later: 5000})).asked).toHaveLength(3)
    expect((await run(three, {later: 5500})).asked).toHaveLength(0)
  })

  test('should take the later of the change and modification times as the last change', async () => {
    await run(three)
    // (A modification time ahead of the change time: FAT has no change time.)
    const info = statSync(file)
    utimesSync(file, info.atime, new Date(Date.now() + 100_000))
    expect((await run(three, {later: 5000})).asked).toHaveLength(3)
    expect((await run(three, {later: 10_000})).asked).toHaveLength(3)
    expect((await run(three, {later: 110_000})).asked).toHaveLength(3)
    expect((await run(three, {later: 115_000})).asked).toHaveLength(0)
  })

  test('should record no state for a file dated before 1970, and still write it', async () => {
    await run(three)
    utimesSync(file, new Date(-1e11), new Date(-1e11))
    expect(await run(three, {later: 5000})).toEqual({
      outcome: 'unchanged',
      asked: ['{"note":"a"}', '{"note":"b"}', '{"note":"c","é":"𠮷"}']
    })
    expect(readFileSync(file, 'utf8')).toBe(lines(three))
  })

  test('should write every entry after a difference without one write each', async () => {
    const many = Array.from({length: 3000}, (_, index) => entry(`n${index}`))
    await run(many)
    await run(many, {later: 5000})
    const changed = many.map((item, index) =>
      index === 5 ? entry('m5', '{"note":"changed"}\n') : item
    )
    vi.mocked(writevSync).mockClear()
    const {outcome, asked} = await run(changed, {later: 10_000})
    expect(outcome).toBe('written')
    expect(asked).toHaveLength(2995)
    // Gathered a MiB at a time: the changed line (compared first, then written), the 2,994 after
    // it (14-16 bytes each) in one write.
    expect(vi.mocked(writevSync).mock.calls.length).toBe(2)
    expect(readFileSync(file, 'utf8')).toBe(lines(changed))
  })

  test('should compare entries whose key differs, or without a key, and take the next', async () => {
    await run(three)
    await run(three, {later: 5000})
    const other = [
      {key: null, line: '{"note":"a"}\n'},
      // Another key, the same bytes (as when an option that changes nothing changes).
      entry('b2', '{"note":"b"}\n'),
      three[2] as Entry
    ]
    expect(await run(other, {later: 10_000})).toEqual({
      outcome: 'unchanged',
      asked: ['{"note":"a"}', '{"note":"b"}']
    })
    // Different bytes: this entry and all after it are written (and the first is compared: the
    // state has no key for it).
    const changed = [entry('a'), entry('b3', '{"note":"B"}\n'), three[2] as Entry]
    expect(await run(changed, {later: 15_000})).toEqual({
      outcome: 'written',
      asked: ['{"note":"a"}', '{"note":"B"}', '{"note":"c","é":"𠮷"}']
    })
    expect(readFileSync(file, 'utf8')).toBe(lines(changed))
  })

  test('should take a state that does not check out as none', async () => {
    await run(three)
    await run(three, {later: 5000})
    writeFileSync(state, readFileSync(state).subarray(0, 80))
    expect((await run(three, {later: 10_000})).asked).toHaveLength(3)
    writeFileSync(state, 'md2data-ndjson-state 1\n')
    expect((await run(three, {later: 15_000})).asked).toHaveLength(3)
    expect(readFileSync(file, 'utf8')).toBe(lines(three))
  })

  test('should say whether it may still skip lines (`skipping`)', async () => {
    await run(three)
    await run(three, {later: 5000})
    vi.useFakeTimers({now: Date.now() + 10_000, toFake: ['Date']})
    const writer = AtomicFileWriter.open(file, {state})
    const seen: Array<boolean> = []
    for (const item of [three[0], entry('x'), three[2]] as Array<Entry>) {
      seen.push(writer.skipping)
      writer.writeEntry(item.key, Buffer.byteLength(item.line), () => item.line)
    }
    // (The second line differs: found when it is compared, as the third comes; then no more.)
    seen.push(writer.skipping)
    await writer.commit()
    expect(seen).toEqual([true, true, true, false])
    const fresh = AtomicFileWriter.open(path.join(dir, 'new.ndjson'), {state})
    expect(fresh.skipping).toBe(false)
    fresh.discard()
  })

  test('should write the file when its state cannot be recorded', async () => {
    writeFileSync(path.join(dir, 'afile'), '')
    state = path.join(dir, 'afile', 'out.state')
    expect((await run(three)).outcome).toBe('written')
    expect(readFileSync(file, 'utf8')).toBe(lines(three))
    expect(readdirSync(dir).sort()).toEqual(['afile', 'cache', 'out.ndjson'])
  })

  test('should work without a state, comparing bytes', async () => {
    expect((await run(three, {withState: false})).outcome).toBe('written')
    expect(await run(three, {later: 5000, withState: false})).toEqual({
      outcome: 'unchanged',
      asked: ['{"note":"a"}', '{"note":"b"}', '{"note":"c","é":"𠮷"}']
    })
    expect(readdirSync(path.join(dir, 'cache'))).toEqual([])
  })
})
