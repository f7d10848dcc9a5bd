import {mkdir} from 'node:fs/promises'
import path from 'node:path'
import {writeAtomic} from '../batch/index.js'
import {collectionCode, generatedHeader, loadConfig, typesFile} from '../config/index.js'
import type {LoadedCollection} from '../config/index.js'
import type {Cli} from './args.js'
import type {CollectionRun, Io} from './convert-into.js'
import {Reporter, summary} from './report.js'

/** A collection's options that a flag also gives: the option → the flag (its `given` name). */
const flags: Record<string, string> = {
  lang: 'lang',
  positions: 'no-positions',
  cjkFriendly: 'no-cjk-friendly',
  headingIds: 'heading-ids',
  syntax: 'syntax',
  links: 'no-links',
  frontmatterOnly: 'frontmatter-only',
  body: 'body',
  excerpt: 'excerpt',
  pretty: 'pretty',
  jobs: 'jobs',
  timeout: 'timeout',
  maxMemory: 'max-memory',
  maxSize: 'max-size',
  maxOutput: 'max-output',
  maxDepth: 'max-depth',
  maxFrontmatterSize: 'max-frontmatter-size',
  cache: 'cache',
  gitignore: 'no-gitignore',
  followSymlinks: 'follow-symlinks',
  extensions: 'ext'
}

/**
 * Build every collection of the config: each as `--out-dir OUT/<name>` with `OUT/<name>.json` as
 * its index, reported as one run; then `OUT/index.js` and `OUT/index.d.ts`. The exit code is the
 * worst of the runs. With `--watch`, watch every collection, writing `OUT/index.js` again.
 */
export async function buildCollections(
  cli: Cli,
  io: Io,
  convert: (cli: Cli, io: Io, collection: CollectionRun) => Promise<number>
): Promise<number> {
  const started = performance.now()
  const config = await loadConfig(cli.config as string, io.cwd)
  const dir = path.dirname(config.file)
  const out = cli.given.has('out-dir') ? path.resolve(io.cwd, cli.outDir as string) : config.out
  const text = !cli.silent && cli.reporter !== 'json'
  const reporter = new Reporter(cli, io.stderr)
  const runs = new Map<string, CollectionRun>()
  let code = 0
  for (const [name, collection] of config.collections) {
    if (text) io.stderr.write(`md2data: collection \`${name}\`\n`)
    const run: CollectionRun = {
      options: {},
      reporter,
      documents: new Map(),
      notes: 0,
      cached: 0,
      watched: null
    }
    const result = await convert(
      collectionCli(cli, io, name, collection, out, run),
      {...io, cwd: dir},
      run
    )
    if (result === 130 || result === 141) return result
    code = Math.max(code, result)
    runs.set(name, run)
  }
  reporter.finish()
  const write = () => writeIndex(config.file, out, runs)
  await write()
  const built = [...runs.values()]
  const count = (key: 'notes' | 'cached') => built.reduce((total, run) => total + run[key], 0)
  if (text) io.stderr.write(summary(count('notes'), count('cached'), reporter, false, started))
  const watched = built.flatMap((run) => run.watched ?? [])
  if (watched.length === 0) return code
  const {watch} = await import('./watch.js')
  return await watch(cli, io, watched, write)
}

/** A collection's command line: its options, and the flags over them. */
function collectionCli(
  cli: Cli,
  io: Io,
  name: string,
  collection: LoadedCollection,
  out: string,
  run: CollectionRun
): Cli {
  // (Paths the flags give are from the working directory, those of the config from its folder.)
  const fromCwd = (value: string | null) => (value === null ? null : path.resolve(io.cwd, value))
  const merged: Record<string, unknown> = {
    ...cli,
    config: null,
    schema: fromCwd(cli.schema),
    cache: fromCwd(cli.cache),
    patterns: collection.patterns,
    outDir: path.join(out, name),
    index: cli.index === null ? null : `../${name}.json`
  }
  const given: Record<string, unknown> = {...collection.find, ...collection.options}
  for (const [option, flag] of Object.entries(flags)) {
    if (given[option] !== undefined && !cli.given.has(flag)) merged[option] = given[option]
  }
  const {schema, frontmatter} = collection.options
  if (typeof schema === 'string' && !cli.given.has('schema')) merged['schema'] = schema
  if (typeof schema === 'object' && schema !== null && !cli.given.has('schema')) {
    merged['schema'] = null
    run.options.schema = schema
  }
  if (frontmatter !== undefined) run.options.frontmatter = frontmatter
  return merged as unknown as Cli
}

/** `OUT/index.js`, each collection's documents inlined in path order, and `OUT/index.d.ts`. */
async function writeIndex(file: string, out: string, runs: Map<string, CollectionRun>) {
  const js = [...runs].map(([name, {documents}]) => {
    const paths = [...documents.keys()].sort()
    return collectionCode(
      name,
      paths.map((notePath) => documents.get(notePath) as string)
    )
  })
  await mkdir(out, {recursive: true})
  await writeAtomic(path.join(out, 'index.js'), generatedHeader(file) + js.join(''))
  await writeAtomic(path.join(out, 'index.d.ts'), typesFile(file, out, [...runs.keys()]))
}
