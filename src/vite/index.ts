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

/** What reports a module's problems: a plugin context. */
interface Context {
  warn: (message: string) => void
  error: (error: Error | string) => never
}

/** The plugin. Options besides `config` and `strict` convert `?data` notes of no collection. */
export default function md2data(options: VitePluginOptions = {}): Plugin<VitePluginApi> {
  const {config, strict = false, ...convertOptions} = options
  const notes = new Notes(process.cwd(), convertOptions)
  let building = false
  let changes = 0
  let restarting: Promise<void> | null = null
  /** Warnings printed (errors with `strict`), errors thrown: the module fails. */
  const report = (context: Context, problems: Array<Located>): void => {
    const fatal = problems.filter(
      ({diagnostic}) =>
        diagnostic.severity === 'error' || (strict && diagnostic.severity === 'warning')
    )
    for (const item of problems) {
      if (item.diagnostic.severity === 'warning' && !strict) context.warn(formatLine(item))
    }
    if (fatal.length > 0) context.error(viteError(fatal))
  }
  return {
    name: 'md2data',
    api: {conversions: () => notes.conversions()},

    // (A config that cannot be used stops Vite, with the file and the field.)
    async configResolved(resolved) {
      building = resolved.command === 'build'
      await notes.start(resolved.root, config)
    },

    async buildStart() {
      if (notes.config) await writeTypes(notes.config)
    },

    resolveId(id) {
      return id === virtualId ? resolvedVirtualId : null
    },

    async load(id) {
      if (id === resolvedVirtualId) {
        if (!notes.config) this.error(`\`${virtualId}\` needs an md2data.config.{ts,mts,js,mjs}`)
        const {code, problems, unmatched} = await notes.collectionsModule()
        for (const pattern of unmatched) this.warn(`No notes match \`${pattern}\``)
        report(this, problems)
        // (So that `vite build --watch` builds again when a note changes.)
        if (building) for (const file of notes.files()) this.addWatchFile(file)
        // (No source map: the module is data, and a map would hold it twice more, in base64.)
        return {code, map: {mappings: ''}}
      }
      const file = dataFile(id)
      const result = file === null ? undefined : await notes.note(file)
      if (!result) return null
      if (building) this.addWatchFile(result.file.absolute)
      report(this, located([result]))
      // (A note that cannot be read has an error, hence never gets here.)
      const json = JSON.stringify(result.json?.trimEnd() ?? 'null')
      return {code: `export default /* @__PURE__ */ JSON.parse(${json})\n`, map: {mappings: ''}}
    },

    async hotUpdate({type, file, modules, timestamp, server}) {
      const absolute = path.resolve(file)
      // A changed config: the server starts again, with it.
      if (absolute === notes.config?.file) {
        // (Once, whichever of Vite's environments sees it first.)
        restarting ??= server.restart()
        await restarting
        return []
      }
      if (!(await notes.update(type, absolute, timestamp))) return
      const graph = this.environment.moduleGraph
      const virtual = graph.getModuleById(resolvedVirtualId)
      if (!virtual) return
      graph.invalidateModule(virtual)
      return [...modules, virtual]
    },

    // `vite build --watch` (the dev server has `hotUpdate`).
    async watchChange(id, {event}) {
      if (building) await notes.update(event, path.resolve(id), ++changes)
    },

    async buildEnd() {
      await notes.close()
    }
  }
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
