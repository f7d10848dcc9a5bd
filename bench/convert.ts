/**
 * `npm run bench`: `convert()` against the floor, the bare remark parse
 * (`unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter).parse()`), measured side
 * by side in one run: each round times floor and convert note by note, alternating, and the
 * ratio is the median of the per-round ratios (the machine is shared and noisy; absolute times
 * vary, ratios much less).
 */
import {readFileSync, readdirSync} from 'node:fs'
import path from 'node:path'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {convert} from '../src/index.js'

const corpora = path.resolve(import.meta.dirname, '../../shared/corpora')
const rounds = Number(process.env.ROUNDS ?? 7)
const target = 1.15

const floor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkFrontmatter, ['yaml', 'toml'])
  .freeze()

interface Corpus {
  name: string
  texts: Array<string>
  bytes: number
  /** How many times each text is converted in one round (small corpora are repeated). */
  repeat: number
}

const hugo = readdirSync(path.join(corpora, 'hugo-docs'), {recursive: true, encoding: 'utf8'})
  .filter((name) => name.endsWith('.md'))
  .sort()
  .map((name) => readFileSync(path.join(corpora, 'hugo-docs', name), 'utf8'))
const seed = readFileSync(path.join(corpora, 'seed/alibaba-cloud-cto-ja.md'), 'utf8')

const cases: Array<Corpus> = [
  {name: 'hugo-docs (999 notes)', texts: hugo, bytes: size(hugo), repeat: 1},
  {name: 'reference note', texts: [seed], bytes: size([seed]), repeat: 300}
]

function size(texts: Array<string>): number {
  return texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0)
}

function time(run: () => void): number {
  const start = performance.now()
  run()
  return performance.now() - start
}

function median(values: Array<number>): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

let failed = false
console.log(
  `md2data bench: convert() vs the bare remark parse, ${rounds} alternating rounds, Node ${process.version}`
)
for (const corpus of cases) {
  // Warm up both (JIT, processor caches).
  for (const text of corpus.texts) {
    floor.parse(text)
    convert(text)
  }
  const floorTimes: Array<number> = []
  const convertTimes: Array<number> = []
  const ratios: Array<number> = []
  for (let round = 0; round < rounds; round++) {
    // Interleave note by note, swapping which goes first, so that load on the shared machine
    // falls on both sides alike.
    let floorTime = 0
    let convertTime = 0
    for (let index = 0; index < corpus.repeat; index++) {
      for (const [at, text] of corpus.texts.entries()) {
        if ((at + index + round) % 2 === 0) {
          floorTime += time(() => floor.parse(text))
          convertTime += time(() => convert(text))
        } else {
          convertTime += time(() => convert(text))
          floorTime += time(() => floor.parse(text))
        }
      }
    }
    floorTimes.push(floorTime)
    convertTimes.push(convertTime)
    ratios.push(convertTime / floorTime)
  }
  const megabytes = (corpus.bytes * corpus.repeat) / 1e6
  const ratio = median(ratios)
  const ok = ratio <= target
  if (!ok) failed = true
  console.log(
    `${corpus.name}: ${(corpus.bytes / 1e3).toFixed(0)} kB x${corpus.repeat}; ` +
      `floor ${median(floorTimes).toFixed(0)} ms (${(megabytes / (median(floorTimes) / 1e3)).toFixed(2)} MB/s), ` +
      `convert ${median(convertTimes).toFixed(0)} ms (${(megabytes / (median(convertTimes) / 1e3)).toFixed(2)} MB/s); ` +
      `ratio ${ratio.toFixed(3)}x (rounds ${Math.min(...ratios).toFixed(3)}-${Math.max(...ratios).toFixed(3)}; target <= ${target}x) ${ok ? 'ok' : 'OVER'}`
  )
}
if (failed) process.exitCode = 1
