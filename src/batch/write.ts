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
 * the whole new one, never a part. While the parts are the old file's bytes, they are compared as
 * they come, not written: the temporary file is made at the first difference (with the old file's
 * bytes before it), and a file that ends as the old one is left as it is (its modification time
 * too). A link to a file stays a link: the file it names is replaced.
 */
export class AtomicFile {
  /** The file replaced: the target, or the file a link at the target names. */
  readonly file: string
  private readonly temporary: string
  /** The temporary file, once the new bytes differ from the old file's. */
  private fd: number | null = null
  private readonly old: {fd: number; size: number; mode: number} | null
  /** How many bytes, from the start, are the old file's. */
  private matched = 0
  private parts: Array<string | Uint8Array> = []
  private held = 0

  private constructor(file: string) {
    this.file = file
    const dir = path.dirname(file)
    this.temporary = path.join(dir, `.md2data-${process.pid}-${randomBytes(6).toString('hex')}.tmp`)
    ours.add(this.temporary)
    this.old = regularFile(file)
    if (!this.old) this.start()
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

  /** Replace the target (unless it holds these bytes already). */
  commit(): 'written' | 'unchanged' {
    try {
      this.flush()
      if (this.fd === null && this.old && this.matched === this.old.size) {
        this.discard()
        return 'unchanged'
      }
      // (A new file that is the start of the old one.)
      if (this.fd === null) this.start()
      const fd = this.fd as number
      if (this.old) fchmodSync(fd, this.old.mode)
      fsyncSync(fd)
      closeSync(fd)
      this.fd = null
      renameSync(this.temporary, this.file)
      ours.delete(this.temporary)
      this.closeOld()
      return 'written'
    } catch (error) {
      this.discard()
      throw error
    }
  }

  /** Drop the new file (an interrupted or failed run keeps the old one). */
  discard(): void {
    if (this.fd !== null) closeSync(this.fd)
    this.fd = null
    rmSync(this.temporary, {force: true})
    ours.delete(this.temporary)
    this.closeOld()
  }

  private flush(): void {
    if (this.parts.length === 0) return
    // (One buffer for all parts, each encoded into its place: no joined string, no buffer a part.)
    let size = 0
    for (const part of this.parts)
      size += typeof part === 'string' ? Buffer.byteLength(part) : part.length
    const bytes = Buffer.allocUnsafe(size)
    let offset = 0
    for (const part of this.parts) {
      if (typeof part === 'string') offset += bytes.write(part, offset)
      else offset += (bytes.set(part, offset), part.length)
    }
    this.parts = []
    this.held = 0
    if (this.fd === null && this.old && this.sameAsOld(bytes)) {
      this.matched += bytes.length
      return
    }
    if (this.fd === null) this.start()
    writeAll(this.fd as number, bytes)
  }

  /** Whether `bytes` are the old file's next bytes. */
  private sameAsOld(bytes: Buffer): boolean {
    const old = this.old as {fd: number; size: number}
    if (this.matched + bytes.length > old.size) return false
    const there = Buffer.allocUnsafe(bytes.length)
    return (
      readSync(old.fd, there, 0, there.length, this.matched) === there.length && there.equals(bytes)
    )
  }

  /** Make the temporary file, with the old file's first `matched` bytes. */
  private start(): void {
    this.fd = openSync(this.temporary, 'w')
    const chunk = Buffer.allocUnsafe(1 << 20)
    for (let position = 0; position < this.matched;) {
      const read = readSync(
        (this.old as {fd: number}).fd,
        chunk,
        0,
        Math.min(chunk.length, this.matched - position),
        position
      )
      if (read === 0) throw new Error('The old file changed while it was compared')
      writeAll(this.fd, chunk.subarray(0, read))
      position += read
    }
  }

  private closeOld(): void {
    if (this.old && this.old.fd >= 0) {
      closeSync(this.old.fd)
      this.old.fd = -1
    }
  }
}

/** An open regular file (opened without blocking: a FIFO never is), or `null`. */
function regularFile(file: string): {fd: number; size: number; mode: number} | null {
  let fd: number
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch {
    return null
  }
  const info = fstatSync(fd)
  if (info.isFile()) return {fd, size: info.size, mode: info.mode & 0o7777}
  closeSync(fd)
  return null
}

/**
 * Write all of `bytes` (a write may take only part of them), at the file's position or at
 * `position`.
 */
export function writeAll(fd: number, bytes: Uint8Array, position: number | null = null): void {
  for (let done = 0; done < bytes.length;) {
    const at = position === null ? null : position + done
    done += writeSync(fd, bytes, done, bytes.length - done, at)
  }
}

/** Write a whole file atomically (see `AtomicFile`). */
export async function writeAtomic(
  file: string,
  content: string | Uint8Array
): Promise<'written' | 'unchanged'> {
  const output = await AtomicFile.open(file)
  try {
    output.write(content)
  } catch (error) {
    output.discard()
    throw error
  }
  return output.commit()
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
