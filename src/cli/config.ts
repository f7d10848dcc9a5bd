import {existsSync} from 'node:fs'
import {mkdir, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import type {BatchOptions} from '../batch/index.js'
import type {Cli} from './args.js'
import {distance} from './args.js'
import type {CollectionRun, Io} from './convert-into.js'

/** A collection as the config gives it, once its shape is checked. */
type Collection = Record<string, unknown> & {include: Array<string>; exclude: Array<string>}

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
const known = ['include', 'exclude', 'schema', 'frontmatter', ...Object.keys(flags)]

/** A config that cannot be used: the run ends with exit code 2 and this message. */
class ConfigError extends Error {}

/**
 * Build every collection of the config: each as `--out-dir OUT/<name>` with `OUT/<name>.json` as
 * its index, then `OUT/index.js` and `OUT/index.d.ts`. The exit code is the worst of the runs.
 */
export async function buildCollections(
  cli: Cli,
  io: Io,
  convert: (cli: Cli, io: Io, collection: CollectionRun) => Promise<number>
): Promise<number> {
  const file = path.resolve(io.cwd, cli.config as string)
  const shown = cli.config as string
  const config = await load(file, shown)
  const dir = path.dirname(file)
  const out = cli.given.has('out-dir')
    ? path.resolve(io.cwd, cli.outDir as string)
    : path.resolve(dir, config.out)
  // (Paths the flags give are from the working directory, those of the config from its folder.)
  const fromCwd = (value: string | null) => (value === null ? null : path.resolve(io.cwd, value))
  const base = {...cli, config: null, schema: fromCwd(cli.schema), cache: fromCwd(cli.cache)}
  const text = !cli.silent && cli.reporter !== 'json'
  const documents: Array<[string, Array<string>]> = []
  let code = 0
  for (const [name, collection] of Object.entries(config.collections)) {
    if (text) io.stderr.write(`md2data: collection \`${name}\`\n`)
    const run: CollectionRun = {options: {}, documents: []}
    const merged: Record<string, unknown> = {
      ...base,
      patterns: [...collection.include, ...collection.exclude.map((pattern) => `!${pattern}`)],
      outDir: path.join(out, name),
      index: cli.index === null ? null : `../${name}.json`
    }
    for (const [option, flag] of Object.entries(flags)) {
      if (collection[option] !== undefined && !cli.given.has(flag))
        merged[option] = collection[option]
    }
    const {schema, frontmatter} = collection
    if (typeof schema === 'string' && !cli.given.has('schema'))
      merged['schema'] = path.resolve(dir, schema)
    if (typeof schema === 'object' && !cli.given.has('schema')) {
      merged['schema'] = null
      run.options.schema = schema as BatchOptions['schema']
    }
    if (frontmatter !== undefined)
      run.options.frontmatter = frontmatter as BatchOptions['frontmatter']
    const result = await convert(merged as unknown as Cli, {...io, cwd: dir}, run)
    if (result === 130 || result === 141) return result
    code = Math.max(code, result)
    documents.push([name, run.documents])
  }
  await writeIndex(out, file, shown, documents)
  return code
}

/** `OUT/index.js` (each collection's documents, inlined) and `OUT/index.d.ts` (their types). */
async function writeIndex(
  out: string,
  file: string,
  shown: string,
  collections: Array<[string, Array<string>]>
): Promise<void> {
  const header = `// Written by md2data from ${path.basename(shown)}: do not edit.\n`
  const js = collections.map(([name, documents]) =>
    documents.length === 0
      ? `export const ${name} = []\n`
      : `export const ${name} = [\n${documents.join(',\n')}\n]\n`
  )
  // A TypeScript config gives each collection's schema, hence its documents' data type.
  const typed = /\.m?ts$/.test(file)
  let from = path.relative(out, file).split(path.sep).join('/').replace(/ts$/, 'js')
  if (!from.startsWith('.')) from = `./${from}`
  const dts = [
    header,
    "import type {CollectionDocument} from 'md2data/config'\n",
    typed
      ? `import type config from '${from}'\n\ntype Collections = (typeof config)['collections']\n`
      : '',
    '\n',
    ...collections.map(
      ([name]) =>
        `export declare const ${name}: Array<CollectionDocument<${typed ? `Collections['${name}']` : 'unknown'}>>\n`
    )
  ]
  await mkdir(out, {recursive: true})
  await writeFile(path.join(out, 'index.js'), header + js.join(''))
  await writeFile(path.join(out, 'index.d.ts'), dts.join(''))
}

/** Load the config (TypeScript through jiti, loaded only then) and check its shape. */
async function load(
  file: string,
  shown: string
): Promise<{out: string; collections: Record<string, Collection>}> {
  if (!existsSync(file)) throw new Error(`${shown}: cannot read the config file`)
  let module: {default?: unknown}
  try {
    if (/\.[mc]?ts$/.test(file)) {
      const {createJiti} = await import('jiti')
      const jiti = createJiti(import.meta.url, {fsCache: false, moduleCache: false})
      module = await jiti.import(file)
    } else {
      module = (await import(pathToFileURL(file).href)) as {default?: unknown}
    }
  } catch (error) {
    throw new Error(`${shown}: ${(error as Error).message}`)
  }
  try {
    return check(module.default)
  } catch (error) {
    if (error instanceof ConfigError) throw new Error(`${shown}: ${error.message}`)
    throw error
  }
}

/** The config's shape, checked by hand: the first problem, as `field: expected …`. */
function check(config: unknown): {out: string; collections: Record<string, Collection>} {
  if (!isObject(config)) {
    throw new ConfigError(
      'expected a default export of an object (`export default defineConfig({collections: {…}})`)'
    )
  }
  unknownOptions(config, ['out', 'collections'], '')
  const out = config['out'] ?? '.md2data'
  if (typeof out !== 'string' || out === '') throw new ConfigError('out: expected a folder path')
  const collections = config['collections']
  if (!isObject(collections) || Object.keys(collections).length === 0)
    throw new ConfigError('collections: expected an object of collections by name')
  const checked: Record<string, Collection> = {}
  for (const [name, collection] of Object.entries(collections)) {
    const at = `collections.${name}`
    if (!/^[A-Za-z_$][\w$]*$/.test(name) || name === 'default')
      throw new ConfigError(`${at}: expected a name that is a JavaScript identifier`)
    if (!isObject(collection)) throw new ConfigError(`${at}: expected an object with include`)
    unknownOptions(collection, known, `${at}.`)
    const {include, exclude = [], schema} = collection
    const strings = (value: unknown): value is Array<string> =>
      Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '')
    if (!(typeof include === 'string' && include !== '') && !(strings(include) && include.length))
      throw new ConfigError(`${at}.include: expected a string or a list of strings`)
    if (!strings(exclude)) throw new ConfigError(`${at}.exclude: expected a list of strings`)
    const standard = isObject(schema) && isObject(schema['~standard'])
    if (schema !== undefined && typeof schema !== 'string' && !standard) {
      throw new ConfigError(
        `${at}.schema: expected a Standard Schema (zod, valibot, arktype…) or a JSON Schema file path`
      )
    }
    checked[name] = {
      ...collection,
      include: typeof include === 'string' ? [include] : [...(include as Array<string>)],
      exclude: [...(exclude as Array<string>)]
    }
  }
  return {out, collections: checked}
}

/** The first option that is not one of `names`, with the closest name when one is close. */
function unknownOptions(value: Record<string, unknown>, names: Array<string>, at: string): void {
  for (const key of Object.keys(value)) {
    if (names.includes(key)) continue
    const closest = [...names].sort((a, b) => distance(key, a) - distance(key, b))[0] as string
    const hint =
      distance(key, closest) <= Math.max(2, key.length / 3) ? ` (did you mean \`${closest}\`?)` : ''
    throw new ConfigError(`${at}${key}: unknown option${hint}`)
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
