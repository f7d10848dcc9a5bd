import {mkdir, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {generatedHeader, loadConfig, typesFile} from '../config/index.js'
import type {Cli} from './args.js'
import type {CollectionRun, Io} from './convert-into.js'

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
 * its index, then `OUT/index.js` and `OUT/index.d.ts`. The exit code is the worst of the runs.
 */
export async function buildCollections(
  cli: Cli,
  io: Io,
  convert: (cli: Cli, io: Io, collection: CollectionRun) => Promise<number>
): Promise<number> {
  const config = await loadConfig(cli.config as string, io.cwd)
  const dir = path.dirname(config.file)
  const out = cli.given.has('out-dir') ? path.resolve(io.cwd, cli.outDir as string) : config.out
  // (Paths the flags give are from the working directory, those of the config from its folder.)
  const fromCwd = (value: string | null) => (value === null ? null : path.resolve(io.cwd, value))
  const base = {...cli, config: null, schema: fromCwd(cli.schema), cache: fromCwd(cli.cache)}
  const text = !cli.silent && cli.reporter !== 'json'
  const documents: Array<[string, Array<string>]> = []
  let code = 0
  for (const [name, collection] of config.collections) {
    if (text) io.stderr.write(`md2data: collection \`${name}\`\n`)
    const run: CollectionRun = {options: {}, documents: []}
    const merged: Record<string, unknown> = {
      ...base,
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
    const result = await convert(merged as unknown as Cli, {...io, cwd: dir}, run)
    if (result === 130 || result === 141) return result
    code = Math.max(code, result)
    documents.push([name, run.documents])
  }
  const js = documents.map(([name, items]) =>
    items.length === 0
      ? `export const ${name} = []\n`
      : `export const ${name} = [\n${items.join(',\n')}\n]\n`
  )
  await mkdir(out, {recursive: true})
  await writeFile(path.join(out, 'index.js'), generatedHeader(config.file) + js.join(''))
  const names = documents.map(([name]) => name)
  await writeFile(path.join(out, 'index.d.ts'), typesFile(config.file, out, names))
  return code
}
