import {execFileSync} from 'node:child_process'
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync
} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterEach, beforeEach, describe, expect, test} from 'vitest'
import {
  AtomicFile,
  isSpecial,
  removeStaleTemporaries,
  temporaryName,
  writeAtomic,
  writeFailure
} from '../src/batch/write.js'

const day = 24 * 60 * 60 * 1000

let dir: string
let file: string

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'md2data-write-'))
  file = path.join(dir, 'out.ndjson')
})

afterEach(() => {
  rmSync(dir, {recursive: true, force: true})
})

/** Temporary files left under `dir`, in subfolders too. */
function temporaries(): Array<string> {
  return readdirSync(dir, {recursive: true, encoding: 'utf8'}).filter((name) =>
    temporaryName.test(path.basename(name))
  )
}

/** Date a file back (a day ago), so a rewrite shows in its modification time. */
function age(target: string): number {
  const old = new Date(Date.now() - day)
  utimesSync(target, old, old)
  return statSync(target).mtimeMs
}

describe('writeAtomic', () => {
  test('should write a file, then leave it as it is when its bytes are the same', async () => {
    expect(await writeAtomic(file, '{"a":"é𠮷"}\n')).toBe('written')
    expect(readFileSync(file, 'utf8')).toBe('{"a":"é𠮷"}\n')
    const before = age(file)
    const inode = statSync(file).ino
    expect(await writeAtomic(file, Buffer.from('{"a":"é𠮷"}\n'))).toBe('unchanged')
    expect(statSync(file).mtimeMs).toBe(before)
    expect(statSync(file).ino).toBe(inode)
    // Same size, other bytes; then shorter.
    expect(await writeAtomic(file, '{"a":"é𠮶"}\n')).toBe('written')
    expect(readFileSync(file, 'utf8')).toBe('{"a":"é𠮶"}\n')
    expect(await writeAtomic(file, '')).toBe('written')
    expect(readFileSync(file, 'utf8')).toBe('')
    expect(await writeAtomic(file, '')).toBe('unchanged')
    expect(readdirSync(dir)).toEqual(['out.ndjson'])
  })

  test('should compare large files to their last byte', async () => {
    const big = Buffer.alloc(3 * (1 << 20) + 5, 'abc')
    expect(await writeAtomic(file, big)).toBe('written')
    const before = age(file)
    expect(await writeAtomic(file, Buffer.from(big))).toBe('unchanged')
    expect(statSync(file).mtimeMs).toBe(before)
    const changed = Buffer.from(big)
    changed[changed.length - 1] = 0x7a
    expect(await writeAtomic(file, changed)).toBe('written')
    expect(readFileSync(file).equals(changed)).toBe(true)
  })

  test('should make the folders of a new file', async () => {
    const deep = path.join(dir, 'a', 'b', 'c.json')
    expect(await writeAtomic(deep, 'x')).toBe('written')
    expect(readFileSync(deep, 'utf8')).toBe('x')
  })

  test('should keep the permissions of the file it replaces', async () => {
    writeFileSync(file, 'old')
    chmodSync(file, 0o640)
    expect(await writeAtomic(file, 'new')).toBe('written')
    expect(statSync(file).mode & 0o7777).toBe(0o640)
    chmodSync(file, 0o604)
    expect(await writeAtomic(file, 'newer')).toBe('written')
    expect(statSync(file).mode & 0o7777).toBe(0o604)
  })

  test('should replace the file a link names, and keep the link', async () => {
    const real = path.join(dir, 'real', 'out.json')
    mkdirSync(path.dirname(real))
    writeFileSync(real, 'old')
    const link = path.join(dir, 'link.json')
    const chain = path.join(dir, 'chain.json')
    symlinkSync(path.join('real', 'out.json'), link)
    symlinkSync('link.json', chain)
    expect(await writeAtomic(link, 'new')).toBe('written')
    expect(lstatSync(link).isSymbolicLink()).toBe(true)
    expect(readlinkSync(link)).toBe(path.join('real', 'out.json'))
    expect(readFileSync(real, 'utf8')).toBe('new')
    // Through two links.
    expect(await writeAtomic(chain, 'newer')).toBe('written')
    expect(lstatSync(chain).isSymbolicLink()).toBe(true)
    expect(lstatSync(link).isSymbolicLink()).toBe(true)
    expect(readFileSync(real, 'utf8')).toBe('newer')
    expect(await writeAtomic(chain, 'newer')).toBe('unchanged')
    expect(temporaries()).toEqual([])
  })

  test('should make the file a dangling link names (and its folders)', async () => {
    const link = path.join(dir, 'link.json')
    symlinkSync(path.join('made', 'later.json'), link)
    expect(await writeAtomic(link, 'new')).toBe('written')
    expect(lstatSync(link).isSymbolicLink()).toBe(true)
    expect(readFileSync(path.join(dir, 'made', 'later.json'), 'utf8')).toBe('new')
    expect(readFileSync(link, 'utf8')).toBe('new')
  })

  test('should throw, and leave no temporary file, when it cannot write', async () => {
    // A folder where the file goes.
    mkdirSync(path.join(dir, 'folder'))
    writeFileSync(path.join(dir, 'folder', 'kept'), 'x')
    await expect(writeAtomic(path.join(dir, 'folder'), 'x')).rejects.toMatchObject({
      code: 'EISDIR'
    })
    expect(readFileSync(path.join(dir, 'folder', 'kept'), 'utf8')).toBe('x')
    // A file where a folder goes.
    writeFileSync(path.join(dir, 'afile'), 'x')
    await expect(writeAtomic(path.join(dir, 'afile', 'out.json'), 'x')).rejects.toMatchObject({
      code: expect.stringMatching(/^(?:ENOTDIR|EEXIST)$/)
    })
    // Links in a loop.
    symlinkSync('b', path.join(dir, 'a'))
    symlinkSync('a', path.join(dir, 'b'))
    await expect(writeAtomic(path.join(dir, 'a'), 'x')).rejects.toMatchObject({code: 'ELOOP'})
    expect(temporaries()).toEqual([])
    expect(readdirSync(dir).sort()).toEqual(['a', 'afile', 'b', 'folder'])
  })
})

describe('AtomicFile', () => {
  test('should write its parts, the target the old file until it commits', async () => {
    writeFileSync(file, 'old\n')
    const output = await AtomicFile.open(file)
    expect(output.file).toBe(file)
    output.write('{"a":1}\n')
    // A view into a larger buffer: its bytes only.
    const larger = Buffer.from('xx{"b":"é"}\nyy')
    output.write(larger.subarray(2, larger.length - 2))
    output.write(new Uint8Array([0x7b, 0x7d, 0x0a]))
    // Over a MiB: some of it on disk before the commit.
    output.write('z'.repeat(1 << 20))
    expect(readFileSync(file, 'utf8')).toBe('old\n')
    expect(temporaries()).toHaveLength(1)
    expect(output.commit()).toBe('written')
    expect(readFileSync(file, 'utf8')).toBe(`{"a":1}\n{"b":"é"}\n{}\n${'z'.repeat(1 << 20)}`)
    expect(temporaries()).toEqual([])
  })

  test('should say unchanged for the same bytes written in other parts', async () => {
    writeFileSync(file, 'abcdef')
    const before = age(file)
    const output = await AtomicFile.open(file)
    for (const part of ['a', 'bc', '', 'def']) output.write(part)
    expect(output.commit()).toBe('unchanged')
    expect(statSync(file).mtimeMs).toBe(before)
    expect(temporaries()).toEqual([])
  })

  test('should leave the old file when discarded', async () => {
    writeFileSync(file, 'old\n')
    const before = age(file)
    const output = await AtomicFile.open(file)
    output.write('new, ')
    output.write('z'.repeat((1 << 20) + 1))
    output.write('in parts\n')
    output.discard()
    output.discard()
    expect(readFileSync(file, 'utf8')).toBe('old\n')
    expect(statSync(file).mtimeMs).toBe(before)
    expect(readdirSync(dir)).toEqual(['out.ndjson'])
    // No old file: none made.
    const fresh = AtomicFile.create(path.join(dir, 'new.json'))
    fresh.write('x')
    fresh.discard()
    expect(readdirSync(dir)).toEqual(['out.ndjson'])
  })

  test('should write the target as named with `create` (a link is replaced)', () => {
    writeFileSync(path.join(dir, 'real'), 'old')
    const link = path.join(dir, 'link')
    symlinkSync('real', link)
    const output = AtomicFile.create(link)
    output.write('new')
    expect(output.commit()).toBe('written')
    expect(lstatSync(link).isFile()).toBe(true)
    expect(readFileSync(link, 'utf8')).toBe('new')
    expect(readFileSync(path.join(dir, 'real'), 'utf8')).toBe('old')
  })
})

describe('removeStaleTemporaries', () => {
  const dead = 2_147_483_646
  const name = (pid: number, tag: string) => `.md2data-${pid}-${tag}.tmp`

  function make(relative: string, ageMs: number): void {
    const target = path.join(dir, relative)
    mkdirSync(path.dirname(target), {recursive: true})
    writeFileSync(target, 'x')
    const time = new Date(Date.now() - ageMs)
    utimesSync(target, time, time)
  }

  test('should remove old temporary files of processes that are gone, in subfolders too', async () => {
    const hour = 60 * 60 * 1000
    const stale = name(dead, 'a1')
    const recent = name(dead, 'b2')
    const running = name(process.ppid, 'c3')
    const deep = path.join('sub', 'deeper', name(dead, 'd4'))
    const other = [
      '.md2data-x-a1.tmp',
      'md2data-1-a1.tmp',
      `.md2data-${dead}-a1.tmp.bak`,
      'out.json'
    ]
    make(stale, hour)
    make(recent, 5 * 60 * 1000)
    make(running, day)
    make(deep, hour)
    for (const item of other) make(item, day)
    // A folder named as a temporary file.
    mkdirSync(path.join(dir, name(dead, 'e5')))
    expect(await removeStaleTemporaries(dir)).toBe(2)
    expect(readdirSync(dir).sort()).toEqual(
      [recent, running, 'sub', ...other, name(dead, 'e5')].sort()
    )
    expect(readdirSync(path.join(dir, 'sub', 'deeper'))).toEqual([])
  })

  test('should keep subfolders when not recursive, and take the age given', async () => {
    make(name(dead, 'a1'), 1000 * 60)
    make(path.join('sub', name(dead, 'b2')), day)
    expect(await removeStaleTemporaries(dir, {recursive: false, minAge: day})).toBe(0)
    expect(await removeStaleTemporaries(dir, {recursive: false, minAge: 0})).toBe(1)
    expect(readdirSync(dir)).toEqual(['sub'])
    expect(readdirSync(path.join(dir, 'sub'))).toEqual([name(dead, 'b2')])
    expect(await removeStaleTemporaries(path.join(dir, 'missing'))).toBe(0)
  })

  test("should keep this process's open temporary files, and remove its others", async () => {
    const output = await AtomicFile.open(file)
    output.write('x')
    const [open] = temporaries()
    make(name(process.pid, 'f00d'), day)
    utimesSync(path.join(dir, open as string), new Date(0), new Date(0))
    expect(await removeStaleTemporaries(dir, {minAge: 0})).toBe(1)
    expect(temporaries()).toEqual([open])
    expect(output.commit()).toBe('written')
    expect(readFileSync(file, 'utf8')).toBe('x')
  })
})

describe('writeFailure', () => {
  const failure = (code: string | undefined, message = 'a message') =>
    writeFailure(Object.assign(new Error(message), code ? {code} : {}))

  test('should say why a write failed, with its code', () => {
    expect(failure('EACCES')).toBe('permission denied (EACCES)')
    expect(failure('EPERM')).toBe('permission denied (EPERM)')
    expect(failure('EROFS')).toBe('permission denied (EROFS)')
    expect(failure('ENOSPC')).toBe('no space left on the device (ENOSPC)')
    expect(failure('ENOTDIR')).toBe('a part of the path is not a folder (ENOTDIR)')
    expect(failure('EEXIST')).toBe('a part of the path is not a folder (EEXIST)')
    expect(failure('EISDIR')).toBe('it is a folder (EISDIR)')
    expect(failure('EIO', 'EIO: i/o error, write')).toBe('EIO: i/o error, write (EIO)')
    expect(failure(undefined, 'too many symbolic links')).toBe('too many symbolic links')
  })
})

describe('isSpecial', () => {
  test('should tell devices and FIFOs from files and folders', () => {
    writeFileSync(file, '')
    expect(isSpecial('/dev/null')).toBe(true)
    expect(isSpecial(file)).toBe(false)
    // A folder is not a regular file either (an output there fails at once).
    expect(isSpecial(dir)).toBe(true)
    expect(isSpecial(path.join(dir, 'missing'))).toBe(false)
    execFileSync('mkfifo', [path.join(dir, 'fifo')])
    expect(isSpecial(path.join(dir, 'fifo'))).toBe(true)
  })
})
