import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/*.test.ts'],
    testTimeout: 60_000,
    // `npm test` builds first: conversions in workers use the built worker (src/batch/pool.ts).
    env: {MD2DATA_BUILT_WORKER: '1'}
  }
})
