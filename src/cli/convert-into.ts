import {createHash} from 'node:crypto'
import type {Writable} from 'node:stream'
import {convertFiles, findNotes, linker} from '../batch/index.js'
import type {BatchOptions, Diagnostic, FileResult, Found, HeldResults} from '../batch/index.js'
import type {NoteFile} from '../batch/index.js'
import type {LinkGraphJson, NoteSummary} from '../batch/index.js'
import type {Cli} from './args.js'
import type {OutDir, Output} from './outputs.js'
import type {Reporter} from './report.js'
import {progressBar} from './report.js'

/** Where the command line reads and writes (the process's, unless a test gives its own). */
export interface Io {
  stdout: Writable
  stderr: Writable & {isTTY?: boolean}
  cwd: string
  /** Aborted on SIGINT: the run stops cleanly and exits with 130. */
  signal?: AbortSignal
}

/** A collection of a config file, converted as the flags' notes are, with options of its own. */
export interface CollectionRun {
  /** Options the flags cannot give (a Standard Schema object, `frontmatter`), over the flags'. */
  options: Partial<BatchOptions>
  /** The build's reporter: the run reports into it, the build finishes it. */
  reporter: Reporter
  /** The documents written, as JSON, by note path (filled by the run, kept by `--watch`). */
  documents: Map<string, string>
  /** Filled by the run: its notes, how many came from the cache, what to watch (`--watch`). */
  notes: number
  cached: number
  watched: Watched | null
}

/** Notes to watch (the flags', or a collection's), and what their first run left. */
export interface Watched {
  cli: Cli
  io: Io
  found: Found
  outDir: OutDir
  options: BatchOptions
  /** Link resolution: every note's result is kept, and resolved again at each change. */
  linking: Linking | null
}

/**
 * With link resolution: every note's own result (before resolution) by path, kept across the runs
 * of `--watch`, and the files besides the notes that links may reach.
 */
export interface Linking {
  held: HeldResults
  otherFiles: Array<string>
  /** With `--shard`: the notes of the other slices, scanned for their headings and aliases. */
  otherNotes: Array<NoteSummary>
  /** With `--watch`: a digest of the JSON last written of each note (written again only when it changes). */
  written: Map<string, string> | null
}

/**
 * Convert `files` into `output`, reporting each note's diagnostics; how many came from the cache,
 * and the link graph. With `linking`, the notes are written once all are converted and resolved
 * (`linking.held` and the new results together).
 */
export async function convertInto(
  files: Array<NoteFile>,
  options: BatchOptions,
  output: Output,
  targets: Map<NoteFile, string | Diagnostic> | null,
  reporter: Reporter,
  cli: Cli,
  io: Io,
  linking: Linking | null
): Promise<{cached: number; graph: LinkGraphJson | null}> {
  const bar =
    cli.progress && !cli.silent && io.stderr.isTTY && files.length > 1
      ? await progressBar(io.stderr as unknown as NodeJS.WritableStream, files.length)
      : null
  reporter.buffer = bar !== null
  const write = async (result: FileResult) => {
    const target = targets?.get(result.file)
    const diagnostics =
      typeof target === 'object' ? [...result.diagnostics, target] : result.diagnostics
    const problems = await output.write(result, diagnostics)
    reporter.add({path: result.file.path, diagnostics: [...diagnostics, ...problems]})
  }
  let cached = 0
  for await (const result of convertFiles(files, {...options, links: false})) {
    if (result.cached) cached++
    if (linking) linking.held.set(result)
    else await write(result)
    bar?.increment()
  }
  bar?.stop()
  if (!linking || io.signal?.aborted) return {cached, graph: null}
  const notes = [...linking.held.summaries().values()].sort((a, b) =>
    a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0
  )
  const {resolve, graph} = linker(notes, linking.otherFiles, linking.otherNotes)
  const converted = new Set(files.map((file) => file.path))
  for (const {file} of notes) {
    if (io.signal?.aborted) break
    const result = resolve(linking.held.get(file.path))
    if (linking.written) {
      // (`--watch`: notes not converted again are written again only when their links changed.)
      const digest = createHash('sha256')
        .update(result.json ?? '')
        .digest('base64')
      if (!converted.has(file.path) && linking.written.get(file.path) === digest) continue
      linking.written.set(file.path, digest)
    }
    await write(result)
  }
  return {cached, graph}
}

/** The notes the flags name (with `--shard`, this run's slice of them). */
export async function findFor(cli: Cli, io: Io): Promise<{found: Found; files: Array<NoteFile>}> {
  const {cwd} = io
  const {gitignore, followSymlinks, ignore, extensions} = cli
  const found = await findNotes(cli.patterns, {cwd, gitignore, followSymlinks, ignore, extensions})
  const files = cli.shard ? shard(found.files, cli.shard.index, cli.shard.count) : found.files
  return {found, files}
}

/** The stable i-th of n slices: by a hash of each note's path, so a note stays in its slice. */
export function shard(files: Array<NoteFile>, index: number, count: number): Array<NoteFile> {
  return files.filter(
    (file) => createHash('sha256').update(file.path).digest().readUInt32BE(0) % count === index - 1
  )
}
