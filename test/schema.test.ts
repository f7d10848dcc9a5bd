import {readFileSync} from 'node:fs'
import {describe, expect, test} from 'vitest'
import {generateSchema, schemaFile} from '../scripts/schema.js'
import {convert} from '../src/index.js'
import {schemaErrors} from './_helpers.js'

describe('schema/document.schema.json', () => {
  test('should be what `npm run schema` makes of src/types.ts', () => {
    expect(readFileSync(schemaFile, 'utf8')).toBe(generateSchema())
  })

  test('should be exported as `md2data/schema.json`', () => {
    const manifest = JSON.parse(
      readFileSync(new URL('../package.json', import.meta.url), 'utf8')
    ) as {
      exports: Record<string, unknown>
      files: Array<string>
    }
    expect(manifest.exports['./schema.json']).toBe('./schema/document.schema.json')
    expect(manifest.files).toContain('schema')
  })

  test('should reject a document that breaks the contract', () => {
    const document = convert('# a')
    expect(schemaErrors({...document, schemaVersion: 2})).toBe(
      'data/schemaVersion must be equal to constant'
    )
    expect(schemaErrors({...document, extra: true})).toBe(
      'data must NOT have additional properties'
    )
    const heading = {...document.headings[0], depth: 7}
    expect(schemaErrors({...document, headings: [heading]})).toBe(
      'data/headings/0/depth must be equal to one of the allowed values'
    )
  })
})
