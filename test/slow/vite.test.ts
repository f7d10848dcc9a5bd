import {cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync} from 'node:fs'
import {writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {stripVTControlCharacters} from 'node:util'
import ts from 'typescript'
import {build, createLogger, createServer} from 'vite'
import type {HotPayload, InlineConfig, Plugin, ViteDevServer} from 'vite'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {linkPackages} from '../_helpers.js'
import type {NoteDocument} from '../../src/index.js'
import type {VitePluginApi, VitePluginOptions} from '../../src/vite/index.js'

/**
 * `md2data/vite` in a real Vite (the repository's), on the project in `test/vite-project` copied
 * out of the repository, with `md2data` (this package, built), `vite` and `zod` linked in its
 * `node_modules`: `vite build`, the dev server over HTTP, HMR after a note is saved, the error
 * overlay's payload, and the project's types checked by `tsc`.
 */
const repository = path.join(import.meta.dirname, '../..')
const template = path.join(repository, 'test/vite-project')
let work = ''

beforeAll(() => {
  if (!existsSync(path.join(repository, 'dist/vite.js')))
    throw new Error('The Vite tests load md2data/vite from dist/: `npm run build` first')
  work = mkdtempSync(path.join(tmpdir(), 'md2data-vite-'))
})
afterAll(() => {
  if (work) rmSync(work, {recursive: true, force: true})
})

/** A copy of the test project, with its packages linked. */
function project(name: string): string {
  const folder = path.join(work, name)
  cpSync(template, folder, {recursive: true})
  linkPackages(folder, ['vite', 'zod'])
  return folder
}

/** The plugin, as the project would import it (`md2data/vite`: `dist/vite.js`). */
async function plugin(options?: VitePluginOptions): Promise<Plugin<VitePluginApi>> {
  const {default: md2data} = (await import(path.join(repository, 'dist/vite.js'))) as {
    default: (options?: VitePluginOptions) => Plugin<VitePluginApi>
  }
  return md2data(options)
}

/** Every message Vite logs, by level. */
function recorder() {
  const logged: Array<string> = []
  const logger = createLogger('info')
  // (Without colors, which Vite adds on a terminal or in CI.)
  const log = (level: string) => (message: string) =>
    void logged.push(`${level} ${stripVTControlCharacters(message)}`)
  logger.info = log('info')
  logger.warn = log('warn')
  logger.warnOnce = logger.warn
  logger.error = log('error')
  return {logged, logger}
}

/** `vite build` of a folder; its JavaScript output. */
async function viteBuild(root: string, config: InlineConfig = {}): Promise<string> {
  await build({root, logLevel: 'silent', ...config})
  const assets = path.join(root, 'dist/assets')
  return readdirSync(assets)
    .filter((name) => name.endsWith('.js'))
    .map((name) => readFileSync(path.join(assets, name), 'utf8'))
    .join('\n')
}

/** Replace text in a project's file, written in place (truncated, then written: two events). */
function save(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8')
  if (!text.includes(from)) throw new Error(`No \`${from}\` in ${file}`)
  writeFileSync(file, text.replace(from, to))
}

describe('md2data/vite', () => {
  test('should build the project with vite build: collections, a ?data note, drafts left out', async () => {
    const root = project('build')
    const code = await viteBuild(root)
    for (const text of ['First post', 'Second post', '日本語のテキスト。', 'About this site']) {
      expect(code).toContain(text)
    }
    expect(code).not.toContain('Not ready')
    // Links resolved across the collection, as the command line does.
    expect(code).toContain('"resolved":{"path":"content/posts/second.md","anchor":null}')
    expect(code).toContain('"resolved":{"path":"vault/Ideas.md","anchor":"later"}')
    expect(readFileSync(path.join(root, '.md2data/index.d.ts'), 'utf8')).toBe(
      `// Written by md2data from md2data.config.ts: do not edit.
import type {CollectionDocument} from 'md2data/config'
import type config from '../md2data.config.js'

type Collections = (typeof config)['collections']

export declare const posts: Array<CollectionDocument<Collections['posts']>>
export declare const notes: Array<CollectionDocument<Collections['notes']>>
`
    )
  })

  test('should type ?data and virtual:md2data imports for tsc', () => {
    const root = project('types')
    // (`.md2data/index.d.ts` is written when Vite starts: here, as the build test saw it.)
    cpSync(path.join(work, 'build/.md2data'), path.join(root, '.md2data'), {recursive: true})
    writeFileSync(
      path.join(root, 'src/wrong.ts'),
      `import {posts} from 'virtual:md2data'
import about from '../about.md?data'

const post = posts[0]
if (post?.frontmatter?.valid) {
  // @ts-expect-error: the schema's title is a string
  const title: number = post.frontmatter.data.title
  // @ts-expect-error: a date is its ISO string in JSON, not a Date
  const date: Date = post.frontmatter.data.date
  console.log(title, date)
}
// @ts-expect-error: a document's title is a string or null
const heading: number = about.title
console.log(heading)
`
    )
    const read = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile)
    const parsed = ts.parseJsonConfigFileContent(
      read.config,
      ts.sys,
      root,
      undefined,
      path.join(root, 'tsconfig.json')
    )
    const program = ts.createProgram(parsed.fileNames, parsed.options)
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const at = diagnostic.file ? `${path.relative(root, diagnostic.file.fileName)}: ` : ''
      return at + ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')
    })
    expect(problems).toEqual([])
  })

  test('should fail vite build on an error, with file:line:col, and print warnings', async () => {
    const root = project('errors')
    save(path.join(root, 'content/posts/first.md'), '(second.md)', '(missing.md)')
    const {logged, logger} = recorder()
    await viteBuild(root, {customLogger: logger, logLevel: 'info'})
    expect(logged.filter((line) => line.includes('[plugin md2data]'))).toEqual([
      'warn [plugin md2data] content/posts/first.md:8:12: warning Unexpected link to missing file `missing.md`, no note or file at `content/posts/missing.md` (link-broken)'
    ])
    // With `strict`, the warning fails the build.
    const strict = {configFile: false as const, plugins: [await plugin({strict: true})]}
    await expect(viteBuild(root, strict)).rejects.toThrow(
      'content/posts/first.md:8:12: warning Unexpected link to missing file `missing.md`, no note or file at `content/posts/missing.md` (link-broken)'
    )
    save(path.join(root, 'content/posts/second.md'), 'title: Second post', 'title: 3')
    const failure = await viteBuild(root).then(
      () => null,
      (error: Error) => error
    )
    expect(failure?.message).toContain(
      `md2data: 1 error in notes
content/posts/second.md:2:8: error Unexpected value \`3\` at \`title\`: Invalid input: expected string, received number (frontmatter-schema)
  1 | ---
> 2 | title: 3
    |        ^
  3 | date: 2026-02-03
  4 | ---`
    )
  })

  test('should build again with vite build --watch when a note changes', async () => {
    const root = project('watch')
    const watcher = (await build({root, logLevel: 'silent', build: {watch: {}}})) as {
      on: (event: 'event', listener: (event: {code: string}) => void) => void
      close: () => Promise<void>
    }
    let ended: () => void = () => {}
    watcher.on('event', (event) => {
      if (event.code === 'END') ended()
      if (event.code === 'ERROR') throw new Error('The watched build failed')
    })
    const built = () => new Promise<void>((resolve) => (ended = resolve))
    try {
      await built()
      const rebuilt = built()
      save(path.join(root, 'content/posts/second.md'), '# Second post', '# Second post, watched')
      await rebuilt
      const assets = path.join(root, 'dist/assets')
      const code = readdirSync(assets).map((name) => readFileSync(path.join(assets, name), 'utf8'))
      expect(code.join('\n')).toContain('"text":"Second post, watched"')
    } finally {
      await watcher.close()
    }
  })

  describe('dev server', () => {
    let server: ViteDevServer
    let root = ''
    let url = ''
    const payloads: Array<HotPayload> = []
    let waiting: ((payload: HotPayload) => void) | null = null
    /** The next payload sent to the browser (HMR update, full reload, error). */
    const next = () => new Promise<HotPayload>((resolve) => (waiting = resolve))
    const get = async (pathname: string) => {
      const response = await fetch(new URL(pathname, url))
      return {status: response.status, text: await response.text()}
    }
    /** A module as the dev server serves it, run (the served modules import nothing). */
    const run = async (pathname: string): Promise<Record<string, unknown>> => {
      const {status, text} = await get(pathname)
      if (status !== 200) throw new Error(`${pathname}: ${status}`)
      return (await import(`data:text/javascript,${encodeURIComponent(text)}`)) as Record<
        string,
        unknown
      >
    }
    /** The paths of each collection's documents, as the dev server serves them. */
    const paths = async () => {
      const collection = async (name: string) =>
        ((await run(`/@id/__x00__virtual:md2data/${name}`))[name] as Array<NoteDocument>).map(
          (document) => document.path
        )
      return {posts: await collection('posts'), notes: await collection('notes')}
    }
    const api = () =>
      (server.config.plugins.find((item) => item.name === 'md2data') as Plugin<VitePluginApi>)
        .api as VitePluginApi

    beforeAll(async () => {
      root = project('dev')
      server = await createServer({root, logLevel: 'silent', server: {port: 0}})
      await server.listen()
      url = server.resolvedUrls?.local[0] as string
      const hot = server.environments.client.hot
      const send = hot.send.bind(hot) as (payload: HotPayload) => void
      hot.send = ((payload: HotPayload) => {
        payloads.push(payload)
        waiting?.(payload)
        waiting = null
        send(payload)
      }) as typeof hot.send
    })
    afterAll(async () => {
      await server?.close()
    })

    test('should serve the collections and ?data notes, each note converted once', async () => {
      expect((await get('/src/main.ts')).status).toBe(200)
      expect((await get('/@id/__x00__virtual:md2data')).text).toBe(
        'export {posts} from "/@id/__x00__virtual:md2data/posts"\nexport {notes} from "/@id/__x00__virtual:md2data/notes"\n'
      )
      expect(await paths()).toEqual({
        posts: ['content/posts/first.md', 'content/posts/second.md'],
        notes: ['vault/Home.md', 'vault/Ideas.md']
      })
      const about = (await run('/about.md?data&import'))['default'] as NoteDocument
      expect([about.path, about.title]).toEqual(['about.md', 'About this site'])
      // The same note for server-side rendering: not converted again.
      await server.environments.ssr.transformRequest('/about.md?data')
      // Two posts, two vault notes, about.md.
      expect(api().conversions()).toBe(5)
    })

    test('should convert a saved note alone and update its importers through HMR', async () => {
      const update = next()
      save(path.join(root, 'content/posts/second.md'), '# Second post', '# Second post, edited')
      expect(await update).toEqual({
        type: 'update',
        updates: [expect.objectContaining({type: 'js-update', path: '/src/main.ts'})]
      })
      expect(api().conversions()).toBe(6)
      // Only the posts' module is to be served again: the notes' is as it was.
      const graph = server.environments.client.moduleGraph
      const loaded = (name: string) =>
        graph.getModuleById(`\0virtual:md2data/${name}`)?.transformResult !== null
      expect([loaded('posts'), loaded('notes')]).toEqual([false, true])
      const {posts} = (await run('/@id/__x00__virtual:md2data/posts')) as {
        posts: Array<NoteDocument>
      }
      expect(posts.map((post) => post.headings[0]?.text)).toEqual([
        'First post',
        'Second post, edited'
      ])
    })

    test('should show a note’s errors in the overlay, at file:line:col', async () => {
      const update = next()
      save(path.join(root, 'content/posts/second.md'), 'title: Second post', 'title: 3')
      await update
      const error = next()
      expect((await get('/@id/__x00__virtual:md2data/posts')).status).toBe(500)
      const payload = await error
      expect(payload.type).toBe('error')
      const err = (payload as Extract<HotPayload, {type: 'error'}>).err
      const file = path.join(root, 'content/posts/second.md')
      expect({message: err.message, id: err.id, loc: err.loc, plugin: err.plugin}).toEqual({
        message:
          'md2data: 1 error in notes\ncontent/posts/second.md:2:8: error Unexpected value `3` at `title`: Invalid input: expected string, received number (frontmatter-schema)',
        id: file,
        loc: {file, line: 2, column: 8},
        plugin: 'md2data'
      })
      expect(err.frame).toBe(
        '  1 | ---\n> 2 | title: 3\n    |        ^\n  3 | date: 2026-02-03\n  4 | ---'
      )
      expect(api().conversions()).toBe(7)
    })

    test('should take a new note into its collection, and drop a deleted one', async () => {
      // (Vite's watcher, chokidar, drops a file's change events within 50 ms of its last one: a
      // lower bound of the time between saves, not a condition of the test.)
      await new Promise((resolve) => setTimeout(resolve, 60))
      const fixed = next()
      save(path.join(root, 'content/posts/second.md'), 'title: 3', 'title: Second post')
      await fixed
      const created = next()
      writeFileSync(
        path.join(root, 'content/posts/third.md'),
        '---\ntitle: Third post\ndate: 2026-03-04\n---\n\n# Third post\n'
      )
      await created
      expect(api().conversions()).toBe(9)
      expect((await paths()).posts).toEqual([
        'content/posts/first.md',
        'content/posts/second.md',
        'content/posts/third.md'
      ])
      const deleted = next()
      rmSync(path.join(root, 'content/posts/third.md'))
      await deleted
      expect((await paths()).posts).toEqual(['content/posts/first.md', 'content/posts/second.md'])
      expect(payloads.filter((payload) => payload.type === 'full-reload')).toEqual([])
    })
  })
})
