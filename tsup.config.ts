import {defineConfig} from 'tsup'

export default defineConfig({
  // The library, the worker the batch layer runs notes in, and the command line.
  entry: {index: 'src/index.ts', worker: 'src/batch/worker.ts', cli: 'src/cli/bin.ts'},
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: {entry: {index: 'src/index.ts'}},
  clean: true,
  sourcemap: true,
  // Shared chunks, and lazy ones for what only some runs need (the parser, ajv, the pool).
  splitting: true
})
