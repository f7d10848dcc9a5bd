import {watch as watchFolder} from 'node:fs'
import type {FSWatcher} from 'node:fs'
import {stat} from 'node:fs/promises'
import path from 'node:path'
import picomatch from 'picomatch'
import {convertFiles, encoded} from '../batch/convert-files.js'
import type {BatchOptions} from '../batch/convert-files.js'
import {findNotes} from '../batch/files.js'
import type {Found, NoteFile} from '../batch/files.js'
import type {Cli} from './args.js'
import type {Io, IndexEntry} from './run.js'
import {Reporter, entry, indexJson, planOutputs, remove, shard, writeOutput} from './run.js'

interface WatchState {
  found: Found
  outDir: string
  options: BatchOptions
  index: Array<IndexEntry>
}

/**
 * Watch the patterns' folders and convert again what changes: new and changed notes are
 * converted and written, outputs of deleted notes are removed, `index.json` is rewritten. A note
 * that is briefly invalid (saved half-way) is only a diagnostic; the watcher goes on until
 * interrupted (exit code 130).
 */
export async function watch(cli: Cli, io: Io, state: WatchState): Promise<number> {
  const signatures = new Map<string, string>()
  for (const file of state.found.files)
    signatures.set(file.absolute, await signature(file.absolute))
  const entries = new Map(state.index.map((item) => [item.path, item]))
  const outputs = new Map<string, string>()
  for (const item of state.index) if (item.output) outputs.set(item.path, item.output)

  const folders = new Set<string>()
  for (const pattern of cli.patterns) {
    const scan = picomatch.scan(pattern)
    const absolute = path.resolve(io.cwd, scan.isGlob ? scan.base || '.' : pattern)
    const info = await stat(absolute).catch(() => null)
    folders.add(info?.isDirectory() ? absolute : path.dirname(absolute))
  }

  let timer: NodeJS.Timeout | null = null
  let running: Promise<void> | null = null
  let again = false

  const update = async () => {
    let found = await findNotes(cli.patterns, {
      cwd: io.cwd,
      gitignore: cli.gitignore,
      followSymlinks: cli.followSymlinks
    })
    let files = found.files
    if (cli.shard) files = shard(files, cli.shard.index, cli.shard.count)
    found = {...found, files}
    const plan = planOutputs(files, state.outDir, cli.index)
    const present = new Set(files.map((file) => file.path))

    const changed: Array<NoteFile> = []
    for (const file of files) {
      const now = await signature(file.absolute)
      if (signatures.get(file.absolute) !== now) {
        signatures.set(file.absolute, now)
        changed.push(file)
      }
    }
    const removed: Array<string> = []
    for (const [notePath, output] of outputs) {
      if (present.has(notePath)) continue
      await remove(path.join(state.outDir, output))
      outputs.delete(notePath)
      removed.push(notePath)
    }
    for (const notePath of [...entries.keys()]) if (!present.has(notePath)) entries.delete(notePath)
    for (const absolute of [...signatures.keys()])
      if (!files.some((file) => file.absolute === absolute)) signatures.delete(absolute)
    if (changed.length === 0 && removed.length === 0) return

    const reporter = new Reporter(cli, io)
    for await (const result of convertFiles(changed, {...state.options, signal: io.signal})) {
      const target = plan.get(result.file)
      const diagnostics =
        typeof target === 'object' ? [...result.diagnostics, target] : result.diagnostics
      reporter.add({path: result.file.path, diagnostics})
      const {json, pretty} = encoded(result)
      if (json !== null && typeof target === 'string') {
        await writeOutput(io, path.join(state.outDir, target), pretty ?? json)
        outputs.set(result.file.path, target)
      }
      entries.set(
        result.file.path,
        entry(result, typeof target === 'string' ? target : null, diagnostics)
      )
    }
    if (cli.index)
      await writeOutput(io, path.join(state.outDir, cli.index), indexJson([...entries.values()]))
    reporter.finish()
    if (!cli.silent) {
      io.stderr.write(
        `md2data: ${changed.length} converted, ${removed.length} removed, ${reporter.errors} errors, ${reporter.warnings} warnings; watching…\n`
      )
    }
  }

  const schedule = () => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      if (running) {
        again = true
        return
      }
      running = (async () => {
        do {
          again = false
          try {
            await update()
          } catch (error) {
            io.stderr.write(`md2data: ${(error as Error).message}; still watching\n`)
          }
        } while (again && !io.signal?.aborted)
      })().finally(() => {
        running = null
      })
    }, 150)
  }

  const watchers: Array<FSWatcher> = []
  for (const folder of folders) {
    try {
      const watcher = watchFolder(folder, {recursive: true}, schedule)
      watcher.on('error', (error) =>
        io.stderr.write(`md2data: cannot watch \`${folder}\`: ${error.message}\n`)
      )
      watchers.push(watcher)
    } catch (error) {
      io.stderr.write(`md2data: cannot watch \`${folder}\`: ${(error as Error).message}\n`)
    }
  }
  if (!cli.silent)
    io.stderr.write(
      `md2data: watching ${[...folders].length} ${folders.size === 1 ? 'folder' : 'folders'} (Ctrl-C to stop)\n`
    )

  await new Promise<void>((resolve) => {
    if (io.signal?.aborted) resolve()
    io.signal?.addEventListener('abort', () => resolve(), {once: true})
  })
  for (const watcher of watchers) watcher.close()
  if (timer) clearTimeout(timer)
  await running
  return 130
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
