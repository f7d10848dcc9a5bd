import {randomBytes} from 'node:crypto'
import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  fsyncSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
  writevSync
} from 'node:fs'
import type {BigIntStats} from 'node:fs'
import {mkdir, open, readFile, readdir, rename, rm, stat} from 'node:fs/promises'
import path from 'node:path'

/** Temporary files md2data writes next to an output: `.md2data-<pid>-<random>.tmp`. */
export const temporaryName = /^\.md2data-(\d+)-[0-9a-f]+\.tmp$/

/**
 * Write a file atomically: a temporary file in the same folder, flushed to disk, then renamed
 * over the target, so a killed run leaves the old file or the new one, never half of either.
 * Skips the write when the file already holds exactly this content. On Windows, a rename that
 * fails because another program holds the file is retried with backoff.
 */
export async function writeAtomic(
  file: string,
  content: string | Uint8Array
): Promise<'written' | 'unchanged'> {
  const data =
    typeof content === 'string'
      ? Buffer.from(content)
      : Buffer.from(content.buffer, content.byteOffset, content.byteLength)
  try {
    const info = await stat(file)
    if (info.size === data.length && (await readFile(file)).equals(data)) return 'unchanged'
  } catch {
    // No such file yet.
  }
  const dir = path.dirname(file)
  await mkdir(dir, {recursive: true})
  const temporary = temporaryIn(dir)
  const handle = await open(temporary, 'w')
  try {
    await handle.writeFile(data)
    await handle.sync()
  } catch (error) {
    await handle.close()
    await rm(temporary, {force: true})
    release(temporary)
    throw error
  }
  await handle.close()
  try {
    await renameWithRetry(temporary, file)
  } catch (error) {
    await rm(temporary, {force: true})
    throw error
  } finally {
    release(temporary)
  }
  return 'written'
}

/**
 * Temporary files this process is writing: never stale, though `alive` says its own process id
 * is not (a file of an earlier process that had the same id, in a container, would be).
 */
const ours = new Set<string>()

/** A new temporary file's path in `dir` (see `temporaryName`); `release` it once renamed or removed. */
export function temporaryIn(dir: string): string {
  const file = path.join(dir, `.md2data-${process.pid}-${randomBytes(6).toString('hex')}.tmp`)
  ours.add(file)
  return file
}

/** A temporary file of `temporaryIn` that is renamed or removed. */
export function release(file: string): void {
  ours.delete(file)
}

/**
 * A file written a part at a time, atomically: the parts go to a temporary file in the target's
 * folder, which `commit` flushes to disk and renames over the target, and `discard` removes; so
 * the target is the old file or the whole new one, never a part (an interrupted run keeps the old
 * one). Parts are gathered and written synchronously, a MiB or more at a time: on a local disk
 * that is a few milliseconds a run, less than a round trip through the thread pool for each.
 *
 * While the parts are the old file's bytes, they are compared, not written; when all of them
 * are, `commit` leaves the old file as it is (`'unchanged'`: its modification time too, as
 * `writeAtomic` does), else the temporary file gets the same first bytes, copied from the old file,
 * at the first difference.
 *
 * With a `state` file, the file is written as entries (`writeEntry`: a key that determines the
 * entry's bytes, such as a cache key, and its length), and the state records the entries and the
 * file's identity (device, inode, size, modification and change times); the next writer of the
 * same file, when the file still has that identity, takes an entry with the same key and length
 * as the one the old file has at that place without reading either: `--ndjson FILE --cache` reads
 * neither the documents from the cache nor the old file when nothing changed. As Git does with
 * its index, a state recorded less than `racy` after the file's last change is not trusted (a
 * change in the same clock tick would keep the times): that run compares the bytes, then records
 * the state again.
 */
export class AtomicFileWriter {
  private parts: Array<Uint8Array> = []
  private size = 0
  private fd: number | null
  /** The old file while it matches: its descriptor, its size, and how many bytes matched. */
  private old: {fd: number; size: number; same: number; identity: BigIntStats} | null
  private done = false
  /** The old file's entries, from a state that checked out: how many were taken, up to which byte. */
  private known: {
    entries: Buffer
    count: number
    at: number
    offset: number
    stale: boolean
  } | null = null
  /** Whether each entry so far was taken from the state, and the state is less than a day old. */
  private fresh = false
  /** The entries written, for the next state (when there is a state file). */
  private recorded: {bytes: Buffer; count: number} | null = null

  private constructor(
    readonly file: string,
    private readonly temporary: string,
    fd: number,
    private readonly state: string | null
  ) {
    this.fd = fd
    const old = readable(file)
    // The new file keeps the old one's permissions.
    if (old) fchmodSync(fd, Number(old.identity.mode) & 0o7777)
    this.old = old && {fd: old.fd, size: old.size, same: 0, identity: old.identity}
    if (state) {
      this.recorded = {bytes: Buffer.alloc(64 * stateEntry), count: 0}
      if (old) {
        this.known = readState(state, old.identity)
        this.fresh = this.known !== null && this.known.stale === false
      }
    }
  }

  /**
   * Start writing `file` (its folder must exist; throws as `openSync` does); `state`: a file (in
   * a folder that exists) to keep what `writeEntry` needs between runs.
   */
  static open(file: string, {state = null}: {state?: string | null} = {}): AtomicFileWriter {
    const temporary = temporaryIn(path.dirname(file))
    return new AtomicFileWriter(file, temporary, openSync(temporary, 'wx'), state)
  }

  /**
   * Whether `writeEntry` may still take entries from the old file without asking for their
   * bytes (its state checked out, and the file matches so far).
   */
  get skipping(): boolean {
    return this.known !== null && this.old !== null
  }

  write(part: string | Uint8Array): void {
    const bytes = typeof part === 'string' ? Buffer.from(part) : part
    this.parts.push(bytes)
    this.size += bytes.byteLength
    if (this.size >= 1 << 20) this.flush()
  }

  /**
   * Write an entry: `length` bytes that `key` determines (`null`: unknown), which `bytes` gives.
   * When the old file has this entry at this place (its state says so), `bytes` is not called.
   */
  writeEntry(key: string | null, length: number, bytes: () => string | Uint8Array): void {
    const recorded = this.recorded
    if (recorded) {
      if (recorded.bytes.length < (recorded.count + 1) * stateEntry) {
        recorded.bytes = Buffer.concat([recorded.bytes, Buffer.alloc(recorded.bytes.length)])
      }
      const at = recorded.count++ * stateEntry
      if (key === null) recorded.bytes.fill(0, at, at + 16)
      // (The first 16 bytes of the key's 32.)
      else recorded.bytes.write(key, at, 16, 'hex')
      recorded.bytes.writeUInt32LE(length, at + 16)
    }
    const known = this.known
    // (Once the old file no longer matches, every entry is written.)
    if (known && this.old) {
      const at = known.at++
      if (at < known.count) {
        const offset = known.offset
        const place = stateHead + at * stateEntry
        const knownLength = known.entries.readUInt32LE(place + 16)
        known.offset += knownLength
        if (
          key !== null &&
          knownLength === length &&
          scratch.write(key, 0, 16, 'hex') === 16 &&
          scratch.compare(known.entries, place, place + 16, 0, 16) === 0
        ) {
          // (What is gathered is compared first.)
          if (this.size > 0) this.flush()
          if (this.old && this.old.same === offset) {
            this.old.same += length
            return
          }
        }
      }
    }
    this.fresh = false
    this.write(bytes())
  }

  /**
   * Write what is gathered, flush the file to disk and rename it over the target; or, when it is
   * the old file's content, leave the old file. Then record the state, if any.
   */
  async commit(): Promise<'written' | 'unchanged'> {
    try {
      this.flush()
      const old = this.old
      if (old && old.same === old.size) {
        // Unless it was all taken from a recent state, record one (taken next time). Not if the
        // file changed during the run.
        const fresh = this.fresh && this.known !== null && this.known.at === this.known.count
        if (!fresh) {
          const now = fstatSync(old.fd, {bigint: true})
          if (sameIdentity(identity(now), identity(old.identity))) this.record(now)
        }
        this.discard()
        return 'unchanged'
      }
      this.diverge()
      const fd = this.handle()
      fsyncSync(fd)
      if (!this.recorded) this.close()
      await renameWithRetry(this.temporary, this.file)
      release(this.temporary)
      this.done = true
      let info: BigIntStats | null = null
      try {
        // (Once renamed, which sets its change time.)
        if (this.recorded) info = fstatSync(fd, {bigint: true})
      } finally {
        this.close()
      }
      if (info) this.record(info)
      return 'written'
    } catch (error) {
      this.discard()
      throw error
    }
  }

  /** Write the state: the file's identity `info`, the time, the entries (best effort). */
  private record(info: BigIntStats): void {
    const recorded = this.recorded
    const state = this.state
    if (!recorded || !state) return
    const values = [...identity(info), BigInt(Date.now()) * 1_000_000n]
    // (A file dated before 1970, or a clock before it, gets no state.)
    if (values.some((value) => value < 0n || value >= 1n << 64n)) return
    const head = Buffer.alloc(stateHead)
    head.write(stateMagic, 0, 'latin1')
    values.forEach((value, index) => head.writeBigUInt64LE(value, stateMagic.length + index * 8))
    head.writeUInt32LE(recorded.count, stateHead - 4)
    // Best effort: without a state, the next run compares the bytes; the output is written.
    let temporary: string | null = null
    try {
      temporary = temporaryIn(path.dirname(state))
      writeFileSync(
        temporary,
        Buffer.concat([head, recorded.bytes.subarray(0, recorded.count * stateEntry)])
      )
      renameSync(temporary, state)
    } catch {
      try {
        if (temporary) rmSync(temporary, {force: true})
      } catch {
        // Left for `removeStaleTemporaries`.
      }
    } finally {
      if (temporary) release(temporary)
    }
  }

  /** Stop (unless committed): the temporary file is removed, the target left as it was. */
  discard(): void {
    if (this.done) return
    this.done = true
    this.parts = []
    try {
      this.close()
    } finally {
      rmSync(this.temporary, {force: true})
      release(this.temporary)
    }
  }

  private flush(): void {
    const parts = this.parts
    const size = this.size
    this.parts = []
    this.size = 0
    if (parts.length === 0) return
    if (this.old && matches(this.old, parts, size)) {
      this.old.same += size
      return
    }
    this.diverge()
    // (libuv writes every part, in as many calls as it takes.)
    if (writevSync(this.handle(), parts) !== size)
      throw new Error(`Cannot write \`${this.temporary}\`: short write`)
  }

  /** The parts no longer match the old file: copy the bytes that did into the temporary file. */
  private diverge(): void {
    const old = this.old
    if (!old) return
    this.old = null
    try {
      const chunk = Buffer.allocUnsafe(Math.min(old.same, 1 << 20))
      for (let at = 0; at < old.same;) {
        const read = readSync(old.fd, chunk, 0, Math.min(chunk.length, old.same - at), at)
        if (read === 0) throw new Error(`Cannot read \`${this.file}\`: it shrank`)
        if (writeSync(this.handle(), chunk, 0, read) !== read)
          throw new Error(`Cannot write \`${this.temporary}\`: short write`)
        at += read
      }
    } finally {
      closeSync(old.fd)
    }
  }

  private handle(): number {
    if (this.fd === null) throw new Error(`\`${this.file}\` is no longer being written`)
    return this.fd
  }

  private close(): void {
    if (this.fd !== null) closeSync(this.fd)
    this.fd = null
    if (this.old) closeSync(this.old.fd)
    this.old = null
  }
}

/**
 * A state file (`AtomicFileWriter`): a magic line, the file's device, inode, size, modification
 * and change times (nanoseconds), the time the state was written (nanoseconds), as 64-bit
 * integers, the number of entries (32 bits), then each entry: the first 16 bytes of its key and
 * its length (32 bits). Little-endian.
 */
const stateMagic = 'md2data-ndjson-state 1\n'
const stateHead = stateMagic.length + 6 * 8 + 4
const stateEntry = 20
/**
 * A state recorded less than this after the file's last change (its change or modification
 * time, whichever is later: FAT has no change time, and counts modification times in steps of
 * two seconds) is checked, not trusted.
 */
const racy = 3_000_000_000n
/** Where a key's first bytes are decoded, to compare with a state's. */
const scratch = Buffer.alloc(16)
/** A day in milliseconds. */
export const day = 24 * 60 * 60 * 1000

/**
 * The entries of `state` when it describes the file of identity `info` and is not "racy" (and
 * whether it is more than a day old, so due to be written again); else `null`.
 */
function readState(
  state: string,
  info: BigIntStats
): {entries: Buffer; count: number; at: number; offset: number; stale: boolean} | null {
  let entries: Buffer
  let stale: boolean
  try {
    entries = readFileSync(state)
    stale = Date.now() - statSync(state).mtimeMs > day
  } catch {
    return null
  }
  if (entries.length < stateHead || entries.toString('latin1', 0, stateMagic.length) !== stateMagic)
    return null
  const recorded = [0, 1, 2, 3, 4, 5].map((index) =>
    entries.readBigUInt64LE(stateMagic.length + index * 8)
  )
  const [, , size = 0n, mtime = 0n, ctime = 0n, written = 0n] = recorded
  const count = entries.readUInt32LE(stateHead - 4)
  if (
    entries.length !== stateHead + count * stateEntry ||
    !sameIdentity(recorded.slice(0, 5), identity(info)) ||
    written - (ctime > mtime ? ctime : mtime) < racy
  )
    return null
  let total = 0
  for (let at = 0; at < count; at++) total += entries.readUInt32LE(stateHead + at * stateEntry + 16)
  if (BigInt(total) !== size) return null
  return {entries, count, at: 0, offset: 0, stale}
}

/** A file's identity in a state: device, inode, size, modification and change times (ns). */
function identity(info: BigIntStats): Array<bigint> {
  return [info.dev, info.ino, info.size, info.mtimeNs, info.ctimeNs]
}

function sameIdentity(a: Array<bigint>, b: Array<bigint>): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index])
}

/** The old file to compare with: a regular file (opened without blocking: a FIFO never is). */
function readable(file: string): {fd: number; size: number; identity: BigIntStats} | null {
  let fd: number
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch {
    return null
  }
  try {
    const info = fstatSync(fd, {bigint: true})
    if (info.isFile()) return {fd, size: Number(info.size), identity: info}
  } catch {
    // Taken as no old file.
  }
  closeSync(fd)
  return null
}

/** Whether `parts` (`size` bytes) are the old file's next bytes. */
function matches(
  old: {fd: number; size: number; same: number},
  parts: Array<Uint8Array>,
  size: number
): boolean {
  if (old.same + size > old.size) return false
  const bytes = Buffer.allocUnsafe(size)
  if (readSync(old.fd, bytes, 0, size, old.same) !== size) return false
  let at = 0
  for (const part of parts) {
    if (bytes.compare(part, 0, part.byteLength, at, at + part.byteLength) !== 0) return false
    at += part.byteLength
  }
  return true
}

/**
 * Why a write failed, for people, with its code: `permission denied (EACCES)`, or the error's own
 * message for codes without a wording here.
 */
export function writeFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  const reason =
    code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
      ? 'permission denied'
      : code === 'ENOSPC'
        ? 'no space left on the device'
        : code === 'ENOTDIR' || code === 'EEXIST'
          ? 'a part of the path is not a folder'
          : code === 'EISDIR'
            ? 'it is a folder'
            : (error as Error).message
  return `${reason}${code ? ` (${code})` : ''}`
}

/** `rename`, retried on Windows while another program holds the target. */
export async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to)
      return
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      /* v8 ignore next 2 -- @preserve: Windows only */
      if (
        process.platform !== 'win32' ||
        attempt >= 8 ||
        !['EPERM', 'EACCES', 'EBUSY'].includes(code ?? '')
      )
        throw error
      await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt))
    }
  }
}

/**
 * Remove temporary files that interrupted runs of md2data left under `dir` (those of processes that
 * no longer run, and not written in the last `minAge` milliseconds: a folder shared between
 * machines or containers holds files of processes this one cannot see), in its subfolders too
 * unless `recursive` is `false`; returns how many.
 */
export async function removeStaleTemporaries(
  dir: string,
  {recursive = true, minAge = 0}: {recursive?: boolean; minAge?: number} = {}
): Promise<number> {
  let removed = 0
  let entries
  try {
    entries = await readdir(dir, {withFileTypes: true, recursive})
  } catch {
    return 0
  }
  const now = Date.now()
  for (const entry of entries) {
    const match = temporaryName.exec(entry.name)
    if (!match || !entry.isFile()) continue
    const file = path.join(entry.parentPath, entry.name)
    // Another run writing the same folder right now keeps its temporary files.
    if (ours.has(file) || alive(Number(match[1]))) continue
    try {
      if (minAge > 0 && now - (await stat(file)).mtimeMs < minAge) continue
      await rm(file, {force: true})
      removed++
    } catch {
      // Gone meanwhile.
    }
  }
  return removed
}

/**
 * Whether a process with this id is running (on this machine). A zombie (dead, not yet reaped:
 * common in containers whose first process does not reap orphans) is not running.
 */
function alive(pid: number): boolean {
  if (pid === process.pid) return false
  try {
    process.kill(pid, 0)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
  if (process.platform !== 'linux') return true
  try {
    // `pid (name) S …`: the state follows the last `)`.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
    return state !== 'Z' && state !== 'X'
  } catch {
    return true
  }
}
