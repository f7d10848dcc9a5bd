import {existsSync} from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import type {BatchOptions} from '../batch/convert-files.js'
import type {FindOptions} from '../batch/files.js'
import {closestString} from '../validate/issues.js'

/** The config files looked for in a folder, in order. */
export const configNames = [
  'md2data.config.ts',
  'md2data.config.mts',
  'md2data.config.js',
  'md2data.config.mjs'
]

/** A collection of a loaded config: what to find, and how to convert it. */
export interface LoadedCollection {
  /** The patterns: `include`, then `exclude` as `!pattern`, from the config's folder. */
  patterns: Array<string>
  /** How the notes are found (`cwd` is the config's folder). */
  find: FindOptions & {cwd: string}
  /** How they are converted: the collection's options, a JSON Schema path made absolute. */
  options: BatchOptions
}

/** A config file, loaded and checked. */
export interface LoadedConfig {
  /** The config file, absolute. */
  file: string
  /** Where the collections are written (`out`), absolute. */
  out: string
  /** The collections, by name, in the config's order. */
  collections: Map<string, LoadedCollection>
}

/** A collection's options that choose notes (`FindOptions`) rather than convert them. */
const findKeys = ['gitignore', 'followSymlinks', 'extensions'] as const

/** Every option a collection takes besides `include`, `exclude` and `schema`. */
const optionKeys = [
  ...findKeys,
  'frontmatter',
  'lang',
  'positions',
  'cjkFriendly',
  'headingIds',
  'syntax',
  'links',
  'frontmatterOnly',
  'body',
  'excerpt',
  'pretty',
  'jobs',
  'timeout',
  'maxMemory',
  'maxSize',
  'maxOutput',
  'maxDepth',
  'maxFrontmatterSize',
  'cache'
]

/** A config that cannot be used: the message names the file and the field. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** The first of `configNames` in `folder`, or `null`. */
export function findConfig(folder: string): string | null {
  const name = configNames.find((candidate) => existsSync(path.join(folder, candidate)))
  return name === undefined ? null : path.join(folder, name)
}

/**
 * Load a config file (TypeScript through jiti, loaded only then; JavaScript with `import()`) and
 * check its shape. Throws a `ConfigError` naming the file as given and the first bad field
 * (`md2data.config.ts: collections.posts.include: expected a string or a list of strings`).
 */
export async function loadConfig(file: string, cwd = process.cwd()): Promise<LoadedConfig> {
  const absolute = path.resolve(cwd, file)
  if (!existsSync(absolute)) throw new ConfigError(`${file}: cannot read the config file`)
  let module: {default?: unknown}
  try {
    if (/\.[mc]?ts$/.test(absolute)) {
      const {createJiti} = await import('jiti')
      const jiti = createJiti(import.meta.url, {fsCache: false, moduleCache: false})
      module = await jiti.import(absolute)
    } else {
      // (A query makes a changed config load again in the same process: `--watch`, Vite.)
      const url = `${pathToFileURL(absolute).href}?t=${Date.now()}`
      module = (await import(url)) as {default?: unknown}
    }
  } catch (error) {
    throw new ConfigError(`${file}: ${(error as Error).message}`)
  }
  try {
    return check(module.default, absolute)
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(`${file}: ${error.message}`)
    throw error
  }
}

/** The config's shape, checked by hand: the first problem, as `field: expected …`. */
function check(config: unknown, file: string): LoadedConfig {
  if (!isObject(config)) {
    throw new ConfigError(
      'expected a default export of an object (`export default defineConfig({collections: {…}})`)'
    )
  }
  unknownOptions(config, ['out', 'collections'], '')
  const dir = path.dirname(file)
  const out = config['out'] ?? '.md2data'
  if (typeof out !== 'string' || out === '') throw new ConfigError('out: expected a folder path')
  const collections = config['collections']
  if (!isObject(collections) || Object.keys(collections).length === 0)
    throw new ConfigError('collections: expected an object of collections by name')
  const checked = new Map<string, LoadedCollection>()
  for (const [name, collection] of Object.entries(collections)) {
    checked.set(name, checkCollection(name, collection, dir))
  }
  return {file, out: path.resolve(dir, out), collections: checked}
}

/** One collection: its name, patterns and schema checked, its options split. */
function checkCollection(name: string, collection: unknown, dir: string): LoadedCollection {
  const at = `collections.${name}`
  if (!/^[A-Za-z_$][\w$]*$/.test(name) || name === 'default')
    throw new ConfigError(`${at}: expected a name that is a JavaScript identifier`)
  if (!isObject(collection)) throw new ConfigError(`${at}: expected an object with include`)
  unknownOptions(collection, ['include', 'exclude', 'schema', ...optionKeys], `${at}.`)
  const {include, exclude = [], schema, ...rest} = collection
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
  const find: LoadedCollection['find'] = {cwd: dir}
  const options: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(rest)) {
    if (value === undefined) continue
    if ((findKeys as ReadonlyArray<string>).includes(key)) Object.assign(find, {[key]: value})
    else options[key] = value
  }
  if (schema !== undefined)
    options['schema'] = typeof schema === 'string' ? path.resolve(dir, schema) : schema
  return {
    patterns: [
      ...(typeof include === 'string' ? [include] : include),
      ...exclude.map((x) => `!${x}`)
    ],
    find,
    options: options as BatchOptions
  }
}

/** The first option that is not one of `names`, with the closest name when one is close. */
function unknownOptions(value: Record<string, unknown>, names: Array<string>, at: string): void {
  for (const key of Object.keys(value)) {
    if (names.includes(key)) continue
    const closest = closestString(key, names)
    throw new ConfigError(
      `${at}${key}: unknown option${closest ? ` (did you mean \`${closest}\`?)` : ''}`
    )
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
