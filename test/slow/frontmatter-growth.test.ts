import {describe, expect, test} from 'vitest'
import {readFrontmatter} from '../../src/index.js'

/**
 * Front matter work grows linearly with the block: 8n aliases must take under 16x the time of n
 * (linear gives about 8x, quadratic 64x). Each size takes its best of three runs; only ratios
 * count, so a loaded machine does not fail the test.
 */
/** Big enough that a run takes tens of milliseconds, not a few (where GC pauses decide). */
const n = 2000
const options = {maxFrontmatterSize: Infinity}

function aliases(count: number): string {
  return `---\nbase: &a x\nlist:\n${'  - *a\n'.repeat(count)}---\n\n# Body\n`
}

function best(run: () => unknown): number {
  let result = Infinity
  for (let index = 0; index < 3; index++) {
    const start = performance.now()
    run()
    result = Math.min(result, performance.now() - start)
  }
  return result
}

describe('linear time on large front matter', () => {
  // `convert` and `--frontmatter-only` read front matter the same way.
  test('should read 8n YAML aliases in under 16x the time of n', () => {
    const small = aliases(n)
    const large = aliases(8 * n)
    readFrontmatter(small, options)
    const ratio =
      best(() => readFrontmatter(large, options)) / best(() => readFrontmatter(small, options))
    expect(ratio, `8n/n = ${ratio.toFixed(1)}x`).toBeLessThan(16)
  })
})
