/**
 * `npm run bench:peers`: md2data against the tools users would pick instead, each run as a whole
 * process, alternating, on the same corpora, in one run:
 *
 * - md2data's CLI (`--jobs 1` and the default, cold; a warm `--cache` writing its output whole, and
 *   one whose output is already right), writing NDJSON;
 * - Velite 0.4 with a config extracting front matter, the table of contents and metadata;
 * - a plain script: gray-matter + unified/remark-parse/remark-gfm, writing NDJSON of the mdast;
 * - the floor: the bare remark parse, nothing written.
 *
 * Reported: the median wall time of ROUNDS runs, notes/s, MB/s, the median peak RSS, and the ratio
 * of each tool's time to md2data's (default, cold) from the same run.
 * Corpora (`CORPORA=hugo,reference,synthetic,multilingual` picks some): ../shared/corpora/hugo-docs;
 * the reference note copied 2,000 times under distinct names; 10,000 synthetic notes from
 * `generate.mjs`; a blog of 400 long posts in seven scripts from `multilingual.mjs`. The generated
 * corpora are written to a temporary folder, removed at the end.
 */
import {spawnSync} from 'node:child_process'
import {copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync} from 'node:fs'
import {availableParallelism, cpus, tmpdir} from 'node:os'
import path from 'node:path'
import {performance} from 'node:perf_hooks'
import {generate} from './generate.mjs'
import {generateMultilingual} from './multilingual.mjs'
import {peers, velite, veliteConfig} from './tools/velite.mjs'

const rounds = Number(process.env.ROUNDS ?? 3)
const only = process.env.CORPORA ? process.env.CORPORA.split(',') : null
const root = path.resolve(peers, '..', '..')
const cli = path.join(root, 'dist', 'cli.js')
const rss = path.join(root, 'bench', '_rss.mjs')
const shared = path.resolve(root, '..', 'shared', 'corpora')
const work = mkdtempSync(path.join(tmpdir(), 'md2data-peers-'))

function corpusInfo(folder) {
  let files = 0
  let bytes = 0
  for (const name of readdirSync(folder, {recursive: true, encoding: 'utf8'})) {
    if (!name.endsWith('.md')) continue
    files++
    bytes += statSync(path.join(folder, name)).size
  }
  return {files, bytes}
}

const corpora = []
if (!only || only.includes('hugo'))
  corpora.push({name: 'hugo-docs', folder: path.join(shared, 'hugo-docs')})
if (!only || only.includes('reference')) {
  const folder = path.join(work, 'reference-2000')
  mkdirSync(folder, {recursive: true})
  for (let index = 0; index < 2000; index++) {
    copyFileSync(
      path.join(shared, 'seed', 'alibaba-cloud-cto-ja.md'),
      path.join(folder, `note-${String(index).padStart(4, '0')}.md`)
    )
  }
  corpora.push({name: 'reference note ×2,000', folder})
}
if (!only || only.includes('synthetic')) {
  const folder = path.join(work, 'synthetic-10000')
  generate(folder, 10_000)
  corpora.push({name: 'synthetic ×10,000', folder})
}
if (!only || only.includes('multilingual')) {
  const folder = path.join(work, 'multilingual-400')
  generateMultilingual(folder, 400)
  corpora.push({name: 'multilingual blog ×400', folder})
}

function tools(corpus, out) {
  const ndjson = path.join(out, 'out.ndjson')
  const upToDate = path.join(out, 'md2data.ndjson')
  const warm = path.join(out, 'warm-cache')
  return [
    {
      name: 'md2data (default jobs, cold)',
      main: true,
      args: [cli, corpus.folder, '--ndjson', ndjson, '--silent']
    },
    {
      name: 'md2data --jobs 1 (cold)',
      args: [cli, corpus.folder, '--ndjson', ndjson, '--silent', '--jobs', '1']
    },
    {
      // (The other tools write the same file: this run finds theirs, and writes its own whole.)
      name: 'md2data --cache (warm)',
      prepare: () =>
        spawnSync(process.execPath, [
          cli,
          corpus.folder,
          '--ndjson',
          ndjson,
          '--silent',
          `--cache=${warm}`
        ]),
      args: [cli, corpus.folder, '--ndjson', ndjson, '--silent', `--cache=${warm}`]
    },
    {
      // Its own file, already right: the case of a build run again (the file is compared, and left
      // as it is).
      name: 'md2data --cache (warm, output up to date)',
      prepare: () => {
        const args = [cli, corpus.folder, '--ndjson', upToDate, '--silent', `--cache=${warm}`]
        spawnSync(process.execPath, args)
      },
      args: [cli, corpus.folder, '--ndjson', upToDate, '--silent', `--cache=${warm}`]
    },
    {
      name: 'Velite 0.4',
      cwd: peers,
      args: [velite, 'build', '--config', veliteConfig(corpus.folder, path.join(out, 'velite'))]
    },
    {
      name: 'gray-matter + remark script',
      args: [path.join(peers, 'tools', 'plain.mjs'), corpus.folder, ndjson]
    },
    {
      name: 'bare remark parse (floor)',
      args: [path.join(peers, 'tools', 'floor.mjs'), corpus.folder]
    }
  ]
}

function run(tool) {
  const start = performance.now()
  const result = spawnSync(process.execPath, ['--import', rss, ...tool.args], {
    cwd: tool.cwd ?? root,
    encoding: 'utf8',
    maxBuffer: 1 << 28
  })
  const seconds = (performance.now() - start) / 1000
  if (result.status !== 0 && !(tool.args[0] === cli && result.status === 1)) {
    throw new Error(`${tool.name} failed (${result.status}): ${result.stderr.slice(0, 2000)}`)
  }
  const peaks = [...result.stderr.matchAll(/md2data-bench-maxrss (\d+)/g)].map(
    (match) => Number(match[1]) / 1024
  )
  // (A tool that starts processes of its own reports each: their peaks are added.)
  return {seconds, rss: peaks.reduce((sum, peak) => sum + peak, 0)}
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

console.log(
  `md2data bench:peers: ${rounds} rounds, whole processes, alternating; Node ${process.version}; ${availableParallelism()} vCPUs (${cpus()[0]?.model ?? 'unknown'})`
)
for (const corpus of corpora) {
  const info = corpusInfo(corpus.folder)
  const out = path.join(work, corpus.name.replace(/\W+/g, '-'))
  mkdirSync(out, {recursive: true})
  const list = tools(corpus, out)
  for (const tool of list) tool.prepare?.()
  const times = new Map(list.map((tool) => [tool, []]))
  const peaks = new Map(list.map((tool) => [tool, []]))
  for (let round = 0; round < rounds; round++) {
    // Rotate the order each round, so that no tool always runs first or last.
    const order = list.map((_, index) => list[(index + round) % list.length])
    for (const tool of order) {
      const result = run(tool)
      times.get(tool).push(result.seconds)
      peaks.get(tool).push(result.rss)
    }
  }
  const main = median(times.get(list.find((tool) => tool.main)))
  console.log(`\n### ${corpus.name}: ${info.files} notes, ${(info.bytes / 1e6).toFixed(1)} MB\n`)
  console.log('| tool | median wall | notes/s | MB/s | peak RSS | time / md2data |')
  console.log('| ---- | ----------- | ------- | ---- | -------- | -------------- |')
  for (const tool of list) {
    const seconds = median(times.get(tool))
    console.log(
      `| ${tool.name} | ${seconds.toFixed(2)} s | ${(info.files / seconds).toFixed(0)} | ${(info.bytes / 1e6 / seconds).toFixed(2)} | ${median(peaks.get(tool)).toFixed(0)} MiB | ${(seconds / main).toFixed(2)}× |`
    )
  }
}
rmSync(work, {recursive: true, force: true})
rmSync(path.join(peers, '.work'), {recursive: true, force: true})
