/**
 * `md2data/browser`: what runs beyond Node.js (browsers, web workers, Deno, edge runtimes), with
 * nothing imported from `node:`: `convert`, `readFrontmatter`, `jsonSchema` (ajv imported, not
 * required lazily as in `md2data`), `serialize` and the reporters. The batch API and
 * `loadJsonSchema` read files and start workers: they are in `md2data` only.
 */
import {Ajv} from 'ajv'
import {Ajv2019} from 'ajv/dist/2019.js'
import {Ajv2020} from 'ajv/dist/2020.js'
import formats from 'ajv-formats'
import type {StandardSchemaV1} from '@standard-schema/spec'
import type {AjvModule, JsonSchema, JsonSchemaData} from './validate/json-schema-core.js'
import {compileJsonSchema} from './validate/json-schema-core.js'

export {convert, convertAsync} from './convert.js'
export {readFrontmatter, readFrontmatterAsync} from './read-frontmatter.js'
export type {FrontmatterResult} from './read-frontmatter.js'
export {AsyncSchemaError} from './validate/index.js'
export {formatGithub, formatJson, formatStylish} from './diagnostics/format.js'
export type {FileDiagnostics} from './diagnostics/format.js'
export {serialize} from './serialize.js'
export type {JsonSchema, JsonSchemaData} from './validate/json-schema-core.js'

// ajv-formats is CommonJS with `exports.default`: as bundled, its default import may be either.
const addFormats = ((formats as unknown as {default?: AjvModule['addFormats']}).default ??
  formats) as unknown as AjvModule['addFormats']
const ajvModule: AjvModule = {Ajv, Ajv2019, Ajv2020, addFormats}

/**
 * Make a Standard Schema of a JSON Schema, validated with ajv and ajv-formats: draft 2020-12,
 * 2019-09 or draft-07 (by its `$schema`; draft-07 when there is none), `$ref` inside the schema
 * included. Throws when the schema itself is invalid.
 */
export function jsonSchema(schema: JsonSchema): StandardSchemaV1<JsonSchemaData, JsonSchemaData> {
  return compileJsonSchema(schema, () => ajvModule)
}

/** The model's types (`src/types.ts`): `NoteDocument`, `Options`, `Block`, `Inline`, … */
export type * from './types.js'
