import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import path from 'node:path'
import type {WorkerResult} from './types.js'
import {writeAtomic} from './write.js'

/** A cache hit: a `WorkerResult` whose documents are still UTF-8 bytes. */
export interface CachedResult extends Omit<WorkerResult, 'json' | 'pretty'> {
  json: Buffer
  pretty: Buffer | null
}

/** The layout of entries (part of every key: entries of another layout are misses). */
export const entryLayout = 2

/**
 * A content-addressed cache of conversions: the key is a SHA-256 of md2data's version, the
 * options, the schema file's bytes, the note's path (the document holds it) and its bytes, so a warm run re-reads and re-hashes every
 * note but parses none, and any change of options, schema or md2data misses. Entries are written
 * atomically; an unreadable or corrupt entry is a miss.
 */
export class ResultCache {
  constructor(
    readonly dir: string,
    readonly salt: string
  ) {}

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
    return path.join(this.dir, key.slice(0, 2), `${key.slice(2)}.json`)
  }

  /**
   * An entry is a line of JSON with the small parts (title, front matter, diagnostics), then the
   * document's JSON as is (and its indented form after it, `split` bytes in), so a hit parses only
   * the small line, and its document stays bytes, copied to the output without being decoded.
   */
  async get(key: string): Promise<CachedResult | null> {
    try {
      const bytes = readFileSync(this.file(key))
      const newline = bytes.indexOf(10 /* \n */)
      const head = JSON.parse(bytes.toString('utf8', 0, newline)) as Omit<
        WorkerResult,
        'json' | 'pretty'
      > & {split: number}
      if (!Array.isArray(head.diagnostics) || typeof head.split !== 'number') return null
      const body = bytes.subarray(newline + 1)
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
    const head = {
      title: result.title,
      frontmatter: result.frontmatter,
      diagnostics: result.diagnostics,
      split: result.pretty === null ? -1 : Buffer.byteLength(result.json)
    }
    await writeAtomic(
      this.file(key),
      `${JSON.stringify(head)}\n${result.json}${result.pretty ?? ''}`
    )
  }
}
