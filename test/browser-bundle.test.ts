import {readFileSync} from 'node:fs'
import {builtinModules} from 'node:module'
import vm from 'node:vm'
import {build} from 'esbuild'
import {describe, expect, test} from 'vitest'
import {convert, jsonSchema, readFrontmatter, serialize} from '../src/index.js'
import type {JsonSchema} from '../src/index.js'
import {utf8Length} from '../src/utf8.js'

/**
 * `md2data/browser` imports nothing from Node.js: bundled for the browser as tsup builds it
 * (tsup.config.ts: platform `browser`, the `worker` condition), it has no `node:` import, no Node.js
 * built-in (not even one a package's `browser` field stubs out), no `createRequire`; run in a bare
 * `vm` context (no `Buffer`, `process`, `require`; of the web's globals only `TextEncoder`,
 * `TextDecoder` and `URL`), it converts as `convert()` does in Node.js, byte for byte.
 * (test/slow/browser.test.ts runs the built `dist/browser.js` in Chromium.)
 */
const result = await build({
  entryPoints: [new URL('../src/browser.ts', import.meta.url).pathname],
  bundle: true,
  platform: 'browser',
  conditions: ['worker'],
  format: 'iife',
  globalName: 'md2data',
  target: 'es2022',
  write: false,
  metafile: true,
  logLevel: 'silent'
})
const bundle = (result.outputFiles[0] as {text: string}).text

const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]))

const fixture = (file: string): URL => new URL(`../fixtures/${file}`, import.meta.url)

interface Bundle {
  convert: typeof convert
  readFrontmatter: typeof readFrontmatter
  jsonSchema: typeof jsonSchema
  serialize: typeof serialize
}

/** The bundle run in a fresh context: ECMAScript's globals, `TextEncoder`, `TextDecoder`, `URL`. */
function load(): {md2data: Bundle; context: vm.Context} {
  const context = vm.createContext({TextEncoder, TextDecoder, URL})
  vm.runInContext(bundle, context, {filename: 'md2data-browser.js'})
  return {md2data: context.md2data as Bundle, context}
}

describe('browser bundle', () => {
  test('should import no Node.js built-in', () => {
    const inputs = Object.entries(result.metafile.inputs)
    expect(inputs.length).toBeGreaterThan(50)
    const stubbed = inputs.map(([file]) => file).filter((file) => /^\(disabled\)|^node:/.test(file))
    expect(stubbed).toEqual([])
    const imports = inputs.flatMap(([, input]) => input.imports)
    expect(imports.filter((entry) => entry.external || builtins.has(entry.path))).toEqual([])
  })

  test('should have no `node:` import, `createRequire` or `require` of a built-in', () => {
    expect(bundle).not.toMatch(/\bcreateRequire\b/)
    expect(bundle).not.toMatch(/\bimport\.meta\b/)
    const specifiers = [
      ...bundle.matchAll(
        /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)["']([^"']+)["']/g
      )
    ].map((match) => match[1] as string)
    // ajv's generated standalone code names its runtime (`require("ajv/dist/runtime/equal")`) in
    // strings it never runs here: only built-ins count.
    expect(
      specifiers.filter((specifier) => builtins.has(specifier) || /^node:/.test(specifier))
    ).toEqual([])
  })

  test('should run without Node.js globals', () => {
    const {context} = load()
    expect(
      vm.runInContext('[typeof Buffer, typeof process, typeof require, typeof global]', context)
    ).toEqual(['undefined', 'undefined', 'undefined', 'undefined'])
  })

  test('should convert the reference note as Node.js does, byte for byte', () => {
    const bytes = readFileSync(fixture('reference-note/input.md'))
    const path = 'reference-note/input.md'
    const node = serialize(convert(bytes, {path}), {pretty: true})
    expect(node).toBe(readFileSync(fixture('reference-note/expected.json'), 'utf8'))
    const {md2data, context} = load()
    // Bytes of the context's own `Uint8Array`, as a page would have them (`fetch`, `File`).
    context.bytes = [...bytes]
    const own = vm.runInContext('Uint8Array.from(bytes)', context) as Uint8Array
    expect(md2data.serialize(md2data.convert(own, {path}), {pretty: true})).toBe(node)
    const text = bytes.toString('utf8')
    expect(md2data.serialize(md2data.convert(text, {path}), {pretty: true})).toBe(node)
    expect(md2data.serialize(md2data.readFrontmatter(text, {path}))).toBe(
      serialize(readFrontmatter(text, {path}))
    )
  })

  test('should validate with a JSON Schema as Node.js does', () => {
    const {md2data} = load()
    for (const name of ['frontmatter-schema', 'frontmatter-schema-toml']) {
      const schema = JSON.parse(readFileSync(fixture(`${name}/schema.json`), 'utf8')) as JsonSchema
      const text = readFileSync(fixture(`${name}/input.md`), 'utf8')
      const path = `${name}/input.md`
      const node = serialize(convert(text, {path, schema: jsonSchema(schema)}))
      expect(node).toContain('"valid":')
      expect(
        md2data.serialize(md2data.convert(text, {path, schema: md2data.jsonSchema(schema)}))
      ).toBe(node)
    }
  })

  test('should count UTF-8 bytes as `Buffer.byteLength` does, without `Buffer`', () => {
    const texts = [
      '',
      'a',
      'é',
      '€',
      '😀',
      'a\u{10FFFF}b',
      '\uD800',
      '\uDC00',
      '\uDC00\uD800',
      'x\uD83D'
    ]
    texts.push(texts.join(''), 'ü€😀'.repeat(1000) + '\uD83D')
    for (const text of texts)
      expect(utf8Length(text), JSON.stringify(text)).toBe(Buffer.byteLength(text))
  })
})
