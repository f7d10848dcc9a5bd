import {readFileSync} from 'node:fs'
import {Ajv} from 'ajv'
import addFormats from 'ajv-formats'

const schema = JSON.parse(
  readFileSync(new URL('../schema/document.schema.json', import.meta.url), 'utf8')
) as object

const ajv = new Ajv({allErrors: true, strict: true})
addFormats.default(ajv)

/** Validate a value against `schema/document.schema.json`; returns ajv's errors as text, or ''. */
export const validateDocument = ajv.compile(schema)

export function schemaErrors(value: unknown): string {
  return validateDocument(value) ? '' : ajv.errorsText(validateDocument.errors, {separator: '\n'})
}
