import {defaultMaxDepth} from './depth.js'

/**
 * Defaults of the limits (documented in the README and SECURITY.md). In a module of their own, so
 * that the command line's main thread reads them without loading the parser.
 */
export const limits = {
  maxSize: 2 * 1024 * 1024,
  maxDepth: defaultMaxDepth,
  maxFrontmatterSize: 64 * 1024
}
