import {watch as watchFolder} from 'node:fs'
import type {FSWatcher} from 'node:fs'
import {stat} from 'node:fs/promises'
import path from 'node:path'
import type {NoteFile} from '../batch/index.js'
import type {Cli} from './args.js'
import {Reporter} from './report.js'
import type {Io, Watched} from './convert-into.js'
import {convertInto, findFor} from './convert-into.js'

/**
 * Watch the patterns' folders and convert again what changes: new and changed notes are
 * converted and written, outputs of deleted notes are removed, the index is rewritten (then
 * `after()`, with a config: `OUT/index.js`). A note that is briefly invalid (saved half-way) is only
 * a diagnostic; the watcher goes on until interrupted (exit code 130).
 */
export async function watch(
  cli: Cli,
  io: Io,
  watched: Array<Watched>,
  after?: () => Promise<void>
): Promise<number> {
  const known: Array<[Watched, Map<string, string>]> = []
  const folders = new Set<string>()
  for (const item of watched) {
    const signatures = new Map<string, string>()
    for (const file of item.found.files) signatures.set(file.path, await signature(file.absolute))
    known.push([item, signatures])
    for (const folder of await watchedFolders(item.cli.patterns, item.io.cwd)) folders.add(folder)
  }
  const updates = serially(async () => {
    // One report and one line a round, for every watched set of notes.
    const reporter = new Reporter(cli, io.stderr)
    let converted = 0
    let removed = 0
    for (const [item, signatures] of known) {
      const counts = await update(item, signatures, reporter)
      converted += counts.converted
      removed += counts.removed
    }
    if (converted === 0 && removed === 0) return
    reporter.finish()
    await after?.()
    if (!cli.silent) {
      io.stderr.write(
        `md2data: ${converted} converted, ${removed} removed, ${reporter.errors} errors, ${reporter.warnings} warnings; watching…\n`
      )
    }
  }, io)
  const watchers: Array<FSWatcher> = []
  for (const folder of folders) {
    const failed = (error: Error) =>
      io.stderr.write(`md2data: cannot watch \`${folder}\`: ${error.message}\n`)
    try {
      watchers.push(watchFolder(folder, {recursive: true}, updates.schedule).on('error', failed))
    } catch (error) {
      failed(error as Error)
    }
  }
  if (!cli.silent) {
    const count = `${folders.size} ${folders.size === 1 ? 'folder' : 'folders'}`
    io.stderr.write(`md2data: watching ${count} (Ctrl-C to stop)\n`)
  }
  await new Promise<void>((resolve) => {
    if (io.signal?.aborted) resolve()
    io.signal?.addEventListener('abort', () => resolve(), {once: true})
  })
  for (const watcher of watchers) watcher.close()
  await updates.stop()
  for (const item of watched) item.linking?.held.close()
  return 130
}

/** Convert what changed since the last time (`signatures`), remove outputs of deleted notes. */
async function update(
  state: Watched,
  signatures: Map<string, string>,
  reporter: Reporter
): Promise<{converted: number; removed: number}> {
  const {cli, io} = state
  const {found, files} = await findFor(cli, io)
  const changed: Array<NoteFile> = []
  for (const file of files) {
    const now = await signature(file.absolute)
    if (signatures.get(file.path) !== now) changed.push(file)
    signatures.set(file.path, now)
  }
  const present = new Set(files.map((file) => file.path))
  const removed = [...signatures.keys()].filter((notePath) => !present.has(notePath))
  for (const notePath of removed) {
    signatures.delete(notePath)
    state.linking?.held.delete(notePath)
    state.linking?.written?.delete(notePath)
    await state.outDir.remove(notePath)
  }
  const counts = {converted: changed.length, removed: removed.length}
  if (changed.length === 0 && removed.length === 0) return counts
  // (Every note is planned, so that a collision with a note that did not change is seen.)
  const targets = state.outDir.plan(files)
  const options = {...state.options, signal: io.signal}
  const {linking} = state
  if (linking) {
    // The walk's files now, and the planned outputs are keyed by this walk's notes.
    linking.otherFiles = found.attachments
    for (const file of files) linking.held.refile(file)
  }
  const run = await convertInto(changed, options, state.outDir, targets, reporter, cli, io, linking)
  await state.outDir.commit(run.graph)
  reporter.flush()
  return counts
}

/** Run `task` 150 ms after the last `schedule()`, never twice at once (once more if asked meanwhile). */
function serially(task: () => Promise<void>, io: Io) {
  let timer: NodeJS.Timeout | null = null
  let running: Promise<void> | null = null
  let again = false
  const loop = async () => {
    do {
      again = false
      try {
        await task()
      } catch (error) {
        io.stderr.write(`md2data: ${(error as Error).message}; still watching\n`)
      }
    } while (again && !io.signal?.aborted)
  }
  const fire = () => {
    timer = null
    if (running) again = true
    else running = loop().finally(() => (running = null))
  }
  return {
    schedule() {
      if (timer) clearTimeout(timer)
      timer = setTimeout(fire, 150)
    },
    async stop() {
      if (timer) clearTimeout(timer)
      await running
    }
  }
}

/** The folders to watch: each pattern's folder (a glob's static base, a file's folder). */
async function watchedFolders(patterns: ReadonlyArray<string>, cwd: string): Promise<Set<string>> {
  const folders = new Set<string>()
  for (const pattern of patterns) {
    const base = pattern.split('/').findIndex((part) => /[*?[\]{}()!+@]/.test(part))
    const stem = base === -1 ? pattern : pattern.split('/').slice(0, base).join('/') || '.'
    const absolute = path.resolve(cwd, stem)
    const info = await stat(absolute).catch(() => null)
    folders.add(info?.isDirectory() ? absolute : path.dirname(absolute))
  }
  return folders
}

/** What tells that a file changed: its size and modification time (a missing file: `-`). */
async function signature(file: string): Promise<string> {
  try {
    const info = await stat(file)
    return `${info.size}:${info.mtimeMs}`
  } catch {
    return '-'
  }
}
