/** The default cache folder (`--cache` without `=DIR`); its own module so that `bin.ts` loads nothing else. */
export const defaultCache = 'node_modules/.cache/md2data'
