import {createHash} from 'node:crypto'
import {createWriteStream} from 'node:fs'
import {mkdir, readlink, realpath, rm, stat} from 'node:fs/promises'
import {finished} from 'node:stream/promises'
import path from 'node:path'
import type {Writable} from 'node:stream'
import type {SingleBar} from 'cli-progress'
import {
  AtomicFileWriter,
  removeStaleTemporaries,
  writeAtomic,
  writeFailure
} from '../batch/write.js'
// The command line imports the batch layer's modules, not the package index: a warm (cached)
// run then never loads the Markdown parser.
import {outputState} from '../batch/cache.js'
import {convertFiles, encoded, lazyHits, ndjsonLine} from '../batch/convert-files.js'
import type {BatchOptions, FileResult} from '../batch/convert-files.js'
import {display, findNotes} from '../batch/files.js'
import type {Found, NoteFile} from '../batch/files.js'
import {createDiagnostic} from '../diagnostics/create.js'
import {formatGithub, formatStylishFile, formatSummary} from '../diagnostics/format.js'
import type {FileDiagnostics} from '../diagnostics/format.js'
import type {Diagnostic} from '../types.js'
import {version} from '../version.js'
import type {Cli} from './args.js'
import {UsageError, help, parseCli} from './args.js'

/** Where the command line reads and writes (the process's, unless a test gives its own). */
export interface Io {
  stdout: Writable
  stderr: Writable & {isTTY?: boolean}
  cwd: string
  /** Aborted on SIGINT: the run stops cleanly and exits with 130. */
  signal?: AbortSignal
}

/** A note's line in `index.json`. */
export interface IndexEntry {
  path: string
  output: string | null
  title: string | null
  frontmatter: Record<string, unknown> | null
  valid: boolean | null
  errors: number
  warnings: number
  infos: number
}

const interrupted =
  'md2data: interrupted; outputs written so far are complete, the index and the NDJSON file were not updated\n'

/** Run the command line; resolves to the exit code (it never calls `process.exit`). */
export async function run(argv: ReadonlyArray<string>, io: Io): Promise<number> {
  let cli: Cli
  try {
    cli = parseCli(argv)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    io.stderr.write(`md2data: ${error.message}\n`)
    return 2
  }
  if (cli.help) {
    io.stdout.write(`${help}\n`)
    return 0
  }
  if (cli.version) {
    io.stdout.write(`${version}\n`)
    return 0
  }

  try {
    return await convert(cli, io)
  } catch (error) {
    if (io.signal?.aborted) {
      io.stderr.write(interrupted)
      return 130
    }
    // Standard output's reader gone (`md2data --ndjson | head`): `write` fails with EPIPE, and
    // the run stops quietly, as programs that SIGPIPE ends do (`bin.ts` keeps the error from
    // being an uncaught one).
    if (error instanceof OutputClosed) return 141
    io.stderr.write(`md2data: ${(error as Error).message}\n`)
    return 2
  }
}

async function convert(cli: Cli, io: Io): Promise<number> {
  const started = performance.now()
  const found = await findNotes(cli.patterns, {
    cwd: io.cwd,
    gitignore: cli.gitignore,
    followSymlinks: cli.followSymlinks
  })
  for (const pattern of found.unmatched) {
    if (!cli.silent) io.stderr.write(`md2data: no notes match \`${pattern}\`\n`)
  }
  let files = found.files
  if (files.length === 0 && found.problems.length === 0) {
    io.stderr.write('md2data: no notes to convert\n')
    return 2
  }
  if (cli.shard) files = shard(files, cli.shard.index, cli.shard.count)

  const reporter = new Reporter(cli, io)
  for (const problem of found.problems)
    reporter.add({path: problem.path ?? '', diagnostics: [problem]})

  const mode = cli.outDir
    ? 'out-dir'
    : cli.ndjson
      ? 'ndjson'
      : files.length === 1
        ? 'stdout'
        : 'check'
  const outDir = cli.outDir ? path.resolve(io.cwd, cli.outDir) : null
  const outputs = outDir
    ? planOutputs(files, outDir, cli.index)
    : new Map<NoteFile, string | Diagnostic>()
  if (outDir) {
    try {
      await mkdir(outDir, {recursive: true})
      await removeStaleTemporaries(outDir)
    } catch (error) {
      throw outputError(io, outDir, error)
    }
  }
  // NDJSON to a file: written atomically (the old file stays until the run completes).
  const ndjsonFile = cli.ndjson && cli.ndjson !== '-' ? path.resolve(io.cwd, cli.ndjson) : null
  let ndjson: AtomicFileWriter | null = null
  let stream: Writable | null = cli.ndjson === '-' ? io.stdout : null
  if (ndjsonFile) {
    try {
      const info = await stat(ndjsonFile).catch(() => null)
      if (info && !info.isFile()) {
        // A device, a FIFO, a terminal (`/dev/null`, `/dev/stdout`, `>(…)`), or a folder (an
        // error): written to as it is, never replaced.
        stream = await openStream(ndjsonFile)
      } else {
        // A link to a file: the file is replaced, the link stays; a link to no file yet: the file
        // it names is made, as a shell's `>` does. (A new file by its folder's real path too: its
        // state in the cache is found by that path.)
        const target = info ? ndjsonFile : await linkTarget(ndjsonFile)
        await mkdir(path.dirname(target), {recursive: true})
        const file = info
          ? await realpath(ndjsonFile)
          : path.join(await realpath(path.dirname(target)), path.basename(target))
        await removeStaleTemporaries(path.dirname(file), {recursive: false})
        // With a cache, what the writer needs to skip the unchanged documents' bytes next time.
        ndjson = AtomicFileWriter.open(file, {
          state: cli.cache ? outputState(path.resolve(io.cwd, cli.cache), file) : null
        })
      }
    } catch (error) {
      throw outputError(io, ndjsonFile, error)
    }
  }
  try {
    return await convertAll(cli, io, {
      files,
      found,
      reporter,
      mode,
      outDir,
      outputs,
      ndjson,
      stream,
      started
    })
  } finally {
    // Not committed: interrupted, or failed.
    ndjson?.discard()
    if (stream && stream !== io.stdout) stream.destroy()
  }
}

/** What `convert` has set up for `convertAll`. */
interface Plan {
  files: Array<NoteFile>
  found: Found
  reporter: Reporter
  mode: 'out-dir' | 'ndjson' | 'stdout' | 'check'
  outDir: string | null
  outputs: Map<NoteFile, string | Diagnostic>
  ndjson: AtomicFileWriter | null
  /** NDJSON to stdout, or to a file that is not a regular file (a device, a FIFO). */
  stream: Writable | null
  started: number
}

async function convertAll(cli: Cli, io: Io, plan: Plan): Promise<number> {
  const {files, found, reporter, mode, outDir, outputs, ndjson, stream, started} = plan

  const options: BatchOptions & {[lazyHits]: boolean | (() => boolean)} = {
    lang: cli.lang,
    positions: cli.positions,
    cjkFriendly: cli.cjkFriendly,
    headingIds: cli.headingIds,
    schema: cli.schema ? path.resolve(io.cwd, cli.schema) : null,
    frontmatterOnly: cli.frontmatterOnly,
    pretty: cli.pretty && (mode === 'out-dir' || mode === 'stdout'),
    jobs: cli.jobs,
    timeout: cli.timeout,
    maxMemory: cli.maxMemory,
    maxSize: cli.maxSize,
    maxDepth: cli.maxDepth,
    maxFrontmatterSize: cli.maxFrontmatterSize,
    cache: cli.cache ? path.resolve(io.cwd, cli.cache) : null,
    signal: io.signal,
    // Where a run may not need every document (a check; an `--ndjson` file, while it may hold
    // them already: `AtomicFileWriter.skipping`), they are read from the cache only when written,
    // in the loop below; else each hit's entry is read whole, at once.
    [lazyHits]:
      mode === 'out-dir' || mode === 'stdout' || stream !== null
        ? false
        : ndjson
          ? () => ndjson.skipping
          : true
  }

  const progress =
    cli.progress && !cli.silent && io.stderr.isTTY && mode !== 'stdout' && files.length > 1
      ? await createBar(io, files.length)
      : null
  reporter.buffer = progress !== null
  const index: Array<IndexEntry> = []
  let cached = 0

  for await (const result of convertFiles(files, options)) {
    if (result.cached) cached++
    const target = outputs.get(result.file)
    const diagnostics =
      typeof target === 'object' ? [...result.diagnostics, target] : result.diagnostics
    reporter.add({path: result.file.path, diagnostics})
    // (Cache hits stay bytes from the cache entry to the output, read from the cache only here:
    // with `--ndjson FILE`, only when the file changes.)
    if (ndjson) writeNdjson(io, ndjson, result)
    if (mode === 'out-dir' || mode === 'stdout' || stream) {
      const {json, pretty} = encoded(result)
      if (mode === 'out-dir' && outDir && json !== null && typeof target === 'string') {
        await writeOutput(io, path.join(outDir, target), pretty ?? json)
      } else if (mode === 'stdout' && json !== null) {
        await toStdout(io, pretty ?? json)
      }
      if (json !== null && stream === io.stdout) await toStdout(io, json)
      else if (json !== null && stream) await write(stream, json)
    }
    if (mode === 'out-dir')
      index.push(entry(result, typeof target === 'string' ? target : null, diagnostics))
    progress?.increment()
  }
  progress?.stop()

  if (io.signal?.aborted) {
    reporter.finish()
    io.stderr.write(interrupted)
    return 130
  }

  if (ndjson) {
    try {
      await ndjson.commit()
    } catch (error) {
      throw outputError(io, ndjson.file, error)
    }
  }
  if (stream && stream !== io.stdout) {
    try {
      stream.end()
      await finished(stream)
    } catch (error) {
      throw outputError(io, path.resolve(io.cwd, cli.ndjson as string), error)
    }
  }
  if (outDir && cli.index) await writeOutput(io, path.join(outDir, cli.index), indexJson(index))
  reporter.finish()
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  if (!cli.silent) {
    io.stderr.write(
      `md2data: ${files.length} ${files.length === 1 ? 'note' : 'notes'}${cached ? ` (${cached} from cache)` : ''}, ` +
        `${reporter.errors} ${reporter.errors === 1 ? 'error' : 'errors'}, ${reporter.warnings} ${reporter.warnings === 1 ? 'warning' : 'warnings'} in ${seconds} s` +
        (mode === 'check' ? ' (checked only: give --out-dir or --ndjson to write documents)' : '') +
        '\n'
    )
  }

  if (cli.watch && outDir) {
    // (Loaded only to watch, with its chokidar and picomatch.)
    const {watch} = await import('./watch.js')
    return watch(cli, io, {found, outDir, options, index})
  }
  return reporter.errors > 0 || (cli.strict && reporter.warnings > 0) ? 1 : 0
}

/** Collects diagnostics, prints them as they come (or at the end behind a progress bar), counts. */
export class Reporter {
  errors = 0
  warnings = 0
  infos = 0
  /** Hold output back (while a progress bar draws on stderr). */
  buffer = false
  private readonly held: Array<FileDiagnostics> = []
  private opened = false

  constructor(
    readonly cli: Cli,
    readonly io: Io
  ) {}

  add(file: FileDiagnostics): void {
    // `--quiet` shows errors only; with `--strict`, warnings fail, so they show too.
    const shown = file.diagnostics.filter(
      (item) =>
        !this.cli.quiet ||
        item.severity === 'error' ||
        (this.cli.strict && item.severity === 'warning')
    )
    for (const item of shown) {
      if (item.severity === 'error') this.errors++
      else if (item.severity === 'warning') this.warnings++
      else this.infos++
    }
    if (this.cli.silent || shown.length === 0) return
    const visible = {path: file.path, diagnostics: shown}
    if (this.buffer) this.held.push(visible)
    else this.print(visible)
  }

  private print(file: FileDiagnostics): void {
    if (this.cli.reporter === 'stylish') {
      this.io.stderr.write(formatStylishFile(file))
    } else if (this.cli.reporter === 'github') {
      this.io.stderr.write(formatGithub([file]))
    } else {
      // A JSON array streamed item by item, so memory stays flat.
      this.io.stderr.write(`${this.opened ? ',' : '['}${JSON.stringify(file)}`)
      this.opened = true
    }
  }

  /** Print what was held back, then the stylish summary line, or close the JSON array. */
  finish(): void {
    this.buffer = false
    if (this.cli.silent) return
    for (const file of this.held.splice(0)) this.print(file)
    if (this.cli.reporter === 'stylish') {
      this.io.stderr.write(
        formatSummary({errors: this.errors, warnings: this.warnings, infos: this.infos})
      )
    } else if (this.cli.reporter === 'json') {
      this.io.stderr.write(this.opened ? ']\n' : '[]\n')
    }
  }
}

/** Output paths for `--out-dir`: the mirror tree, with collisions and escapes reported. */
export function planOutputs(
  files: Array<NoteFile>,
  outDir: string,
  index: string | null
): Map<NoteFile, string | Diagnostic> {
  const plan = new Map<NoteFile, string | Diagnostic>()
  const taken = new Map<string, NoteFile | null>()
  if (index) taken.set(index.normalize('NFC').toLowerCase(), null)
  for (const file of files) {
    const relative = file.relative.replace(/\.[^./]*$/, '') + '.json'
    const resolved = path.resolve(outDir, relative)
    const back = path.relative(outDir, resolved)
    if (!back || back === '..' || back.startsWith(`..${path.sep}`) || path.isAbsolute(back)) {
      plan.set(
        file,
        createDiagnostic(
          'output-collision',
          'error',
          `Cannot write \`${relative}\`: it is outside the output folder`,
          file.path,
          null
        )
      )
      continue
    }
    // Names that differ only in case or Unicode normalization are one file on macOS and Windows.
    const key = relative.normalize('NFC').toLowerCase()
    if (taken.has(key)) {
      const other = taken.get(key)
      plan.set(
        file,
        createDiagnostic(
          'output-collision',
          'error',
          other
            ? `Cannot write \`${relative}\`: \`${other.path}\` maps to the same output (names differ only in case or Unicode normalization); not written`
            : `Cannot write \`${relative}\`: it is the index (use \`--index NAME\` for another name); not written`,
          file.path,
          null
        )
      )
      continue
    }
    taken.set(key, file)
    plan.set(file, relative)
  }
  return plan
}

/** The stable i-th of n slices: by a hash of each note's path, so a note stays in its slice. */
export function shard(files: Array<NoteFile>, index: number, count: number): Array<NoteFile> {
  return files.filter(
    (file) => createHash('sha256').update(file.path).digest().readUInt32BE(0) % count === index - 1
  )
}

export function entry(
  result: FileResult,
  output: string | null,
  diagnostics: ReadonlyArray<Diagnostic>
): IndexEntry {
  let errors = 0
  let warnings = 0
  let infos = 0
  for (const item of diagnostics) {
    if (item.severity === 'error') errors++
    else if (item.severity === 'warning') warnings++
    else infos++
  }
  return {
    path: result.file.path,
    output,
    title: result.title,
    frontmatter: (result.frontmatter?.data as Record<string, unknown> | undefined) ?? null,
    valid: result.frontmatter ? result.frontmatter.valid : null,
    errors,
    warnings,
    infos
  }
}

export function indexJson(entries: ReadonlyArray<IndexEntry>): string {
  const notes = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  return `${JSON.stringify({schemaVersion: 1, generator: `md2data ${version}`, notes}, null, 2)}\n`
}

/** Write an output atomically; an error names the output (a configuration problem: exit 2). */
export async function writeOutput(
  io: Io,
  file: string,
  content: string | Uint8Array
): Promise<void> {
  try {
    await writeAtomic(file, content)
  } catch (error) {
    throw outputError(io, file, error)
  }
}

function outputError(io: Io, file: string, error: unknown): Error {
  return new Error(`Cannot write \`${display(io.cwd, file)}\`: ${writeFailure(error)}`, {
    cause: error
  })
}

/** Standard output's reader went away (EPIPE). */
class OutputClosed extends Error {}

async function toStdout(io: Io, chunk: string | Uint8Array): Promise<void> {
  try {
    await write(io.stdout, chunk)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EPIPE')
      throw new OutputClosed('Standard output closed', {cause: error})
    throw error
  }
}

/** The path a chain of symbolic links ends at (`file` itself when it is not a link). */
async function linkTarget(file: string): Promise<string> {
  let current = file
  // (As many links as Linux follows.)
  for (let hop = 0; hop < 40; hop++) {
    let link: string
    try {
      link = await readlink(current)
    } catch {
      return current
    }
    current = path.resolve(path.dirname(current), link)
  }
  throw Object.assign(new Error('too many symbolic links'), {code: 'ELOOP'})
}

/** A write stream to a file that is not a regular file, once open (or its error). */
async function openStream(file: string): Promise<Writable> {
  const stream = createWriteStream(file, {highWaterMark: 1 << 20})
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve())
    stream.once('error', reject)
  })
  // A later error (a FIFO's reader gone) fails the run when the stream ends.
  stream.on('error', () => {})
  return stream
}

function writeNdjson(io: Io, ndjson: AtomicFileWriter, result: FileResult): void {
  const entry = ndjsonLine(result)
  if (!entry) return
  // (A line that cannot be read from the cache fails as such, not as a write.)
  let unread: unknown = null
  const line = () => {
    try {
      return entry.line()
    } catch (error) {
      unread = error
      throw error
    }
  }
  try {
    ndjson.writeEntry(entry.key, entry.length, line)
  } catch (error) {
    if (error === unread) throw error
    throw outputError(io, ndjson.file, error)
  }
}

/** Write to a stream, waiting when it asks to (so memory stays flat). */
export async function write(stream: Writable, chunk: string | Uint8Array): Promise<void> {
  // A stream that failed (its reader gone: EPIPE) never drains: its error instead.
  if (stream.errored) throw stream.errored
  if (stream.write(chunk)) return
  await new Promise<void>((resolve, reject) => {
    const done = (error?: Error | null) => {
      stream.off('drain', drain)
      stream.off('error', done)
      stream.off('close', closed)
      if (error) reject(error)
      else resolve()
    }
    const drain = () => done()
    const closed = () => done(stream.errored ?? new Error('The output stream closed'))
    stream.on('drain', drain)
    stream.on('error', done)
    stream.on('close', closed)
  })
}

async function createBar(io: Io, total: number): Promise<SingleBar> {
  const {SingleBar} = await import('cli-progress')
  const bar = new SingleBar({
    stream: io.stderr as unknown as NodeJS.WritableStream,
    format: 'md2data {bar} {value}/{total} notes | {rate} notes/s | ETA {eta_formatted}',
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 50,
    barCompleteChar: '█',
    barIncompleteChar: '░'
  })
  const start = performance.now()
  bar.start(total, 0, {rate: '0'})
  const update = bar.increment.bind(bar)
  bar.increment = ((step?: number) => {
    update(step ?? 1, {
      rate: ((bar.getProgress() * total) / ((performance.now() - start) / 1000)).toFixed(0)
    })
  }) as typeof bar.increment
  return bar
}

/** Remove a file, ignoring that it is not there. */
export async function remove(file: string): Promise<void> {
  await rm(file, {force: true})
}
