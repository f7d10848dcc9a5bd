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
  rmSync,
  writeSync,
  writevSync
} from 'node:fs'
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
 */
export class AtomicFileWriter {
  private parts: Array<Uint8Array> = []
  private size = 0
  private fd: number | null
  /** The old file while it matches: its descriptor, its size, and how many bytes matched. */
  private old: {fd: number; size: number; same: number} | null
  private done = false

  private constructor(
    readonly file: string,
    private readonly temporary: string,
    fd: number
  ) {
    this.fd = fd
    const old = readable(file)
    // The new file keeps the old one's permissions.
    if (old) fchmodSync(fd, old.mode & 0o7777)
    this.old = old && {fd: old.fd, size: old.size, same: 0}
  }

  /** Start writing `file` (its folder must exist; throws as `openSync` does). */
  static open(file: string): AtomicFileWriter {
    const temporary = temporaryIn(path.dirname(file))
    return new AtomicFileWriter(file, temporary, openSync(temporary, 'wx'))
  }

  write(part: string | Uint8Array): void {
    const bytes = typeof part === 'string' ? Buffer.from(part) : part
    this.parts.push(bytes)
    this.size += bytes.byteLength
    if (this.size >= 1 << 20) this.flush()
  }

  /**
   * Write what is gathered, flush the file to disk and rename it over the target; or, when it is
   * the old file's content, leave the old file.
   */
  async commit(): Promise<'written' | 'unchanged'> {
    try {
      this.flush()
      if (this.old && this.old.same === this.old.size) {
        this.discard()
        return 'unchanged'
      }
      this.diverge()
      fsyncSync(this.handle())
      this.close()
      await renameWithRetry(this.temporary, this.file)
      release(this.temporary)
      this.done = true
      return 'written'
    } catch (error) {
      this.discard()
      throw error
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

/** The old file to compare with: a regular file (opened without blocking: a FIFO never is). */
function readable(file: string): {fd: number; size: number; mode: number} | null {
  let fd: number
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch {
    return null
  }
  try {
    const info = fstatSync(fd)
    if (info.isFile()) return {fd, size: info.size, mode: info.mode}
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
