import {constants, createWriteStream, lstatSync, realpathSync} from 'node:fs'
import {access, mkdir, rm} from 'node:fs/promises'
import path from 'node:path'
import type {Writable} from 'node:stream'
import {finished} from 'node:stream/promises'
import {
  AtomicFile,
  createDiagnostic,
  display,
  isSpecial,
  removeStaleTemporaries,
  version,
  writeAtomic,
  writeFailure
} from '../batch/index.js'
import type {Diagnostic, FileResult, LinkGraphJson, NoteFile} from '../batch/index.js'

/** Where the documents go: one of `--out-dir`, `--ndjson FILE`, a stream, stdout, or nowhere. */
export interface Output {
  /** Write a note's document (in the order of the notes); resolves to the note's problems writing it. */
  write(result: FileResult, diagnostics: ReadonlyArray<Diagnostic>): Promise<Array<Diagnostic>>
  /** Complete the output once every note is written (with the link graph, when links were resolved). */
  commit(graph?: LinkGraphJson | null): Promise<void>
  /** Drop what is not committed (an interrupted or failed run). */
  discard(): void
}

/** Standard output's reader went away (EPIPE): the run stops quietly with exit code 141. */
export class OutputClosed extends Error {}

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

/** `--out-dir`: one JSON file a note, mirroring the notes' tree (see `planOutputs`), and the index. */
export interface OutDir extends Output {
  /** Plan the outputs of (another set of) notes. */
  plan(files: Array<NoteFile>): Map<NoteFile, string | Diagnostic>
  /** Remove a note's output and index entry (the note is gone). */
  remove(notePath: string): Promise<void>
}

export async function outDirOutput(
  cwd: string,
  outDir: string,
  options: {index: string | null; pretty: boolean}
): Promise<OutDir> {
  await named(cwd, outDir, async () => {
    await mkdir(outDir, {recursive: true})
    // (A folder that cannot be written at all is a configuration problem: before any note.)
    await access(outDir, constants.W_OK)
    await removeStaleTemporaries(outDir)
  })
  let targets = new Map<NoteFile, string | Diagnostic>()
  const entries = new Map<string, IndexEntry>()
  const save = (file: string, content: string) => named(cwd, file, () => writeAtomic(file, content))
  const root = realpathSync(outDir)
  return {
    plan(files) {
      targets = planOutputs(files, outDir, options.index)
      return targets
    },
    async write(result, diagnostics) {
      const target = targets.get(result.file)
      const output = typeof target === 'string' ? target : null
      const json = (options.pretty && result.pretty) || result.json
      const problems =
        output && json !== null
          ? await saveNote(cwd, root, result.file, path.join(outDir, output), json)
          : []
      entries.set(result.file.path, indexEntry(result, output, [...diagnostics, ...problems]))
      return problems
    },
    async remove(notePath) {
      const output = entries.get(notePath)?.output
      if (output) await rm(path.join(outDir, output), {force: true})
      entries.delete(notePath)
    },
    async commit(graph) {
      if (options.index)
        await save(path.join(outDir, options.index), indexJson(entries.values(), graph ?? null))
    },
    discard() {}
  }
}

/**
 * Write a note's output; what stops it (a link out of the output folder, a name too long, a folder
 * in the way) is the note's `file-unwritable` error, and the run goes on.
 */
async function saveNote(
  cwd: string,
  root: string,
  note: NoteFile,
  file: string,
  json: string
): Promise<Array<Diagnostic>> {
  const fail = (why: string) => [
    createDiagnostic(
      'file-unwritable',
      'error',
      `Cannot write \`${display(cwd, file)}\`: ${why}; not written`,
      note.path,
      null
    )
  ]
  let out = null
  try {
    out = linkOut(root, file)
  } catch {
    // (A name too long, a file in the way: the write says what.)
  }
  if (out) return fail(`\`${display(cwd, out)}\` is a symbolic link out of the output folder`)
  try {
    await writeAtomic(file, json)
    return []
  } catch (error) {
    return fail(writeFailure(error))
  }
}

/** The first link on the way from `root` (a real path) to `file` that leads out of it, if any. */
function linkOut(root: string, file: string): string | null {
  let at = root
  for (const part of path.relative(root, file).split(path.sep)) {
    at = path.join(at, part)
    const info = lstatSync(at, {throwIfNoEntry: false})
    if (!info) return null
    if (!info.isSymbolicLink()) continue
    let relative = '..'
    try {
      relative = path.relative(root, realpathSync(at))
    } catch {
      // A link to nothing: its target would be made, outside.
    }
    if (relative.startsWith('..') || path.isAbsolute(relative)) return at
  }
  return null
}

function indexEntry(
  result: FileResult,
  output: string | null,
  diagnostics: ReadonlyArray<Diagnostic>
): IndexEntry {
  const count = (severity: Diagnostic['severity']) =>
    diagnostics.filter((item) => item.severity === severity).length
  return {
    path: result.file.path,
    output,
    title: result.title,
    frontmatter: (result.frontmatter?.data as Record<string, unknown> | undefined) ?? null,
    valid: result.frontmatter ? result.frontmatter.valid : null,
    errors: count('error'),
    warnings: count('warning'),
    infos: count('info')
  }
}

/** `index.json`: every note's entry, then (when links were resolved) the link graph. */
function indexJson(entries: Iterable<IndexEntry>, graph: LinkGraphJson | null): string {
  const notes = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  const index = {
    schemaVersion: 1,
    generator: `md2data ${version}`,
    notes,
    ...(graph && {links: graph})
  }
  return `${JSON.stringify(index, null, 2)}\n`
}

/**
 * NDJSON to a file: a regular file (or a link to one, or none yet) is replaced atomically when the
 * run completes; a FIFO or a device is written to as it is.
 */
export async function ndjsonOutput(cwd: string, file: string): Promise<Output> {
  if (isSpecial(file))
    return streamOutput(await named(cwd, file, () => openStream(file)), cwd, file)
  const output = await named(cwd, file, () => AtomicFile.open(file))
  await removeStaleTemporaries(path.dirname(output.file), {recursive: false})
  return {
    async write({json}) {
      if (json !== null) await named(cwd, output.file, () => output.write(json))
      return []
    },
    async commit() {
      await named(cwd, output.file, () => output.commit())
    },
    discard: () => output.discard()
  }
}

/** Documents to a stream: standard output (`file` null: EPIPE is `OutputClosed`), a FIFO, a device. */
export function streamOutput(
  stream: Writable,
  cwd: string,
  file: string | null,
  pretty = false
): Output {
  return {
    async write(result) {
      const json = (pretty && result.pretty) || result.json
      if (json !== null && file !== null) await named(cwd, file, () => write(stream, json))
      else if (json !== null) {
        await write(stream, json).catch((error: NodeJS.ErrnoException) => {
          throw error.code === 'EPIPE'
            ? new OutputClosed('Standard output closed', {cause: error})
            : error
        })
      }
      return []
    },
    async commit() {
      if (file !== null) await named(cwd, file, () => (stream.end(), finished(stream)))
    },
    discard() {
      if (file !== null) stream.destroy()
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
  const taken = new Map<string, {file: NoteFile; relative: string} | null>()
  if (index) taken.set(index.normalize('NFC').toLowerCase(), null)
  const collision = (file: NoteFile, message: string) =>
    plan.set(file, createDiagnostic('output-collision', 'error', message, file.path, null))
  for (const file of files) {
    const relative = file.relative.replace(/\.[^./]*$/, '') + '.json'
    const back = path.relative(outDir, path.resolve(outDir, relative))
    if (!back || back === '..' || back.startsWith(`..${path.sep}`) || path.isAbsolute(back)) {
      collision(file, `Cannot write \`${relative}\`: it is outside the output folder`)
      continue
    }
    // Names that differ only in case or Unicode normalization are one file on macOS and Windows.
    const key = relative.normalize('NFC').toLowerCase()
    if (taken.has(key)) {
      const other = taken.get(key)
      const why =
        other?.relative === relative
          ? 'the two have the same path under their patterns'
          : 'names differ only in case or Unicode normalization'
      collision(
        file,
        other
          ? `Cannot write \`${relative}\`: \`${other.file.path}\` maps to the same output (${why}); not written`
          : `Cannot write \`${relative}\`: it is the index (use \`--index NAME\` for another name); not written`
      )
      continue
    }
    taken.set(key, {file, relative})
    plan.set(file, relative)
  }
  return plan
}

/** Do `action`; an error names the output: a configuration problem (exit code 2). */
async function named<T>(cwd: string, file: string, action: () => T | Promise<T>): Promise<T> {
  try {
    return await action()
  } catch (error) {
    throw new Error(`Cannot write \`${display(cwd, file)}\`: ${writeFailure(error)}`, {
      cause: error
    })
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
