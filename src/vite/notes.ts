import path from 'node:path'
import {createConverter, display} from '../batch/index.js'
import type {BatchOptions, Converter, FileResult} from '../batch/index.js'
import {collectionCode, findConfig, loadConfig} from '../config/index.js'
import type {LoadedConfig} from '../config/index.js'
import {LiveCollection, digestOf} from './collection.js'
import type {Located} from './report.js'
import {located} from './report.js'

/**
 * The notes the Vite plugin serves: the config's collections, and notes of no collection
 * imported with `?data` (converted with the plugin's options). Converters are kept open between
 * updates; `close()` stops them.
 */
export class Notes {
  config: LoadedConfig | null = null
  private collections = new Map<string, LiveCollection>()
  private loose: Promise<Converter> | null = null
  private looseConversions = 0
  /** Notes of no collection, converted, with the digest of the bytes converted. */
  private looseResults = new Map<string, {digest: string; result: Promise<FileResult>}>()
  /** Updates under way, by event: each is applied once for all of Vite's environments. */
  private updates = new Map<string, Promise<Array<string>>>()

  constructor(
    private root: string,
    private readonly options: BatchOptions
  ) {}

  /** Load the config (`null`: find one in `root`; `false`: none). Throws a `ConfigError`. */
  async start(root: string, file: string | false | undefined): Promise<void> {
    this.root = root
    const found = file === false ? null : file ? path.resolve(root, file) : findConfig(root)
    this.config = found ? await loadConfig(found, root) : null
    const collections = this.config?.collections ?? new Map()
    this.collections = new Map(
      [...collections].map(([name, collection]) => [name, new LiveCollection(collection)])
    )
  }

  /** The names of the collections. */
  names(): Array<string> {
    return [...this.collections.keys()]
  }

  /**
   * A collection's module (`export const name = JSON.parse(…)`), its notes, and their problems;
   * `null` for a name that is not a collection's.
   */
  async collectionModule(name: string): Promise<{
    code: string
    files: Array<string>
    problems: Array<Located>
    unmatched: Array<string>
  } | null> {
    const collection = this.collections.get(name)
    if (!collection) return null
    await collection.build()
    const results = collection.results()
    const problems: Array<Located> = collection.problems.map((diagnostic) => ({
      file: null,
      diagnostic
    }))
    problems.push(...located(results))
    return {
      code: collectionCode(
        name,
        results.flatMap((result) => (result.json ? [result.json] : []))
      ),
      files: collection.files(),
      problems,
      unmatched: collection.unmatched
    }
  }

  /** A note's result: its collection's (links resolved), or converted with the plugin's options. */
  async note(file: string): Promise<FileResult | undefined> {
    for (const collection of this.collections.values()) {
      await collection.build()
      if (collection.has(file)) return collection.result(file)
    }
    // (Each of Vite's environments loads it: converted once for the same bytes.)
    const digest = await digestOf(file)
    const kept = this.looseResults.get(file)
    if (digest !== null && kept?.digest === digest) return kept.result
    const result = this.convertLoose(file)
    if (digest !== null) this.looseResults.set(file, {digest, result})
    return result
  }

  private async convertLoose(file: string): Promise<FileResult> {
    this.loose ??= createConverter({...this.options, jobs: 1})
    const note = {path: display(this.root, file), absolute: file, relative: path.basename(file)}
    const result = await (await this.loose).convert(note)
    if (!result.cached) this.looseConversions++
    return result
  }

  /** A file changed, was created or deleted: the collections that changed (once an event). */
  update(
    type: 'create' | 'update' | 'delete',
    file: string,
    timestamp: number
  ): Promise<Array<string>> {
    const key = `${type} ${file} ${timestamp}`
    let pending = this.updates.get(key)
    if (!pending) {
      if (this.updates.size > 64) this.updates.clear()
      pending = (async () => {
        const changed: Array<string> = []
        for (const [name, collection] of this.collections) {
          if (await collection.update(file, type)) changed.push(name)
        }
        return changed
      })()
      this.updates.set(key, pending)
    }
    return pending
  }

  /** How many notes were converted since the start (not counting cache hits). */
  conversions(): number {
    let sum = this.looseConversions
    for (const collection of this.collections.values()) sum += collection.conversions
    return sum
  }

  /** Stop the converters kept for updates. */
  async close(): Promise<void> {
    const loose = this.loose
    this.loose = null
    await Promise.all([
      ...[...this.collections.values()].map((collection) => collection.close()),
      loose?.then((converter) => converter.close())
    ])
  }
}
