import {createHash} from 'node:crypto'
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
  readdirSync,
  rmSync,
  statSync,
  writeSync
} from 'node:fs'
import path from 'node:path'
import type {WorkerResult} from './types.js'
import {removeStaleTemporaries, renameWithRetry, temporaryIn} from './write.js'

/** A cache hit: a `WorkerResult` whose documents are still UTF-8 bytes. */
export interface CachedResult extends Omit<WorkerResult, 'json' | 'pretty'> {
  json: Buffer
  pretty: Buffer | null
}

/** The layout of entries and packs (part of every key: entries of another layout are misses). */
export const entryLayout = 4

/** How long an entry no run has used stays in its pack, and an unused pack in the folder. */
export const keepDays = 30

const day = 24 * 60 * 60 * 1000
const magic = 'md2data-pack 4\n'
/** The end of a pack: a line feed, the index's offset in 16 digits, a line feed. */
const trailerSize = 18
const slabSize = 1024 * 1024

/** Where an entry is in a pack, and when a run last used it (milliseconds since 1970). */
interface Place {
  offset: number
  length: number
  used: number
}

/**
 * A content-addressed cache of conversions. The key of a note is a SHA-256 of md2data's version,
 * the options, the schema file's bytes, the note's path (the document holds it) and its bytes, so
 * a warm run re-reads and re-hashes every note but parses none, and any change of options, schema
 * or md2data misses.
 *
 * The entries of one set of options (version, options, schema) live in one file, a pack
 * (`<hash>.pack` in the folder): the entries one after the other, then their index. A run reads
 * the index, and each hit with one positioned read; a run that misses writes a new pack (its new
 * entries as they come, then at its end the entries it used and those another run used in the
 * last `keepDays` days, copied from the old pack) and renames it over the old one. One file a run
 * instead of one an entry: creating 999 files took 0.26-0.39 s of the kernel's time here, and a
 * cold hugo-docs run with `--cache` 0.7-1.0 s more than one without (BENCHMARKS.md). A run
 * whose notes all hit writes nothing (but once a day, to mark its entries used).
 *
 * Packs are renamed into place (a killed run leaves the old pack) but not flushed to disk (a cache
 * can be thrown away); a pack or an entry that does not check out (cut short by a crash of the
 * machine, say) is a miss. Two runs that share the folder at the same moment may each lose what
 * the other added (the last to end replaces the pack): misses, never wrong documents.
 */
export class ResultCache {
  /** The pack of these options. */
  private readonly file: string
  private old: {fd: number; index: Map<string, Place>; written: number} | null = null
  private opened = false
  /** Keys this run found in the old pack. */
  private readonly hits = new Set<string>()
  /** The new pack, once this run has something to add. */
  private next: {fd: number; temporary: string; index: Map<string, Place>; size: number} | null =
    null
  private slab = Buffer.alloc(0)
  private slabUsed = 0

  constructor(
    readonly dir: string,
    readonly salt: string
  ) {
    const id = createHash('sha256').update(salt).digest('hex').slice(0, 32)
    this.file = path.join(path.resolve(dir), `${id}.pack`)
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

  /**
   * An entry is a line of JSON with the small parts (title, front matter, diagnostics), then the
   * document's JSON as is (and its indented form after it, `split` bytes in; `size` bytes in
   * all), so a hit parses only the small line, and its document stays bytes, copied to the output
   * without being decoded.
   */
  async get(key: string): Promise<CachedResult | null> {
    const old = this.open()
    const place = old?.index.get(key)
    if (!old || !place) return null
    try {
      const bytes = this.take(place.length)
      if (readSync(old.fd, bytes, 0, place.length, place.offset) !== place.length) return null
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
      this.hits.add(key)
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

  /** Add a conversion to the new pack (written synchronously: one append). */
  async set(key: string, result: WorkerResult): Promise<void> {
    const json = Buffer.byteLength(result.json)
    const head = {
      title: result.title,
      frontmatter: result.frontmatter,
      diagnostics: result.diagnostics,
      split: result.pretty === null ? -1 : json,
      size: json + (result.pretty === null ? 0 : Buffer.byteLength(result.pretty))
    }
    this.append(
      key,
      Buffer.from(`${JSON.stringify(head)}\n${result.json}${result.pretty ?? ''}`),
      Date.now()
    )
  }

  /**
   * End the run: when it added entries (or its hits were last marked more than a day ago), write
   * the new pack (with the entries used in the last `keepDays` days) over the old one, and remove
   * packs no run has written for `keepDays` days. Closes the files either way.
   */
  async close(): Promise<void> {
    const old = this.open()
    const now = Date.now()
    try {
      const refresh = old !== null && this.hits.size > 0 && now - old.written > day
      if (!this.next && !refresh) return
      if (old) {
        for (const [key, place] of old.index) {
          if (this.next?.index.has(key)) continue
          const used = this.hits.has(key) ? now : place.used
          if (now - used > keepDays * day) continue
          const bytes = Buffer.allocUnsafe(place.length)
          if (readSync(old.fd, bytes, 0, place.length, place.offset) !== place.length) continue
          this.append(key, bytes, used)
        }
      }
      const next = this.next
      /* v8 ignore next -- @preserve: a refresh has hits, so entries to write */
      if (!next) return
      const entries = [...next.index].map(([key, {offset, length, used}]) => [
        key,
        offset,
        length,
        used
      ])
      const index = Buffer.from(JSON.stringify(entries))
      const trailer = `\n${String(next.size).padStart(16, '0')}\n`
      writeAll(next.fd, index)
      writeAll(next.fd, Buffer.from(trailer))
      closeSync(next.fd)
      this.next = null
      this.closeOld()
      await renameWithRetry(next.temporary, this.file)
      prune(this.file, now)
    } finally {
      this.closeOld()
      if (this.next) {
        closeSync(this.next.fd)
        rmSync(this.next.temporary, {force: true})
        this.next = null
      }
    }
    // (A killed run's temporary pack would otherwise stay until a run misses.)
    await removeStaleTemporaries(path.dirname(this.file), {recursive: false})
  }

  /**
   * A buffer for an entry: a part of a 1 MiB slab (a warm run reads an entry a note, and one
   * allocation each, mostly of 4-64 KiB, kept the garbage collector busy), or its own if large.
   */
  private take(length: number): Buffer {
    if (length > slabSize / 4) return Buffer.allocUnsafe(length)
    if (this.slabUsed + length > this.slab.length) {
      this.slab = Buffer.allocUnsafeSlow(slabSize)
      this.slabUsed = 0
    }
    const bytes = this.slab.subarray(this.slabUsed, this.slabUsed + length)
    this.slabUsed += length
    return bytes
  }

  private append(key: string, bytes: Buffer, used: number): void {
    if (!this.next) {
      const dir = path.dirname(this.file)
      mkdirSync(dir, {recursive: true})
      const temporary = temporaryIn(dir)
      const fd = openSync(temporary, 'wx')
      this.next = {fd, temporary, index: new Map(), size: 0}
      writeAll(fd, Buffer.from(magic))
      this.next.size = Buffer.byteLength(magic)
    }
    writeAll(this.next.fd, bytes)
    this.next.index.set(key, {offset: this.next.size, length: bytes.length, used})
    this.next.size += bytes.length
  }

  /** The old pack, read once: `null` when there is none, or it does not check out. */
  private open(): ResultCache['old'] {
    if (this.opened) return this.old
    this.opened = true
    let fd: number
    try {
      fd = openSync(this.file, 'r')
    } catch {
      return null
    }
    try {
      const {size, mtimeMs} = fstatSync(fd)
      const start = Buffer.byteLength(magic)
      if (size < start + trailerSize) throw new Error('short')
      const ends = Buffer.allocUnsafe(trailerSize)
      readSync(fd, ends, 0, trailerSize, size - trailerSize)
      const offset = Number(ends.toString('latin1', 1, trailerSize - 1))
      const first = Buffer.allocUnsafe(start)
      readSync(fd, first, 0, start, 0)
      if (
        first.toString('latin1') !== magic ||
        !/^\n\d{16}\n$/.test(ends.toString('latin1')) ||
        offset < start ||
        offset > size - trailerSize
      )
        throw new Error('not a pack')
      const bytes = Buffer.allocUnsafe(size - trailerSize - offset)
      if (readSync(fd, bytes, 0, bytes.length, offset) !== bytes.length) throw new Error('short')
      const index = new Map<string, Place>()
      for (const item of JSON.parse(bytes.toString('utf8')) as Array<
        [string, number, number, number]
      >) {
        const [key, at, length, used] = item
        if (at >= start && at + length <= offset) index.set(key, {offset: at, length, used})
      }
      this.old = {fd, index, written: mtimeMs}
    } catch {
      closeSync(fd)
    }
    return this.old
  }

  private closeOld(): void {
    if (this.old) closeSync(this.old.fd)
    this.old = null
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  let written = 0
  while (written < bytes.length) written += writeSync(fd, bytes, written)
}

/** Remove the packs beside `pack` (of other options) that no run has written for `keepDays` days. */
function prune(pack: string, now: number): void {
  const dir = path.dirname(pack)
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name)
    if (file === pack || !/^[\da-f]{32}\.pack$/.test(name)) continue
    try {
      if (now - statSync(file).mtimeMs > keepDays * day) rmSync(file, {force: true})
    } catch {
      // Gone meanwhile.
    }
  }
}
