/* global URL, performance, TextEncoder */
// How long a conversion worker takes to start, bundled (`dist/worker.js`, its dependencies in one
// file) and unbundled (the same source, its dependencies imported from node_modules): from
// `new Worker` to its first message once `worker.js` is loaded, and from `new Piscina` to the
// first converted note. Fastest of 5 each. `npm run build && node bench/worker-start.mjs`
import {mkdirSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {Worker} from 'node:worker_threads'
import {build} from 'esbuild'
import {Piscina} from 'piscina'

const root = fileURLToPath(new URL('..', import.meta.url))
const folder = path.join(root, 'node_modules/.cache/worker-start')
mkdirSync(folder, {recursive: true})
const banner =
  "import {createRequire as md2dataCreateRequire} from 'node:module'\nconst require = md2dataCreateRequire(import.meta.url)"
await build({
  entryPoints: [path.join(root, 'src/batch/worker.ts')],
  outfile: path.join(folder, 'worker.js'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  banner: {js: banner},
  logLevel: 'error'
})
writeFileSync(
  path.join(folder, 'worker.cjs'),
  `module.exports = async (task) => (await import('./worker.js')).default(task)\n`
)

const variants = {
  bundled: path.join(root, 'dist'),
  unbundled: folder
}

function loaded(file) {
  const started = performance.now()
  const worker = new Worker(
    `import(${JSON.stringify(pathToFileURL(file).href)}).then(() => require('node:worker_threads').parentPort.postMessage(1))`,
    {eval: true}
  )
  return new Promise((resolve, reject) => {
    worker.once('message', () => {
      resolve(performance.now() - started)
      void worker.terminate()
    })
    worker.once('error', reject)
  })
}

const settings = {
  convert: {
    lang: null,
    positions: true,
    cjkFriendly: true,
    headingIds: 'github',
    maxSize: 2097152,
    maxDepth: 100,
    maxFrontmatterSize: 65536,
    frontmatter: {}
  },
  frontmatterOnly: false,
  pretty: false,
  maxOutput: 64 * 1024 * 1024,
  schemaFile: null
}
const note = new TextEncoder().encode(
  '---\ntitle: A\n---\n# Hello\n\nSome *text* [a][1].\n\n[1]: https://example.com\n'
)

async function converted(dir) {
  const started = performance.now()
  const pool = new Piscina({
    filename: pathToFileURL(path.join(dir, 'worker.cjs')).href,
    minThreads: 1,
    maxThreads: 1,
    workerData: settings
  })
  const [result] = await pool.run({
    notes: [{bytes: note, path: 'a.md', front: false}],
    clock: new Float64Array(new SharedArrayBuffer(16))
  })
  const time = performance.now() - started
  if (!result?.json?.includes('"title":"A"'))
    throw new Error(`No document: ${JSON.stringify(result)}`)
  await pool.destroy()
  return time
}

const fastest = async (run) => {
  let best = Infinity
  for (let round = 0; round < 5; round++) best = Math.min(best, await run())
  return best
}

for (const [name, dir] of Object.entries(variants)) {
  const load = await fastest(() => loaded(path.join(dir, 'worker.js')))
  const first = await fastest(() => converted(dir))
  console.log(
    `${name.padEnd(9)}  worker.js loaded ${load.toFixed(1)} ms  first note converted ${first.toFixed(1)} ms`
  )
}
