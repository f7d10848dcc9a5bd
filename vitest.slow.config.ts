import {defineConfig} from 'vitest/config'

// `npm run test:slow`: corpus, linear-growth, property, cache-damage, process-level CLI tests, and the
// end-to-end suites (the README's examples run, the test vault, config files, the browser).
export default defineConfig({
  test: {
    include: ['test/slow/**/*.test.ts'],
    testTimeout: 120_000,
    fileParallelism: false
  }
})
