import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import path from 'node:path'
import type {WorkerResult} from './types.js'
import {writeAtomic} from './write.js'

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
   * document's JSON as is (and its indented form after a form feed), so a hit parses only the
   * small line.
   */
  async get(key: string): Promise<WorkerResult | null> {
    try {
      const text = readFileSync(this.file(key), 'utf8')
      const newline = text.indexOf('\n')
      const head = JSON.parse(text.slice(0, newline)) as Omit<WorkerResult, 'json' | 'pretty'> & {
        split: number
      }
      if (!Array.isArray(head.diagnostics) || typeof head.split !== 'number') return null
      const body = text.slice(newline + 1)
      return {
        json: head.split === -1 ? body : body.slice(0, head.split),
        pretty: head.split === -1 ? null : body.slice(head.split),
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
      split: result.pretty === null ? -1 : result.json.length
    }
    await writeAtomic(
      this.file(key),
      `${JSON.stringify(head)}\n${result.json}${result.pretty ?? ''}`
    )
  }
}
