import {existsSync, readdirSync} from 'node:fs'
import path from 'node:path'
import {parseArgs} from 'node:util'
import {defaultJobs, defaults, markdownExtensions} from '../batch/index.js'
import {configNames} from '../config/index.js'

/** A command line that cannot run: exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** The parsed command line. */
export interface Cli {
  patterns: Array<string>
  /** The config file: `--config FILE`, or with no patterns the first `md2data.config.*` found. */
  config: string | null
  /** The options given on the command line (long names, `no-` ones with it): they override a config. */
  given: ReadonlySet<string>
  outDir: string | null
  /** `-` for stdout. */
  ndjson: string | null
  index: string | null
  pretty: boolean
  positions: boolean
  lang: string | null
  cjkFriendly: boolean
  headingIds: 'github' | 'normalized'
  syntax: 'gfm' | 'obsidian'
  links: boolean
  schema: string | null
  frontmatterOnly: boolean
  body: boolean
  excerpt: boolean
  jobs: number
  cache: string | null
  watch: boolean
  shard: {index: number; count: number} | null
  timeout: number
  maxMemory: number
  maxSize: number
  maxOutput: number
  maxDepth: number
  maxFrontmatterSize: number
  followSymlinks: boolean
  ignore: Array<string>
  extensions: Array<string>
  gitignore: boolean
  reporter: 'stylish' | 'json' | 'github'
  strict: boolean
  quiet: boolean
  silent: boolean
  progress: boolean
  help: boolean
  version: boolean
}

export const help = `Usage: md2data [patterns…] [options]

Convert Markdown notes to JSON documents, and report problems as file:line:col diagnostics.
Patterns are folders (every .md/.markdown file under them), files, or globs ("notes/**/*.md");
"!pattern" leaves paths out. node_modules, dot-folders, .gitignored paths and what .md2dataignore
lists are skipped; symbolic links are not followed.

With no patterns, md2data.config.{ts,mts,js,mjs} in the working directory builds its collections.

Output (one file and no output option: its JSON on stdout; several: check only):
  --out-dir DIR          One JSON per note, mirroring the tree (a/b.md -> DIR/a/b.json), and DIR/index.json
  --ndjson[=FILE]        One document a line, to FILE or stdout (--ndjson FILE when it ends in .ndjson, .jsonl, .json)
  --index NAME           Name of the index in --out-dir (default: index.json)
  --no-index             Write no index
  --pretty               Indent the JSON (--out-dir and stdout)
  --config FILE          Build the collections of this config file (default: md2data.config.* when no patterns)

Conversion:
  --lang TAG             Language when front matter has no lang (BCP 47: ja, zh, en…)
  --no-positions         Leave positions out of the documents
  --no-cjk-friendly      Strict CommonMark emphasis (no CJK-friendly emphasis)
  --heading-ids MODE     github (default) or normalized (NFKC first)
  --syntax FLAVOUR       gfm (default; GitHub alerts) or obsidian (wikilinks, embeds, callouts, #tags…)
  --no-links             Do not resolve links across the notes (no link-* diagnostics, no graph)
  --schema FILE          Validate front matter: a JSON Schema (.json) or an ES module exporting a Standard Schema
  --frontmatter-only     Read and validate front matter only, without parsing the body
  --body                 Add body: the Markdown after the front matter, as written
  --excerpt              Add excerpt: the text before <!-- more -->, else the first paragraph's

Batch:
  --jobs N               Worker threads (default: ${defaultJobs()}, one a core)
  --cache[=DIR]          Reuse conversions of unchanged notes (default DIR: ${defaults.cache})
  --watch                After converting, convert again what changes (needs --out-dir or a config)
  --shard I/N            Convert only the I-th of N stable slices of the notes (CI matrices)
  --timeout MS           Time budget of one note (default: 10000)
  --max-memory MB        Heap limit of each worker (default: 1024)
  --max-size SIZE        Largest note converted, in bytes or with KiB/MiB (default: 2MiB)
  --max-output SIZE      Longest document written, in characters of JSON (default: 64MiB)
  --max-depth N          Deepest nesting of block quotes/lists and of brackets/emphasis (default: 100)
  --max-frontmatter-size SIZE
                         Largest front matter block read (default: 64KiB)
  --ignore PATTERN       Leave out paths that match (repeatable; also: !PATTERN among the patterns)
  --ext EXT              Also take files with this extension from folders and ** globs (repeatable)
  --follow-symlinks      Follow symbolic links (never out of the folder walked)
  --no-gitignore         Do not skip .gitignored paths

Reporting (diagnostics go to stderr):
  --reporter NAME        stylish (default), json or github (GitHub Actions annotations)
  --strict               Warnings fail too (exit code 1)
  --quiet                Report errors only
  --silent               Report nothing (the exit code still tells)
  --no-progress          No progress bar (there is none when stderr is not a terminal)
  -h, --help             Show this help
  -v, --version          Show the version

Exit codes: 0 no errors, 1 errors in the notes (or warnings with --strict),
2 bad usage, bad configuration or internal failure, 130 interrupted,
141 standard output closed by its reader (\`| head\`).`

const options = {
  'out-dir': {type: 'string'},
  ndjson: {type: 'string'},
  index: {type: 'string'},
  'no-index': {type: 'boolean'},
  pretty: {type: 'boolean'},
  config: {type: 'string'},
  'no-positions': {type: 'boolean'},
  lang: {type: 'string'},
  'no-cjk-friendly': {type: 'boolean'},
  'heading-ids': {type: 'string'},
  syntax: {type: 'string'},
  'no-links': {type: 'boolean'},
  schema: {type: 'string'},
  'frontmatter-only': {type: 'boolean'},
  body: {type: 'boolean'},
  excerpt: {type: 'boolean'},
  jobs: {type: 'string'},
  cache: {type: 'string'},
  watch: {type: 'boolean'},
  shard: {type: 'string'},
  timeout: {type: 'string'},
  'max-memory': {type: 'string'},
  'max-size': {type: 'string'},
  'max-output': {type: 'string'},
  'max-depth': {type: 'string'},
  'max-frontmatter-size': {type: 'string'},
  'follow-symlinks': {type: 'boolean'},
  ignore: {type: 'string', multiple: true},
  ext: {type: 'string', multiple: true},
  'no-gitignore': {type: 'boolean'},
  reporter: {type: 'string'},
  strict: {type: 'boolean'},
  quiet: {type: 'boolean'},
  silent: {type: 'boolean'},
  'no-progress': {type: 'boolean'},
  help: {type: 'boolean', short: 'h'},
  version: {type: 'boolean', short: 'v'}
} as const

/** Parse the arguments (without `node` and the script). Throws `UsageError`. */
export function parseCli(argv: ReadonlyArray<string>, cwd = process.cwd()): Cli {
  let parsed
  try {
    parsed = parseArgs({args: normalize(argv, cwd), allowPositionals: true, strict: true, options})
  } catch (error) {
    throw new UsageError(unknown(error as Error & {code?: string}))
  }
  const values = parsed.values
  const config =
    values.config ??
    (parsed.positionals.length === 0
      ? (configNames.find((name) => existsSync(path.join(cwd, name))) ?? null)
      : null)
  const cli: Cli = {
    patterns: parsed.positionals,
    config,
    given: new Set(Object.keys(values)),
    outDir: values['out-dir'] ?? null,
    ndjson: values.ndjson ?? null,
    index: values['no-index'] ? null : (values.index ?? defaults.index),
    pretty: values.pretty ?? false,
    positions: !values['no-positions'],
    lang: values.lang ?? null,
    cjkFriendly: !values['no-cjk-friendly'],
    headingIds: oneOf('--heading-ids', values['heading-ids'], ['github', 'normalized']),
    syntax: oneOf('--syntax', values.syntax, ['gfm', 'obsidian']),
    links: !values['no-links'],
    schema: values.schema ?? null,
    frontmatterOnly: values['frontmatter-only'] ?? false,
    body: values.body ?? false,
    excerpt: values.excerpt ?? false,
    jobs: integer('--jobs', values.jobs, defaultJobs(), 1),
    cache: values.cache === undefined ? null : values.cache || defaults.cache,
    watch: values.watch ?? false,
    shard: shard(values.shard),
    timeout: integer('--timeout', values.timeout, defaults.timeout, 1),
    maxMemory: integer('--max-memory', values['max-memory'], defaults.maxMemory, 16),
    maxSize: size('--max-size', values['max-size'], defaults.maxSize),
    maxOutput: size('--max-output', values['max-output'], defaults.maxOutput),
    maxDepth: integer('--max-depth', values['max-depth'], defaults.maxDepth, 1),
    maxFrontmatterSize: size(
      '--max-frontmatter-size',
      values['max-frontmatter-size'],
      defaults.maxFrontmatterSize
    ),
    followSymlinks: values['follow-symlinks'] ?? false,
    ignore: values.ignore ?? [],
    extensions: values.ext ?? [],
    gitignore: !values['no-gitignore'],
    reporter: oneOf('--reporter', values.reporter, ['stylish', 'json', 'github']),
    strict: values.strict ?? false,
    quiet: values.quiet ?? false,
    silent: values.silent ?? false,
    progress: !values['no-progress'],
    help: values.help ?? false,
    version: values.version ?? false
  }
  check(cli)
  return cli
}

/** What no single flag tells: an index name, `--watch` without `--out-dir`, no patterns. */
function check(cli: Cli): void {
  const {index} = cli
  if (index !== null && (index.includes('/') || index.includes('\\') || !index.endsWith('.json'))) {
    throw new UsageError(
      `Unexpected \`--index ${index}\`, expected a file name ending in \`.json\``
    )
  }
  if (cli.config) {
    const flag = ['ndjson', 'index'].find((name) => cli.given.has(name))
    if (flag) throw new UsageError(`Unexpected \`--${flag}\` with a config file`)
    if (cli.patterns.length > 0) {
      throw new UsageError(
        'Unexpected patterns with `--config`: the collections of the config name the notes'
      )
    }
    return
  }
  if (cli.watch && !cli.outDir) throw new UsageError('Unexpected `--watch` without `--out-dir`')
  if (!cli.help && !cli.version && cli.patterns.length === 0) {
    throw new UsageError(
      'Missing patterns: give folders, files or globs of notes (see `md2data --help`)'
    )
  }
}

/** A flag's value among some words (the first is the default). */
function oneOf<Word extends string>(
  flag: string,
  value: string | undefined,
  words: Array<Word>
): Word {
  if (value === undefined) return words[0] as Word
  if (words.includes(value as Word)) return value as Word
  const list = words.map((word) => `\`${word}\``)
  const expected =
    list.length === 2 ? list.join(' or ') : `${list.slice(0, -1).join(', ')} or ${list.at(-1)}`
  throw new UsageError(`Unexpected \`${flag} ${value}\`, expected ${expected}`)
}

function shard(value: string | undefined): Cli['shard'] {
  if (value === undefined) return null
  const match = /^(\d+)\/(\d+)$/.exec(value)
  const index = Number(match?.[1])
  const count = Number(match?.[2])
  if (!match || count < 1 || index < 1 || index > count) {
    throw new UsageError(
      `Unexpected \`--shard ${value}\`, expected I/N with 1 <= I <= N (such as 1/4)`
    )
  }
  return {index, count}
}

/**
 * `--ndjson` and `--cache` take an optional value, given as `--ndjson=FILE`. Alone, `--ndjson` is
 * stdout and `--cache` the default folder; the argument after them is a pattern when it is one (a
 * Markdown file, a glob, a folder of notes), `--ndjson`'s file when it ends in `.ndjson`, `.jsonl` or
 * `.json`; anything else is ambiguous (a usage error), never silently taken or dropped.
 */
function normalize(argv: ReadonlyArray<string>, cwd: string): Array<string> {
  const result: Array<string> = []
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string
    const next = argv[index + 1]
    if (arg === '--') {
      result.push(...argv.slice(index))
      break
    }
    if (arg !== '--ndjson' && arg !== '--cache') {
      result.push(arg)
      continue
    }
    const file = arg === '--ndjson' && next !== undefined && /\.(?:ndjson|jsonl|json)$/i.test(next)
    if (file) index++
    result.push(file ? `--ndjson=${next}` : arg === '--ndjson' ? '--ndjson=-' : '--cache=')
    if (!file && next !== undefined && !next.startsWith('-') && !isPattern(next, cwd, arg)) {
      throw new UsageError(
        `Unexpected \`${arg} ${next}\`: write \`${arg}=${next}\` for ${arg === '--cache' ? 'that cache folder' : 'that file'}, or give the pattern before \`${arg}\``
      )
    }
  }
  return result
}

/** Whether an argument is a pattern of notes: a Markdown file, a glob, or a folder (not a cache). */
function isPattern(value: string, cwd: string, flag: string): boolean {
  const name = value.toLowerCase()
  if (markdownExtensions.some((extension) => name.endsWith(extension))) return true
  if (/[*?[\]{}]/.test(value)) return true
  try {
    const entries = readdirSync(path.resolve(cwd, value))
    return flag !== '--cache' || !entries.some((name) => name.endsWith('.pack'))
  } catch {
    return false
  }
}

/** Node's message for an unknown option, in our words, with the closest flag. */
function unknown(error: Error & {code?: string}): string {
  const option = /option '([^']+)'/.exec(error.message)?.[1]
  if (error.code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || !option) return error.message
  const flags = Object.entries(options).map(([name]) => `--${name}`)
  const closest = flags.sort((a, b) => distance(option, a) - distance(option, b))[0] as string
  const hint =
    distance(option, closest) <= Math.max(2, option.length / 3)
      ? ` (did you mean \`${closest}\`?)`
      : ''
  return `Unknown option \`${option}\`${hint}; see \`md2data --help\``
}

/** The Levenshtein distance of two strings. */
function distance(a: string, b: string): number {
  let row = Array.from({length: b.length + 1}, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(
        (row[j] as number) + 1,
        (next[j - 1] as number) + 1,
        (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1)
      )
    row = next
  }
  return row[b.length] as number
}

function integer(flag: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback
  const number = Number(value)
  if (!/^\d+$/.test(value) || number < min) {
    throw new UsageError(
      `Unexpected \`${flag} ${value}\`, expected a whole number of at least ${min}`
    )
  }
  return number
}

/** `2097152`, `512KiB`, `2MiB`, `1.5M`. */
function size(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  const match = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?$/i.exec(value)
  if (!match) {
    throw new UsageError(
      `Unexpected \`${flag} ${value}\`, expected bytes or a size such as 512KiB or 2MiB`
    )
  }
  const unit = (match[2] ?? 'b').toLowerCase()[0]
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1
  return Math.round(Number(match[1]) * factor)
}
