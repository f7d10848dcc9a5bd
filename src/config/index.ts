/**
 * `md2data/config`: `defineConfig` and the types of `md2data.config.ts`; `findConfig` and
 * `loadConfig`, which the command line and the Vite plugin read a config with.
 */
export {defineConfig} from './define.js'
export type {
  Collection,
  CollectionData,
  CollectionDocument,
  Config,
  Jsonified,
  StandardSchemaV1
} from './define.js'
export {ConfigError, configNames, findConfig, loadConfig} from './load.js'
export type {LoadedCollection, LoadedConfig} from './load.js'
export {collectionCode, generatedHeader, typesFile} from './generated.js'
