/**
 * `npm run bench` (fourth part), issue 18's target: a 1,000-note site builds through the config
 * file as fast as through the equivalent flags (same run, within 5%), with the same outputs.
 *
 * It writes a site (deterministic, seeded) to a temporary folder: 600 posts in
 * `content/posts/<year>/` (YAML front matter title, date, tags and summary; headings, paragraphs,
 * lists, task lists, code, some Japanese, relative Markdown links to other posts) checked against
 * a JSON Schema file, `schema.json` (title and date strings), plus a few drafts in
 * `content/posts/drafts/` that the collection excludes; and 400 notes of an Obsidian vault in
 * `vault/<folder>/` (wikilinks, embeds, inline tags, callouts, block ids, aliases). Notes are
 * 2-6 kB. Its `md2data.config.mjs` (`configFile` below) names both collections, `posts` and
 * `vault`.
 *
 * Then, ROUNDS times (default 5), each pair alternating which goes first, whole processes from the
 * site's folder, every output folder removed before its run:
 * - the config: `node dist/cli.js --silent` (no patterns: it finds the config), which writes
 *   `.md2data/posts/…`, `.md2data/posts.json` (the index), the same for `vault`, then
 *   `.md2data/index.js` and `.md2data/index.d.ts`;
 * - the flags, as the config builds each collection (`viaFlags` below): one run for the posts,
 *   with the collection's include and `!exclude` patterns, `--schema schema.json` and
 *   `--out-dir flags/posts`, then one for the vault with `--syntax obsidian` and
 *   `--out-dir flags/vault`, their times added. (`--index ../posts.json` is a usage error, so
 *   their index is `index.json` in the folder; it is compared with the config's `posts.json`.)
 * The figure is the config's time over the flags', per round; the checked figure is the median of
 * the rounds. For information, the same ratio of CPU time (user and system, the processes' and
 * their workers', on Linux), which the other jobs of a shared machine move less than wall time.
 * Each round also checks that every JSON file of the collections (documents and indexes) is
 * byte-identical between the two, that both exit with the same code, and that the config wrote
 * `index.js` and `index.d.ts`. A FAIL line and exit code 1 if the outputs differ or the median is
 * above 1.05x. `KEEP=1` keeps the temporary folder.
 */
import {spawnSync} from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import {availableParallelism, tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {median, random} from './_stats.js'

const rounds = Number(process.env.ROUNDS ?? 5)
const target = 1.05
const postCount = 600
const draftCount = 12
const vaultCount = 400
const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url))
let failed = false

const rand = random(18)
const int = (below: number): number => Math.floor(rand() * below)
const pick = <T>(items: ReadonlyArray<T>): T => items[int(items.length)] as T

const words = (
  'the of and to in is that for it as was with be by on not this are or from at which but have ' +
  'an they you were she there been one all we their has would when if so no what up out more ' +
  'some into time only new other could these two may first then do any like now over such our ' +
  'even most made after also did many before must through back years where much way well down ' +
  'should because each just those people how little state good very make world still own see ' +
  'work long get here between both life being under never day same another know while last ' +
  'might great old year off come since against go right used take three project meeting notes ' +
  'review draft plan design system garden kernel budget river market theory signal module ' +
  'index spring winter sketch paper release build cache schema parser render deploy'
).split(' ')
const japanese = [
  '今日は新しいプロジェクトの計画について話し合いました。',
  '東京の春は桜がとても美しく、多くの人が公園に集まります。',
  'このメモは設計の見直しと次のリリースの準備をまとめたものです。',
  '日本語の文章と English の単語が混ざった段落も正しく扱う必要があります。',
  '**「重要」**な点は、出力が毎回同じになることです。',
  '会議の議事録：予算、スケジュール、担当者を確認した。',
  '川沿いの道を散歩しながら、次の章の構成を考えた。',
  'キャッシュを使うと二回目のビルドはずっと速くなります。'
]
const capital = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1)
const sentence = (count: number): string =>
  `${capital(Array.from({length: count}, () => pick(words)).join(' '))}.`
const paragraph = (): string =>
  Array.from({length: 2 + int(4)}, () => sentence(6 + int(12))).join(' ')
const headingId = (text: string): string => text.toLowerCase().replaceAll(' ', '-')
const date = (at: number, year: number): string =>
  `${year}-${String(1 + (at % 12)).padStart(2, '0')}-${String(1 + (at % 28)).padStart(2, '0')}`

interface Post {
  /** From `content/posts`, '/'-separated. */
  path: string
  folder: string
  title: string
  headings: Array<string>
  year: number
}

const years = [2024, 2025, 2026]
const posts: Array<Post> = Array.from({length: postCount + draftCount}, (_, at) => {
  const draft = at >= postCount
  const year = years[at % years.length] as number
  const folder = draft ? 'drafts' : String(year)
  const slug = `${pick(words)}-${pick(words)}-${at}`
  const title = `${capital(pick(words))} ${pick(words)} ${pick(words)} ${at}`
  const headings = Array.from(
    {length: 3 + int(4)},
    (_, k) => `${capital(pick(words))} ${pick(words)} ${k + 1}`
  )
  return {path: `${folder}/${slug}.md`, folder, title, headings, year}
})
const published = posts.slice(0, postCount)

/** A block of a post: a paragraph, a list, a task list, code, Japanese, a quote or a link. */
function postBlock(from: Post): string {
  const roll = rand()
  if (roll < 0.35) return paragraph()
  if (roll < 0.5)
    return Array.from({length: 2 + int(4)}, () => `- ${sentence(3 + int(8))}`).join('\n')
  if (roll < 0.58)
    return Array.from({length: 2 + int(3)}, (_, k) => `${k + 1}. ${sentence(3 + int(6))}`).join(
      '\n'
    )
  if (roll < 0.64)
    return Array.from(
      {length: 2 + int(3)},
      () => `- [${rand() < 0.5 ? 'x' : ' '}] ${sentence(2 + int(5))}`
    ).join('\n')
  if (roll < 0.7)
    return ['```js', `const ${pick(words)} = ${int(1000)}`, `console.log(${int(10)})`, '```'].join(
      '\n'
    )
  if (roll < 0.82) return Array.from({length: 1 + int(3)}, () => pick(japanese)).join('')
  if (roll < 0.88) return `> ${sentence(8 + int(10))}`
  // A link to another post, relative to this one, sometimes to one of its headings.
  const to = pick(published)
  const relative = to.folder === from.folder ? './' : `../${to.folder}/`
  const anchor = rand() < 0.4 ? `#${headingId(pick(to.headings))}` : ''
  return `${sentence(4 + int(6))} See [${to.title}](${relative}${path.posix.basename(to.path)}${anchor}). ${sentence(5 + int(8))}`
}

function writePost(post: Post, at: number): string {
  const size = 2000 + int(4000)
  const lines = [
    '---',
    `title: ${post.title}`,
    `date: ${date(at, post.year)}`,
    `tags: [${pick(words)}, ${pick(words)}]`,
    `summary: ${sentence(8 + int(8)).replace(/\.$/, '')}`,
    ...(post.folder === 'drafts' ? ['draft: true'] : []),
    '---',
    '',
    `# ${post.title}`,
    '',
    paragraph(),
    ''
  ]
  let length = Buffer.byteLength(lines.join('\n'))
  const share = (size - length) / post.headings.length
  post.headings.forEach((heading, index) => {
    lines.push(`## ${heading}`, '')
    // (Blocks until the section's share of the note's size, one at least.)
    const end = size - share * (post.headings.length - index - 1)
    do {
      const text = postBlock(post)
      lines.push(text, '')
      length += Buffer.byteLength(text) + 2
    } while (length < end)
  })
  return lines.join('\n')
}

interface VaultNote {
  folder: string
  name: string
  headings: Array<string>
  blockIds: Array<string>
  alias: string | null
}

const vaultFolders = ['Projects', 'Areas', 'Resources', 'Daily', 'People', 'Meetings', '日本語']
const vaultNotes: Array<VaultNote> = Array.from({length: vaultCount}, (_, at) => ({
  folder: vaultFolders[at % vaultFolders.length] as string,
  name: `${capital(pick(words))} ${pick(words)} ${at}`,
  headings: Array.from({length: 2 + int(4)}, (_, k) => `${capital(pick(words))} ${k + 1}`),
  blockIds: Array.from({length: 1 + int(2)}, (_, k) => `b${k}${int(1000)}`),
  alias: rand() < 0.2 ? `Alias ${pick(words)} ${at}` : null
}))

/** A wikilink or embed to another vault note, of a kind picked at random. */
function wikilink(): string {
  const to = pick(vaultNotes)
  const roll = rand()
  if (roll < 0.35) return `[[${to.name}]]`
  if (roll < 0.55) return `[[${to.name}#${pick(to.headings)}]]`
  if (roll < 0.7) return `[[${to.folder}/${to.name}|${pick(words)} ${pick(words)}]]`
  if (roll < 0.8) return `[[${to.name}#^${pick(to.blockIds)}]]`
  if (roll < 0.87) return `![[${to.name}#${pick(to.headings)}]]`
  if (roll < 0.95 && to.alias) return `[[${to.alias}]]`
  return `[[Missing ${pick(words)}]]`
}

function vaultBlock(): string {
  const roll = rand()
  if (roll < 0.4)
    return `${sentence(5 + int(10))} See ${wikilink()} and #${pick(words)}. ${paragraph()}`
  if (roll < 0.6)
    return Array.from({length: 2 + int(4)}, () => `- ${sentence(2 + int(6))} ${wikilink()}`).join(
      '\n'
    )
  if (roll < 0.72)
    return `> [!${pick(['note', 'tip', 'warning'])}] ${capital(pick(words))}\n> ${sentence(6 + int(8))}`
  if (roll < 0.86) return `${pick(japanese)}${pick(japanese)} ${wikilink()} #日本語`
  return `${sentence(4 + int(6))} ==${pick(words)} ${pick(words)}== %%${pick(words)}%% ${paragraph()}`
}

function writeVaultNote(note: VaultNote, at: number): string {
  const size = 2000 + int(4000)
  const lines = [
    '---',
    `title: ${note.name}`,
    `date: ${date(at, 2025)}`,
    `tags: [${pick(words)}, ${pick(words)}/${pick(words)}]`,
    ...(note.alias ? [`aliases: [${note.alias}]`] : []),
    '---',
    '',
    `# ${note.name}`,
    ''
  ]
  let length = Buffer.byteLength(lines.join('\n'))
  const share = (size - length) / note.headings.length
  note.headings.forEach((heading, index) => {
    lines.push(`## ${heading}`, '')
    const end = size - share * (note.headings.length - index - 1)
    // (The section's first paragraph carries one of the note's block ids.)
    let text =
      index < note.blockIds.length ? `${paragraph()} ^${note.blockIds[index]}` : vaultBlock()
    for (;;) {
      lines.push(text, '')
      length += Buffer.byteLength(text) + 2
      if (length >= end) break
      text = vaultBlock()
    }
  })
  return lines.join('\n')
}

const work = mkdtempSync(path.join(tmpdir(), 'md2data-config-'))
const site = path.join(work, 'site')
const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['title', 'date'],
  properties: {
    title: {type: 'string'},
    date: {type: 'string'},
    tags: {type: 'array', items: {type: 'string'}}
  }
}
const configFile = `export default {
  collections: {
    posts: {include: 'content/posts/**/*.md', exclude: ['**/drafts/**'], schema: 'schema.json'},
    vault: {include: 'vault/**/*.md', syntax: 'obsidian'}
  }
}
`
let bytes = 0
const save = (file: string, text: string) => {
  mkdirSync(path.dirname(file), {recursive: true})
  writeFileSync(file, text)
}
for (const [at, post] of posts.entries()) {
  const text = writePost(post, at)
  if (at < postCount) bytes += Buffer.byteLength(text)
  save(path.join(site, 'content/posts', post.path), text)
}
for (const [at, note] of vaultNotes.entries()) {
  const text = writeVaultNote(note, at)
  bytes += Buffer.byteLength(text)
  save(path.join(site, 'vault', note.folder, `${note.name}.md`), text)
}
save(path.join(site, 'schema.json'), `${JSON.stringify(schema, null, 2)}\n`)
save(path.join(site, 'md2data.config.mjs'), configFile)

const noteCount = postCount + vaultCount
console.log(
  `\nmd2data config bench: ${noteCount} notes (${postCount} posts with a JSON Schema file, ` +
    `${draftCount} drafts excluded; ${vaultCount} Obsidian notes), ${(bytes / 1e6).toFixed(1)} MB ` +
    `(${Math.round(bytes / noteCount)} B a note), ${rounds} alternating rounds, ` +
    `${availableParallelism()} cores, in ${site}`
)

interface Run {
  seconds: number
  /** CPU seconds, user and system, of the process and its children (NaN but on Linux). */
  cpu: number
  code: number
}

/**
 * The CPU seconds of this process's children that have ended (`cutime` and `cstime` of
 * `/proc/self/stat`, in clock ticks of 1/100 s; the relaunched process and the workers count):
 * less moved by the other jobs of a shared machine than the wall time. NaN but on Linux.
 */
function childrenCpu(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8')
    // (The fields after the command's name, which may hold spaces: the 3rd of stat(5) first.)
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[16 - 3]) + Number(fields[17 - 3])) / 100
  } catch {
    return Number.NaN
  }
}

/** Run the built CLI from the site's folder, its output folder `out` removed first (not timed). */
function md2data(args: Array<string>, out: string): Run {
  rmSync(path.join(site, out), {recursive: true, force: true})
  const cpu = childrenCpu()
  const start = performance.now()
  const result = spawnSync(process.execPath, [bin, ...args, '--silent'], {
    cwd: site,
    encoding: 'utf8'
  })
  const seconds = (performance.now() - start) / 1000
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`md2data ${args.join(' ')} failed (${result.status}): ${result.stderr}`)
  return {seconds, cpu: childrenCpu() - cpu, code: result.status}
}

const viaConfig = (): Run => md2data([], '.md2data')
const viaFlags = (): Run => {
  const posts = md2data(
    [
      'content/posts/**/*.md',
      '!**/drafts/**',
      '--schema',
      'schema.json',
      '--out-dir',
      'flags/posts'
    ],
    'flags/posts'
  )
  const vault = md2data(
    ['vault/**/*.md', '--syntax', 'obsidian', '--out-dir', 'flags/vault'],
    'flags/vault'
  )
  return {
    seconds: posts.seconds + vault.seconds,
    cpu: posts.cpu + vault.cpu,
    code: Math.max(posts.code, vault.code)
  }
}

/** Every file under `folder`, '/'-separated, sorted. */
function filesIn(folder: string): Array<string> {
  if (!existsSync(folder)) return []
  return readdirSync(folder, {recursive: true, withFileTypes: true})
    .filter((entry) => entry.isFile())
    .map((entry) =>
      path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')
    )
    .sort()
}

/** The differences between the two ways' outputs (none: an empty list). */
function compare(): Array<string> {
  const problems: Array<string> = []
  const config = path.join(site, '.md2data')
  const top = filesIn(config).filter((file) => !file.includes('/'))
  const expectedTop = ['index.d.ts', 'index.js', 'posts.json', 'vault.json']
  if (top.join() !== expectedTop.join())
    problems.push(`.md2data/ holds ${top.join(', ')}; expected ${expectedTop.join(', ')}`)
  for (const [name, count] of [
    ['posts', postCount],
    ['vault', vaultCount]
  ] as const) {
    const flags = path.join(site, 'flags', name)
    const mine = filesIn(path.join(config, name))
    const theirs = filesIn(flags).filter((file) => file !== 'index.json')
    if (mine.length !== count) problems.push(`.md2data/${name}/ holds ${mine.length} files`)
    if (mine.join('\n') !== theirs.join('\n')) {
      const only = mine.filter((file) => !theirs.includes(file)).slice(0, 3)
      problems.push(`${name}: not the same files (only in .md2data: ${only.join(', ') || 'none'})`)
      continue
    }
    const pairs: Array<[string, string]> = mine.map((file) => [
      path.join(config, name, file),
      path.join(flags, file)
    ])
    pairs.push([path.join(config, `${name}.json`), path.join(flags, 'index.json')])
    for (const [a, b] of pairs) {
      if (!readFileSync(a).equals(readFileSync(b)))
        problems.push(`${path.relative(site, a)} differs from ${path.relative(site, b)}`)
    }
  }
  return problems
}

// One of each first (not counted): the page cache and the compiled code warm for both.
viaConfig()
viaFlags()

const ratios: Array<number> = []
const cpuRatios: Array<number> = []
const configTimes: Array<number> = []
const flagTimes: Array<number> = []
const problems = new Set<string>()
for (let round = 0; round < rounds; round++) {
  let config: Run
  let flags: Run
  if (round % 2) {
    flags = viaFlags()
    config = viaConfig()
  } else {
    config = viaConfig()
    flags = viaFlags()
  }
  if (config.code !== flags.code)
    problems.add(`exit code ${config.code} through the config, ${flags.code} through the flags`)
  for (const problem of compare()) problems.add(problem)
  configTimes.push(config.seconds)
  flagTimes.push(flags.seconds)
  ratios.push(config.seconds / flags.seconds)
  cpuRatios.push(config.cpu / flags.cpu)
  console.log(
    `  round ${round + 1} (${round % 2 ? 'flags' : 'config'} first): config ${config.seconds.toFixed(2)} s, ` +
      `flags ${flags.seconds.toFixed(2)} s: ${(config.seconds / flags.seconds).toFixed(3)}x; ` +
      `CPU ${config.cpu.toFixed(2)} s vs ${flags.cpu.toFixed(2)} s: ${(config.cpu / flags.cpu).toFixed(3)}x`
  )
}

const ratio = median(ratios)
const same = problems.size === 0
for (const problem of [...problems].slice(0, 10)) console.log(`  ${problem}`)
console.log(
  `config vs flags (two runs added), ${noteCount} notes: ${median(configTimes).toFixed(2)} s vs ` +
    `${median(flagTimes).toFixed(2)} s (medians); ${ratio.toFixed(3)}x, median of ${rounds} rounds ` +
    `(${Math.min(...ratios).toFixed(3)}-${Math.max(...ratios).toFixed(3)}; target <= ${target}x); ` +
    `outputs ${same ? 'byte-identical' : 'DIFFER'} ${ratio <= target && same ? 'ok' : 'FAIL'}`
)
if (ratio > target || !same) failed = true
console.log(
  `  CPU time (user and system, for information: less moved by a busy machine): ` +
    `${median(cpuRatios).toFixed(3)}x, median of ${rounds} rounds ` +
    `(${Math.min(...cpuRatios).toFixed(3)}-${Math.max(...cpuRatios).toFixed(3)})`
)

if (process.env.KEEP) console.log(`  kept ${work}`)
else rmSync(work, {recursive: true, force: true})
if (failed) process.exitCode = 1
