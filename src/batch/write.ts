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
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync
} from 'node:fs'
import {mkdir, readdir, rm, stat} from 'node:fs/promises'
import path from 'node:path'

/** Temporary files md2data writes next to an output: `.md2data-<pid>-<random>.tmp`. */
export const temporaryName = /^\.md2data-(\d+)-[0-9a-f]+\.tmp$/

/** Temporary files of this process (never stale). */
const ours = new Set<string>()

/**
 * A file written a part at a time, atomically: the parts go to a temporary file beside the target,
 * which `commit` flushes and renames over it, and `discard` removes; the target is the old file or
 * the whole new one, never a part. `commit` compares the new file with the old one once: when they
 * are the same bytes, the old file stays as it is (its modification time too). A link to a file
 * stays a link: the file it names is replaced.
 */
export class AtomicFile {
  /** The file replaced: the target, or the file a link at the target names. */
  readonly file: string
  private readonly temporary: string
  private fd: number | null
  private parts: Array<string | Uint8Array> = []
  private held = 0

  private constructor(file: string) {
    this.file = file
    const dir = path.dirname(file)
    this.temporary = path.join(dir, `.md2data-${process.pid}-${randomBytes(6).toString('hex')}.tmp`)
    ours.add(this.temporary)
    this.fd = openSync(this.temporary, 'w+')
  }

  /** Start writing `target` (its folders are made). */
  static async open(target: string): Promise<AtomicFile> {
    const file = finalTarget(target)
    await mkdir(path.dirname(file), {recursive: true})
    return new AtomicFile(file)
  }

  /** Start writing `file`, in a folder that exists, as it is named (no link followed). */
  static create(file: string): AtomicFile {
    return new AtomicFile(file)
  }

  write(part: string | Uint8Array): void {
    this.parts.push(part)
    this.held += part.length
    if (this.held >= 1 << 20) this.flush()
  }

  /** Replace the target (unless it holds these bytes already; `compare: false` when known not to). */
  commit({compare = true}: {compare?: boolean} = {}): 'written' | 'unchanged' {
    this.flush()
    const fd = this.fd as number
    let old: {fd: number; mode: number} | null = null
    try {
      const oldFd = openSync(this.file, constants.O_RDONLY | constants.O_NONBLOCK)
      const info = fstatSync(oldFd)
      if (info.isFile()) old = {fd: oldFd, mode: info.mode & 0o7777}
      else closeSync(oldFd)
    } catch {
      // No old file.
    }
    try {
      if (old && compare && sameBytes(old.fd, fd)) {
        this.discard()
        return 'unchanged'
      }
      if (old) fchmodSync(fd, old.mode)
      fsyncSync(fd)
      closeSync(fd)
      this.fd = null
      renameSync(this.temporary, this.file)
      ours.delete(this.temporary)
      return 'written'
    } catch (error) {
      this.discard()
      throw error
    } finally {
      if (old) closeSync(old.fd)
    }
  }

  /** Drop the new file (an interrupted or failed run keeps the old one). */
  discard(): void {
    if (this.fd !== null) closeSync(this.fd)
    this.fd = null
    rmSync(this.temporary, {force: true})
    ours.delete(this.temporary)
  }

  private flush(): void {
    if (this.parts.length === 0) return
    // (Text parts are encoded together: one buffer, not one a part.)
    const bytes = this.parts.every((part) => typeof part === 'string')
      ? Buffer.from(this.parts.join(''))
      : Buffer.concat(
          this.parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part))
        )
    this.parts = []
    this.held = 0
    for (let done = 0; done < bytes.length;)
      done += writeSync(this.fd as number, bytes, done, bytes.length - done)
  }
}

/** Write a whole file atomically (see `AtomicFile`). */
export async function writeAtomic(
  file: string,
  content: string | Uint8Array
): Promise<'written' | 'unchanged'> {
  // The whole content is here: compared with the old file before anything is written (a file that
  // holds it already is left as it is, and no temporary file is made).
  const bytes = typeof content === 'string' ? Buffer.from(content) : content
  if (holds(finalTarget(file), bytes)) return 'unchanged'
  const output = await AtomicFile.open(file)
  try {
    output.write(bytes)
  } catch (error) {
    output.discard()
    throw error
  }
  return output.commit({compare: false})
}

/** Whether `file` is a regular file that holds exactly `bytes`. */
function holds(file: string, bytes: Uint8Array): boolean {
  let fd: number
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch {
    return false
  }
  try {
    const info = fstatSync(fd)
    if (!info.isFile() || info.size !== bytes.length) return false
    const old = Buffer.allocUnsafe(bytes.length)
    return readSync(fd, old, 0, old.length, 0) === old.length && old.equals(bytes)
  } catch {
    return false
  } finally {
    closeSync(fd)
  }
}

/** Whether two open files hold the same bytes (read from their start). */
function sameBytes(a: number, b: number): boolean {
  const size = fstatSync(a).size
  if (size !== fstatSync(b).size) return false
  const left = Buffer.allocUnsafe(1 << 20)
  const right = Buffer.allocUnsafe(1 << 20)
  for (let position = 0; position < size;) {
    const read = readSync(a, left, 0, left.length, position)
    if (read === 0 || readSync(b, right, 0, read, position) !== read) return false
    if (!left.subarray(0, read).equals(right.subarray(0, read))) return false
    position += read
  }
  return true
}

/** The file a write to `target` replaces: the end of a chain of links (made if missing). */
function finalTarget(target: string): string {
  try {
    return realpathSync(target)
  } catch {
    // No such file yet, or a link to none: follow the links by hand.
  }
  let current = target
  for (let hop = 0; hop < 40; hop++) {
    let link: string
    try {
      link = readlinkSync(current)
    } catch {
      return current
    }
    current = path.resolve(path.dirname(current), link)
  }
  throw Object.assign(new Error('too many symbolic links'), {code: 'ELOOP'})
}

/** Whether `file` exists and is not a regular file (a FIFO, a device: written in place; a folder). */
export function isSpecial(file: string): boolean {
  try {
    return !statSync(file).isFile()
  } catch {
    return false
  }
}

/**
 * Remove temporary files that interrupted runs left under `dir` (of processes that no longer run,
 * and not changed for `minAge` milliseconds: a folder shared with another machine or container
 * holds files of processes this one cannot see); in subfolders too unless `recursive` is false.
 */
export async function removeStaleTemporaries(
  dir: string,
  {recursive = true, minAge = 10 * 60 * 1000}: {recursive?: boolean; minAge?: number} = {}
): Promise<number> {
  let entries
  try {
    entries = await readdir(dir, {withFileTypes: true, recursive})
  } catch {
    return 0
  }
  let removed = 0
  for (const entry of entries) {
    const match = temporaryName.exec(entry.name)
    if (!match || !entry.isFile()) continue
    const file = path.join(entry.parentPath, entry.name)
    if (ours.has(file) || alive(Number(match[1]))) continue
    try {
      if (Date.now() - (await stat(file)).mtimeMs < minAge) continue
      await rm(file, {force: true})
      removed++
    } catch {
      // Gone meanwhile.
    }
  }
  return removed
}

/** Whether a process with this id runs here (a zombie does not). */
function alive(pid: number): boolean {
  if (pid === process.pid) return false
  try {
    process.kill(pid, 0)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
  try {
    // `pid (name) S …`: the state follows the last `)`.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const state = stat.charAt(stat.lastIndexOf(')') + 2)
    return state !== 'Z' && state !== 'X'
  } catch {
    return true // Not Linux.
  }
}

/** Why a write failed, for people, with its code: `permission denied (EACCES)`. */
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
            : code === 'ENAMETOOLONG'
              ? 'its name is too long for the file system'
              : (error as Error).message
  return `${reason}${code ? ` (${code})` : ''}`
}
