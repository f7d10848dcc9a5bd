import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import ts from 'typescript'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {files, linkPackages, list, runCli} from '../_helpers.js'
import {defineConfig} from '../../src/config/index.js'

/** The command line in this process (`test/_helpers.ts`). */
const md2data = runCli

const repository = path.join(import.meta.dirname, '../..')

const config = `import {defineConfig} from 'md2data/config'
import {z} from 'zod'

export default defineConfig({
  out: '.md2data',
  collections: {
    posts: {
      include: 'content/posts/**/*.md',
      exclude: ['**/drafts/**'],
      schema: z.object({title: z.string(), date: z.coerce.date()}),
      syntax: 'gfm'
    },
    notes: {include: 'vault/**/*.md', syntax: 'obsidian', positions: false}
  }
})
`

const notes = {
  'content/posts/hello.md': '---\ntitle: Hello\ndate: 2024-01-02\n---\n\n# Hello\n\nText.\n',
  'content/posts/drafts/wip.md': '---\ntitle: WIP\n---\n\n# WIP\n',
  'vault/Home.md': '# Home\n\nSee [[Other]] and #tag.\n',
  'vault/Other.md': '# Other\n'
}

/** A project: `md2data` is this package (built), `zod` the repository's. Outside the repository. */
function project(root: string, name: string, tree: Record<string, string>): string {
  const folder = path.join(root, name)
  linkPackages(folder, ['zod'])
  files(folder, {'package.json': '{"type": "module"}\n', ...notes, ...tree})
  return folder
}

/** Type-check `.ts` files under the repository's strict options; the diagnostics as text. */
function typeCheck(root: string, names: Array<string>): string {
  const read = ts.readConfigFile(path.join(repository, 'tsconfig.json'), ts.sys.readFile)
  const {options} = ts.parseJsonConfigFileContent(read.config, ts.sys, repository)
  options.typeRoots = [path.join(repository, 'node_modules/@types')]
  const program = ts.createProgram(names, {...options, noEmit: true})
  return ts
    .getPreEmitDiagnostics(program)
    .map((diagnostic) => {
      const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')
      const at = diagnostic.file
        ? `${path.relative(root, diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}: `
        : ''
      return `${at}TS${diagnostic.code}: ${text}`
    })
    .join('\n')
}

let work = ''
beforeAll(() => {
  if (!existsSync(path.join(repository, 'dist/config.js')))
    throw new Error('The config tests load md2data/config from dist/: `npm run build` first')
  work = mkdtempSync(path.join(tmpdir(), 'md2data-config-'))
})
afterAll(() => {
  if (work) rmSync(work, {recursive: true, force: true})
})

const summary = (notes: number) => `md2data: ${notes} notes, 0 errors, 0 warnings in X s\n`

describe('md2data with a config file', () => {
  test('should build every collection, its index and typed index files', async () => {
    const folder = project(work, 'site', {'md2data.config.ts': config})
    const result = await md2data([], folder)
    expect(result).toEqual({
      code: 0,
      stdout: '',
      stderr: `md2data: collection \`posts\`\nmd2data: collection \`notes\`\n${summary(3)}`
    })
    expect(list(path.join(folder, '.md2data'))).toEqual([
      'index.d.ts',
      'index.js',
      'notes.json',
      'notes/Home.json',
      'notes/Other.json',
      'posts.json',
      'posts/hello.json'
    ])
    const read = (name: string) => readFileSync(path.join(folder, '.md2data', name), 'utf8')
    expect(read('index.d.ts')).toBe(`// Written by md2data from md2data.config.ts: do not edit.
import type {CollectionDocument} from 'md2data/config'
import type config from '../md2data.config.js'

type Collections = (typeof config)['collections']

export declare const posts: Array<CollectionDocument<Collections['posts']>>
export declare const notes: Array<CollectionDocument<Collections['notes']>>
`)
    // The documents inlined as the files hold them, an array's JSON in a string per collection.
    const documents = (name: string) =>
      JSON.stringify(
        `[${(JSON.parse(read(`${name}.json`)) as {notes: Array<{output: string}>}).notes
          .map((note) => read(`${name}/${note.output}`).trimEnd())
          .join(',')}]`
      )
    expect(read('index.js')).toBe(
      '// Written by md2data from md2data.config.ts: do not edit.\n' +
        `export const posts = /* @__PURE__ */ JSON.parse(${documents('posts')})\n` +
        `export const notes = /* @__PURE__ */ JSON.parse(${documents('notes')})\n`
    )
    const index = (await import(path.join(folder, '.md2data/index.js'))) as Record<
      string,
      Array<{path: string; frontmatter: {data: unknown} | null; links: Array<unknown>}>
    >
    expect(index['posts']?.map((note) => [note.path, note.frontmatter?.data])).toEqual([
      ['content/posts/hello.md', {title: 'Hello', date: '2024-01-02T00:00:00.000Z'}]
    ])
    // The obsidian syntax, no positions: the wikilink and the tag, resolved to the other note.
    const home = JSON.parse(read('notes/Home.json')) as Record<string, unknown>
    expect([home['tags'], JSON.stringify(home).includes('"position"')]).toEqual([['tag'], false])
    expect(JSON.stringify(home['links'])).toContain('"vault/Other.md"')
  })

  test('should type the collections for a consumer, checked by tsc', async () => {
    const folder = path.join(work, 'site')
    files(folder, {
      'consumer.ts': `import {notes, posts} from './.md2data/index.js'

for (const post of posts) {
  if (post.frontmatter?.valid) {
    const title: string = post.frontmatter.data.title
    // The schema's output as JSON has it: \`z.coerce.date()\` gives a Date, written as its ISO string.
    const date: string = post.frontmatter.data.date
    // @ts-expect-error: the schema's title is a string
    const wrong: number = post.frontmatter.data.title
    // @ts-expect-error: not a Date once in JSON
    const day: Date = post.frontmatter.data.date
    console.log(title, date, wrong, day)
  }
}
const data: Array<Record<string, unknown> | undefined> = notes.map((note) => note.frontmatter?.data)
console.log(data)
`
    })
    expect(typeCheck(folder, [path.join(folder, 'consumer.ts')])).toBe('')
  })

  test('should let flags override the config, and take --config FILE', async () => {
    const folder = project(work, 'flags', {
      'site.config.mjs': `export default {
  out: 'out',
  collections: {docs: {include: 'content/posts', syntax: 'obsidian', exclude: ['**/drafts/**']}}
}
`,
      'content/posts/warn.md': '# Warn\n\n[unused]: https://example.com\n'
    })
    const args = ['--config', 'site.config.mjs', '--no-positions', '--silent']
    expect(await md2data(args, folder)).toEqual({code: 0, stdout: '', stderr: ''})
    expect(list(path.join(folder, 'out'))).toEqual([
      'docs.json',
      'docs/hello.json',
      'docs/warn.json',
      'index.d.ts',
      'index.js'
    ])
    // A JavaScript config: no schema types, the data as parsed.
    expect(readFileSync(path.join(folder, 'out/index.d.ts'), 'utf8')).toBe(
      `// Written by md2data from site.config.mjs: do not edit.
import type {CollectionDocument} from 'md2data/config'

export declare const docs: Array<CollectionDocument<unknown>>
`
    )
    const hello = readFileSync(path.join(folder, 'out/docs/hello.json'), 'utf8')
    expect(hello).not.toContain('"position"')
    // --strict fails on the warning, --reporter json prints one JSON value, --out-dir moves OUT.
    const strict = await md2data(
      ['--config', 'site.config.mjs', '--strict', '--reporter', 'json', '--out-dir', 'o2'],
      folder
    )
    expect(strict.code).toBe(1)
    expect(JSON.parse(strict.stderr)).toMatchObject([
      {path: 'content/posts/warn.md', diagnostics: [{severity: 'warning'}]}
    ])
    expect(existsSync(path.join(folder, 'o2/docs.json'))).toBe(true)
    // --syntax gfm over the config's obsidian: `#tag` is text.
    files(folder, {'content/posts/tagged.md': '# T\n\nA #tag.\n'})
    await md2data(['--config', 'site.config.mjs', '--silent', '--syntax', 'gfm'], folder)
    const tagged = JSON.parse(readFileSync(path.join(folder, 'out/docs/tagged.json'), 'utf8'))
    expect(tagged).toMatchObject({tags: []})
    await md2data(['--config', 'site.config.mjs', '--silent'], folder)
    const obsidian = JSON.parse(readFileSync(path.join(folder, 'out/docs/tagged.json'), 'utf8'))
    expect(obsidian).toMatchObject({tags: ['tag']})
  })

  test('should report every collection as one build: one JSON value, one summary', async () => {
    const folder = project(work, 'reports', {
      'md2data.config.mjs': `export default {
  collections: {a: {include: 'one'}, b: {include: 'two'}, c: {include: 'content/posts/hello.md'}}
}
`,
      'one/warn.md': '# Warn\n\n[unused]: https://example.com\n',
      'two/bad.md': '---\ntitle: [unclosed\n---\n\n# Bad\n'
    })
    const json = await md2data(['--reporter', 'json'], folder)
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stderr)).toMatchObject([
      {path: 'one/warn.md', diagnostics: [{severity: 'warning'}]},
      {path: 'two/bad.md', diagnostics: [{severity: 'error', ruleId: 'frontmatter-syntax'}]}
    ])
    const stylish = await md2data([], folder)
    expect(stylish.code).toBe(1)
    expect(stylish.stderr.split('\n').filter((line) => !line.startsWith(' '))).toEqual([
      'md2data: collection `a`',
      'one/warn.md',
      '',
      'md2data: collection `b`',
      'two/bad.md',
      '',
      'md2data: collection `c`',
      '✖ 2 problems (1 error, 1 warning)',
      'md2data: 3 notes, 1 error, 1 warning in X s',
      ''
    ])
    const github = await md2data(['--reporter', 'github'], folder)
    expect(github.stderr.split('\n').map((line) => line.split(' ')[0])).toEqual([
      'md2data:',
      '::warning',
      'md2data:',
      '::error',
      'md2data:',
      'md2data:',
      ''
    ])
  })

  test('should ignore the config when patterns are given, and refuse patterns with --config', async () => {
    const folder = path.join(work, 'site')
    const result = await md2data(['vault/Home.md', '--no-positions'], folder)
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({path: 'vault/Home.md', tags: []})
    expect(await md2data(['--config', 'md2data.config.ts', 'vault'], folder)).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'md2data: Unexpected patterns with `--config`: the collections of the config name the notes\n'
    })
    expect((await md2data(['--ndjson'], folder)).stderr).toBe(
      'md2data: Unexpected `--ndjson` with a config file\n'
    )
  })

  const bad: Array<[string, string]> = [
    [
      'export default 3',
      'expected a default export of an object (`export default defineConfig({collections: {…}})`)'
    ],
    ['export default {}', 'collections: expected an object of collections by name'],
    ['export default {collections: []}', 'collections: expected an object of collections by name'],
    ["export default {out: 3, collections: {a: {include: 'x'}}}", 'out: expected a folder path'],
    [
      "export default {colections: {a: {include: 'x'}}}",
      'colections: unknown option (did you mean `collections`?)'
    ],
    [
      'export default {collections: {posts: {include: 3}}}',
      'collections.posts.include: expected a string or a list of strings'
    ],
    [
      'export default {collections: {posts: {include: []}}}',
      'collections.posts.include: expected a string or a list of strings'
    ],
    [
      "export default {collections: {posts: {include: 'x', exclude: 'y'}}}",
      'collections.posts.exclude: expected a list of strings'
    ],
    [
      "export default {collections: {posts: {include: 'x', schema: 3}}}",
      'collections.posts.schema: expected a Standard Schema (zod, valibot, arktype…) or a JSON Schema file path'
    ],
    [
      "export default {collections: {posts: {include: 'x', sytnax: 'gfm'}}}",
      'collections.posts.sytnax: unknown option (did you mean `syntax`?)'
    ],
    [
      "export default {collections: {'my-posts': {include: 'x'}}}",
      'collections.my-posts: expected a name that is a JavaScript identifier'
    ],
    [
      'export default {collections: {posts: null}}',
      'collections.posts: expected an object with include'
    ],
    ["throw new Error('no config today')", 'no config today']
  ]
  test.each(bad)('should exit 2 on a bad config: %s', async (source, message) => {
    const folder = mkdtempSync(path.join(work, 'bad-'))
    files(folder, {'md2data.config.ts': `${source}\n`})
    expect(await md2data([], folder)).toEqual({
      code: 2,
      stdout: '',
      stderr: `md2data: md2data.config.ts: ${message}\n`
    })
  })

  test('should say when --config names no file', async () => {
    expect(await md2data(['--config', 'missing.config.mjs'], work)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'md2data: missing.config.mjs: cannot read the config file\n'
    })
  })

  test('defineConfig should give the config as it is', () => {
    const given = {collections: {posts: {include: 'posts'}}}
    expect(defineConfig(given)).toBe(given)
  })
})
