import {createHash, randomBytes} from 'node:crypto'
import type {Hash} from 'node:crypto'
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
import type {Diagnostic, Frontmatter} from '../types.js'
import type {WorkerResult} from './types.js'
import {
  day,
  release,
  removeStaleTemporaries,
  renameWithRetry,
  temporaryIn,
  writeFailure
} from './write.js'

/** A cache hit: a `WorkerResult` whose documents are still UTF-8 bytes. */
export interface CachedResult extends Omit<WorkerResult, 'json' | 'pretty'> {
  /** The bytes of the one-line document (`json`). */
  jsonLength: number
  /** The bytes this hit holds in memory (none for a lazy hit whose documents are not read yet). */
  held: number
  /**
   * The documents as UTF-8 bytes: read with the entry, or for a lazy hit (`get(key, true)`) from
   * the pack on the first call, which must come before the cache is closed.
   */
  documents(): {json: Buffer; pretty: Buffer | null}
}

/** The layout of entries and packs (part of every key: entries of another layout are misses). */
export const entryLayout = 8

/** How long an entry no run has used stays in the cache, and the packs of unused options. */
export const keepDays = 30

const magic = 'md2data-pack 8\n'
/** The end of a pack: a line feed, the index's offset in 16 digits, a line feed. */
const trailerSize = 18
const slabSize = 1024 * 1024
/** A pack's name: the hash of its options, a tag of its own. */
const packName = /^([\da-f]{32})\.[\da-f]{12}\.pack$/
/** The name of the state of an `--ndjson` file (`outputState`). */
const stateName = /^ndjson-[\da-f]{16}\.state$/

/**
 * Where, in the cache folder `dir`, the command line keeps what it knows of the `--ndjson` file
 * `file` (an absolute path): see `AtomicFileWriter`. Removed when no run has used it for
 * `keepDays` days.
 */
export function outputState(dir: string, file: string): string {
  const hash = createHash('sha256').update(file).digest('hex').slice(0, 16)
  return path.join(path.resolve(dir), `ndjson-${hash}.state`)
}

/** An entry read whole: its documents, and its front matter's JSON. */
interface Entry {
  documents: {json: Buffer; pretty: Buffer | null}
  front: Buffer
}

/** A pack being read. */
interface Pack {
  fd: number
  file: string
  /** How many entries its index lists. */
  entries: number
  /** Set when an entry did not check out: removed, never merged, no more hits. */
  broken?: boolean
}

/**
 * Where an entry is (`length` bytes at `offset`, the first `head` of them its head and front
 * matter lines), when a run last used it (milliseconds since 1970), and its head's small parts:
 * the indented document's start in the body (`split`, -1: none), the title and diagnostics (in
 * the index too, so that a lazy hit reads nothing).
 */
interface Place extends Meta {
  pack: Pack
  offset: number
  length: number
  used: number
}

interface Meta {
  head: number
  split: number
  title: string | null
  diagnostics: Array<Diagnostic>
}

/** A pack being written. */
interface Writing {
  fd: number
  temporary: string
  index: Map<string, Omit<Place, 'pack'>>
  size: number
}

/**
 * A content-addressed cache of conversions. The key of a note is a SHA-256 of md2data's version,
 * the options, the schema file's bytes, the note's path (the document holds it) and its bytes, so
 * a warm run re-reads and re-hashes every note but parses none, and any change of options, schema
 * or md2data misses.
 *
 * Entries live in packs: files that hold entries one after the other, then their index
 * (`<options hash>.<tag>.pack` in the folder). A run reads the indexes of its options' packs,
 * and each hit with one positioned read; a run that misses writes its new entries as one new pack
 * (written to a temporary file as they come, renamed into place at its end). So a cold run creates
 * one file, not one a note: creating 999 files took 0.26-0.39 s of the kernel's time here, and a
 * cold hugo-docs run with `--cache` 0.7-1.0 s more than one without (BENCHMARKS.md). Packs are
 * merged like a binary counter: when two packs have as many entries to the power of two (1, 2-3,
 * 4-7…), those and all smaller ones become one, so there are never more than about log2(entries)
 * packs however small the runs (one `convertFile` a note), and each entry is copied about log2
 * times in all. Merging drops entries that no run used for `keepDays` days; a run with a hit that
 * was last marked used more than a day ago merges all packs, to mark its hits used.
 *
 * Packs never change once in place (a merge writes a new one, then removes the old ones), and are
 * not flushed to disk (a cache can be thrown away); a pack or an entry that does not check out
 * (its key, its length, its head) is a miss. Runs can share the folder at the same moment: at worst
 * one's merge removes a pack that the other was about to use (misses, never wrong documents).
 */
export class ResultCache {
  /** The folder, absolute. */
  private readonly folder: string
  /** The hash of these options: the first part of their packs' names. */
  private readonly id: string
  private packs: Array<Pack> | null = null
  private readonly index = new Map<string, Place>()
  /** Keys this run found. */
  private readonly hits = new Set<string>()
  /** The new pack, once this run has something to add. */
  private next: Writing | null = null
  private slab = Buffer.alloc(0)
  private slabUsed = 0
  /**
   * Set when `close` starts: later `get`s miss and `set`s are dropped (notes a stopped run's
   * workers finish after it).
   */
  private closed = false
  private salted: Hash | null = null

  constructor(
    readonly dir: string,
    readonly salt: string
  ) {
    this.folder = path.resolve(dir)
    this.id = createHash('sha256').update(salt).digest('hex').slice(0, 32)
  }

  /** The key of a note: the path is part of it, because the document holds its path. */
  key(notePath: string, bytes: Uint8Array): string {
    // (The options' part hashed once, copied for each note.)
    this.salted ??= createHash('sha256').update(this.salt).update('\u0000')
    return this.salted.copy().update(notePath).update('\u0000').update(bytes).digest('hex')
  }

  /**
   * An entry is a line of JSON with its key and the small parts (title, diagnostics), a line
   * with the front matter's JSON (parsed when first asked for: the command line needs it only
   * for `index.json`), then the document's JSON as is (and its indented form after it, `split`
   * bytes in; `size` bytes in all), so a hit parses only the small line, and its document stays
   * bytes, copied to the output without being decoded. The pack's index also holds each entry's
   * title and diagnostics, so a `lazy` hit reads nothing now, and the entry when its documents or
   * its front matter are asked for (`CachedResult.documents`): the command line does not read
   * the documents of an `--ndjson` file that it finds unchanged (`AtomicFileWriter`).
   */
  get(key: string, lazy = false): CachedResult | null {
    if (this.closed) return null
    this.open()
    const place = this.index.get(key)
    if (!place || place.pack.broken) return null
    let entry: Entry | null = null
    if (!lazy) {
      entry = this.read(place, key)
      if (!entry) return this.broke(place.pack)
    }
    this.hits.add(key)
    const size = place.length - place.head
    const whole = (): Entry => {
      if (entry) return entry
      if (this.closed) throw new Error(`The cache in \`${this.folder}\` is closed`)
      entry = this.read(place, key)
      if (!entry) {
        // Too late for a miss (the note's result is out): the run fails, the next one converts.
        this.broke(place.pack)
        throw new Error(
          `Cannot read the cache in \`${this.folder}\`: an entry does not check out (its pack is removed; run again)`
        )
      }
      hit.held = size
      return entry
    }
    let frontmatter: Frontmatter | null | undefined
    const hit: CachedResult = {
      jsonLength: place.split === -1 ? size : place.split,
      held: lazy ? 0 : size,
      documents: () => whole().documents,
      title: place.title,
      get frontmatter() {
        return (frontmatter ??= JSON.parse(whole().front.toString('utf8')) as Frontmatter | null)
      },
      diagnostics: place.diagnostics
    }
    return hit
  }

  /** A pack with an entry that does not check out (a crash cut it short): removed. */
  private broke(pack: Pack): null {
    pack.broken = true
    remove(pack.file)
    return null
  }

  /**
   * Read an entry whole, and check it: its head's key and sizes, its lines. `null` when it does
   * not check out (or cannot be read).
   */
  private read(place: Place, key: string): Entry | null {
    try {
      const bytes = this.take(place.length)
      if (readSync(place.pack.fd, bytes, 0, place.length, place.offset) !== place.length)
        return null
      const newline = bytes.indexOf(10 /* \n */)
      if (bytes[place.head - 1] !== 10 || newline === -1 || newline >= place.head - 1) return null
      const head = JSON.parse(bytes.toString('utf8', 0, newline)) as {
        key: string
        split: number
        size: number
      }
      if (head.key !== key || head.split !== place.split || head.size !== place.length - place.head)
        return null
      const body = bytes.subarray(place.head)
      return {
        documents: {
          json: place.split === -1 ? body : body.subarray(0, place.split),
          pretty: place.split === -1 ? null : body.subarray(place.split)
        },
        front: bytes.subarray(newline + 1, place.head - 1)
      }
    } catch {
      return null
    }
  }

  /** Add a conversion to this run's new pack (written synchronously: one append). */
  async set(key: string, result: WorkerResult): Promise<void> {
    const json = Buffer.byteLength(result.json)
    const head = {
      key,
      title: result.title,
      diagnostics: result.diagnostics,
      split: result.pretty === null ? -1 : json,
      size: json + (result.pretty === null ? 0 : Buffer.byteLength(result.pretty))
    }
    const line = `${JSON.stringify(head)}\n${JSON.stringify(result.frontmatter)}\n`
    const bytes = Buffer.from(`${line}${result.json}${result.pretty ?? ''}`)
    if (this.closed) return
    try {
      this.next ??= this.start()
      append(this.next, key, bytes, Date.now(), {
        head: Buffer.byteLength(line),
        split: head.split,
        title: head.title,
        diagnostics: head.diagnostics
      })
    } catch (error) {
      throw this.unwritable(error)
    }
  }

  /** An error that names the cache folder (the run fails: exit 2 on the command line). */
  private unwritable(error: unknown): Error {
    return new Error(`Cannot write the cache in \`${this.folder}\`: ${writeFailure(error)}`, {
      cause: error
    })
  }

  /**
   * End the run: put its new pack in place, merge packs (see the class), remove the packs of
   * options no run has used for `keepDays` days and temporary files of runs that are gone. Closes
   * the files either way.
   */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    const opened = this.open()
    const now = Date.now()
    try {
      await this.write(opened, now)
    } catch (error) {
      throw this.unwritable(error)
    } finally {
      for (const pack of opened) closeSync(pack.fd)
      // (Again once closed: Windows does not remove a file that is open.)
      for (const pack of opened) if (pack.broken) remove(pack.file)
      this.packs = []
      this.index.clear()
      if (this.next) abandon(this.next)
      this.next = null
    }
    // A killed run's temporary pack would otherwise stay. (A day old at least: another machine or
    // container sharing the folder may be writing one, under a process id this one cannot see.)
    await removeStaleTemporaries(this.folder, {recursive: false, minAge: day})
  }

  /** `close`'s writes: the new pack, merges, pruning. */
  private async write(opened: Array<Pack>, now: number): Promise<void> {
    let live = opened.filter((pack) => !pack.broken)
    let wrote = false
    if (this.next) {
      const pack = await this.finish(this.next)
      this.next = null
      if (pack) {
        opened.push(pack)
        live.push(pack)
      }
      wrote = true
    }
    for (;;) {
      const merge = this.toMerge(live, now)
      if (merge.length === 0) break
      const pack = await this.merge(merge, now)
      live = live.filter((item) => !merge.includes(item))
      if (pack) {
        opened.push(pack)
        live.push(pack)
      }
      wrote = true
    }
    if (wrote) prune(this.folder, this.id, now)
  }

  /**
   * The packs to merge: all when a hit of this run was last marked used more than a day ago (to
   * mark it); else, when two packs are at the same level (entries to the power of two), those
   * and all below; else none.
   */
  private toMerge(packs: Array<Pack>, now: number): Array<Pack> {
    const stale = [...this.hits].some((key) => {
      const place = this.index.get(key)
      return place !== undefined && now - place.used > day
    })
    if (stale) return packs
    const level = (pack: Pack) => Math.floor(Math.log2(Math.max(1, pack.entries)))
    const counts = new Map<number, number>()
    for (const pack of packs) counts.set(level(pack), (counts.get(level(pack)) ?? 0) + 1)
    const full = [...counts].filter(([, count]) => count > 1).map(([at]) => at)
    if (full.length === 0) return []
    const top = Math.max(...full)
    return packs.filter((pack) => level(pack) <= top)
  }

  /**
   * Write the entries of `packs` (the latest of each key, used in the last `keepDays` days) as
   * one pack, and remove them; returns the new pack (`null` when nothing was left to keep).
   */
  private async merge(packs: Array<Pack>, now: number): Promise<Pack | null> {
    const merging = new Set(packs)
    const writing = this.start()
    this.next = writing
    for (const [key, place] of this.index) {
      if (!merging.has(place.pack)) continue
      const used = this.hits.has(key) ? now : place.used
      if (now - used > keepDays * day) continue
      const bytes = Buffer.allocUnsafe(place.length)
      try {
        if (readSync(place.pack.fd, bytes, 0, place.length, place.offset) !== place.length) continue
      } catch {
        // Unreadable (a disk error): left out, a miss.
        continue
      }
      append(writing, key, bytes, used, place)
    }
    let pack: Pack | null = null
    if (writing.index.size > 0) pack = await this.finish(writing)
    else abandon(writing)
    this.next = null
    for (const [key, place] of this.index) if (merging.has(place.pack)) this.index.delete(key)
    // (Best effort: another program may hold one, on Windows; a later merge takes it again.)
    for (const item of packs) remove(item.file)
    return pack
  }

  /** Open a new pack, in a temporary file. */
  private start(): Writing {
    mkdirSync(this.folder, {recursive: true})
    const temporary = temporaryIn(this.folder)
    const fd = openSync(temporary, 'wx')
    const writing: Writing = {fd, temporary, index: new Map(), size: 0}
    writeAll(fd, Buffer.from(magic))
    writing.size = Buffer.byteLength(magic)
    return writing
  }

  /**
   * Write a new pack's index and end, rename it into place, and open it for reading; `null` when
   * its temporary file is gone (removed by a run that took it for a dead one's): its entries are
   * lost, misses next time.
   */
  private async finish(writing: Writing): Promise<Pack | null> {
    const entries = [...writing.index].map(
      ([key, {offset, length, used, head, split, title, diagnostics}]) => [
        key,
        offset,
        length,
        used,
        head,
        split,
        title,
        diagnostics
      ]
    )
    writeAll(writing.fd, Buffer.from(JSON.stringify(entries)))
    writeAll(writing.fd, Buffer.from(`\n${String(writing.size).padStart(16, '0')}\n`))
    closeSync(writing.fd)
    writing.fd = -1
    const file = path.join(this.folder, `${this.id}.${randomBytes(6).toString('hex')}.pack`)
    try {
      await renameWithRetry(writing.temporary, file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      abandon(writing)
      return null
    }
    release(writing.temporary)
    const pack: Pack = {fd: openSync(file, 'r'), file, entries: entries.length}
    for (const [key, place] of writing.index) this.index.set(key, {pack, ...place})
    return pack
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

  /** The packs of these options, read once (those that do not check out are left out). */
  private open(): Array<Pack> {
    if (this.packs) return this.packs
    this.packs = []
    let names: Array<string>
    try {
      names = readdirSync(this.folder)
    } catch {
      return this.packs
    }
    for (const name of names.sort()) {
      if (packName.exec(name)?.[1] !== this.id) continue
      const file = path.join(this.folder, name)
      const pack = readPack(file, this.index)
      // A pack is renamed into place whole: one that does not check out is broken for good.
      if (pack === 'broken') remove(file)
      else if (pack) this.packs.push(pack)
    }
    return this.packs
  }
}

/**
 * Open a pack and add its entries to `index` (where a key is twice, the later use wins):
 * `'broken'` when it does not check out, `null` when it cannot be read (gone, or out of file
 * descriptors: left alone).
 */
function readPack(file: string, index: Map<string, Place>): Pack | 'broken' | null {
  let fd: number
  try {
    fd = openSync(file, 'r')
  } catch {
    return null
  }
  try {
    const {size} = fstatSync(fd)
    const start = Buffer.byteLength(magic)
    if (size < start + trailerSize) throw new Broken()
    const ends = Buffer.allocUnsafe(trailerSize)
    readSync(fd, ends, 0, trailerSize, size - trailerSize)
    const first = Buffer.allocUnsafe(start)
    readSync(fd, first, 0, start, 0)
    const offset = Number(ends.toString('latin1', 1, trailerSize - 1))
    if (
      first.toString('latin1') !== magic ||
      !/^\n\d{16}\n$/.test(ends.toString('latin1')) ||
      offset < start ||
      offset > size - trailerSize
    )
      throw new Broken()
    const bytes = Buffer.allocUnsafe(size - trailerSize - offset)
    if (readSync(fd, bytes, 0, bytes.length, offset) !== bytes.length) throw new Broken()
    let entries: Array<
      [string, number, number, number, number, number, string | null, Array<Diagnostic>]
    >
    try {
      entries = JSON.parse(bytes.toString('utf8')) as typeof entries
      if (!Array.isArray(entries)) throw new Broken()
    } catch {
      throw new Broken()
    }
    const valid = entries.filter(
      (item) =>
        Array.isArray(item) &&
        typeof item[0] === 'string' &&
        Number.isSafeInteger(item[1]) &&
        Number.isSafeInteger(item[2]) &&
        Number.isSafeInteger(item[3]) &&
        Number.isSafeInteger(item[4]) &&
        Number.isSafeInteger(item[5]) &&
        item[1] >= start &&
        item[4] > 0 &&
        item[4] <= item[2] &&
        item[1] + item[2] <= offset &&
        item[5] >= -1 &&
        item[5] <= item[2] - item[4] &&
        (item[6] === null || typeof item[6] === 'string') &&
        Array.isArray(item[7])
    )
    const pack: Pack = {fd, file, entries: valid.length}
    for (const [key, at, length, used, head, split, title, diagnostics] of valid) {
      const known = index.get(key)
      if (!known || known.used < used) {
        index.set(key, {pack, offset: at, length, used, head, split, title, diagnostics})
      }
    }
    return pack
  } catch (error) {
    closeSync(fd)
    return error instanceof Broken ? 'broken' : null
  }
}

/** A pack that does not check out. */
class Broken extends Error {}

/** Stop writing a pack: close it (unless closed) and remove its temporary file. */
function abandon(writing: Writing): void {
  try {
    if (writing.fd >= 0) closeSync(writing.fd)
  } finally {
    writing.fd = -1
    rmSync(writing.temporary, {force: true})
    release(writing.temporary)
  }
}

function append(writing: Writing, key: string, bytes: Buffer, used: number, meta: Meta): void {
  writeAll(writing.fd, bytes)
  const {head, split, title, diagnostics} = meta
  writing.index.set(key, {
    offset: writing.size,
    length: bytes.length,
    used,
    head,
    split,
    title,
    diagnostics
  })
  writing.size += bytes.length
}

function writeAll(fd: number, bytes: Buffer): void {
  let written = 0
  while (written < bytes.length) written += writeSync(fd, bytes, written)
}

/**
 * Remove the packs of other options that no run has written for `keepDays` days, and the states
 * of `--ndjson` files no run has used for as long (a run that uses one rewrites it daily).
 */
function prune(folder: string, id: string, now: number): void {
  for (const name of readdirSync(folder)) {
    const match = packName.exec(name)
    if ((!match || match[1] === id) && !stateName.test(name)) continue
    const file = path.join(folder, name)
    try {
      if (now - statSync(file).mtimeMs > keepDays * day) remove(file)
    } catch {
      // Gone meanwhile.
    }
  }
}

function remove(file: string): void {
  try {
    rmSync(file, {force: true})
  } catch {
    // Held by another program (Windows): left for a later run.
  }
}
