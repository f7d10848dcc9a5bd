import {availableParallelism} from 'node:os'
import path from 'node:path'
import type {StandardSchemaV1} from '@standard-schema/spec'
import {createDiagnostic} from '../diagnostics/create.js'
import {emptyBody, noteDocument} from '../document.js'
import {defaults} from '../limits.js'
import type {FrontmatterResult} from '../read-frontmatter.js'
import type {Diagnostic, NoteDocument, Options} from '../types.js'
import {version} from '../version.js'
import {ResultCache, cacheLayout} from './cache.js'
import type {NoteFile} from './files.js'
import {ordered} from './ordered.js'
import {WorkerPool} from './pool.js'
import type {Outcome} from './pool.js'
import {formatSize, readNote} from './read.js'
import {batchSchema, hashSchemaFile, loadSchemaFile} from './schema.js'
import type {BatchSchema} from './schema.js'
import type {FileResult, WorkerResult} from './result.js'
import {toResult} from './result.js'
import {HeldResults} from './held.js'
import {linker} from './resolve-links.js'
import type {LinkGraphJson} from '../links/graph.js'
import type {WorkerSettings} from './worker.js'
import type * as ValidateHere from './validate-here.js'

/** Options of `convertFiles` and `convertFile`. */
export interface BatchOptions extends Omit<Options, 'schema' | 'path'> {
  /**
   * A schema file (JSON Schema `.json`, or an ES module exporting a Standard Schema), loaded in
   * each worker; or a Standard Schema object, which cannot cross to the workers: the notes are
   * converted without it and their front matter validated on this thread, as `convertAsync` does.
   */
  schema?: string | StandardSchemaV1 | null | undefined
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
  /** Longest document written, in characters of JSON; longer ones get `document-too-large`. Default: 64 MiB. */
  maxOutput?: number | undefined
  /** A folder for the content-addressed cache, or `null` for none. Default: `null`. */
  cache?: string | null | undefined
  /** Stop: no new notes start, running workers are stopped, the generator ends. */
  signal?: AbortSignal | undefined
  /**
   * Resolve local links across the notes (`resolved` on each, `link-*` diagnostics, and the link
   * graph as the generator's return value). Results are then held until every note is converted.
   * Default: `true` (`false` with `frontmatterOnly`).
   */
  links?: boolean | undefined
  /**
   * Files besides the notes that links may reach, with paths as the notes' (`Found.attachments`;
   * with a shard, the notes of the other shards too). Default: none.
   */
  otherFiles?: Iterable<string> | undefined
}

/** The default number of worker threads: one a core. */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism())
}

/**
 * Convert many notes in worker threads, each under a time budget and a memory limit, and yield
 * the results in the order of `files` whatever the number of jobs. The main thread reads the files
 * (regular files only), looks them up in the cache, and keeps a bounded number of notes in flight,
 * so memory stays flat however many files there are. A file that cannot be read, a note over the
 * size limit, the time budget or the memory limit, is a diagnostic, and the batch goes on.
 */
export async function* convertFiles(
  files: Iterable<NoteFile>,
  options: BatchOptions = {}
): AsyncGenerator<FileResult, LinkGraphJson | null, undefined> {
  const results = convertEach(files, options)
  if (options.links === false || options.frontmatterOnly) {
    yield* results
    return null
  }
  const held = new HeldResults()
  try {
    let index = 0
    for await (const result of results) held.set(result, String(index++))
    const notes = held.summaries()
    const {resolve, graph} = linker([...notes.values()], options.otherFiles ?? [])
    for (const key of notes.keys()) yield resolve(held.get(key))
    return graph
  } finally {
    held.close()
  }
}

/** `convertFiles` without link resolution: each result as soon as it and those before are done. */
async function* convertEach(
  files: Iterable<NoteFile>,
  options: BatchOptions
): AsyncGenerator<FileResult, void, undefined> {
  // No more workers than batches of 8 when the number of notes is known (one note: one worker).
  const count = Array.isArray(files) ? Math.ceil(files.length / 8) : Infinity
  const jobs = Math.max(1, Math.min(Math.floor(options.jobs ?? defaultJobs()), count))
  const converter = await createConverter({...options, jobs})
  try {
    const concurrency = jobs * 24
    yield* ordered(files, converter.convert, {
      concurrency,
      ahead: Math.max(256, concurrency * 8),
      held: 64 * 1024 * 1024,
      size: (result) => (result.json?.length ?? 0) + (result.pretty?.length ?? 0),
      signal: options.signal
    })
  } finally {
    await converter.close()
  }
}

/** A converter kept open (`createConverter`). */
export interface Converter {
  /** Convert one note (without link resolution), as `convertFiles` does. */
  convert: (file: NoteFile) => Promise<FileResult>
  /** Stop the workers and write the cache. */
  close: () => Promise<void>
}

/**
 * A converter kept open: its workers, cache and schema are set up once, then notes are converted
 * one call at a time under the same limits as `convertFiles` (a watcher converting each note that
 * changes pays no worker start). Workers idle for a second stop, and start again when needed.
 * `close()` it when done.
 */
export async function createConverter(options: BatchOptions = {}): Promise<Converter> {
  const jobs = Math.max(1, Math.floor(options.jobs ?? defaultJobs()))
  const schema = batchSchema(options.schema)
  const settings = workerSettings(options, schema)
  // Loaded here too: a bad schema is a configuration error before any note is read.
  if (settings.schemaFile) await loadSchemaFile(settings.schemaFile)
  // (Loaded only for a schema object: it reads front matter, and loads the parser, on this thread.)
  const here = schema.object
    ? {schema: schema.object, ...(await import('./validate-here.js'))}
    : null
  // (A schema object is not in the key: the cache keeps the conversion without it.)
  const cache = options.cache ? await ResultCache.open(options.cache, await salt(settings)) : null
  const pool = new WorkerPool(settings, {
    jobs,
    timeout: options.timeout ?? defaults.timeout,
    maxMemory: options.maxMemory ?? defaults.maxMemory,
    signal: options.signal
  })
  return {
    convert: (file) => convertOne(file, {settings, cache, pool, here}),
    close: async () => {
      try {
        cache?.close()
      } finally {
        // Even when the cache cannot be written: live workers would keep the process running.
        await pool.destroy()
      }
    }
  }
}

/**
 * Convert one file in a worker, under the same limits as `convertFiles`; resolves to its
 * document (or with `frontmatterOnly`, its front matter result). The path is shown as given.
 */
export async function convertFile(file: string, options: BatchOptions = {}): Promise<NoteDocument> {
  const absolute = path.resolve(file)
  // (A backslash separates folders on Windows only: elsewhere it is part of a name.)
  const shown = path.sep === '\\' ? file.replace(/\\/g, '/') : file
  const note: NoteFile = {path: shown, absolute, relative: path.basename(absolute)}
  for await (const result of convertFiles([note], {...options, jobs: 1, links: false})) {
    if (result.json === null) {
      const error = new Error(result.diagnostics[0]?.message ?? `Cannot read \`${file}\``)
      throw Object.assign(error, {diagnostics: result.diagnostics})
    }
    return JSON.parse(result.json) as NoteDocument
  }
  /* v8 ignore next -- @preserve: one file in, one result out */
  throw new Error('No result')
}

/** What converting one note takes. */
interface Context {
  settings: WorkerSettings
  cache: ResultCache | null
  pool: WorkerPool
  /** With a schema object: it, and what validates with it on this thread. */
  here: ({schema: StandardSchemaV1} & typeof ValidateHere) | null
}

/** Read one note, look it up in the cache, convert it in a worker, validate it with a schema object. */
async function convertOne(
  file: NoteFile,
  {settings, cache, pool, here}: Context
): Promise<FileResult> {
  const read = readNote(file, settings.convert.maxSize)
  if ('diagnostic' in read) return failed(file, null, read.diagnostic, settings)
  const key = cache?.key(file.path, read.bytes)
  const hit = key ? cache?.get(key) : null
  let outcome: Outcome = hit ? {result: hit} : await pool.convert(file.path, read.bytes)
  if (key && !hit && 'result' in outcome) cache?.set(key, outcome.result)
  if (here && 'result' in outcome) {
    outcome = await here.validateResult(
      outcome.result,
      read.bytes,
      file.path,
      here.schema,
      settings
    )
  }
  if ('result' in outcome) return {file, ...outcome.result, cached: Boolean(hit)}
  // The front matter alone, in a worker too, under the same budget (never on this thread).
  const front = await pool.convert(file.path, read.bytes, true)
  const diagnostic = failure(outcome as Failure, file.path, settings.maxOutput)
  let frontmatter = 'front' in front ? front.front : null
  // (Read again here only once a worker has read it within the budget.)
  if (here && frontmatter) {
    frontmatter = await here.validateHere(
      frontmatter,
      read.bytes,
      file.path,
      here.schema,
      settings.convert
    )
  }
  return failed(file, frontmatter, diagnostic, settings)
}

/** The options every worker gets (plain data), with their defaults. */
function workerSettings(options: BatchOptions, schema: BatchSchema): WorkerSettings {
  return {
    convert: {
      lang: options.lang ?? null,
      positions: options.positions ?? true,
      cjkFriendly: options.cjkFriendly ?? true,
      headingIds: options.headingIds ?? 'github',
      maxSize: options.maxSize ?? defaults.maxSize,
      maxDepth: options.maxDepth ?? defaults.maxDepth,
      maxFrontmatterSize: options.maxFrontmatterSize ?? defaults.maxFrontmatterSize,
      leadingBlankLines: leadingBlankLines(options.frontmatter?.leadingBlankLines),
      body: options.body ?? false,
      excerpt: options.excerpt ?? false,
      syntax: options.syntax ?? 'gfm'
    },
    frontmatterOnly: options.frontmatterOnly ?? false,
    pretty: options.pretty ?? false,
    maxOutput: options.maxOutput ?? defaults.maxOutput,
    schemaFile: schema.file
  }
}

/** What a cache key holds besides the note: md2data's version, the options, the schema's bytes. */
async function salt(settings: WorkerSettings): Promise<string> {
  const schema = settings.schemaFile && (await hashSchemaFile(settings.schemaFile))
  const {convert, frontmatterOnly, pretty, maxOutput} = settings
  return JSON.stringify([version, cacheLayout, convert, frontmatterOnly, pretty, maxOutput, schema])
}

/**
 * The result of a note that could not be converted: a document with an empty body and its front
 * matter (read by a worker; none for a note over the size limit, which is not read), so outputs stay
 * complete. A file that could not be read has no document.
 */
function failed(
  file: NoteFile,
  front: FrontmatterResult | null,
  diagnostic: Diagnostic,
  settings: WorkerSettings
): FileResult {
  // (A file that could not be read: no document.)
  if (diagnostic.ruleId.startsWith('file-')) {
    const diagnostics = [diagnostic]
    return {
      file,
      json: null,
      pretty: null,
      title: null,
      frontmatter: null,
      diagnostics,
      links: null,
      cached: false
    }
  }
  const frontmatter = front?.frontmatter ?? null
  const data = frontmatter?.data
  const title = typeof data?.title === 'string' ? data.title : null
  const lang = typeof data?.lang === 'string' ? data.lang : settings.convert.lang
  const head = {path: file.path, title, lang, frontmatter}
  const document = noteDocument(
    head,
    front?.diagnostics ?? [],
    emptyBody(settings.convert, diagnostic)
  )
  const value = settings.frontmatterOnly
    ? {path: file.path, frontmatter, diagnostics: document.diagnostics}
    : document
  return {file, ...(toResult(value, title, settings) as WorkerResult), cached: false}
}

/** The diagnostic of a note a worker could not convert. */
type Failure = Extract<Outcome, {failure: string}>

function failure(outcome: Failure, path: string, maxOutput: number): Diagnostic {
  if (outcome.failure === 'output') {
    const size =
      outcome.length === null
        ? 'longer than the longest string there can be'
        : `${formatSize(outcome.length)} of JSON`
    const message = `Cannot write a document this large: ${size}, the limit is ${formatSize(maxOutput)} (\`--max-output\`); its body is left out`
    return createDiagnostic('document-too-large', 'error', message, path, null)
  }
  const rule =
    outcome.failure === 'failed'
      ? 'document-failed'
      : outcome.failure === 'timeout'
        ? 'document-timeout'
        : 'document-too-large'
  return createDiagnostic(rule, 'error', outcome.message, path, null)
}

/** Which front matter may open after blank lines (as `convert` reads the option). */
function leadingBlankLines(value: boolean | undefined): Array<'yaml' | 'toml'> {
  return value === undefined ? ['toml'] : value ? ['yaml', 'toml'] : []
}
