import {closeSync, constants, fstatSync, openSync, readFileSync, readSync} from 'node:fs'
import {availableParallelism} from 'node:os'
import path from 'node:path'
import type {StandardSchemaV1} from '@standard-schema/spec'
import type {Piscina} from 'piscina'
import {limits} from '../limits.js'
import {createDiagnostic} from '../diagnostics/create.js'
import {emptyBody, noteDocument} from '../document.js'
import type {FrontmatterResult} from '../read-frontmatter.js'
import {serialize} from '../serialize.js'
import type {Diagnostic, NoteDocument, Options} from '../types.js'
import {version} from '../version.js'
import type {CachedResult} from './cache.js'
import {ResultCache, entryLayout} from './cache.js'
import type {NoteFile} from './files.js'
import {skipped, unreadable} from './files.js'
import {hashSchemaFile, loadSchemaFile} from './schema.js'
import type {WorkerResult, WorkerSettings} from './types.js'

/** Options of `convertFiles` and `convertFile`. */
export interface BatchOptions extends Omit<Options, 'schema' | 'path'> {
  /** A schema file: JSON Schema (`.json`) or an ES module exporting a Standard Schema. */
  schema?: string | null | undefined
  /** Read and validate front matter only; the output is `{path, frontmatter, diagnostics}`. */
  frontmatterOnly?: boolean | undefined
  /** Also make indented JSON (`FileResult.pretty`). Default: `false`. */
  pretty?: boolean | undefined
  /** Worker threads. Default: one a core (`os.availableParallelism()`); never more than batches of notes. */
  jobs?: number | undefined
  /** Time budget of one note in milliseconds; past it, `document-timeout`. Default: 10,000. */
  timeout?: number | undefined
  /** Heap limit of each worker in MiB; past it, `document-too-large`. Default: 1,024. */
  maxMemory?: number | undefined
  /** Largest note converted, in bytes; larger ones get `document-too-large`. Default: 2 MiB. */
  maxSize?: number | undefined
  /** A folder for the content-addressed cache, or `null` for none. Default: `null`. */
  cache?: string | null | undefined
  /** Stop: no new notes start, running workers are stopped, the generator ends. */
  signal?: AbortSignal | undefined
}

/** The conversion of one file. */
export interface FileResult {
  file: NoteFile
  /** The document as one line of JSON (with a line feed), or `null` when the file could not be read. */
  json: string | null
  /** The document indented, with `pretty`, else `null`. */
  pretty: string | null
  title: string | null
  frontmatter: WorkerResult['frontmatter']
  diagnostics: Array<Diagnostic>
  /** Whether the result came from the cache. */
  cached: boolean
}

/** Where a result keeps its cache key, and a hit its documents as UTF-8 bytes (`encoded`). */
const internal = Symbol('md2data.internal')

interface Internal {
  key: string | null
  hit: CachedResult | null
}

/**
 * An option of the command line's own (a boolean, or a function asked at each hit): cache hits
 * read their documents from the cache only when they are asked for (`encoded`, `ndjsonLine`),
 * which must be in the loop over the results (the cache closes when the loop ends).
 */
export const lazyHits = Symbol('md2data.lazyHits')

/**
 * A cache hit as a `FileResult`: `json` and `pretty` are decoded when first read, so the command
 * line, which copies them to its outputs as bytes (`encoded`), never decodes them.
 */
function fromCache(file: NoteFile, key: string, hit: CachedResult): FileResult {
  let json: string | undefined
  let pretty: string | undefined
  return {
    file,
    get json() {
      return (json ??= hit.documents().json.toString('utf8'))
    },
    get pretty() {
      const bytes = hit.documents().pretty
      return bytes === null ? null : (pretty ??= bytes.toString('utf8'))
    },
    title: hit.title,
    // (Parsed when first read: the command line reads it only for `index.json`.)
    get frontmatter() {
      return hit.frontmatter
    },
    diagnostics: hit.diagnostics,
    cached: true,
    [internal]: {key, hit}
  } as FileResult
}

function parts(result: FileResult): Internal | undefined {
  return (result as FileResult & {[internal]?: Internal})[internal]
}

/** A result's documents as they are best written: bytes for a cache hit, else strings. */
export function encoded(result: FileResult): {
  json: string | Uint8Array | null
  pretty: string | Uint8Array | null
} {
  const hit = parts(result)?.hit
  return hit ? hit.documents() : {json: result.json, pretty: result.pretty}
}

/**
 * A result as a line of an NDJSON file (`null` when it has no document): its cache key (`null`
 * without a cache, or for a note that failed), its length in bytes, and the line, read (from the
 * cache for a hit) only when asked for: `AtomicFileWriter.writeEntry` does not ask for the lines
 * that it knows the old file holds already.
 */
export function ndjsonLine(
  result: FileResult
): {key: string | null; length: number; line: () => string | Uint8Array} | null {
  const {key = null, hit = null} = parts(result) ?? {}
  if (hit) return {key, length: hit.jsonLength, line: () => hit.documents().json}
  const {json} = result
  if (json === null) return null
  return {key, length: Buffer.byteLength(json), line: () => json}
}

/**
 * The default number of worker threads: one a core (`os.availableParallelism()`). The main thread
 * only reads and writes files. (The CLI also makes V8 collect garbage on the allocating thread, so
 * that one worker a core does not oversubscribe the cores with collector helper threads.)
 */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism())
}

/** Most notes, and bytes, sent to a worker in one task. */
const batchNotes = 8
const batchBytes = 128 * 1024

/** A note waiting for its worker. */
interface Pending {
  file: NoteFile
  bytes: Uint8Array
  resolve: (outcome: Outcome) => void
}

/** What became of a note sent to a worker. */
type Outcome =
  {result: WorkerResult} | {error: unknown; timedOut: boolean} | {aborted: true} | {broken: Error}

/** Defaults of the batch limits (documented in the README and SECURITY.md). */
export const defaults = {timeout: 10_000, maxMemory: 1024, maxSize: limits.maxSize}

/**
 * Convert many notes in worker threads, each under a time budget and a memory limit, and yield
 * the results in the order of `files` whatever the number of jobs. The main thread reads only
 * regular files (a FIFO is never opened for blocking reads), hashes them for the cache, and keeps
 * at most a few notes per job in flight, so memory stays flat however many files there are. A file
 * that cannot be read, a note over the size limit, the time budget or the memory limit, is a
 * diagnostic, and the batch goes on.
 */
export async function* convertFiles(
  files: Iterable<NoteFile>,
  options: BatchOptions = {}
): AsyncGenerator<FileResult, void, undefined> {
  // No more workers than batches when the number of notes is known (one note: one worker).
  const jobs = Math.max(
    1,
    Math.min(
      Math.floor(options.jobs ?? defaultJobs()),
      Array.isArray(files) ? Math.ceil(files.length / batchNotes) : Infinity
    )
  )
  const timeout = options.timeout ?? defaults.timeout
  const lazy = (options as {[lazyHits]?: boolean | (() => boolean)})[lazyHits] ?? false
  const maxSize = options.maxSize ?? limits.maxSize
  const schemaFile = options.schema ? path.resolve(options.schema) : null
  const settings: WorkerSettings = {
    convert: {
      lang: options.lang ?? null,
      positions: options.positions ?? true,
      cjkFriendly: options.cjkFriendly ?? true,
      headingIds: options.headingIds ?? 'github',
      maxSize,
      maxDepth: options.maxDepth ?? limits.maxDepth,
      maxFrontmatterSize: options.maxFrontmatterSize ?? limits.maxFrontmatterSize
    },
    frontmatterOnly: options.frontmatterOnly ?? false,
    pretty: options.pretty ?? false,
    schemaFile
  }
  // Load the schema here too: a bad schema is a configuration error before any note is read.
  const schema = schemaFile ? await loadSchemaFile(schemaFile) : null
  const cache = options.cache
    ? new ResultCache(
        options.cache,
        JSON.stringify([
          version,
          entryLayout,
          settings.convert,
          settings.frontmatterOnly,
          settings.pretty,
          schemaFile && (await hashSchemaFile(schemaFile))
        ])
      )
    : null

  // One pool, made on the first cache miss (by whichever note gets there first).
  let pool: Promise<Piscina> | null = null
  // Set when a worker cannot start (a broken install): no note can be converted, the run fails.
  let broken: Error | null = null
  let converted = false
  const breakDown = (error: Error) => {
    broken ??= error
    for (const task of running) task.controller.abort()
  }
  const signal = options.signal
  // Batches submitted to the pool: two per worker, so a worker never waits for the main thread.
  const slots = new Semaphore(jobs * 2)
  // The watchdog: each worker writes when it starts a note, and which note of its batch, into the
  // batch's clock; a note that has run longer than the budget is stopped (its worker is terminated
  // and replaced).
  const running = new Set<{clock: Float64Array; controller: AbortController}>()
  const watchdog = setInterval(
    () => {
      const now = Date.now()
      for (const task of running) {
        const started = task.clock[0] as number
        if (started > 0 && now - started > timeout) task.controller.abort()
      }
    },
    Math.max(10, Math.min(100, timeout / 4))
  )
  watchdog.unref()

  // Notes go to the workers in batches (up to `batchNotes` notes or `batchBytes` bytes, or what
  // is waiting when the main thread has nothing else to do), so that the round trip through the
  // pool and the main thread's event loop is paid once for several small notes.
  let batch: Array<Pending> = []
  let batchSize = 0
  let flushing = false
  const flush = () => {
    flushing = false
    if (batch.length === 0) return
    const notes = batch
    batch = []
    batchSize = 0
    void runBatch(notes)
  }
  const dispatch = (file: NoteFile, bytes: Uint8Array) =>
    new Promise<Outcome>((resolve) => {
      batch.push({file, bytes, resolve})
      batchSize += bytes.byteLength
      if (batch.length >= batchNotes || batchSize >= batchBytes) flush()
      else if (!flushing) {
        flushing = true
        setImmediate(flush)
      }
    })

  const runBatch = async (notes: Array<Pending>): Promise<void> => {
    const workers = await (pool ??= createPool(
      jobs,
      settings,
      options.maxMemory ?? defaults.maxMemory,
      // Piscina reports here a worker that failed to load with no task, and then leaves the
      // tasks waiting (it starts no more workers).
      breakDown
    ))
    await slots.acquire()
    if (broken) {
      slots.release()
      for (const note of notes) note.resolve({broken})
      return
    }
    const controller = new AbortController()
    // [the time the current note started (0: none yet), its index in the batch]
    const clock = new Float64Array(new SharedArrayBuffer(16))
    const task = {clock, controller}
    running.add(task)
    const stop = () => controller.abort()
    signal?.addEventListener('abort', stop)
    const retry: Array<Pending> = []
    try {
      // The bytes are copied to the worker (kept here for a fallback document if it fails).
      const results = (await workers.run(
        {notes: notes.map((note) => ({bytes: note.bytes, path: note.file.path})), clock},
        {signal: controller.signal}
      )) as Array<WorkerResult>
      converted = true
      notes.forEach((note, index) => note.resolve({result: results[index] as WorkerResult}))
    } catch (error) {
      if (signal?.aborted) {
        for (const note of notes) note.resolve({aborted: true})
        return
      }
      // A worker that fails before it starts a note, when none has converted one yet, cannot
      // start at all (a broken install): not the notes' fault.
      if (!broken && !converted && (clock[0] as number) === 0 && !controller.signal.aborted) {
        breakDown(error instanceof Error ? error : new Error(String(error)))
      }
      if (broken) {
        for (const note of notes) note.resolve({broken})
        return
      }
      // The worker is gone with the results of the whole batch. The note it was converting gets
      // the diagnostic; the others are converted again, each alone (which also finds the culprit
      // when none was running).
      const current = notes.length === 1 ? 0 : (clock[0] as number) > 0 ? (clock[1] as number) : -1
      notes.forEach((note, index) => {
        if (index === current) note.resolve({error, timedOut: controller.signal.aborted})
        else retry.push(note)
      })
    } finally {
      running.delete(task)
      signal?.removeEventListener('abort', stop)
      slots.release()
    }
    for (const note of retry) void runBatch([note])
  }

  const convertOne = async (file: NoteFile): Promise<FileResult> => {
    const read = readNote(file, maxSize)
    if ('diagnostic' in read)
      return await failed(file, read.bytes, read.diagnostic, settings, schema)
    const key = cache ? cache.key(file.path, read.bytes) : null
    if (cache && key) {
      const hit = cache.get(key, typeof lazy === 'function' ? lazy() : lazy)
      if (hit) return fromCache(file, key, hit)
    }
    const outcome = await dispatch(file, read.bytes)
    if ('result' in outcome) {
      if (cache && key) await cache.set(key, outcome.result)
      return {file, ...outcome.result, cached: false, [internal]: {key, hit: null}} as FileResult
    }
    if ('aborted' in outcome) throw new Error('Aborted')
    if ('broken' in outcome) {
      throw new Error(`Cannot start a conversion worker: ${outcome.broken.message}`, {
        cause: outcome.broken
      })
    }
    const code = (outcome.error as NodeJS.ErrnoException).code
    const diagnostic = outcome.timedOut
      ? createDiagnostic(
          'document-timeout',
          'error',
          `Cannot convert in time: parsing took longer than ${timeout} ms (\`--timeout\`); the input looks pathological, its body is left out`,
          file.path,
          null
        )
      : code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? createDiagnostic(
            'document-too-large',
            'error',
            `Cannot convert within ${options.maxMemory ?? defaults.maxMemory} MiB of memory (\`--max-memory\`), its body is left out`,
            file.path,
            null
          )
        : createDiagnostic(
            'document-failed',
            'error',
            `Cannot convert: ${(outcome.error as Error).message ?? String(outcome.error)}`,
            file.path,
            null
          )
    return await failed(file, read.bytes, diagnostic, settings, schema)
  }

  // Notes are read and converted out of order, a bounded number at a time, and yielded in order:
  // at most `reading` notes are in flight, and the next note to yield is never more than `ahead`
  // notes behind the last one started, nor the results waiting for it more than `aheadSize`
  // characters of JSON, so memory stays bounded however many files there are, while a slow note
  // does not keep the other workers waiting.
  const reading = jobs * batchNotes * 3
  const ahead = Math.max(256, reading * 8)
  const aheadSize = 64 * 1024 * 1024
  const iterator = files[Symbol.iterator]()
  const results = new Map<number, Promise<FileResult>>()
  let started = 0
  let yielded = 0
  let inFlight = 0
  let waiting = 0
  let done = false
  let wake: (() => void) | null = null
  const fill = () => {
    while (
      !done &&
      inFlight < reading &&
      started - yielded < ahead &&
      waiting < aheadSize &&
      !signal?.aborted
    ) {
      const next = iterator.next()
      if (next.done) {
        done = true
        break
      }
      inFlight++
      const promise = convertOne(next.value)
      const settled = (result?: FileResult) => {
        if (result) waiting += size(result)
        inFlight--
        fill()
        wake?.()
      }
      promise.then(settled, () => settled())
      results.set(started++, promise)
    }
  }

  try {
    fill()
    while (yielded < started || !done) {
      if (signal?.aborted) break
      const promise = results.get(yielded)
      if (!promise) {
        // Nothing started yet (all in flight are further ahead): wait for room.
        await new Promise<void>((resolve) => {
          wake = resolve
        })
        wake = null
        fill()
        continue
      }
      const result = await promise
      results.delete(yielded)
      waiting -= size(result)
      yielded++
      fill()
      yield result
    }
  } finally {
    clearInterval(watchdog)
    // (Assigned in `convertOne`, which TypeScript does not follow here.)
    const made = pool as Promise<Piscina> | null
    try {
      // The new pack, with what was converted (also when stopped early).
      await cache?.close()
    } finally {
      // Even when the cache cannot be written: live workers would keep the process running.
      if (made) await (await made).destroy()
    }
  }
}

/**
 * Convert one file in a worker, under the same limits as `convertFiles`; resolves to its
 * document (or with `frontmatterOnly`, its front matter result). The path is shown as given.
 */
export async function convertFile(file: string, options: BatchOptions = {}): Promise<NoteDocument> {
  const absolute = path.resolve(file)
  const note: NoteFile = {
    path: file.replace(/\\/g, '/'),
    absolute,
    relative: path.basename(absolute)
  }
  for await (const result of convertFiles([note], {...options, jobs: 1})) {
    if (result.json === null) {
      const error = new Error(result.diagnostics[0]?.message ?? `Cannot read \`${file}\``)
      throw Object.assign(error, {diagnostics: result.diagnostics})
    }
    return JSON.parse(result.json) as NoteDocument
  }
  /* v8 ignore next -- @preserve: one file in, one result out */
  throw new Error('No result')
}

/** The worker pool, loaded on the first cache miss (a warm run never loads it, nor the parser). */
async function createPool(
  jobs: number,
  settings: WorkerSettings,
  maxMemory: number,
  onError: (error: Error) => void
): Promise<Piscina> {
  const typescript = import.meta.url.endsWith('.ts')
  const {Piscina} = await import('piscina')
  const pool = new Piscina({
    // (`worker.cjs` imports `worker.js`: see there why.)
    filename: new URL(typescript ? './worker.ts' : './worker.cjs', import.meta.url).href,
    minThreads: jobs,
    maxThreads: jobs,
    idleTimeout: 1000,
    workerData: settings,
    resourceLimits: {maxOldGenerationSizeMb: maxMemory, maxYoungGenerationSizeMb: 96},
    // In development (vitest, tsx) the worker is TypeScript: let it load through tsx.
    ...(typescript ? {execArgv: ['--import', 'tsx']} : {})
  })
  pool.on('error', onError)
  return pool
}

/**
 * Read a note: regular files only (opened without blocking, so a FIFO cannot hang the run).
 * Synchronous: small files read faster so than through the thread pool, and only the main thread,
 * which does little else, waits.
 */
function readNote(
  file: NoteFile,
  maxSize: number
): {bytes: Uint8Array} | {diagnostic: Diagnostic; bytes: Uint8Array | null} {
  let fd: number
  try {
    fd = openSync(file.absolute, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (error) {
    return {diagnostic: unreadable(file.path, error), bytes: null}
  }
  try {
    const info = fstatSync(fd)
    if (info.isDirectory()) {
      return {
        diagnostic: unreadable(file.path, Object.assign(new Error('EISDIR'), {code: 'EISDIR'})),
        bytes: null
      }
    }
    if (!info.isFile()) return {diagnostic: skipped(file.path, 'not a regular file'), bytes: null}
    if (info.size > maxSize) {
      return {
        diagnostic: createDiagnostic(
          'document-too-large',
          'error',
          `Cannot convert a ${formatSize(info.size)} note, the limit is ${formatSize(maxSize)} (\`--max-size\`); its body is left out`,
          file.path,
          null
        ),
        bytes: null
      }
    }
    return {bytes: readOpen(fd, info.size)}
  } catch (error) {
    return {diagnostic: unreadable(file.path, error), bytes: null}
  } finally {
    closeSync(fd)
  }
}

/**
 * Read an open file of `size` bytes (as `fstat` said), as `readFileSync` does but without its
 * second `fstat`: `size` bytes (fewer if it shrank), or to its end when `size` is 0 (files of
 * `/proc` say 0).
 */
function readOpen(fd: number, size: number): Buffer {
  if (size === 0) return readFileSync(fd)
  const buffer = Buffer.allocUnsafe(size)
  let length = 0
  while (length < size) {
    const read = readSync(fd, buffer, length, size - length, null)
    if (read === 0) return buffer.subarray(0, length)
    length += read
  }
  return buffer
}

/**
 * The memory a result's documents hold: characters, or bytes for a cache hit (not decoded; none
 * for a lazy one whose documents are not read yet).
 */
function size(result: FileResult): number {
  const hit = parts(result)?.hit
  if (hit) return hit.held
  return (result.json?.length ?? 0) + (result.pretty?.length ?? 0)
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MiB`
    : `${(bytes / 1024).toFixed(1)} KiB`
}

/**
 * The result of a note that could not be converted: a document with an empty body and its front
 * matter (read on its own, which is cheap and bounded; none for a note over the size limit, which
 * is not read), so outputs stay complete and valid. An unreadable file has no JSON.
 */
async function failed(
  file: NoteFile,
  bytes: Uint8Array | null,
  diagnostic: Diagnostic,
  settings: WorkerSettings,
  schema: StandardSchemaV1 | null
): Promise<FileResult> {
  if (!bytes && diagnostic.ruleId !== 'document-too-large') {
    return {
      file,
      json: null,
      pretty: null,
      title: null,
      frontmatter: null,
      diagnostics: [diagnostic],
      cached: false
    }
  }
  const options = {...settings.convert, path: file.path}
  let front: FrontmatterResult = {path: file.path, frontmatter: null, diagnostics: []}
  if (bytes) {
    const {readFrontmatter} = await import('../read-frontmatter.js')
    try {
      front = schema
        ? (readFrontmatter(bytes, {...options, schema}) as FrontmatterResult)
        : readFrontmatter(bytes, options)
    } catch {
      // An asynchronous schema: the front matter without it.
      front = readFrontmatter(bytes, options)
    }
  }
  const data = front.frontmatter?.data
  const title = typeof data?.title === 'string' ? data.title : null
  const document = noteDocument(
    {
      path: file.path,
      title,
      lang: typeof data?.lang === 'string' ? data.lang : settings.convert.lang,
      frontmatter: front.frontmatter
    },
    front.diagnostics,
    emptyBody(diagnostic)
  )
  const {diagnostics} = document
  const value = settings.frontmatterOnly
    ? {path: file.path, frontmatter: front.frontmatter, diagnostics}
    : document
  return {
    file,
    json: serialize(value),
    pretty: settings.pretty ? serialize(value, {pretty: true}) : null,
    title,
    frontmatter: front.frontmatter,
    diagnostics,
    cached: false
  }
}

/** A counting semaphore. */
class Semaphore {
  private waiting: Array<() => void> = []
  constructor(private free: number) {}

  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--
      return
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve))
  }

  release(): void {
    const next = this.waiting.shift()
    if (next) next()
    else this.free++
  }
}
