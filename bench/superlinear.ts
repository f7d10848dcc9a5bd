/**
 * Issue 14 item 2: a probe for super-linear paths in our parser setup (`src/parse/index.ts`:
 * remark-parse, GFM with our autolink literal syntax, remark-frontmatter, remark-cjk-friendly).
 *
 * For each input (the generators of `test/pathological.ts`, long lines of each script with and
 * without a stray `[`, `*`, `_`, `` ` ``, `<` early in the line, and the cases issue 14 lists), it
 * picks n so that one parse with our setup takes about `TARGET_MS`, then prints the growth ratio, the time of 8n
 * over the time of n (each the fastest of 3 parses, in this process): for our setup, for
 * remark-parse alone (micromark core and mdast-util-from-markdown only) and for the same setup with
 * upstream's remark-gfm. A linear path gives about 8; a quadratic one about 64. For each input that
 * grows 16x or more, a CPU profile of one parse at n and at 8n names the function whose self time
 * grows the most beyond 8x, and its package.
 *
 * Run: `npx tsx bench/superlinear.ts [filter]` (`TARGET_MS=250` for a larger n) (filter: substrings of the input column, separated by `;`), with
 * `NODE_OPTIONS=--expose-gc` for steadier ratios (a full GC before each timed parse).
 * Prints a Markdown table on stdout, progress on stderr.
 */
import {Session} from 'node:inspector/promises'
import type {Profiler} from 'node:inspector'
import remarkCjkFriendly from 'remark-cjk-friendly'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {defaultMaxDepth, scanDepth} from '../src/depth.js'
import {parseMarkdown} from '../src/parse/index.js'
import {cases as pathological} from '../test/pathological.js'

const TARGET_MS = Number(process.env.TARGET_MS ?? 40)
/** A single parse longer than this is not repeated (the ratio is then a lower bound). */
const LONG_MS = 8000
const MAX_CHARS = 4_000_000

type Parse = (text: string) => unknown

const remarkAlone = unified().use(remarkParse).freeze()
const upstreamSetup = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkFrontmatter, ['yaml', 'toml'])
  .use(remarkCjkFriendly)
  .freeze()

const setups: Record<'ours' | 'core' | 'upstream', Parse> = {
  ours: (text) => parseMarkdown(text, {cjkFriendly: true}),
  core: (text) => remarkAlone.parse(text),
  upstream: (text) => upstreamSetup.parse(text)
}

interface Probe {
  input: string
  generate: (n: number) => string
  /** Largest n worth trying (the size cmark tests a pathological input at). */
  max?: number
}

const range = (n: number) => Array.from({length: n}, (_, index) => index)

const probes: Array<Probe> = []

for (const item of pathological) {
  probes.push({
    input: `${item.id} ${item.name}`,
    generate: item.generate,
    max: Math.max(item.size, 64)
  })
}

const scripts: Record<string, string> = {
  Khmer: 'សួស្តីពិភពលោក ភាសាខ្មែរ ',
  Thai: 'สวัสดีชาวโลก ภาษาไทย ',
  CJK: '日本語の文章です。中文句子，한국어 문장 ',
  Arabic: 'مرحبا بالعالم، اللغة العربية ',
  Devanagari: 'नमस्ते दुनिया, हिन्दी भाषा ',
  emoji: '😀 👍🏽 👨‍👩‍👧 🇫🇷 '
}
for (const [script, phrase] of Object.entries(scripts)) {
  for (const stray of ['', '[', '*', '_', '`', '<']) {
    probes.push({
      input: `${script} line${stray ? ` after a stray ${stray === '`' ? '`` ` ``' : `\`${stray}\``}` : ''}`,
      generate: (n) => `x ${stray}` + phrase.repeat(n)
    })
  }
}

probes.push(
  {
    input: 'issue 14: `[^0] [^1] …` footnote calls, no definitions',
    generate: (n) =>
      range(n)
        .map((x) => `[^${x}]`)
        .join(' ')
  },
  {input: "issue 14: `'a|b\\n'.repeat(n)` (no delimiter row)", generate: (n) => 'a|b\n'.repeat(n)},
  {
    input: 'issue 14: `[a0][b0] [a1][b1] …` undefined full references',
    generate: (n) =>
      range(n)
        .map((x) => `[a${x}][b${x}]`)
        .join(' ')
  },
  {
    input: "issue 14: `'[a]('.repeat(n) + ')'.repeat(n)`",
    generate: (n) => '[a]('.repeat(n) + ')'.repeat(n)
  },
  {input: "issue 14: `'*「'.repeat(n)`", generate: (n) => '*「'.repeat(n)},
  {input: "issue 14: `'a  \\n'.repeat(n)` hard breaks", generate: (n) => 'a  \n'.repeat(n)},
  {
    input: "issue 14: `'a <!-- b\\n'.repeat(n)` unclosed comments",
    generate: (n) => 'a <!-- b\n'.repeat(n)
  },
  {input: "issue 14: `'> a\\nb\\n'.repeat(n)` lazy lines", generate: (n) => '> a\nb\n'.repeat(n)},
  {
    input: "issue 14: `'**「重要」**です'.repeat(n)`",
    generate: (n) => '**「重要」**です'.repeat(n)
  },
  {input: "issue 14: `'**「重要」'.repeat(n)`", generate: (n) => '**「重要」'.repeat(n)},
  {input: "issue 14: `'*_'.repeat(n) + 'a'`", generate: (n) => '*_'.repeat(n) + 'a'},
  {
    input: "issue 14 item 1: `'[ ' + 'hello world '.repeat(n)`",
    generate: (n) => '[ ' + 'hello world '.repeat(n)
  },
  {
    input: "issue 14 item 1: `'- [[Settings and options ' + 'org '.repeat(n)`",
    generate: (n) => '- [[Settings and options ' + 'org '.repeat(n)
  },
  {
    input: "issue 14 item 1: `'[[' + 'www.x.org '.repeat(n)`",
    generate: (n) => '[[' + 'www.x.org '.repeat(n)
  },
  {
    input: "issue 14 item 1: `'a [ ' + 'a@b.c '.repeat(n)`",
    generate: (n) => 'a [ ' + 'a@b.c '.repeat(n)
  }
)

const gc = (globalThis as {gc?: () => void}).gc

/** Time of one parse, in milliseconds. */
function once(parse: Parse, text: string): number {
  gc?.()
  const start = performance.now()
  parse(text)
  return performance.now() - start
}

/** The fastest of 3 parses (1 if the first is very long). */
function fastest(parse: Parse, text: string): number {
  let best = once(parse, text)
  for (let index = 1; index < 3 && best < LONG_MS; index++) best = Math.min(best, once(parse, text))
  return best
}

interface Growth {
  n: number
  ratio: number
  /** The 8n parse was not repeated: the ratio is a lower bound. */
  bound: boolean
}

/** The first power of 2 whose parse takes `TARGET_MS` with our setup (or the largest tried). */
function pickN(probe: Probe): number {
  const max = probe.max ?? Infinity
  let n = 2
  for (;;) {
    const time = fastest(setups.ours, probe.generate(n))
    const next = n * 2
    if (time >= TARGET_MS || next > max || probe.generate(next * 8).length > MAX_CHARS) return n
    n = next
  }
}

/** Growth 8n/n of `parse`; when 12 or more, the median of 3 such measurements (load spikes). */
function growth(probe: Probe, parse: Parse, n: number): Growth | string {
  const measure = (): Growth => {
    const small = fastest(parse, probe.generate(n))
    const large = fastest(parse, probe.generate(8 * n))
    return {n, ratio: large / Math.max(small, 0.01), bound: large >= LONG_MS}
  }
  try {
    const first = measure()
    if (first.ratio < 12 || first.bound) return first
    const all = [first, measure(), measure()].sort((a, b) => a.ratio - b.ratio)
    return all[1] as Growth
  } catch (error) {
    return `throws ${(error as Error).name} at 8n`
  }
}

const session = new Session()
session.connect()
await session.post('Profiler.enable')
await session.post('Profiler.setSamplingInterval', {interval: 200})

/** Self time per function (`name (package)`) over one parse, in microseconds. */
async function profile(parse: Parse, text: string): Promise<Map<string, number>> {
  gc?.()
  await session.post('Profiler.start')
  parse(text)
  const {profile} = (await session.post('Profiler.stop')) as {profile: Profiler.Profile}
  const self = new Map<number, number>()
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  for (const [index, id] of samples.entries())
    self.set(id, (self.get(id) ?? 0) + (deltas[index] ?? 0))
  const byFunction = new Map<string, number>()
  for (const node of profile.nodes) {
    const {functionName, url} = node.callFrame
    if (/\(idle\)|\(program\)|\(root\)/.test(functionName)) continue
    const key = `${functionName || '(anonymous)'} (${owner(url)})`
    byFunction.set(key, (byFunction.get(key) ?? 0) + (self.get(node.id) ?? 0))
  }
  return byFunction
}

/** The package a script URL belongs to. */
function owner(url: string): string {
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)
  if (module?.[1]) return module[1]
  const ours = /\/(src\/[^?]+)/.exec(url)
  if (ours) return `ours: ${ours[1]}`
  return url ? url.replace(/^.*\//, '') : 'V8'
}

/** The function whose self time grows the most beyond 8x from n to 8n. */
async function culprit(probe: Probe, n: number): Promise<string> {
  const small = await profile(setups.ours, probe.generate(n))
  const large = await profile(setups.ours, probe.generate(8 * n))
  let best = ''
  let excess = -Infinity
  let total = 0
  for (const [key, time] of large) {
    total += time
    const extra = time - 8 * (small.get(key) ?? 0)
    if (extra > excess) {
      excess = extra
      best = key
    }
  }
  return `${best}: ${Math.round((100 * (large.get(best) ?? 0)) / Math.max(total, 1))}% of 8n`
}

const filter = process.argv[2]
/** `SETUPS=core` or `SETUPS=upstream`: measure only that one beside ours. */
const only = process.env.SETUPS
/** A table cell: `|` escaped. */
const cell = (text: string) => text.replaceAll('|', '\\|')
const format = (growth: Growth | string) =>
  typeof growth === 'string' ? growth : `${growth.bound ? '≥ ' : ''}${growth.ratio.toFixed(1)}`
const ratio = (growth: Growth | string) => (typeof growth === 'string' ? 0 : growth.ratio)

console.log(
  '| input | n | ours 8n/n | remark-parse alone 8n/n | upstream remark-gfm 8n/n | function (package) | status |'
)
console.log('|---|---|---|---|---|---|---|')
for (const probe of probes) {
  if (filter && !filter.split(';').some((part) => probe.input.includes(part))) continue
  const sample = probe.generate(Math.min(probe.max ?? 64, 64) * 8)
  if (scanDepth(sample, 0, defaultMaxDepth)) {
    console.log(
      `| ${cell(probe.input)} | | | | | | nesting past ${defaultMaxDepth}: rejected before parsing (src/depth.ts) |`
    )
    continue
  }
  process.stderr.write(`${probe.input}…\n`)
  const n = pickN(probe)
  const ours = growth(probe, setups.ours, n)
  const core = only && !only.includes('core') ? '-' : growth(probe, setups.core, n)
  const upstream = only && !only.includes('upstream') ? '-' : growth(probe, setups.upstream, n)
  const superlinear = ratio(ours) >= 16
  const where = superlinear ? await culprit(probe, n) : ''
  const status = superlinear
    ? ratio(core) >= 16
      ? 'super-linear, remark-parse alone too'
      : 'super-linear with GFM/CJK only'
    : typeof ours === 'string'
      ? ours
      : ratio(upstream) >= 16
        ? `linear (upstream ${format(upstream)})`
        : 'linear'
  console.log(
    `| ${cell(probe.input)} | ${n} | ${format(ours)} | ${format(core)} | ${format(upstream)} | ${where} | ${status} |`
  )
}
session.disconnect()
