import {describe, expect, test} from 'vitest'
import {parseYaml} from '../../src/frontmatter/yaml.js'
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

describe('front matter keys', () => {
  test('should read 100,000 keys in linear time, flat or nested (own linear duplicate check)', () => {
    const block = (count: number, indent: string) => {
      const keys = Array.from({length: count}, (_, index) => `${indent}k${index}: ${index}`)
      return `---\n${indent ? 'root:\n' : ''}${keys.join('\n')}\n${indent}k5: again\n---\n`
    }
    // Fastest of three runs, so that a busy machine does not decide; 10x the keys must take
    // nowhere near 100x the time (a quadratic duplicate check would).
    const fastest = (text: string) =>
      Math.min(
        ...[0, 1, 2].map(() => {
          const start = performance.now()
          readFrontmatter(text, {maxFrontmatterSize: Infinity})
          return performance.now() - start
        })
      )
    for (const indent of ['', '  ']) {
      const text = block(100_000, indent)
      const result = readFrontmatter(text, {maxFrontmatterSize: Infinity})
      const line = indent ? 100_003 : 100_002
      expect(
        result.diagnostics.map(
          (item) => `${item.ruleId} ${item.position?.start.line}:${item.position?.start.column}`
        )
      ).toEqual([`frontmatter-duplicate-key ${line}:${indent.length + 1}`])
      const data = (indent ? result.frontmatter?.data.root : result.frontmatter?.data) as Record<
        string,
        unknown
      >
      expect(Object.keys(data).length).toBe(100_000)
      const ratio = fastest(block(40_000, indent)) / fastest(block(4_000, indent))
      expect(ratio, `40,000 keys take ${ratio.toFixed(1)}x the time of 4,000`).toBeLessThan(30)
    }
    // The same through the `yaml` package (which the fast path spares these blocks).
    const yamlTime = (count: number) => {
      const raw = block(count, '  ').slice(4, -5)
      return Math.min(
        ...[0, 1, 2].map(() => {
          const start = performance.now()
          parseYaml(raw, 2, {flat: false})
          return performance.now() - start
        })
      )
    }
    const ratio = yamlTime(20_000) / yamlTime(2_000)
    expect(ratio, `yaml: 20,000 keys take ${ratio.toFixed(1)}x the time of 2,000`).toBeLessThan(30)
  })
})
