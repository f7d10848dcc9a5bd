import type {StandardSchemaV1} from '@standard-schema/spec'
import {readFront, validated, validates} from '../convert.js'
import {sortDiagnostics} from '../diagnostics/create.js'
import type {Diagnostic, Frontmatter, NoteDocument} from '../types.js'
import {validateAsync} from '../validate/index.js'
import type {WorkerResult} from './result.js'
import {toResult} from './result.js'
import type {WorkerSettings} from './worker.js'

/**
 * Validate a note's front matter with a schema object on this thread, into a document (or front
 * matter result) a worker made without a schema: the note's front matter is read again (bounded by
 * `maxFrontmatterSize`) and validated exactly as `convertAsync` does, its `frontmatter` replaced
 * and the schema's diagnostics added.
 */
export async function validateHere<
  Value extends {frontmatter: Frontmatter | null; diagnostics: Array<Diagnostic>}
>(
  value: Value,
  bytes: Uint8Array,
  notePath: string,
  schema: StandardSchemaV1,
  convert: WorkerSettings['convert']
): Promise<Value> {
  const front = readFront(bytes, {...convert, path: notePath, schema})
  if (!validates(front)) return value
  const validation = await validateAsync(schema, front.data, front.place, notePath)
  return {
    ...value,
    frontmatter: validated(front, validation),
    diagnostics: sortDiagnostics([...value.diagnostics, ...validation.diagnostics])
  }
}

/** A worker's result validated here: the result again, or an output failure past `maxOutput`. */
export async function validateResult(
  result: WorkerResult,
  bytes: Uint8Array,
  notePath: string,
  schema: StandardSchemaV1,
  settings: WorkerSettings
): Promise<{result: WorkerResult} | {failure: 'output'; length: number | null}> {
  const value = JSON.parse(result.json) as Pick<NoteDocument, 'frontmatter' | 'diagnostics'>
  const checked = toResult(
    await validateHere(value, bytes, notePath, schema, settings.convert),
    result.title,
    settings
  )
  return 'tooLarge' in checked ? {failure: 'output', length: checked.tooLarge} : {result: checked}
}
