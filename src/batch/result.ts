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

/** A document whose JSON is over `maxOutput` (or over the longest string there can be). */
export interface TooLarge {
  tooLarge: number | null
}

/**
 * A document (or a front matter result) as a `WorkerResult`: its JSON and the parts the CLI uses;
 * or `TooLarge`, when its JSON (either form) has more than `maxOutput` characters.
 */
export function toResult(
  value: Pick<NoteDocument, 'frontmatter' | 'diagnostics'>,
  title: string | null,
  options: {pretty: boolean; maxOutput: number}
): WorkerResult | TooLarge {
  let json: string
  let pretty: string | null = null
  try {
    json = serialize(value)
    if (json.length <= options.maxOutput && options.pretty)
      pretty = serialize(value, {pretty: true})
  } catch (error) {
    // (`Invalid string length`: longer than V8's longest string.)
    if (error instanceof RangeError) return {tooLarge: null}
    throw error
  }
  const length = Math.max(json.length, pretty?.length ?? 0)
  if (length > options.maxOutput) return {tooLarge: length}
  return {json, pretty, title, frontmatter: value.frontmatter, diagnostics: value.diagnostics}
}
