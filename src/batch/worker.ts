/**
 * What runs in each worker thread of the pool: converts a few notes' bytes and returns their JSON.
 * The pool's watchdog stops a worker whose note takes longer than the budget.
 */
import type {StandardSchemaV1} from '@standard-schema/spec'
import {workerData} from 'piscina'
import type {Settings} from '../convert.js'
import {convert, convertAsync} from '../convert.js'
import {readFrontmatterAsync} from '../read-frontmatter.js'
import type {FrontmatterResult} from '../read-frontmatter.js'
import type {Options} from '../types.js'
import type {TooLarge, WorkerResult} from './result.js'
import {toResult} from './result.js'
import {loadSchemaFile} from './schema.js'

/** What every worker is set up with (plain data: it crosses the thread boundary). */
export interface WorkerSettings {
  /** `convert`'s options with their defaults applied, but the note's path and the schema. */
  convert: Omit<Settings, 'path' | 'schema'>
  frontmatterOnly: boolean
  pretty: boolean
  /** The longest document converted, in characters of JSON (past it, `document-too-large`). */
  maxOutput: number
  /** An absolute path to a schema file, loaded by each worker. */
  schemaFile: string | null
}

const settings = workerData as WorkerSettings
let schema: Promise<StandardSchemaV1> | null = null

/** What a worker gives for a note: its document, or, when asked for front matter only, that. */
export type WorkerOutput = WorkerResult | TooLarge | {front: FrontmatterResult}

export default async function convertInWorker(task: {
  /** `front`: the front matter alone (of a note whose conversion failed). */
  notes: Array<{bytes: Uint8Array; path: string; front: boolean}>
  /** Written with the time each note starts and its index in `notes`, for the watchdog. */
  clock: Float64Array
}): Promise<Array<WorkerOutput>> {
  const results: Array<WorkerOutput> = []
  for (const [index, note] of task.notes.entries()) {
    task.clock[1] = index
    task.clock[0] = Date.now()
    results.push(await convertNote(note.bytes, note.path, note.front))
  }
  return results
}

async function convertNote(bytes: Uint8Array, path: string, front: boolean): Promise<WorkerOutput> {
  if (settings.schemaFile) schema ??= loadSchemaFile(settings.schemaFile)
  const options: Options = {...settings.convert, path}
  if (schema) options.schema = await schema
  if (front) return {front: await readFrontmatterAsync(bytes, options)}
  if (settings.frontmatterOnly) {
    return toResult(await readFrontmatterAsync(bytes, options), null, settings)
  }
  const document = options.schema ? await convertAsync(bytes, options) : convert(bytes, options)
  return toResult(document, document.title, settings)
}
