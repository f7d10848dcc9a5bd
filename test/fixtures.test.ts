import {existsSync, readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {describe, expect, test} from 'vitest'
import {convert, jsonSchema} from '../src/index.js'
import type {JsonSchema, Options} from '../src/index.js'
import {schemaErrors} from './_helpers.js'

const base = new URL('../fixtures/', import.meta.url)
const cases = readdirSync(base, {withFileTypes: true})
  // (`vault/` is a folder of notes for the CLI's link tests, not one case.)
  .filter((entry) => entry.isDirectory() && existsSync(new URL(`${entry.name}/input.md`, base)))
  .map((entry) => entry.name)
  .sort()

describe('fixtures', () => {
  test('should have cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20)
  })

  for (const name of cases) {
    test(name, () => {
      const folder = new URL(`${name}/`, base)
      const optionsFile = new URL('options.json', folder)
      const options = existsSync(optionsFile)
        ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as Options)
        : {}
      const schemaFile = new URL('schema.json', folder)
      if (existsSync(schemaFile))
        options.schema = jsonSchema(JSON.parse(readFileSync(schemaFile, 'utf8')) as JsonSchema)
      const document = convert(readFileSync(new URL('input.md', folder)), {
        ...options,
        path: `${name}/input.md`
      })
      const actual = JSON.stringify(document, null, 2) + '\n'
      const expectedFile = new URL('expected.json', folder)
      if (process.env.UPDATE) writeFileSync(expectedFile, actual)
      expect(
        existsSync(expectedFile),
        `missing ${name}/expected.json (run npm run test:update)`
      ).toBe(true)
      expect(actual).toBe(readFileSync(expectedFile, 'utf8'))
      expect(schemaErrors(document)).toBe('')
    })
  }
})
