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
