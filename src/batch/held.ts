import {closeSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import type {FileResult} from './result.js'
import type {NoteFile} from './files.js'
import {writeAll} from './write.js'

/** What link resolution needs of a result: its file and link summary. */
export type Held = Pick<FileResult, 'file' | 'links'>

/**
 * A held result: what resolution needs, and the rest of it (with the size of its documents in
 * characters) or where the rest is in the file.
 */
type Entry = {held: Held} & (
  | {rest: Omit<FileResult, keyof Held>; size: number}
  | {
      at: number
      /** Byte lengths of the other fields (as JSON), of `json` and of `pretty` (-1: `null`). */
      lengths: Array<number>
    }
)

/**
 * The results held for link resolution until every note is converted, by key (the note's path
 * unless given). Results are kept in memory until their documents reach `memory` characters
 * (default 32 Mi); past that, only what resolution needs (`Held`) stays in memory, and the rest
 * (documents, diagnostics, front matter) goes to a temporary file, so that a run's memory does not
 * grow with its notes' documents. The file is removed as soon as it is opened where the system
 * allows it (it lasts as long as the process holds it open, even one that crashes), else by
 * `close()`.
 */
export class HeldResults {
  #entries = new Map<string, Entry>()
  #memory: number
  #inMemory = 0
  #fd: number | null = null
  #folder: string | null = null
  #end = 0

  constructor(options: {memory?: number | undefined} = {}) {
    this.#memory = options.memory ?? 32 * 1024 * 1024
  }

  /**
   * Hold a note's result (in place of the one held under its key). When the temporary file cannot
   * be made or written, results stay in memory.
   */
  set(result: FileResult, key = result.file.path): void {
    this.#release(key)
    const {file, links, ...rest} = result
    const held = {file, links}
    const {json, pretty, ...other} = rest
    const size = (json?.length ?? 0) + (pretty?.length ?? 0)
    if (this.#inMemory + size > this.#memory) {
      try {
        this.#entries.set(key, {held, ...this.#write([JSON.stringify(other), json, pretty])})
        return
      } catch {
        // (No temporary file, or no room in it: the result stays in memory.)
      }
    }
    this.#inMemory += size
    this.#entries.set(key, {held, rest, size})
  }

  delete(key: string): void {
    this.#release(key)
    this.#entries.delete(key)
  }

  /** Give a held note the file of a new walk (whose outputs are planned by file). */
  refile(file: NoteFile): void {
    const entry = this.#entries.get(file.path)
    if (entry) entry.held = {...entry.held, file}
  }

  /** What resolution needs of every held result, by key, in the order they were first held. */
  summaries(): Map<string, Held> {
    return new Map([...this.#entries].map(([key, entry]) => [key, entry.held]))
  }

  /** A held result, whole. */
  get(key: string): FileResult {
    const entry = this.#entries.get(key)
    if (!entry) throw new Error(`No result is held for \`${key}\``)
    if ('rest' in entry) return {...entry.held, ...entry.rest}
    const bytes = Buffer.allocUnsafe(entry.lengths.reduce((sum, n) => sum + Math.max(n, 0), 0))
    for (let done = 0; done < bytes.length;) {
      const read = readSync(this.#open(), bytes, done, bytes.length - done, entry.at + done)
      if (read === 0) throw new Error(`The result held for \`${key}\` was cut short`)
      done += read
    }
    let start = 0
    const [rest, json, pretty] = entry.lengths.map((length) => {
      const text = length === -1 ? null : bytes.toString('utf8', start, start + length)
      start += Math.max(length, 0)
      return text
    })
    const parsed = JSON.parse(rest as string) as Omit<FileResult, keyof Held | 'json' | 'pretty'>
    return {...entry.held, ...parsed, json: json ?? null, pretty: pretty ?? null}
  }

  /** Forget every result and remove the file (again and again: a no-op). */
  close(): void {
    this.#entries.clear()
    this.#inMemory = 0
    if (this.#fd !== null) closeSync(this.#fd)
    if (this.#folder !== null) rmSync(this.#folder, {recursive: true, force: true})
    this.#fd = null
    this.#folder = null
    this.#end = 0
  }

  /** Count the documents held in memory under `key` no more. */
  #release(key: string): void {
    const entry = this.#entries.get(key)
    if (entry && 'size' in entry) this.#inMemory -= entry.size
  }

  /** Append the parts to the file: where they start, and their byte lengths (-1: `null`). */
  #write(parts: Array<string | null>): {at: number; lengths: Array<number>} {
    const fd = this.#open()
    const at = this.#end
    let end = at
    const lengths = parts.map((part) => {
      if (part === null) return -1
      const bytes = Buffer.from(part)
      writeAll(fd, bytes, end)
      end += bytes.length
      return bytes.length
    })
    // (Only now: a part that fails to be written leaves the entries after it where they belong.)
    this.#end = end
    return {at, lengths}
  }

  #open(): number {
    if (this.#fd !== null) return this.#fd
    const folder = mkdtempSync(path.join(tmpdir(), 'md2data-held-'))
    const file = path.join(folder, 'held')
    this.#folder = folder
    this.#fd = openSync(file, 'w+')
    try {
      unlinkSync(file)
      rmSync(folder, {recursive: true})
      this.#folder = null
    } catch {
      // (Windows: an open file cannot be removed; `close()` does.)
    }
    return this.#fd
  }
}
