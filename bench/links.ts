/**
 * `npm run bench` (third part), issue 17's target: resolving the link graph of a 10,000-note
 * synthetic vault (20 links a note) takes under 10% of converting it. The machine is shared and
 * noisy: ratios measured side by side in one process, never absolute times.
 *
 * It writes a vault (deterministic, seeded) to a temporary folder: NOTES notes (default 10,000) in
 * 50 folders, each 1-3 kB with YAML front matter (aliases on a fifth of them), several headings, a
 * few `^block` ids and 20 local links: `[[Name]]`, `[[Name#Heading]]`, `[[folder/Name|alias]]`,
 * `[[Name#^id]]`, `[[Alias]]`, `[[Overview]]` (a name in every folder), embeds of notes and
 * images, relative Markdown links `../folder/Name%20x.md#heading-id`, and a few broken ones.
 *
 * Then, in this process:
 * (a) `convert(text, {syntax: 'obsidian', path})` of every note, once (each note timed);
 * (b) `linkSummary()` of each document (timed in the same pass, note by note), then the graph:
 *     `new LinkGraph(files)`, `add()` every note, `resolve()` every note, `toJSON()`;
 * and prints (b)/(a). The graph is timed over ROUNDS rounds, each beside a conversion of a
 * 1,000-note sample (a different tenth each round, scaled x10, the order alternating): the
 * per-round ratio (summaries' share from the full pass + graph / scaled sample) is the checked
 * figure (median), the full pass's ratio is printed too.
 * (c) for information, `resolveLinks()` as a batch runs it: the graph plus each note's JSON
 *     rewritten with `resolved` and the link diagnostics.
 *
 * Last, the built command line end to end on the vault (`node dist/cli.js VAULT --syntax obsidian
 * --out-dir OUT --jobs 2`) with and without `--no-links`, CLI_ROUNDS times each (default 1),
 * alternating. `KEEP=1` keeps the temporary folder.
 */
import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {convert, serialize} from '../src/index.js'
import type {NoteDocument} from '../src/index.js'
import {LinkGraph} from '../src/links/graph.js'
import type {LinkGraphJson} from '../src/links/graph.js'
import {resolveLinks} from '../src/batch/resolve-links.js'
import {linkSummary} from '../src/batch/result.js'
import type {LinkSummary} from '../src/batch/result.js'
import {median, random} from './_stats.js'

const noteCount = Number(process.env.NOTES ?? 10_000)
const rounds = Number(process.env.ROUNDS ?? 5)
const cliRounds = Number(process.env.CLI_ROUNDS ?? 1)
const folderCount = 50
const linksPerNote = 20
const sampleEvery = 10
const target = 0.1
const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url))

const rand = random(17)
const int = (below: number): number => Math.floor(rand() * below)
const pick = <T>(items: ReadonlyArray<T>): T => items[int(items.length)] as T

const words = (
  'the of and to in is that for it as was with be by on not he this are or his from at which ' +
  'but have an they you were her she there been one all we their has would when if so no what ' +
  'up out more some into time only new other could these two may first then do any like my now ' +
  'over such our man me even most made after also did many before must through back years ' +
  'where much your way well down should because each just those people how too little state ' +
  'good very make world still own see men work long get here between both life being under ' +
  'never day same another know while last might us great old year off come since against go ' +
  'came right used take three project meeting notes review draft plan design system garden ' +
  'kernel budget river market theory signal module index spring winter sketch paper'
).split(' ')
const capital = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1)

interface Note {
  folder: string
  name: string
  /** '/'-separated, from the vault. */
  path: string
  headings: Array<string>
  blockIds: Array<string>
  alias: string | null
}

const folders = Array.from(
  {length: folderCount},
  (_, at) => `${pick(words)}-${String(at).padStart(2, '0')}`
)
const attachments = folders.flatMap((folder, at) =>
  Array.from({length: 5}, (_, k) => `${folder}/assets/figure-${at}-${k}.png`)
)
const notes: Array<Note> = Array.from({length: noteCount}, (_, at) => {
  const folder = folders[at % folderCount] as string
  // Every folder has an `Overview` (a duplicate name); the others are unique.
  const name = at < folderCount ? 'Overview' : `${capital(pick(words))} ${pick(words)} ${at}`
  const headings = Array.from(
    {length: 3 + int(4)},
    (_, k) => `${capital(pick(words))} ${pick(words)} ${k + 1}`
  )
  const blockIds = Array.from({length: 2 + int(2)}, (_, k) => `b${k}${int(1000)}`)
  const alias = rand() < 0.2 ? `Alias ${pick(words)} ${at}` : null
  return {folder, name, path: `${folder}/${name}.md`, headings, blockIds, alias}
})
const aliased = notes.filter((note) => note.alias !== null)

/** A heading's GitHub id (the headings are ASCII words and digits). */
const githubId = (text: string): string => text.toLowerCase().replaceAll(' ', '-')

/** One local link from `from`, of a kind picked by weight. */
function link(from: Note, at: number): string {
  // A third of the links stay in the note's folder.
  const near = notes[int(Math.floor(noteCount / folderCount)) * folderCount + (at % folderCount)]
  const to = rand() < 0.3 && near ? near : pick(notes)
  const roll = rand()
  const heading = pick(to.headings)
  if (roll < 0.22) return `[[${to.name}]]`
  if (roll < 0.36) return `[[${to.name}#${heading}]]`
  if (roll < 0.5) return `[[${to.folder}/${to.name}|${pick(words)} ${pick(words)}]]`
  if (roll < 0.58) return `[[${to.name}#^${pick(to.blockIds)}]]`
  if (roll < 0.62) return `![[${to.name}#${heading}]]`
  if (roll < 0.66) return `![[${path.posix.basename(pick(attachments))}]]`
  if (roll < 0.8) {
    const relative = to.folder === from.folder ? `./` : `../${to.folder}/`
    return `[${pick(words)} ${pick(words)}](${relative}${encodeURIComponent(to.name)}.md#${githubId(heading)})`
  }
  if (roll < 0.85) return `[[${pick(aliased).alias as string}]]`
  if (roll < 0.88) return `[[Overview]]`
  if (roll < 0.9)
    return `[the ${pick(words)} figure](assets/${path.posix.basename(pick(attachments.filter((file) => file.startsWith(`${from.folder}/`))))})`
  // Broken: no such note, no such file, no such heading, no such block.
  if (roll < 0.93) return `[[Missing ${pick(words)} ${int(100)}]]`
  if (roll < 0.95) return `[gone](../${to.folder}/deleted-${int(100)}.md)`
  if (roll < 0.98) return `[[${to.name}#No such heading]]`
  return `[[${to.name}#^nope${int(10)}]]`
}

function sentence(count: number): string {
  const text = Array.from({length: count}, () => pick(words)).join(' ')
  return `${capital(text)}.`
}

function write(note: Note, at: number): string {
  const links = Array.from({length: linksPerNote}, () => link(note, at))
  const size = 1000 + int(2000)
  const front = [
    '---',
    `title: ${note.name}`,
    `date: 2025-${String(1 + (at % 12)).padStart(2, '0')}-${String(1 + (at % 28)).padStart(2, '0')}`,
    `tags: [${pick(words)}, ${pick(words)}/${pick(words)}]`,
    ...(note.alias ? [`aliases: [${note.alias}]`] : []),
    '---',
    '',
    `# ${note.name}`,
    ''
  ]
  // Paragraphs of filler, the links spread among them, the block ids at the end of some.
  const sections: Array<Array<string>> = [[]]
  for (const heading of note.headings) sections.push([`## ${heading}`, ''])
  const paragraphs = 6 + int(4)
  const body: Array<Array<string>> = Array.from({length: paragraphs}, () => [])
  links.forEach((text, index) => body[index % paragraphs]?.push(text))
  const length = front.join('\n').length + note.headings.join('').length + links.join('').length
  const fill = Math.max(8, Math.round((size - length) / 9 / paragraphs))
  body.forEach((parts, index) => {
    const text = parts.map((part) => `${sentence(1 + int(fill))} See ${part}`)
    text.push(sentence(1 + int(fill)))
    const id = index < note.blockIds.length ? ` ^${note.blockIds[index]}` : ''
    const section = sections[1 + (index % (sections.length - 1))] as Array<string>
    section.push(text.join(' ') + id, '')
  })
  return [...front, ...sections.flat()].join('\n')
}

const work = mkdtempSync(path.join(tmpdir(), 'md2data-links-'))
const vault = path.join(work, 'vault')
const texts = notes.map((note, at) => write(note, at))
let bytes = 0
for (const folder of folders) mkdirSync(path.join(vault, folder, 'assets'), {recursive: true})
for (const file of attachments) writeFileSync(path.join(vault, file), 'png')
for (const [at, note] of notes.entries()) {
  writeFileSync(path.join(vault, note.path), texts[at] as string)
  bytes += Buffer.byteLength(texts[at] as string)
}
const files = [...attachments, ...notes.map((note) => note.path)]

console.log(
  `\nmd2data links bench: ${noteCount} notes in ${folderCount} folders, ` +
    `${(bytes / 1e6).toFixed(1)} MB (${Math.round(bytes / noteCount)} B a note), ` +
    `${linksPerNote} links a note, ${attachments.length} attachments, in ${vault}`
)

function time(run: () => void): number {
  const start = performance.now()
  run()
  return performance.now() - start
}

// Warm up (JIT, processor caches) on the first 300 notes.
for (let at = 0; at < Math.min(300, noteCount); at++) {
  linkSummary(convert(texts[at] as string, {syntax: 'obsidian', path: (notes[at] as Note).path}))
}

// (a) and the summaries of (b), one full pass. (The JSON is kept for (c).)
const summaries: Array<LinkSummary> = []
const held: Array<Parameters<typeof resolveLinks>[0][number]> = []
let convertTime = 0
let summaryTime = 0
for (const [at, note] of notes.entries()) {
  const text = texts[at] as string
  let document!: ReturnType<typeof convert>
  convertTime += time(() => {
    document = convert(text, {syntax: 'obsidian', path: note.path})
  })
  let summary: LinkSummary | null = null
  summaryTime += time(() => {
    summary = linkSummary(document)
  })
  if (!summary) throw new Error(`No link summary for ${note.path}`)
  summaries.push(summary)
  held.push({
    file: {path: note.path, absolute: path.join(vault, note.path), relative: note.path},
    json: serialize(document),
    pretty: null,
    title: document.title ?? null,
    frontmatter: document.frontmatter,
    diagnostics: document.diagnostics,
    links: summary
  })
}

function buildGraph(): {graph: LinkGraphJson; problems: Map<string, number>} {
  const graph = new LinkGraph(files)
  for (const [at, note] of notes.entries())
    graph.add({path: note.path, root: '', ...(summaries[at] as LinkSummary)})
  const problems = new Map<string, number>()
  for (const note of notes) {
    for (const diagnostic of graph.resolve(note.path).diagnostics)
      problems.set(diagnostic.ruleId, (problems.get(diagnostic.ruleId) ?? 0) + 1)
  }
  return {graph: graph.toJSON(), problems}
}

// What the vault gives: links found, resolved, broken (a check that the generator is right).
const check = buildGraph()
const linkTotal = summaries.reduce((sum, summary) => sum + summary.links.length, 0)
const edges = Object.values(check.graph.notes).reduce((sum, note) => sum + note.links.length, 0)
console.log(
  `  ${linkTotal} local links (${(linkTotal / noteCount).toFixed(1)} a note), ${edges} graph edges, ` +
    `${check.graph.orphans.length} orphans; ` +
    [...check.problems].map(([rule, count]) => `${count} ${rule}`).join(', ')
)

// The graph, ROUNDS rounds, each beside a conversion of a tenth of the notes.
const graphTimes: Array<number> = []
const sampleTimes: Array<number> = []
const ratios: Array<number> = []
const summaryShare = summaryTime / convertTime
for (let round = 0; round < rounds; round++) {
  const sample = () => {
    for (let at = round % sampleEvery; at < noteCount; at += sampleEvery) {
      convert(texts[at] as string, {syntax: 'obsidian', path: (notes[at] as Note).path})
    }
  }
  let graphTime: number
  let sampleTime: number
  if (round % 2) {
    graphTime = time(buildGraph)
    sampleTime = time(sample) * sampleEvery
  } else {
    sampleTime = time(sample) * sampleEvery
    graphTime = time(buildGraph)
  }
  graphTimes.push(graphTime)
  sampleTimes.push(sampleTime)
  ratios.push(summaryShare + graphTime / sampleTime)
}
const ratio = median(ratios)
const fullRatio = (summaryTime + Math.min(...graphTimes)) / convertTime
const ok = ratio < target
console.log(
  `  (a) convert(), obsidian, all ${noteCount} notes once: ${(convertTime / 1e3).toFixed(2)} s ` +
    `(${(bytes / 1e6 / (convertTime / 1e3)).toFixed(2)} MB/s); a tenth, x10, median of ${rounds} rounds: ` +
    `${(median(sampleTimes) / 1e3).toFixed(2)} s\n` +
    `  (b) linkSummary() of every document: ${summaryTime.toFixed(0)} ms ` +
    `(${(100 * summaryShare).toFixed(2)}% of (a)); LinkGraph (new, add, resolve, toJSON): ` +
    `${Math.min(...graphTimes).toFixed(0)} ms fastest, ${median(graphTimes).toFixed(0)} ms median\n` +
    `  (b)/(a): ${(100 * ratio).toFixed(2)}% (median of rounds; ` +
    `${(100 * Math.min(...ratios)).toFixed(2)}-${(100 * Math.max(...ratios)).toFixed(2)}%), ` +
    `${(100 * fullRatio).toFixed(2)}% against the full pass (target < ${100 * target}%) ` +
    (ok ? 'ok' : 'OVER')
)
if (!ok) process.exitCode = 1

// (c) For information: resolution as a batch runs it, rewriting each document's JSON too.
const batchTimes: Array<number> = []
for (let round = 0; round < Math.min(rounds, 3); round++)
  batchTimes.push(time(() => resolveLinks(held, attachments)))
console.log(
  `  (c) resolveLinks() as a batch runs it (the graph, and each note's JSON rewritten with ` +
    `\`resolved\` and its link diagnostics): ${Math.min(...batchTimes).toFixed(0)} ms fastest of ` +
    `${batchTimes.length}: ${((100 * Math.min(...batchTimes)) / convertTime).toFixed(2)}% of (a) ` +
    `(for information)`
)
held.length = 0

// The command line, end to end, with and without link resolution.
function cli(links: boolean): number {
  const out = links ? 'out-links' : 'out-no-links'
  rmSync(path.join(work, out), {recursive: true, force: true})
  // (From the vault's parent, as `md2data vault`: paths relative to the working directory.)
  const args = [bin, 'vault', '--syntax', 'obsidian', '--out-dir', out, '--jobs', '2', '--silent']
  const start = performance.now()
  const result = spawnSync(process.execPath, links ? args : [...args, '--no-links'], {
    cwd: work,
    encoding: 'utf8'
  })
  const seconds = (performance.now() - start) / 1e3
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`md2data failed (${result.status}): ${result.stderr}`)
  const index = JSON.parse(readFileSync(path.join(work, out, 'index.json'), 'utf8')) as {
    links?: unknown
  }
  if (links !== Boolean(index.links)) throw new Error(`index.json: links ${Boolean(index.links)}`)
  if (links) {
    // The same link diagnostics as in this process (not timed).
    let found = 0
    for (const note of notes) {
      const file = path.join(work, out, note.path.replace(/\.md$/, '.json'))
      const {diagnostics} = JSON.parse(readFileSync(file, 'utf8')) as NoteDocument
      found += diagnostics.filter((diagnostic) => diagnostic.ruleId.startsWith('link-')).length
    }
    const expected = [...check.problems.values()].reduce((sum, count) => sum + count, 0)
    if (found !== expected)
      console.log(`  the command line gave ${found} link diagnostics, this process ${expected}`)
  }
  return seconds
}
const withLinks: Array<number> = []
const without: Array<number> = []
for (let round = 0; round < cliRounds; round++) {
  if (round % 2) withLinks.push(cli(true))
  without.push(cli(false))
  if (!(round % 2)) withLinks.push(cli(true))
}
console.log(
  `  command line (--syntax obsidian --out-dir --jobs 2), ${cliRounds} alternating run(s) each: ` +
    `${median(withLinks).toFixed(2)} s with links, ${median(without).toFixed(2)} s with --no-links: ` +
    `${(median(withLinks) / median(without)).toFixed(3)}x (for information)`
)

if (process.env.KEEP) console.log(`  kept ${work}`)
else rmSync(work, {recursive: true, force: true})
