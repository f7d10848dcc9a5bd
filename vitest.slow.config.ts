import {defineConfig} from 'vitest/config'

// `npm run test:slow`: corpus, linear-growth, property, cache-damage and process-level CLI tests.
export default defineConfig({
  test: {
    include: ['test/slow/**/*.test.ts'],
    testTimeout: 120_000,
    fileParallelism: false
  }
})
