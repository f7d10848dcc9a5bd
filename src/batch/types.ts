import type {Settings} from '../convert.js'
import type {Diagnostic, Frontmatter} from '../types.js'

/** What every worker is set up with (plain data: it crosses the thread boundary). */
export interface WorkerSettings {
  /** `convert`'s options with their defaults applied, but the note's path and the schema. */
  convert: Omit<Settings, 'path' | 'schema'>
  frontmatterOnly: boolean
  pretty: boolean
  /** An absolute path to a schema file, loaded by each worker. */
  schemaFile: string | null
}

/** What converting one note gives (from a worker or the cache). */
export interface WorkerResult {
  /** The document (with `frontmatterOnly`: `{path, frontmatter, diagnostics}`) as one line of JSON. */
  json: string
  /** The same, indented, when `pretty` was asked for. */
  pretty: string | null
  title: string | null
  frontmatter: Frontmatter | null
  diagnostics: Array<Diagnostic>
}
