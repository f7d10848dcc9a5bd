/**
 * `npm run bench` (last part), issue 18's target for the Vite plugin: saving one note of a
 * collection converts that note alone. A temporary Vite project (md2data built, `dist/vite.js`)
 * holds a copy of `../shared/corpora/hugo-docs/content/en` as one collection (no schema, `gfm`);
 * its dev server loads `virtual:md2data` (every note converted once), then SAVES times (default 5)
 * a note is changed on disk. For each save it prints the notes converted (the checked figure: 1),
 * the time from the write to Vite's HMR update, and the time to serve the collection's module
 * again, with md2data's share of it, as ratios to the first load (the machine is shared: the
 * times are for orientation). `KEEP=1` keeps the project.
 */
import {cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync} from 'node:fs'
import {writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {createServer} from 'vite'
import type {HotPayload, Plugin} from 'vite'
import type {VitePluginApi} from '../src/vite/index.js'
import {median} from './_stats.js'

const saves = Number(process.env.SAVES ?? 5)
const repository = path.join(import.meta.dirname, '..')
const corpus = path.join(repository, '../shared/corpora/hugo-docs/content/en')
const work = mkdtempSync(path.join(tmpdir(), 'md2data-bench-vite-'))

mkdirSync(path.join(work, 'node_modules'))
symlinkSync(repository, path.join(work, 'node_modules/md2data'), 'dir')
cpSync(corpus, path.join(work, 'docs'), {recursive: true})
writeFileSync(path.join(work, 'package.json'), '{"private": true, "type": "module"}\n')
writeFileSync(
  path.join(work, 'md2data.config.mjs'),
  "export default {collections: {docs: {include: 'docs'}}}\n"
)
writeFileSync(
  path.join(work, 'vite.config.mjs'),
  "import md2data from 'md2data/vite'\nexport default {plugins: [md2data()]}\n"
)
writeFileSync(
  path.join(work, 'main.js'),
  "import {docs} from 'virtual:md2data'\nconsole.log(docs.length)\nimport.meta.hot?.accept()\n"
)

const server = await createServer({root: work, logLevel: 'silent', server: {port: 0}})
let failed = false
try {
  await server.listen()
  const url = server.resolvedUrls?.local[0] as string
  const hot = server.environments.client.hot
  const send = hot.send.bind(hot) as (payload: HotPayload) => void
  let waiting: ((payload: HotPayload) => void) | null = null
  hot.send = ((payload: HotPayload) => {
    waiting?.(payload)
    waiting = null
    send(payload)
  }) as typeof hot.send
  const plugin = server.config.plugins.find(
    (item) => item.name === 'md2data'
  ) as Plugin<VitePluginApi>
  const api = plugin.api as VitePluginApi
  const load = async () => {
    const started = performance.now()
    const response = await fetch(new URL('/@id/__x00__virtual:md2data', url))
    const size = (await response.text()).length
    return {seconds: (performance.now() - started) / 1000, size, status: response.status}
  }
  await fetch(new URL('/main.js', url))
  const first = await load()
  const notes = api.conversions()
  console.log(
    `vite: first load of virtual:md2data: ${notes} notes converted, ${(first.size / 1e6).toFixed(1)} MB, ${first.seconds.toFixed(2)} s`
  )
  const file = path.join(work, 'docs/about/introduction.md')
  const rows: Array<{converted: number; update: number; again: number}> = []
  for (let round = 0; round < saves; round++) {
    // (Vite's watcher drops a file's change events within 50 ms of its last one.)
    await new Promise((resolve) => setTimeout(resolve, 200))
    const before = api.conversions()
    const update = new Promise<HotPayload>((resolve) => (waiting = resolve))
    const started = performance.now()
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nSaved ${round}.\n`)
    const payload = await update
    const updated = (performance.now() - started) / 1000
    const again = await load()
    const converted = api.conversions() - before
    rows.push({converted, update: updated, again: again.seconds})
    if (payload.type !== 'update' || again.status !== 200 || converted !== 1) failed = true
    console.log(
      `vite: save ${round + 1}: ${converted} note converted (${payload.type}), HMR update ${(updated * 1000).toFixed(0)} ms, module served again ${again.seconds.toFixed(2)} s (${(again.seconds / first.seconds).toFixed(3)}x the first load)`
    )
  }
  const worst = Math.max(...rows.map((row) => row.converted))
  console.log(
    `vite: a save converts ${worst === 1 ? 'that note alone' : `${worst} notes`} (target: 1); medians: HMR update ${(median(rows.map((row) => row.update)) * 1000).toFixed(0)} ms, module again ${median(rows.map((row) => row.again)).toFixed(2)} s${failed ? ' FAIL' : ''}`
  )
} finally {
  await server.close()
  if (process.env.KEEP) console.log(`vite: kept ${work}`)
  else rmSync(work, {recursive: true, force: true})
}
if (failed) process.exitCode = 1
