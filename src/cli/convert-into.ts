import {createHash} from 'node:crypto'
import type {Writable} from 'node:stream'
import {convertFiles, findNotes} from '../batch/index.js'
import type {BatchOptions, Diagnostic, Found, NoteFile} from '../batch/index.js'
import type {Cli} from './args.js'
import type {Output} from './outputs.js'
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

/** Convert `files` into `output`, reporting each note's diagnostics; how many came from the cache. */
export async function convertInto(
  files: Array<NoteFile>,
  options: BatchOptions,
  output: Output,
  targets: Map<NoteFile, string | Diagnostic> | null,
  reporter: Reporter,
  cli: Cli,
  io: Io
): Promise<number> {
  const bar =
    cli.progress && !cli.silent && io.stderr.isTTY && files.length > 1
      ? await progressBar(io.stderr as unknown as NodeJS.WritableStream, files.length)
      : null
  reporter.buffer = bar !== null
  let cached = 0
  for await (const result of convertFiles(files, options)) {
    if (result.cached) cached++
    const target = targets?.get(result.file)
    const diagnostics =
      typeof target === 'object' ? [...result.diagnostics, target] : result.diagnostics
    const problems = await output.write(result, diagnostics)
    reporter.add({path: result.file.path, diagnostics: [...diagnostics, ...problems]})
    bar?.increment()
  }
  bar?.stop()
  return cached
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
