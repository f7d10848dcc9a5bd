/**
 * `md2data/vite`: a Vite plugin. `import doc from './a.md?data'` gives a note's document;
 * `import {posts} from 'virtual:md2data'` gives a collection of `md2data.config.*`. Saving a note
 * converts that note again, alone, and updates what imports it; errors fail the module (the dev
 * server's overlay shows them at `file:line:col`) and `vite build`.
 */
import {mkdir, readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'
import type {Plugin} from 'vite'
import type {BatchOptions} from '../batch/index.js'
import {typesFile} from '../config/index.js'
import type {LoadedConfig} from '../config/index.js'
import {Notes} from './notes.js'
import {formatLine, located, viteError} from './report.js'
import type {Located} from './report.js'

/** Options of the Vite plugin. */
export interface VitePluginOptions extends Omit<
  BatchOptions,
  'signal' | 'otherFiles' | 'links' | 'pretty' | 'frontmatterOnly'
> {
  /**
   * The config file whose collections `virtual:md2data` exports, from Vite's root. Default: the
   * first `md2data.config.{ts,mts,js,mjs}` in the root; `false`: none.
   */
  config?: string | false | undefined
  /** Warnings fail the module (and `vite build`) too. Default: `false` (they are printed). */
  strict?: boolean | undefined
}

/** What the plugin tells other plugins and tests (`plugin.api`). */
export interface VitePluginApi {
  /** How many notes were converted since the start (not counting cache hits). */
  conversions: () => number
}

const virtualId = 'virtual:md2data'
const resolvedVirtualId = '\0virtual:md2data'

/** A plugin context, as the modules' loading uses it. */
interface Context {
  warn: (message: string) => void
  error: (error: Error | string) => never
  addWatchFile: (file: string) => void
}

/** How the plugin runs: what loading a module needs besides the notes. */
interface Run {
  notes: Notes
  strict: boolean
  /** `vite build` (with `--watch`, the notes are the build's watch files), not the dev server. */
  building: boolean
}

/** The plugin. Options besides `config` and `strict` convert `?data` notes of no collection. */
export default function md2data(options: VitePluginOptions = {}): Plugin<VitePluginApi> {
  const {config, strict = false, ...convertOptions} = options
  const run: Run = {notes: new Notes(process.cwd(), convertOptions), strict, building: false}
  const {notes} = run
  let changes = 0
  let restarting: Promise<void> | null = null
  return {
    name: 'md2data',
    api: {conversions: () => notes.conversions()},

    // (A config that cannot be used stops Vite, with the file and the field.)
    async configResolved(resolved) {
      run.building = resolved.command === 'build'
      await notes.start(resolved.root, config)
    },

    async buildStart() {
      if (notes.config) await writeTypes(notes.config)
    },

    resolveId(id) {
      return id === virtualId || id.startsWith(`${virtualId}/`) ? `\0${id}` : null
    },

    load(id) {
      return load(this, id, run)
    },

    async hotUpdate({type, file, modules, timestamp, server}) {
      const absolute = path.resolve(file)
      // A changed config: the server starts again, with it (once, whichever environment sees it).
      if (absolute === notes.config?.file) {
        restarting ??= server.restart()
        await restarting
        return []
      }
      const changed = await notes.update(type, absolute, timestamp)
      if (changed.length === 0) return
      const graph = this.environment.moduleGraph
      const updated = [...modules]
      for (const name of changed) {
        const module = graph.getModuleById(`${resolvedVirtualId}/${name}`)
        if (!module) continue
        graph.invalidateModule(module)
        updated.push(module)
      }
      return updated
    },

    // `vite build --watch` (the dev server has `hotUpdate`).
    async watchChange(id, {event}) {
      if (run.building) await notes.update(event, path.resolve(id), ++changes)
    },

    async buildEnd() {
      await notes.close()
    }
  }
}

/**
 * A module of the plugin: `virtual:md2data` (re-exports each collection's module, so that a save
 * reloads its collection's alone), `virtual:md2data/<name>` (a collection), or a `?data` note.
 * Modules are data (`JSON.parse` of a string) without a source map (it would hold them again).
 */
async function load(context: Context, id: string, {notes, strict, building}: Run) {
  if (id === resolvedVirtualId) {
    if (!notes.config) context.error(`\`${virtualId}\` needs an md2data.config.{ts,mts,js,mjs}`)
    const code = notes.names().map((name) => `export {${name}} from '${virtualId}/${name}'\n`)
    return {code: code.join(''), map: {mappings: ''}}
  }
  if (id.startsWith(`${resolvedVirtualId}/`)) {
    const name = id.slice(resolvedVirtualId.length + 1)
    const collection = await notes.collectionModule(name)
    if (!collection) {
      const names = notes.names().map((item) => `\`${item}\``)
      return context.error(
        `No collection \`${name}\` in the config (${names.join(', ') || 'none'})`
      )
    }
    for (const pattern of collection.unmatched) context.warn(`No notes match \`${pattern}\``)
    report(context, collection.problems, strict)
    if (building) for (const file of collection.files) context.addWatchFile(file)
    return {code: collection.code, map: {mappings: ''}}
  }
  const file = dataFile(id)
  const result = file === null ? undefined : await notes.note(file)
  if (!result) return null
  if (building) context.addWatchFile(result.file.absolute)
  report(context, located([result]), strict)
  // (A note that cannot be read has an error, hence never gets here.)
  const json = JSON.stringify(result.json?.trimEnd() ?? 'null')
  return {code: `export default /* @__PURE__ */ JSON.parse(${json})\n`, map: {mappings: ''}}
}

/** Warnings printed (with `strict`, they are errors); errors thrown: the module fails. */
function report(context: Context, problems: Array<Located>, strict: boolean): void {
  const fatal = problems.filter(
    ({diagnostic}) =>
      diagnostic.severity === 'error' || (strict && diagnostic.severity === 'warning')
  )
  for (const item of problems) {
    if (item.diagnostic.severity === 'warning' && !strict) context.warn(formatLine(item))
  }
  if (fatal.length > 0) context.error(viteError(fatal))
}

/** The note a `?data` module id names (absolute), or `null`. */
function dataFile(id: string): string | null {
  const at = id.indexOf('?')
  if (at < 0 || id.startsWith('\0')) return null
  if (!new URLSearchParams(id.slice(at + 1)).has('data')) return null
  return id.slice(0, at)
}

/** `OUT/index.d.ts`, which types `virtual:md2data`: written only when it changes. */
async function writeTypes(config: LoadedConfig): Promise<void> {
  const file = path.join(config.out, 'index.d.ts')
  const text = typesFile(config.file, config.out, [...config.collections.keys()])
  const old = await readFile(file, 'utf8').catch(() => null)
  if (old === text) return
  await mkdir(config.out, {recursive: true})
  await writeFile(file, text)
}
