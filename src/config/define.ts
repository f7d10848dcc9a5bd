/** The types of `md2data.config.ts`, and `defineConfig`, which gives them. */
import type {StandardSchemaV1} from '@standard-schema/spec'
import type {BatchOptions} from '../batch/convert-files.js'
import type {FindOptions} from '../batch/files.js'
import type {NoteDocument} from '../types.js'

export type {StandardSchemaV1} from '@standard-schema/spec'

/** A collection: the notes its patterns find, converted with its options into `OUT/<name>/`. */
export type Collection = {
  /** Patterns of notes (folders, files, globs), from the config's folder. */
  include: string | ReadonlyArray<string>
  /** Patterns of paths to leave out (as `!pattern` on the command line). */
  exclude?: ReadonlyArray<string> | undefined
  /** A Standard Schema object, or a JSON Schema file (`.json`, from the config's folder). */
  schema?: StandardSchemaV1 | string | undefined
} & Omit<BatchOptions, 'schema' | 'signal' | 'otherFiles'> &
  Pick<FindOptions, 'gitignore' | 'followSymlinks' | 'extensions'>

/** `md2data.config.{ts,mts,js,mjs}`'s default export. */
export interface Config {
  /** Where the collections are written, from the config's folder. Default: `.md2data`. */
  out?: string | undefined
  /** The collections, by name (a JavaScript identifier: `import {name} from './.md2data'`). */
  collections: Record<string, Collection>
}

/** The config as it is: a function only for its types (and the schemas' inferred types). */
export function defineConfig<const C extends Config>(config: C): C {
  return config
}

/**
 * The front matter data of a collection's documents: its schema's output, if a Standard Schema,
 * as JSON has it (the documents are JSON): a `Date` (`z.coerce.date()`) is its ISO string.
 */
export type CollectionData<C> = C extends {schema: infer Schema extends StandardSchemaV1}
  ? Jsonified<StandardSchemaV1.InferOutput<Schema>>
  : Record<string, unknown>

/** A value's type once through `JSON.stringify` and `JSON.parse` (`toJSON()` applied). */
export type Jsonified<T> = T extends {toJSON: (...args: Array<never>) => infer Json}
  ? Jsonified<Json>
  : T extends string | number | boolean | null
    ? T
    : T extends ReadonlyArray<infer Item>
      ? Array<Jsonified<Item>>
      : T extends object
        ? {
            [
              Key in keyof T as T[Key] extends
                undefined | symbol | ((...args: Array<never>) => unknown)
                ? never
                : Key
            ]: Jsonified<T[Key]>
          }
        : never

/** A document of a collection (what `OUT/index.d.ts` declares each collection an array of). */
export type CollectionDocument<C> = NoteDocument<CollectionData<C>>
