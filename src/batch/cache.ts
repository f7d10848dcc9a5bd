import {createHash} from 'node:crypto'
import {readFile} from 'node:fs/promises'
import path from 'node:path'
import type {WorkerResult} from './types.js'
import {writeAtomic} from './write.js'

/**
 * A content-addressed cache of conversions: the key is a SHA-256 of md2data's version, the
 * options, the schema file's bytes and the note's bytes, so a warm run re-reads and re-hashes every
 * note but parses none, and any change of options, schema or md2data misses. Entries are written
 * atomically; an unreadable or corrupt entry is a miss.
 */
export class ResultCache {
  constructor(
    readonly dir: string,
    readonly salt: string
  ) {}

  key(bytes: Uint8Array): string {
    return createHash('sha256').update(this.salt).update('\u0000').update(bytes).digest('hex')
  }

  private file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key.slice(2)}.json`)
  }

  async get(key: string): Promise<WorkerResult | null> {
    try {
      const value = JSON.parse(await readFile(this.file(key), 'utf8')) as WorkerResult
      return typeof value.json === 'string' && Array.isArray(value.diagnostics) ? value : null
    } catch {
      return null
    }
  }

  async set(key: string, result: WorkerResult): Promise<void> {
    await writeAtomic(this.file(key), JSON.stringify(result))
  }
}
