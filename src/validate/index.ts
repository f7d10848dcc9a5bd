import type {StandardSchemaV1} from '@standard-schema/spec'
import {code} from '../diagnostics/code.js'
import {createDiagnostic} from '../diagnostics/create.js'
import type {ReadBlock} from '../frontmatter/index.js'
import type {Diagnostic} from '../types.js'
import {classifyIssues} from './issues.js'

/** Where a schema issue goes in the note. */
export type Place = ReadBlock['place']

/** The outcome of validating front matter data. */
export interface Validation {
  /** The schema's output when it passed, else the data as parsed. */
  value: unknown
  valid: boolean
  diagnostics: Array<Diagnostic>
}

/** The error a synchronous entry point throws for a schema that validates asynchronously. */
export class AsyncSchemaError extends TypeError {
  constructor(entry: string) {
    super(`The schema validates asynchronously; use \`${entry}Async()\` instead of \`${entry}()\``)
    this.name = 'AsyncSchemaError'
  }
}

/**
 * Validate with a Standard Schema, synchronously. Throws `AsyncSchemaError` when the schema
 * returns a promise (a silent pass would be worse).
 */
export function validateSync(
  schema: StandardSchemaV1,
  data: unknown,
  place: Place,
  path: string | null,
  entry: string
): Validation {
  let result: StandardSchemaV1.Result<unknown> | Promise<StandardSchemaV1.Result<unknown>>
  try {
    result = schema['~standard'].validate(data)
  } catch (error) {
    return threw(error, data, place, path)
  }
  if (result instanceof Promise) {
    result.catch(() => {})
    throw new AsyncSchemaError(entry)
  }
  return settle(result, data, place, path)
}

/** Validate with a Standard Schema, synchronous or not. */
export async function validateAsync(
  schema: StandardSchemaV1,
  data: unknown,
  place: Place,
  path: string | null
): Promise<Validation> {
  let result: StandardSchemaV1.Result<unknown>
  try {
    result = await schema['~standard'].validate(data)
  } catch (error) {
    return threw(error, data, place, path)
  }
  return settle(result, data, place, path)
}

function settle(
  result: StandardSchemaV1.Result<unknown>,
  data: unknown,
  place: Place,
  path: string | null
): Validation {
  if (!result.issues) return {value: result.value, valid: true, diagnostics: []}
  const diagnostics = classifyIssues(result.issues, data).map((issue) =>
    createDiagnostic(
      'frontmatter-schema',
      'error',
      issue.message,
      path,
      place(
        issue.path,
        issue.kind === 'missing' ? 'opening' : issue.kind === 'unknown-key' ? 'key' : 'value'
      )
    )
  )
  return {value: data, valid: false, diagnostics}
}

function threw(error: unknown, data: unknown, place: Place, path: string | null): Validation {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return {
    value: data,
    valid: false,
    diagnostics: [
      createDiagnostic(
        'frontmatter-schema',
        'error',
        `Cannot validate front matter, the schema threw ${code(reason)}`,
        path,
        place([], 'opening')
      )
    ]
  }
}
