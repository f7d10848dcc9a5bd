/**
 * `npm run bench` (second part): the built CLI as whole processes on `../shared/corpora/hugo-docs`,
 * each pair of runs alternating, medians of ROUNDS runs (the machine is shared: ratios, measured
 * side by side, not times):
 *
 * - `--jobs 2` against `--jobs 1`;
 * - a warm `--cache` run against a cold one (target: at least 10x), output byte-identical;
 * - a cold `--cache` run against a run without a cache (target: within 5%);
 * - with OLD=path/to/an/old/dist/cli.js, this build against that one, cold (target: within 5%);
 * - the self-relaunch with V8 flags against `MD2DATA_RELAUNCH=0` (it stays at 1.10x or more);
 * - the cache written when one note of the corpus changes (target: about one note's worth);
 * - peak memory (RSS, workers included) converting 1x, 4x and 16x the corpus to NDJSON: flat with
 *   `--no-links` (which streams, 16x / 1x <= 1.5); with links (the default) the documents wait in a
 *   temporary file and only the link graph grows with the notes (16x / 1x <= 1.75).
 */
import {spawnSync} from 'node:child_process'
import {
  appendFileSync,
  cpSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync
} from 'node:fs'
import {availableParallelism, tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {median} from './_stats.js'

const rounds = Number(process.env.ROUNDS ?? 3)
const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url))
const rss = fileURLToPath(new URL('./_rss.mjs', import.meta.url))
const corpus = path.resolve(import.meta.dirname, '../../shared/corpora/hugo-docs')
const work = mkdtempSync(path.join(tmpdir(), 'md2data-bench-'))
const out = path.join(work, 'out.ndjson')
let failed = false

interface Run {
  seconds: number
  maxRss: number
}

/** Run a CLI; `measure`: also its peak memory (a preloaded module reports it). */
function md2data(
  args: Array<string>,
  {cli = bin, node = [] as Array<string>, measure = false, relaunch = true} = {}
): Run {
  const start = performance.now()
  const preload = measure ? ['--import', rss] : []
  const result = spawnSync(process.execPath, [...node, ...preload, cli, ...args, '--silent'], {
    encoding: 'utf8',
    env: {...process.env, MD2DATA_RELAUNCH: relaunch ? '1' : '0'}
  })
  const seconds = (performance.now() - start) / 1000
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`md2data failed (${result.status}): ${result.stderr}`)
  // (With the relaunch, both processes report: their peaks are added.)
  const peaks = [...result.stderr.matchAll(/md2data-bench-maxrss (\d+)/g)]
  const maxRss = peaks.reduce((sum, match) => sum + Number(match[1]), 0) / 1024
  return {seconds, maxRss}
}

/** Run `a` and `b` alternately; the median seconds of each. */
function pair(a: () => number, b: () => number): [number, number] {
  const as: Array<number> = []
  const bs: Array<number> = []
  for (let round = 0; round < rounds; round++) {
    if (round % 2) bs.push(b())
    as.push(a())
    if (!(round % 2)) bs.push(b())
  }
  return [median(as), median(bs)]
}

function report(what: string, ok: boolean, text: string): void {
  if (!ok) failed = true
  console.log(`${what}: ${text} ${ok ? 'ok' : 'MISSED'}`)
}

console.log(
  `\nmd2data CLI bench: whole processes, ${rounds} alternating rounds, ${availableParallelism()} cores`
)

{
  const [two, one] = pair(
    () => md2data([corpus, '--ndjson', out, '--jobs', '2']).seconds,
    () => md2data([corpus, '--ndjson', out, '--jobs', '1']).seconds
  )
  console.log(
    `--jobs 2 vs --jobs 1: ${two.toFixed(2)} s vs ${one.toFixed(2)} s; ${(one / two).toFixed(2)}x`
  )
}

{
  const warmDir = path.join(work, 'warm')
  md2data([corpus, '--ndjson', path.join(work, 'cold.ndjson'), `--cache=${warmDir}`])
  let round = 0
  const [warm, cold] = pair(
    () => md2data([corpus, '--ndjson', out, `--cache=${warmDir}`]).seconds,
    () => {
      const dir = path.join(work, `cold-${round++}`)
      const seconds = md2data([
        corpus,
        '--ndjson',
        path.join(work, 'cold.ndjson'),
        `--cache=${dir}`
      ]).seconds
      rmSync(dir, {recursive: true, force: true})
      return seconds
    }
  )
  const same = readFileSync(out).equals(readFileSync(path.join(work, 'cold.ndjson')))
  if (!same) {
    // The first line that differs, for a look.
    const warmLines = readFileSync(out, 'utf8').split('\n')
    const coldLines = readFileSync(path.join(work, 'cold.ndjson'), 'utf8').split('\n')
    const at = warmLines.findIndex((line, index) => line !== coldLines[index])
    console.log(
      `warm and cold differ at line ${at + 1}:\n  warm ${warmLines[at]?.slice(0, 300)}\n  cold ${coldLines[at]?.slice(0, 300)}`
    )
  }
  report(
    '--cache warm vs cold',
    cold / warm >= 10 && same,
    `${warm.toFixed(2)} s vs ${cold.toFixed(2)} s; ${(cold / warm).toFixed(1)}x (target >= 10x); output ${same ? 'byte-identical' : 'DIFFERS'}`
  )
}

{
  let round = 0
  const [cached, plain] = pair(
    () => {
      const dir = path.join(work, `cold-${round++}`)
      const seconds = md2data([corpus, '--ndjson', out, `--cache=${dir}`]).seconds
      rmSync(dir, {recursive: true, force: true})
      return seconds
    },
    () => md2data([corpus, '--ndjson', out]).seconds
  )
  report(
    'cold --cache vs no cache',
    cached / plain <= 1.05,
    `${cached.toFixed(2)} s vs ${plain.toFixed(2)} s; ${(cached / plain).toFixed(3)}x (target <= 1.05x)`
  )
}

if (process.env.OLD) {
  const old = path.resolve(process.env.OLD)
  const [mine, theirs] = pair(
    () => md2data([corpus, '--ndjson', out]).seconds,
    () => md2data([corpus, '--ndjson', out], {cli: old}).seconds
  )
  report(
    'this build vs OLD, cold',
    mine / theirs <= 1.05,
    `${mine.toFixed(2)} s vs ${theirs.toFixed(2)} s; ${(mine / theirs).toFixed(3)}x (target <= 1.05x)`
  )
}

{
  const [relaunched, single] = pair(
    () => md2data([corpus, '--ndjson', out]).seconds,
    () => md2data([corpus, '--ndjson', out], {relaunch: false}).seconds
  )
  console.log(
    `relaunch with V8 flags vs MD2DATA_RELAUNCH=0: ${relaunched.toFixed(2)} s vs ${single.toFixed(2)} s; ` +
      `${(single / relaunched).toFixed(3)}x (the relaunch stays at >= 1.10x)`
  )
}

{
  const copy = path.join(work, 'vault')
  const dir = path.join(work, 'one-change')
  cpSync(corpus, copy, {recursive: true})
  md2data([copy, '--ndjson', out, `--cache=${dir}`])
  const size = () =>
    readdirSync(dir).reduce((sum, name) => sum + statSync(path.join(dir, name)).size, 0)
  const before = size()
  const note = path.join(copy, 'content/en/about/introduction.md')
  appendFileSync(note, '\nOne more line.\n')
  md2data([copy, '--ndjson', out, `--cache=${dir}`])
  const written = size() - before
  const noteBytes = statSync(note).size
  report(
    'cache written after changing one note',
    written < 100 * noteBytes,
    `${written} bytes (the note: ${noteBytes} bytes; the whole cache: ${before} bytes)`
  )
  rmSync(copy, {recursive: true, force: true})
}

{
  // `--no-links` streams. With link resolution (the default) every result is held until the last
  // note is converted: the documents in a temporary file, in memory what the link graph needs.
  const peaks = {links: [] as Array<number>, 'no-links': [] as Array<number>}
  for (const times of [1, 4, 16]) {
    const folder = path.join(work, `corpus-${times}x`)
    for (let copy = 0; copy < times; copy++)
      cpSync(path.join(corpus, 'content'), path.join(folder, `copy-${copy}`), {recursive: true})
    for (const mode of ['no-links', 'links'] as const) {
      const flags = mode === 'links' ? [] : ['--no-links']
      const run = md2data([folder, '--ndjson', out, ...flags], {measure: true})
      peaks[mode].push(run.maxRss)
      console.log(
        `peak memory, ${times}x hugo-docs to NDJSON${mode === 'links' ? '' : ' --no-links'}: ${run.maxRss.toFixed(0)} MiB in ${run.seconds.toFixed(1)} s`
      )
    }
    rmSync(folder, {recursive: true, force: true})
  }
  const growth = (mode: 'links' | 'no-links') =>
    (peaks[mode][2] as number) / (peaks[mode][0] as number)
  report(
    'peak memory 16x / 1x, --no-links',
    growth('no-links') <= 1.5,
    `${growth('no-links').toFixed(2)} (target <= 1.5: flat)`
  )
  report(
    'peak memory 16x / 1x, with links',
    growth('links') <= 1.75,
    `${growth('links').toFixed(2)} (target <= 1.75: the link graph grows with the notes, not the documents)`
  )
}

rmSync(work, {recursive: true, force: true})
if (failed) process.exitCode = 1
