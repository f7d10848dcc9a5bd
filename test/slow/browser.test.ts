import {readFileSync} from 'node:fs'
import {chromium} from 'playwright-core'
import type {Browser} from 'playwright-core'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {convert, jsonSchema, serialize} from '../../src/index.js'
import type {JsonSchema} from '../../src/index.js'

/**
 * The built `md2data/browser` (`dist/browser.js`; `npm run test:slow` builds first) in headless
 * Chromium, Debian's (`.ci/run` installs it), driven by playwright-core: it converts the reference
 * note there as `convert()` does in Node.js, byte for byte.
 */
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium'
const origin = 'http://md2data.test'
const bundle = readFileSync(new URL('../../dist/browser.js', import.meta.url), 'utf8')
const note = readFileSync(new URL('../../fixtures/reference-note/input.md', import.meta.url))
const path = 'reference-note/input.md'
const schemaNote = readFileSync(
  new URL('../../fixtures/frontmatter-schema/input.md', import.meta.url),
  'utf8'
)
const schema = JSON.parse(
  readFileSync(new URL('../../fixtures/frontmatter-schema/schema.json', import.meta.url), 'utf8')
) as JsonSchema

let browser: Browser
beforeAll(async () => {
  browser = await chromium.launch({executablePath, args: ['--no-sandbox']})
})
afterAll(async () => {
  await browser?.close()
})

test('should convert the reference note in Chromium as in Node.js, byte for byte', async () => {
  const page = await browser.newPage()
  // A page and the bundle, served by the test: the page imports the bundle as a module, as a site
  // would, and leaves it in `window.md2data`.
  const html = `<!doctype html><title>md2data</title><script type="module">
import * as md2data from '/md2data.js'
window.md2data = md2data
</script>`
  await page.route(`${origin}/**`, async (route) => {
    const file = new URL(route.request().url()).pathname
    await (file === '/md2data.js'
      ? route.fulfill({contentType: 'text/javascript', body: bundle})
      : file === '/'
        ? route.fulfill({contentType: 'text/html', body: html})
        : route.fulfill({status: 404}))
  })
  const errors: Array<string> = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(`${origin}/`)
  await page.waitForFunction(() => 'md2data' in globalThis)

  const result = await page.evaluate(
    ({bytes, path, schema, schemaNote}) => {
      const {md2data, navigator} = globalThis as unknown as {
        navigator: {userAgent: string}
        md2data: {
          convert: typeof convert
          jsonSchema: typeof jsonSchema
          serialize: typeof serialize
        }
      }
      const input = new Uint8Array(bytes)
      return {
        fromBytes: md2data.serialize(md2data.convert(input, {path}), {pretty: true}),
        fromText: md2data.serialize(md2data.convert(new TextDecoder().decode(input), {path}), {
          pretty: true
        }),
        // ajv compiles a JSON Schema with `new Function`: the page has no content security policy.
        validated: md2data.serialize(
          md2data.convert(schemaNote, {schema: md2data.jsonSchema(schema)})
        ),
        userAgent: navigator.userAgent
      }
    },
    {bytes: [...note], path, schema, schemaNote}
  )
  const node = serialize(convert(note, {path}), {pretty: true})
  expect(result.userAgent).toMatch(/HeadlessChrome|Chrome/)
  expect(result.fromBytes).toBe(node)
  expect(result.fromText).toBe(node)
  expect(result.validated).toBe(serialize(convert(schemaNote, {schema: jsonSchema(schema)})))
  expect(result.validated).toContain('"valid":')
  expect(errors).toEqual([])
  await page.close()
})
