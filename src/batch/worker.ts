/**
 * The worker of the batch layer: converts a few notes' bytes under the pool's time and memory
 * limits, and returns their JSON, so a note that makes remark hang or run out of memory costs a
 * diagnostic, not the batch. The main thread reads files, hashes them and writes outputs.
 */
import type {StandardSchemaV1} from '@standard-schema/spec'
import {workerData} from 'piscina'
import {convert, convertAsync} from '../convert.js'
import {readFrontmatterAsync} from '../read-frontmatter.js'
import {serialize} from '../serialize.js'
import type {Options} from '../types.js'
import type {WorkerResult, WorkerSettings} from './types.js'
import {loadSchemaFile} from './schema.js'

const settings = workerData as WorkerSettings
let schema: Promise<StandardSchemaV1> | null = null

export default async function convertInWorker(task: {
  notes: Array<{bytes: Uint8Array; path: string}>
  /**
   * Written with the time each note starts and its index in `notes`, for the main thread's
   * watchdog (which stops the worker when one note takes longer than the budget).
   */
  clock: Float64Array
}): Promise<Array<WorkerResult>> {
  const results: Array<WorkerResult> = []
  for (const [index, note] of task.notes.entries()) {
    task.clock[1] = index
    task.clock[0] = Date.now()
    results.push(await convertNote(note.bytes, note.path))
  }
  return results
}

async function convertNote(bytes: Uint8Array, path: string): Promise<WorkerResult> {
  if (settings.schemaFile) schema ??= loadSchemaFile(settings.schemaFile)
  const options: Options = {...settings.convert, path}
  if (schema) options.schema = await schema
  if (settings.frontmatterOnly) {
    const result = await readFrontmatterAsync(bytes, options)
    return {
      json: serialize(result),
      pretty: settings.pretty ? serialize(result, {pretty: true}) : null,
      title: null,
      frontmatter: result.frontmatter,
      diagnostics: result.diagnostics
    }
  }
  const document = options.schema ? await convertAsync(bytes, options) : convert(bytes, options)
  return {
    json: serialize(document),
    pretty: settings.pretty ? serialize(document, {pretty: true}) : null,
    title: document.title,
    frontmatter: document.frontmatter,
    diagnostics: document.diagnostics
  }
}
