import path from 'node:path'
import type {BatchOptions, Found, NoteFile} from '../batch/index.js'
import type {Cli} from './args.js'
import {UsageError, help, parseCli} from './args.js'
import {OutputClosed, ndjsonOutput, outDirOutput, streamOutput} from './outputs.js'
import type {OutDir, Output} from './outputs.js'
import {Reporter, summary} from './report.js'
import {convertInto, findFor} from './convert-into.js'
import type {CollectionRun, Io, Linking} from './convert-into.js'
import {buildCollections} from './config.js'

export type {Io} from './convert-into.js'
import {HeldResults, scanNote, version} from '../batch/index.js'

const interrupted =
  'md2data: interrupted; outputs written so far are complete, the index and the NDJSON file were not updated\n'

/** Run the command line; resolves to the exit code (it never calls `process.exit`). */
export async function run(argv: ReadonlyArray<string>, io: Io): Promise<number> {
  let cli: Cli
  try {
    cli = parseCli(argv, io.cwd)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    io.stderr.write(`md2data: ${error.message}\n`)
    return 2
  }
  if (cli.help || cli.version) {
    io.stdout.write(`${cli.help ? help : version}\n`)
    return 0
  }
  try {
    return cli.config ? await buildCollections(cli, io, convert) : await convert(cli, io)
  } catch (error) {
    if (io.signal?.aborted) {
      io.stderr.write(interrupted)
      return 130
    }
    // Standard output's reader gone (`| head`): the run stops quietly, as SIGPIPE would end it.
    if (error instanceof OutputClosed) return 141
    io.stderr.write(`md2data: ${(error as Error).message}\n`)
    return 2
  }
}

/**
 * Find the notes, convert them into the output, report; then watch, with `--watch`. (A config's
 * collection: with its options besides the flags', reported into the build's reporter, its
 * documents kept; the build prints the summary and watches.)
 */
async function convert(cli: Cli, io: Io, collection?: CollectionRun): Promise<number> {
  const started = performance.now()
  const {found, files} = await findFor(cli, io)
  // (`--reporter json` prints one JSON value on stderr, and nothing else.)
  const text = !cli.silent && cli.reporter !== 'json'
  if (text) {
    for (const pattern of found.unmatched)
      io.stderr.write(`md2data: no notes match \`${pattern}\`\n`)
  }
  if (found.files.length === 0 && found.problems.length === 0) {
    io.stderr.write('md2data: no notes to convert\n')
    return 2
  }
  const reporter = collection?.reporter ?? new Reporter(cli, io.stderr)
  for (const problem of found.problems)
    reporter.add({path: problem.path ?? '', diagnostics: [problem]})

  const mode = cli.outDir
    ? 'out-dir'
    : cli.ndjson
      ? 'ndjson'
      : files.length === 1
        ? 'stdout'
        : 'check'
  const outputs = await openOutputs(cli, io, files.length, collection?.documents)
  const outDir = (outputs.find((item) => 'plan' in item) as OutDir | undefined) ?? null
  const output = all(outputs)
  let linking: Linking | null = null
  try {
    const options = {
      ...batchOptions(cli, io, mode === 'out-dir' || mode === 'stdout'),
      ...collection?.options
    }
    linking = await linkingFor(cli, found, files)
    const targets = outDir?.plan(files) ?? null
    const {cached, graph} = await convertInto(
      files,
      options,
      output,
      targets,
      reporter,
      cli,
      io,
      linking
    )
    if (io.signal?.aborted) {
      reporter.finish()
      io.stderr.write(interrupted)
      return 130
    }
    await output.commit(graph)
    const watched = cli.watch && outDir ? {cli, io, found, outDir, options, linking} : null
    if (collection) {
      // (The config's build reports once, and watches every collection.)
      reporter.flush()
      collection.notes = files.length
      collection.cached = cached
      collection.watched = watched
      return reporter.failed ? 1 : 0
    }
    reporter.finish()
    if (text) io.stderr.write(summary(files.length, cached, reporter, mode === 'check', started))
    if (watched) {
      const {watch} = await import('./watch.js')
      return await watch(cli, io, [watched])
    }
    return reporter.failed ? 1 : 0
  } finally {
    output.discard()
    // (A collection's `--watch` goes on after its run: the watcher closes it.)
    if (!collection?.watched) linking?.held.close()
  }
}

/**
 * Link resolution, unless `--no-links` (or `--frontmatter-only`): links may reach the walk's other
 * files, and with `--shard` the notes of the other slices (scanned for headings and aliases, so
 * that each slice reports what one run would).
 */
async function linkingFor(cli: Cli, found: Found, files: Array<NoteFile>): Promise<Linking | null> {
  if (!cli.links || cli.frontmatterOnly) return null
  const converted = new Set(files)
  const options = {syntax: cli.syntax, headingIds: cli.headingIds, cjkFriendly: cli.cjkFriendly}
  const otherNotes = []
  for (const file of found.files) {
    if (converted.has(file)) continue
    try {
      otherNotes.push(await scanNote(file, options))
    } catch {
      // (Unreadable: its own slice reports it; links to it still find the file.)
    }
  }
  const others = found.files.filter((file) => !converted.has(file)).map((file) => file.path)
  return {
    held: new HeldResults(),
    otherFiles: [...found.attachments, ...others],
    otherNotes,
    written: cli.watch ? new Map() : null
  }
}

/**
 * The outputs the flags ask for (`--out-dir` and `--ndjson` may go together); a collection's
 * `--out-dir` keeps its documents by path.
 */
async function openOutputs(
  cli: Cli,
  io: Io,
  notes: number,
  documents?: Map<string, string>
): Promise<Array<Output>> {
  const outputs: Array<Output> = []
  if (cli.outDir) {
    const options = {index: cli.index, pretty: cli.pretty}
    const outDir = await outDirOutput(io.cwd, path.resolve(io.cwd, cli.outDir), options)
    outputs.push(documents ? keeping(outDir, documents) : outDir)
  }
  if (cli.ndjson === '-') outputs.push(streamOutput(io.stdout, io.cwd, null))
  else if (cli.ndjson) outputs.push(await ndjsonOutput(io.cwd, path.resolve(io.cwd, cli.ndjson)))
  else if (!cli.outDir && notes === 1)
    outputs.push(streamOutput(io.stdout, io.cwd, null, cli.pretty))
  return outputs
}

/** An output folder that keeps the documents written (and removed) in `documents`, by path. */
function keeping(outDir: OutDir, documents: Map<string, string>): OutDir {
  return {
    ...outDir,
    write(result, diagnostics) {
      if (result.json === null) documents.delete(result.file.path)
      else documents.set(result.file.path, result.json)
      return outDir.write(result, diagnostics)
    },
    remove(notePath) {
      documents.delete(notePath)
      return outDir.remove(notePath)
    }
  }
}

/** Several outputs as one. */
function all(outputs: Array<Output>): Output {
  return {
    async write(result, diagnostics) {
      const problems = []
      for (const output of outputs) problems.push(...(await output.write(result, diagnostics)))
      return problems
    },
    async commit(graph) {
      for (const output of outputs) await output.commit(graph)
    },
    discard() {
      for (const output of outputs) output.discard()
    }
  }
}

function batchOptions(cli: Cli, io: Io, pretty: boolean): BatchOptions {
  return {
    lang: cli.lang,
    positions: cli.positions,
    cjkFriendly: cli.cjkFriendly,
    headingIds: cli.headingIds,
    syntax: cli.syntax,
    schema: cli.schema ? path.resolve(io.cwd, cli.schema) : null,
    frontmatterOnly: cli.frontmatterOnly,
    body: cli.body,
    excerpt: cli.excerpt,
    pretty: cli.pretty && pretty,
    jobs: cli.jobs,
    timeout: cli.timeout,
    maxMemory: cli.maxMemory,
    maxSize: cli.maxSize,
    maxOutput: cli.maxOutput,
    maxDepth: cli.maxDepth,
    maxFrontmatterSize: cli.maxFrontmatterSize,
    cache: cli.cache ? path.resolve(io.cwd, cli.cache) : null,
    signal: io.signal
  }
}
