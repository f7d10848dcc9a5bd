import {readFile} from 'node:fs/promises'
import {createRequire} from 'node:module'
import type {StandardSchemaV1} from '@standard-schema/spec'
import {code} from '../diagnostics/code.js'
import type {AjvModule, JsonSchema, JsonSchemaData} from './json-schema-core.js'
import {compileJsonSchema} from './json-schema-core.js'

export type {JsonSchema, JsonSchemaData} from './json-schema-core.js'

let ajvModule: AjvModule | undefined

/** Load ajv the first time a JSON Schema is used: `import 'md2data'` does not load it. */
function loadAjv(): AjvModule {
  ajvModule ??= createRequire(import.meta.url)('./ajv.cjs') as AjvModule
  return ajvModule
}

/**
 * Make a Standard Schema of a JSON Schema, validated with ajv and ajv-formats: draft 2020-12,
 * 2019-09 or draft-07 (by its `$schema`; draft-07 when there is none), `$ref` inside the schema
 * included. Throws when the schema itself is invalid.
 */
export function jsonSchema(schema: JsonSchema): StandardSchemaV1<JsonSchemaData, JsonSchemaData> {
  return compileJsonSchema(schema, loadAjv)
}

/** Read a JSON Schema file and make a Standard Schema of it (see `jsonSchema`). */
export async function loadJsonSchema(
  file: string | URL
): Promise<StandardSchemaV1<JsonSchemaData, JsonSchemaData>> {
  const text = await readFile(file, 'utf8')
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new TypeError(
      `Cannot parse JSON Schema file ${code(String(file))}: ${(error as Error).message}`,
      {cause: error}
    )
  }
  return jsonSchema(parsed as JsonSchema)
}
