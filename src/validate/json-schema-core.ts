import type {StandardSchemaV1} from '@standard-schema/spec'
import type {Ajv, ErrorObject, ValidateFunction} from 'ajv'
import type {Ajv2019} from 'ajv/dist/2019.js'
import type {Ajv2020} from 'ajv/dist/2020.js'
import {code} from '../diagnostics/code.js'

/**
 * `jsonSchema()` without the way ajv is loaded, so that it runs beyond Node.js: `json-schema.ts`
 * requires ajv lazily (`createRequire`), the browser entry (`src/browser.ts`) imports it.
 */

/** Front matter data, as a JSON Schema validates it (the value is not transformed). */
export type JsonSchemaData = Record<string, unknown>

/** A JSON Schema object (or `true`/`false`). */
export type JsonSchema = Record<string, unknown> | boolean

/** ajv and ajv-formats (`./ajv.cjs`, or imported by the browser entry). */
export interface AjvModule {
  Ajv: typeof Ajv
  Ajv2019: typeof Ajv2019
  Ajv2020: typeof Ajv2020
  addFormats: (ajv: Ajv) => Ajv
}

/**
 * Make a Standard Schema of a JSON Schema, validated with ajv and ajv-formats: draft 2020-12,
 * 2019-09 or draft-07 (by its `$schema`; draft-07 when there is none), `$ref` inside the schema
 * included. Throws when the schema itself is invalid. `loadAjv` is called once the schema is an
 * object or a boolean.
 */
export function compileJsonSchema(
  schema: JsonSchema,
  loadAjv: () => AjvModule
): StandardSchemaV1<JsonSchemaData, JsonSchemaData> {
  if (
    typeof schema !== 'boolean' &&
    (schema === null || typeof schema !== 'object' || Array.isArray(schema))
  ) {
    throw new TypeError('Expected a JSON Schema: an object or a boolean')
  }
  const dialect =
    typeof schema === 'object' && typeof schema.$schema === 'string' ? schema.$schema : ''
  const options = {allErrors: true, strict: false, validateFormats: true} as const
  const {Ajv, Ajv2019, Ajv2020, addFormats} = loadAjv()
  const ajv: Ajv = /2020-12/.test(dialect)
    ? new Ajv2020(options)
    : /2019-09/.test(dialect)
      ? new Ajv2019(options)
      : /draft-0[46]\b|draft-0[46]\//.test(dialect)
        ? unsupported(dialect)
        : new Ajv(options)
  addFormats(ajv)
  let validate: ValidateFunction
  try {
    validate = ajv.compile(schema)
  } catch (error) {
    throw new TypeError(`Cannot compile JSON Schema: ${(error as Error).message}`, {cause: error})
  }

  return {
    '~standard': {
      version: 1,
      vendor: 'md2data-json-schema',
      validate(value) {
        if (validate(value)) return {value: value as JsonSchemaData}
        return {issues: (validate.errors ?? []).map((error) => toIssue(error, value))}
      }
    }
  }
}

function unsupported(dialect: string): never {
  throw new TypeError(
    `Unsupported JSON Schema dialect ${code(dialect)}, expected draft 2020-12, 2019-09 or draft-07`
  )
}

/** An ajv error as a Standard Schema issue, with what md2data needs to place and word it. */
function toIssue(
  error: ErrorObject,
  data: unknown
): StandardSchemaV1.Issue & Record<string, unknown> {
  const path = instancePath(error.instancePath, data)
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'required':
    case 'dependentRequired': {
      const key = String(params.missingProperty)
      return {message: `must have required property ${code(key)}`, path: [...path, key]}
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = String(params.additionalProperty ?? params.unevaluatedProperty)
      return {
        message: 'must not have additional properties',
        path: [...path, key],
        md2dataKind: 'unknown-key'
      }
    }
    case 'enum': {
      return {
        message: error.message ?? 'must be one of the allowed values',
        path,
        allowedValues: params.allowedValues
      }
    }
    case 'const': {
      return {
        message: error.message ?? 'must be the constant',
        path,
        allowedValues: [params.allowedValue]
      }
    }
    case 'format': {
      return {message: `expected format ${code(String(params.format))}`, path}
    }
    default: {
      return {message: error.message ?? `must pass ${code(error.keyword)}`, path}
    }
  }
}

/** `/params/tags/2` → `['params', 'tags', 2]` (indexes where the data has arrays). */
function instancePath(pointer: string, data: unknown): Array<string | number> {
  if (!pointer) return []
  const result: Array<string | number> = []
  let node = data
  for (const raw of pointer.slice(1).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    const key: string | number = Array.isArray(node) && /^\d+$/.test(part) ? Number(part) : part
    result.push(key)
    node =
      node && typeof node === 'object' ? (node as Record<string | number, unknown>)[key] : undefined
  }
  return result
}
