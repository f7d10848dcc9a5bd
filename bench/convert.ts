/**
 * `npm run bench`, measured side by side in one run (each round times both note by note,
 * alternating; the ratio is the median of the per-round ratios: the machine is shared and noisy,
 * absolute times vary, ratios much less):
 *
 * - `convert()` against the floor, the bare remark parse
 *   (`unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter).parse()`): at most 1.15x,
 *   on hugo-docs and on the reference note.
 * - `readFrontmatter()` against gray-matter: at least 20 MB/s and within 1.5x on the reference
 *   note (hugo-docs shown for information).
 * - `convert()` with `{syntax: 'obsidian'}` against the default `gfm`: at most 1.15x on hugo-docs
 *   (issue 17); the fastest round's ratio is shown too.
 *
 * `ROUNDS=n` sets the rounds; `PAIRS=obsidian` (subjects, comma-separated) runs only those pairs.
 */
import {readFileSync, readdirSync} from 'node:fs'
import path from 'node:path'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import matter from 'gray-matter'
import {convert, readFrontmatter} from '../src/index.js'
import {median} from './_stats.js'

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
  /** Whether the target applies (else the figures are for information). */
  checked?: boolean
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

let failed = false

interface Pair {
  title: string
  base: string
  subject: string
  run: {base: (text: string) => unknown; subject: (text: string) => unknown}
  /** Check the ratio subject/base, and a minimum throughput of the subject in MB/s. */
  target: {ratio: number; throughput?: number}
  corpora: Array<Corpus>
}

const pairs: Array<Pair> = [
  {
    title: 'convert() vs the bare remark parse',
    base: 'floor',
    subject: 'convert',
    run: {base: (text) => floor.parse(text), subject: (text) => convert(text)},
    target: {ratio: target},
    corpora: cases
  },
  {
    title: 'readFrontmatter() vs gray-matter',
    base: 'gray-matter',
    subject: 'readFrontmatter',
    // gray-matter caches results by content unless given options: pass `{}` so it works each time.
    run: {base: (text) => matter(text, {}), subject: (text) => readFrontmatter(text)},
    target: {ratio: 1.5, throughput: 20},
    corpora: [
      {...(cases[1] as Corpus), repeat: 20_000},
      {...(cases[0] as Corpus), repeat: 5, checked: false}
    ]
  },
  {
    title: "convert({syntax: 'obsidian'}) vs convert() (gfm)",
    base: 'gfm',
    subject: 'obsidian',
    run: {base: (text) => convert(text), subject: (text) => convert(text, {syntax: 'obsidian'})},
    target: {ratio: 1.15},
    corpora: [cases[0] as Corpus]
  }
]

console.log(
  `md2data bench: ${rounds} rounds each, interleaved note by note, Node ${process.version}`
)
// PAIRS=obsidian,convert: run only the pairs of these subjects.
const only = process.env.PAIRS?.split(',')
for (const pair of pairs) {
  if (only && !only.includes(pair.subject)) continue
  console.log(
    `\n${pair.title} (target: ratio <= ${pair.target.ratio}x` +
      (pair.target.throughput ? `, >= ${pair.target.throughput} MB/s on the reference note)` : ')')
  )
  for (const corpus of pair.corpora) {
    // Warm up both (JIT, processor caches).
    for (const text of corpus.texts) {
      pair.run.base(text)
      pair.run.subject(text)
    }
    const baseTimes: Array<number> = []
    const subjectTimes: Array<number> = []
    const ratios: Array<number> = []
    for (let round = 0; round < rounds; round++) {
      // Interleave note by note, swapping which goes first, so that load on the shared machine
      // falls on both sides alike.
      let baseTime = 0
      let subjectTime = 0
      for (let index = 0; index < corpus.repeat; index++) {
        for (const [at, text] of corpus.texts.entries()) {
          if ((at + index + round) % 2 === 0) {
            baseTime += time(() => pair.run.base(text))
            subjectTime += time(() => pair.run.subject(text))
          } else {
            subjectTime += time(() => pair.run.subject(text))
            baseTime += time(() => pair.run.base(text))
          }
        }
      }
      baseTimes.push(baseTime)
      subjectTimes.push(subjectTime)
      ratios.push(subjectTime / baseTime)
    }
    const megabytes = (corpus.bytes * corpus.repeat) / 1e6
    const ratio = median(ratios)
    const throughput = megabytes / (median(subjectTimes) / 1e3)
    const checked = corpus.checked !== false
    const ok =
      ratio <= pair.target.ratio &&
      (!pair.target.throughput || throughput >= pair.target.throughput)
    if (checked && !ok) failed = true
    console.log(
      `  ${corpus.name}: ${(corpus.bytes / 1e3).toFixed(0)} kB x${corpus.repeat}; ` +
        `${pair.base} ${(megabytes / (median(baseTimes) / 1e3)).toFixed(2)} MB/s, ` +
        `${pair.subject} ${throughput.toFixed(2)} MB/s; ` +
        `ratio ${ratio.toFixed(3)}x (rounds ${Math.min(...ratios).toFixed(3)}-${Math.max(...ratios).toFixed(3)}; ` +
        `fastest of each ${(Math.min(...subjectTimes) / Math.min(...baseTimes)).toFixed(3)}x) ` +
        (checked ? (ok ? 'ok' : 'OVER') : '(for information)')
    )
  }
}
if (failed) process.exitCode = 1
