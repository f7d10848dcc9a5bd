import {randomBytes} from 'node:crypto'
import {readFileSync} from 'node:fs'
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
  const temporary = path.join(dir, `.md2data-${process.pid}-${randomBytes(6).toString('hex')}.tmp`)
  const handle = await open(temporary, 'w')
  try {
    await handle.writeFile(data)
    await handle.sync()
  } catch (error) {
    await handle.close()
    await rm(temporary, {force: true})
    throw error
  }
  await handle.close()
  try {
    await renameWithRetry(temporary, file)
  } catch (error) {
    await rm(temporary, {force: true})
    throw error
  }
  return 'written'
}

async function renameWithRetry(from: string, to: string): Promise<void> {
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
 * no longer run); returns how many.
 */
export async function removeStaleTemporaries(dir: string): Promise<number> {
  let removed = 0
  let entries
  try {
    entries = await readdir(dir, {withFileTypes: true, recursive: true})
  } catch {
    return 0
  }
  for (const entry of entries) {
    const match = temporaryName.exec(entry.name)
    // Another run writing the same folder right now keeps its temporary files.
    if (entry.isFile() && match && !alive(Number(match[1]))) {
      await rm(path.join(entry.parentPath, entry.name), {force: true})
      removed++
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
