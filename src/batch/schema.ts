import {createHash} from 'node:crypto'
import {readFile} from 'node:fs/promises'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import type {StandardSchemaV1} from '@standard-schema/spec'

/**
 * Load a schema file: a JSON Schema (`.json`), or an ES module whose default export (or `schema`
 * export) is a Standard Schema (zod, valibot, arktype…). Throws a `TypeError` naming the file when
 * it cannot be loaded or holds no schema.
 */
export async function loadSchemaFile(file: string): Promise<StandardSchemaV1> {
  const absolute = path.resolve(file)
  if (/\.json$/i.test(absolute)) {
    try {
      const {loadJsonSchema} = await import('../validate/json-schema.js')
      return await loadJsonSchema(absolute)
    } catch (error) {
      throw new TypeError(`Cannot load schema \`${file}\`: ${(error as Error).message}`, {
        cause: error
      })
    }
  }
  let module: Record<string, unknown>
  try {
    module = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>
  } catch (error) {
    throw new TypeError(`Cannot load schema module \`${file}\`: ${(error as Error).message}`, {
      cause: error
    })
  }
  const schema = (module.default ?? module.schema) as StandardSchemaV1 | undefined
  if (
    !schema ||
    (typeof schema !== 'object' && typeof schema !== 'function') ||
    typeof schema['~standard']?.validate !== 'function'
  ) {
    throw new TypeError(
      `Expected \`${file}\` to export a Standard Schema (zod, valibot, arktype) as its default export or as \`schema\``
    )
  }
  return schema
}

/** A hash of the schema file's bytes, for cache keys. */
export async function hashSchemaFile(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path.resolve(file)))
    .digest('hex')
}

/** The `schema` of the batch API: a schema file's path, or a Standard Schema object. */
export interface BatchSchema {
  /** An absolute path, loaded by each worker. */
  file: string | null
  /** An object, which cannot cross to the workers (functions do not clone): used on this thread. */
  object: StandardSchemaV1 | null
}

/** Check the batch API's `schema` option; throws a `TypeError` saying what is expected. */
export function batchSchema(schema: unknown): BatchSchema {
  if (schema === null || schema === undefined || schema === '') return {file: null, object: null}
  if (typeof schema === 'string') return {file: path.resolve(schema), object: null}
  if (
    (typeof schema === 'object' || typeof schema === 'function') &&
    typeof (schema as Partial<StandardSchemaV1>)['~standard']?.validate === 'function'
  ) {
    return {file: null, object: schema as StandardSchemaV1}
  }
  throw new TypeError(
    'Expected `options.schema` to be a schema file (a path: `.json` JSON Schema or an ES module) or a Standard Schema (zod, valibot, arktype, `jsonSchema()`)'
  )
}
