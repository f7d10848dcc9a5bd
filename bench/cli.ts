/**
 * `npm run bench` (second part): the built CLI as whole processes, alternating, on
 * `../shared/corpora/hugo-docs` (medians of ROUNDS runs each):
 *
 * - `--jobs 2` against `--jobs 1` (target: at least 1.7x);
 * - a warm `--cache` run against a cold one (target: at least 20x);
 * - peak memory (RSS of the process, workers included) converting 1x, 4x and 16x the corpus
 *   (copies in a temporary folder) to NDJSON: it must stay flat (16x within 1.5x of 1x).
 */
import {spawnSync} from 'node:child_process'
import {cpSync, mkdtempSync, rmSync} from 'node:fs'
import {availableParallelism, tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {median} from './_stats.js'

const rounds = Number(process.env.ROUNDS ?? 3)
const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url))
const rss = fileURLToPath(new URL('./_rss.mjs', import.meta.url))
const corpus = path.resolve(import.meta.dirname, '../../shared/corpora/hugo-docs')
const work = mkdtempSync(path.join(tmpdir(), 'md2data-bench-'))

interface Run {
  seconds: number
  maxRss: number
}

/** Run the CLI; `measure`: also its peak memory (a module preloaded, which the timings leave out). */
function md2data(args: Array<string>, {measure = false} = {}): Run {
  const start = performance.now()
  const preload = measure ? ['--import', rss] : []
  const result = spawnSync(process.execPath, [...preload, bin, ...args, '--silent'], {
    encoding: 'utf8'
  })
  const seconds = (performance.now() - start) / 1000
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`md2data failed (${result.status}): ${result.stderr}`)
  // The command relaunches itself (src/cli/bin.ts): both processes report, their peaks are added.
  const maxRss =
    [...result.stderr.matchAll(/md2data-bench-maxrss (\d+)/g)].reduce(
      (sum, match) => sum + Number(match[1]),
      0
    ) / 1024
  return {seconds, maxRss}
}

let failed = false
const out = path.join(work, 'out.ndjson')
console.log(
  `\nmd2data CLI bench: whole processes, ${rounds} alternating rounds, ${availableParallelism()} cores`
)

// --jobs 2 vs --jobs 1.
{
  const one: Array<number> = []
  const two: Array<number> = []
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [1, 2] : [2, 1]
    for (const jobs of order)
      (jobs === 1 ? one : two).push(
        md2data([corpus, '--ndjson', out, '--jobs', String(jobs)]).seconds
      )
  }
  const ratio = median(one) / median(two)
  const ok = ratio >= 1.7
  if (!ok) failed = true
  console.log(
    `--jobs 2 vs --jobs 1 on hugo-docs: ${median(two).toFixed(2)} s vs ${median(one).toFixed(2)} s; ` +
      `speed-up ${ratio.toFixed(2)}x (target >= 1.7x) ${ok ? 'ok' : 'UNDER'}`
  )
}

// Warm vs cold cache.
{
  const warmDir = path.join(work, 'warm-cache')
  md2data([corpus, '--ndjson', out, `--cache=${warmDir}`])
  const cold: Array<number> = []
  const warm: Array<number> = []
  for (let round = 0; round < rounds; round++) {
    const coldDir = path.join(work, `cold-cache-${round}`)
    const runs = [
      () => cold.push(md2data([corpus, '--ndjson', out, `--cache=${coldDir}`]).seconds),
      () => warm.push(md2data([corpus, '--ndjson', out, `--cache=${warmDir}`]).seconds)
    ]
    if (round % 2) runs.reverse()
    for (const run of runs) run()
    rmSync(coldDir, {recursive: true, force: true})
  }
  const ratio = median(cold) / median(warm)
  const ok = ratio >= 20
  if (!ok) failed = true
  console.log(
    `--cache warm vs cold on hugo-docs: ${median(warm).toFixed(2)} s vs ${median(cold).toFixed(2)} s; ` +
      `${ratio.toFixed(1)}x faster (target >= 20x) ${ok ? 'ok' : 'UNDER'}`
  )
}

// Peak memory as the number of notes grows (NDJSON mode streams).
{
  const sizes = [1, 4, 16]
  const peaks: Array<number> = []
  for (const times of sizes) {
    const folder = path.join(work, `corpus-${times}x`)
    for (let copy = 0; copy < times; copy++)
      cpSync(path.join(corpus, 'content'), path.join(folder, `copy-${copy}`), {recursive: true})
    const run = md2data([folder, '--ndjson', out], {measure: true})
    peaks.push(run.maxRss)
    console.log(
      `peak memory, ${times}x hugo-docs (${999 * times - 0} notes or so) to NDJSON: ${run.maxRss.toFixed(0)} MiB in ${run.seconds.toFixed(1)} s`
    )
    rmSync(folder, {recursive: true, force: true})
  }
  const growth = (peaks[2] as number) / (peaks[0] as number)
  const ok = growth <= 1.5
  if (!ok) failed = true
  console.log(
    `peak memory 16x / 1x: ${growth.toFixed(2)} (target <= 1.5: flat) ${ok ? 'ok' : 'OVER'}`
  )
}

rmSync(work, {recursive: true, force: true})
if (failed) process.exitCode = 1
