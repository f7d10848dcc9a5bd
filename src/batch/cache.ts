import {createHash, randomBytes} from 'node:crypto'
import type {Hash} from 'node:crypto'
import {
  closeSync,
  constants,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
  readdirSync,
  rmSync,
  statSync
} from 'node:fs'
import path from 'node:path'
import type {WorkerResult} from './result.js'
import {AtomicFile, removeStaleTemporaries, writeFailure} from './write.js'

/** The layout of packs (part of every key: packs of another layout are never read). */
export const cacheLayout = 10
/** Days an entry stays in the cache after its last use (see `ResultCache`). */
export const keepDays = 30
/** Days after which a used entry is copied into the run's new pack, to mark it used. */
const refreshDays = 7
/** More packs of one set of options than this are compacted. */
const maxPacks = 8
const magic = Buffer.from(`md2data-pack ${cacheLayout}\n`)
/** A pack ends with a line feed, its index's offset in 16 digits, and a line feed. */
const trailerSize = 18
const day = 24 * 60 * 60 * 1000

/** A copy of an entry: its pack, offset, length, checksum (SHA-256 of its bytes) and day written. */
interface Place {
  fd: number
  /** The pack's size: a place past it does not check out. */
  size: number
  offset: number
  length: number
  sum: string
  day: number
}

interface Pack {
  file: string
  fd: number
  size: number
}

/**
 * A content-addressed cache of conversions, in a folder shared by any number of runs. The key of a
 * note is a SHA-256 of md2data's version, the options, the schema file's bytes, the note's path and
 * its bytes. Entries live in packs (`<options hash>-<tag>.pack`): entries one after the other, then
 * an index of `[key, offset, length, checksum, day]`. A pack never changes once renamed into place.
 * A run reads its options' indexes, and each hit with one read, whose checksum is verified before
 * the entry is used: an entry or a pack that does not check out is a miss. A run that misses writes
 * its new entries as one new pack; when there are more than `maxPacks`, all but the largest are
 * compacted into one. A hit written more than `refreshDays` ago is copied into the new pack (so an
 * entry in use always has a recent copy), and entries and packs older than `keepDays` +
 * `refreshDays` days are dropped: an entry no run used for `keepDays` days goes.
 */
export class ResultCache {
  private readonly id: string
  /** Each key's copies, the newest first. */
  private readonly index = new Map<string, Array<Place>>()
  private readonly packs: Array<Pack> = []
  private next: AtomicFile | null = null
  private nextIndex: Array<[string, number, number, string, number]> = []
  private nextSize = 0
  private readonly today = Math.floor(Date.now() / day)
  private readonly salted: Hash
  private closed = false

  private constructor(
    readonly folder: string,
    salt: string
  ) {
    this.id = createHash('sha256').update(salt).digest('hex').slice(0, 32)
    this.salted = createHash('sha256').update(salt).update('\u0000')
  }

  /** Open the cache in `dir` (made if missing) for the options `salt` stands for. */
  static async open(dir: string, salt: string): Promise<ResultCache> {
    const cache = new ResultCache(path.resolve(dir), salt)
    try {
      mkdirSync(cache.folder, {recursive: true})
      await removeStaleTemporaries(cache.folder, {recursive: false, minAge: day})
    } catch (error) {
      throw cache.unwritable(error)
    }
    for (const file of cache.packFiles()) {
      const pack = cache.load(file)
      if (pack) cache.packs.push(pack)
    }
    return cache
  }

  /** The key of a note (its path too: the document holds it). */
  key(notePath: string, bytes: Uint8Array): string {
    return this.salted.copy().update(notePath).update('\u0000').update(bytes).digest('hex')
  }

  /** The entry of `key`, once its bytes check out; else `null`. */
  get(key: string): WorkerResult | null {
    for (const place of this.closed ? [] : (this.index.get(key) ?? [])) {
      const bytes = read(place, scratch)
      if (!bytes) continue
      if (place.day < this.today - refreshDays) this.append(key, Buffer.from(bytes), place.sum)
      return decode(bytes)
    }
    return null
  }

  /** Add a conversion to this run's new pack. */
  set(key: string, result: WorkerResult): void {
    if (this.closed) return
    const bytes = encode(result)
    this.append(key, bytes, checksum(bytes))
  }

  /** Put the new pack in place, compact the packs when there are too many, close the packs. */
  close(): void {
    if (this.closed) return
    this.closed = true
    try {
      if (this.next) {
        finish(this.next, this.nextIndex, this.nextSize)
        this.next = null
      }
      const mine = this.packFiles()
      if (mine.length > maxPacks) this.compact(mine)
    } catch (error) {
      throw this.unwritable(error)
    } finally {
      this.next?.discard()
      for (const pack of this.packs) closeSync(pack.fd)
    }
  }

  private append(key: string, bytes: Buffer, sum: string): void {
    try {
      if (!this.next) {
        this.next = AtomicFile.create(path.join(this.folder, this.name()))
        this.next.write(magic)
        this.nextSize = magic.length
      }
      this.next.write(bytes)
    } catch (error) {
      throw this.unwritable(error)
    }
    this.nextIndex.push([key, this.nextSize, bytes.length, sum, this.today])
    this.nextSize += bytes.length
  }

  /** Write every entry of all packs but the largest, the newest good copy of each, into one pack. */
  private compact(files: Array<string>): void {
    const sized = files.flatMap((file) => {
      try {
        return [{file, size: statSync(file).size}]
      } catch {
        return [] // Compacted by another run meanwhile.
      }
    })
    sized.sort((a, b) => b.size - a.size)
    const merged = new Map<string, Array<Place>>()
    const opened = sized.slice(1).flatMap(({file}) => this.load(file, merged) ?? [])
    const output = AtomicFile.create(path.join(this.folder, this.name()))
    const index: Array<[string, number, number, string, number]> = []
    let size = magic.length
    output.write(magic)
    for (const [key, places] of merged) {
      for (const place of places) {
        const bytes = place.day >= this.today - keepDays - refreshDays ? read(place) : null
        if (!bytes) continue
        output.write(bytes)
        index.push([key, size, bytes.length, place.sum, place.day])
        size += bytes.length
        break
      }
    }
    finish(output, index, size)
    for (const pack of opened) {
      closeSync(pack.fd)
      rmSync(pack.file, {force: true})
    }
  }

  /** Read a pack's index into `into`; a pack that does not check out is removed. */
  private load(file: string, into = this.index): Pack | null {
    let fd: number
    try {
      // (Without blocking: a FIFO named as a pack never hangs the run.)
      fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK)
    } catch {
      return null
    }
    try {
      const info = fstatSync(fd)
      if (!info.isFile()) {
        closeSync(fd)
        return null
      }
      const size = info.size
      const head = Buffer.alloc(magic.length + trailerSize)
      readSync(fd, head, 0, magic.length, 0)
      readSync(fd, head, magic.length, trailerSize, size - trailerSize)
      const start = Number(head.toString('latin1', magic.length + 1, magic.length + 17))
      if (!head.subarray(0, magic.length).equals(magic) || !(start < size - trailerSize))
        throw new Error('bad pack')
      const text = Buffer.alloc(size - trailerSize - start)
      readSync(fd, text, 0, text.length, start)
      const entries = JSON.parse(text.toString()) as Array<[string, number, number, string, number]>
      for (const [key, offset, length, sum, written] of entries) {
        // (A day to come is a damaged index: such a copy would hide the others.)
        if (!(written <= this.today)) continue
        const place = {fd, size, offset, length, sum, day: written}
        const places = into.get(key) ?? []
        into.set(key, places)
        places.splice(places.findIndex((other) => other.day < written) >>> 0, 0, place)
      }
      return {file, fd, size}
    } catch {
      closeSync(fd)
      rmSync(file, {force: true})
      return null
    }
  }

  /** This folder's packs of these options; packs of any options unused for too long are removed. */
  private packFiles(): Array<string> {
    const files: Array<string> = []
    for (const name of readdirSync(this.folder)) {
      if (!name.endsWith('.pack')) continue
      const file = path.join(this.folder, name)
      try {
        if (Date.now() - statSync(file).mtimeMs > (keepDays + refreshDays) * day) rmSync(file)
        else if (name.startsWith(`${this.id}-`)) files.push(file)
      } catch {
        // Removed by another run meanwhile.
      }
    }
    return files.sort()
  }

  private name(): string {
    return `${this.id}-${randomBytes(6).toString('hex')}.pack`
  }

  private unwritable(error: unknown): Error {
    return new Error(`Cannot write the cache in \`${this.folder}\`: ${writeFailure(error)}`, {
      cause: error
    })
  }
}

function finish(
  output: AtomicFile,
  index: Array<[string, number, number, string, number]>,
  size: number
): void {
  output.write(JSON.stringify(index))
  output.write(`\n${String(size).padStart(16, '0')}\n`)
  output.commit()
}

/** Where `get` reads entries (decoded at once, so one buffer serves every read). */
let scratch = Buffer.alloc(0)

/** An entry's bytes, in `into` (grown when too small; a new buffer when absent), when they check out. */
function read(place: Place, into?: Buffer): Buffer | null {
  const {fd, size, offset, length, sum} = place
  if (!(Number.isSafeInteger(offset) && Number.isSafeInteger(length) && offset >= 0 && length >= 0))
    return null
  if (offset + length > size) return null
  try {
    if (into && into.length < length) into = scratch = Buffer.allocUnsafe(Math.max(length, 1 << 16))
    const bytes = into ? into.subarray(0, length) : Buffer.allocUnsafe(length)
    if (readSync(fd, bytes, 0, length, offset) !== length) return null
    return checksum(bytes) === sum ? bytes : null
  } catch {
    return null
  }
}

function checksum(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 32)
}

/** An entry: a line of JSON with the small parts, the document's line, then its indented form. */
function encode(result: WorkerResult): Buffer {
  const {title, frontmatter, diagnostics, links, json, pretty} = result
  const head = JSON.stringify({title, frontmatter, diagnostics, links})
  return Buffer.from(`${head}\n${json}${pretty ?? ''}`)
}

function decode(bytes: Buffer): WorkerResult {
  const text = bytes.toString('utf8')
  const head = text.indexOf('\n')
  const end = text.indexOf('\n', head + 1) + 1
  const small = JSON.parse(text.slice(0, head)) as Omit<WorkerResult, 'json' | 'pretty'>
  return {
    ...small,
    json: text.slice(head + 1, end),
    pretty: end < text.length ? text.slice(end) : null
  }
}
