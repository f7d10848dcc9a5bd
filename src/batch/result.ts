import {serialize} from '../serialize.js'
import type {Diagnostic, Frontmatter, NoteDocument} from '../types.js'

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

/** A document (or a front matter result) as a `WorkerResult`: its JSON and the parts the CLI uses. */
export function toResult(
  value: Pick<NoteDocument, 'frontmatter' | 'diagnostics'>,
  title: string | null,
  pretty: boolean
): WorkerResult {
  return {
    json: serialize(value),
    pretty: pretty ? serialize(value, {pretty: true}) : null,
    title,
    frontmatter: value.frontmatter,
    diagnostics: value.diagnostics
  }
}
