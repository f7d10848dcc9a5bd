/**
 * The worker of the batch layer: converts one note's bytes under the pool's time and memory
 * limits, and returns its JSON, so a note that makes remark hang or run out of memory costs a
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
  bytes: Uint8Array
  path: string
  /** Written with the time this note starts, for the main thread's watchdog. */
  clock: Float64Array
}): Promise<WorkerResult> {
  task.clock[0] = Date.now()
  if (settings.schemaFile) schema ??= loadSchemaFile(settings.schemaFile)
  const options: Options = {...settings.convert, path: task.path}
  if (schema) options.schema = await schema
  if (settings.frontmatterOnly) {
    const result = await readFrontmatterAsync(task.bytes, options)
    return {
      json: serialize(result),
      pretty: settings.pretty ? serialize(result, {pretty: true}) : null,
      title: null,
      frontmatter: result.frontmatter,
      diagnostics: result.diagnostics
    }
  }
  const document = options.schema
    ? await convertAsync(task.bytes, options)
    : convert(task.bytes, options)
  return {
    json: serialize(document),
    pretty: settings.pretty ? serialize(document, {pretty: true}) : null,
    title: document.title,
    frontmatter: document.frontmatter,
    diagnostics: document.diagnostics
  }
}
