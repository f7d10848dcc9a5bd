import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterEach, beforeEach, describe, expect, test, vi} from 'vitest'
import {AtomicFileWriter} from '../src/batch/write.js'

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
    // Written in the second the file changed ("racy"): checked by its bytes, recorded again.
    const before = statSync(file).mtimeMs
    expect(await run(three, {later: 2000})).toEqual({
      outcome: 'unchanged',
      asked: ['{"note":"a"}', '{"note":"b"}', '{"note":"c","é":"𠮷"}']
    })
    expect(await run(three, {later: 4000})).toEqual({outcome: 'unchanged', asked: []})
    expect(await run(three, {later: 6000})).toEqual({outcome: 'unchanged', asked: []})
    expect(statSync(file).mtimeMs).toBe(before)
    expect(readFileSync(file, 'utf8')).toBe(lines(three))
    // No temporary file left.
    expect(readdirSync(dir).sort()).toEqual(['cache', 'out.ndjson'])
    expect(readdirSync(path.join(dir, 'cache'))).toEqual(['out.state'])
  })

  test('should copy the entries it took from the old file when a later one changes', async () => {
    await run(three)
    await run(three, {later: 2000})
    const changed = [entry('a'), entry('b2', '{"note":"b, longer"}\n'), three[2] as Entry]
    expect(await run(changed, {later: 4000})).toEqual({
      outcome: 'written',
      asked: ['{"note":"b, longer"}', '{"note":"c","é":"𠮷"}']
    })
    expect(readFileSync(file, 'utf8')).toBe(lines(changed))
    // A note removed at the end, one added at the start.
    const shorter = [entry('z'), entry('a'), entry('b2', '{"note":"b, longer"}\n')]
    await run(changed, {later: 6000})
    expect((await run(shorter, {later: 8000})).outcome).toBe('written')
    expect(readFileSync(file, 'utf8')).toBe(lines(shorter))
  })

  test('should not trust a state of a file changed since, even to the same size', async () => {
    await run(three)
    await run(three, {later: 2000})
    const edited = lines(three).replace('"a"', '"x"')
    writeFileSync(file, edited)
    expect(await run(three, {later: 4000})).toEqual({
      outcome: 'written',
      asked: ['{"note":"a"}', '{"note":"b"}', '{"note":"c","é":"𠮷"}']
    })
    expect(readFileSync(file, 'utf8')).toBe(lines(three))
    // Same bytes, another file (a copy moved in place): compared, then trusted again.
    await run(three, {later: 6000})
    writeFileSync(path.join(dir, 'copy'), lines(three))
    rmSync(file)
    renameSync(path.join(dir, 'copy'), file)
    expect((await run(three, {later: 8000})).asked).toHaveLength(3)
    expect((await run(three, {later: 10_000})).asked).toHaveLength(0)
  })

  test("should not trust a state written within a second of its file's change", async () => {
    await run(three)
    // A change in the same clock tick as the state would keep the file's times: checked by bytes,
    // as long as the state is that recent.
    expect((await run(three, {later: 500})).asked).toHaveLength(3)
    expect((await run(three, {later: 3000})).asked).toHaveLength(3)
    expect((await run(three, {later: 3500})).asked).toHaveLength(0)
  })

  test('should compare entries whose key differs, or without a key, and take the next', async () => {
    await run(three)
    await run(three, {later: 2000})
    const other = [
      {key: null, line: '{"note":"a"}\n'},
      // Another key, the same bytes (as when an option that changes nothing changes).
      entry('b2', '{"note":"b"}\n'),
      three[2] as Entry
    ]
    expect(await run(other, {later: 4000})).toEqual({
      outcome: 'unchanged',
      asked: ['{"note":"a"}', '{"note":"b"}']
    })
    // Different bytes: this entry and all after it are written (and the first is compared: the
    // state has no key for it).
    const changed = [entry('a'), entry('b3', '{"note":"B"}\n'), three[2] as Entry]
    expect(await run(changed, {later: 6000})).toEqual({
      outcome: 'written',
      asked: ['{"note":"a"}', '{"note":"B"}', '{"note":"c","é":"𠮷"}']
    })
    expect(readFileSync(file, 'utf8')).toBe(lines(changed))
  })

  test('should take a state that does not check out as none', async () => {
    await run(three)
    await run(three, {later: 2000})
    writeFileSync(state, readFileSync(state).subarray(0, 80))
    expect((await run(three, {later: 4000})).asked).toHaveLength(3)
    writeFileSync(state, 'md2data-ndjson-state 1\n')
    expect((await run(three, {later: 6000})).asked).toHaveLength(3)
    expect(readFileSync(file, 'utf8')).toBe(lines(three))
  })

  test('should work without a state, comparing bytes', async () => {
    expect((await run(three, {withState: false})).outcome).toBe('written')
    expect(await run(three, {later: 2000, withState: false})).toEqual({
      outcome: 'unchanged',
      asked: ['{"note":"a"}', '{"note":"b"}', '{"note":"c","é":"𠮷"}']
    })
    expect(readdirSync(path.join(dir, 'cache'))).toEqual([])
  })
})
