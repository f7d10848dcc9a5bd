import {defaultMaxDepth} from './depth.js'

/**
 * Defaults of every limit and batch option (documented in the README and SECURITY.md), in one
 * module that loads nothing else, so the command line's main thread reads them without the parser.
 */
export const defaults = {
  /** Largest note converted, in bytes. */
  maxSize: 2 * 1024 * 1024,
  /** Deepest nesting of block quotes and lists, and of brackets and emphasis. */
  maxDepth: defaultMaxDepth,
  /** Largest front matter block read, in bytes. */
  maxFrontmatterSize: 64 * 1024,
  /** Time budget of one note in a batch, in milliseconds. */
  timeout: 10_000,
  /** Longest document a batch writes, in characters of JSON. */
  maxOutput: 64 * 1024 * 1024,
  /** Heap limit of each worker, in MiB. */
  maxMemory: 1024,
  /** The cache folder of `--cache` without a folder. */
  cache: 'node_modules/.cache/md2data',
  /** The name of the index in `--out-dir`. */
  index: 'index.json'
}

/** The limits `convert` applies (a part of `defaults`). */
export const limits = {
  maxSize: defaults.maxSize,
  maxDepth: defaults.maxDepth,
  maxFrontmatterSize: defaults.maxFrontmatterSize
}
