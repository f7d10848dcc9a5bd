import {createHash} from 'node:crypto'
import {closeSync, fstatSync, openSync, readSync} from 'node:fs'
import path from 'node:path'
import type {WorkerResult} from './types.js'
import {writeAtomic} from './write.js'

/** A cache hit: a `WorkerResult` whose documents are still UTF-8 bytes. */
export interface CachedResult extends Omit<WorkerResult, 'json' | 'pretty'> {
  json: Buffer
  pretty: Buffer | null
}

/** The layout of entries (part of every key: entries of another layout are misses). */
export const entryLayout = 3

/**
 * A content-addressed cache of conversions: the key is a SHA-256 of md2data's version, the
 * options, the schema file's bytes, the note's path (the document holds it) and its bytes, so a warm run re-reads and re-hashes every
 * note but parses none, and any change of options, schema or md2data misses. Entries are written
 * atomically (not flushed to disk: a cache can be thrown away) and hold their own length, so an
 * unreadable, corrupt or cut short entry is a miss.
 */
export class ResultCache {
  /** `dir`, absolute, with a separator at its end. */
  private readonly folder: string

  constructor(
    readonly dir: string,
    readonly salt: string
  ) {
    this.folder = path.join(path.resolve(dir), path.sep)
  }

  /** The key of a note: the path is part of it, because the document holds its path. */
  key(notePath: string, bytes: Uint8Array): string {
    return createHash('sha256')
      .update(this.salt)
      .update('\u0000')
      .update(notePath)
      .update('\u0000')
      .update(bytes)
      .digest('hex')
  }

  private file(key: string): string {
    return `${this.folder}${key.slice(0, 2)}${path.sep}${key.slice(2)}.json`
  }

  /**
   * An entry is a line of JSON with the small parts (title, front matter, diagnostics), then the
   * document's JSON as is (and its indented form after it, `split` bytes in; `size` bytes in
   * all), so a hit parses only the small line, and its document stays bytes, copied to the output
   * without being decoded.
   */
  async get(key: string): Promise<CachedResult | null> {
    try {
      const bytes = readEntry(this.file(key))
      const newline = bytes.indexOf(10 /* \n */)
      const head = JSON.parse(bytes.toString('utf8', 0, newline)) as Omit<
        WorkerResult,
        'json' | 'pretty'
      > & {split: number; size: number}
      const body = bytes.subarray(newline + 1)
      if (
        !Array.isArray(head.diagnostics) ||
        typeof head.split !== 'number' ||
        head.size !== body.byteLength
      )
        return null
      return {
        json: head.split === -1 ? body : body.subarray(0, head.split),
        pretty: head.split === -1 ? null : body.subarray(head.split),
        title: head.title,
        frontmatter: head.frontmatter,
        diagnostics: head.diagnostics
      }
    } catch {
      return null
    }
  }

  async set(key: string, result: WorkerResult): Promise<void> {
    const json = Buffer.byteLength(result.json)
    const head = {
      title: result.title,
      frontmatter: result.frontmatter,
      diagnostics: result.diagnostics,
      split: result.pretty === null ? -1 : json,
      size: json + (result.pretty === null ? 0 : Buffer.byteLength(result.pretty))
    }
    await writeAtomic(
      this.file(key),
      `${JSON.stringify(head)}\n${result.json}${result.pretty ?? ''}`,
      {flush: false}
    )
  }
}

/** Where `readEntry` reads: most entries fit (hugo-docs' average 16 KiB, largest 1.1 MiB). */
const scratch = Buffer.allocUnsafe(256 * 1024)

/**
 * Read an entry: into `scratch` and copied out when it fits (open, read, close: no `fstat`, and no
 * buffer of its own to allocate first), else as `readFileSync` does.
 */
function readEntry(file: string): Buffer {
  const fd = openSync(file, 'r')
  try {
    const length = readSync(fd, scratch, 0, scratch.length, 0)
    if (length < scratch.length) return Buffer.from(scratch.subarray(0, length))
    const size = fstatSync(fd).size
    const bytes = Buffer.allocUnsafe(size)
    let read = 0
    while (read < size) {
      const more = readSync(fd, bytes, read, size - read, read)
      if (more === 0) return bytes.subarray(0, read)
      read += more
    }
    return bytes
  } finally {
    closeSync(fd)
  }
}
