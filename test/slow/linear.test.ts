import {describe, expect, test} from 'vitest'
import {convert} from '../../src/index.js'

/**
 * micromark 4.0.3 (micromark-core-commonmark 2.0.4) rebuilds its event array each time a list or
 * block quote closes and for every setext heading, so these ordinary notes took quadratic time.
 * md2data pins the linear versions; this guards the pin: 8n repetitions must take under 16x the
 * time of n (linear gives about 8x, quadratic 64x). Each size takes its best of three runs.
 */
const units = {
  'setext headings': 'Heading\n---\n\ntext\n\n',
  'block quotes': '> q\n\npara\n\n',
  'nested lists': '# H\n\n- a\n- b\n  - c\n\n'
}

const n = 500

function best(text: string): number {
  let result = Infinity
  for (let run = 0; run < 3; run++) {
    const start = performance.now()
    convert(text)
    result = Math.min(result, performance.now() - start)
  }
  return result
}

describe('linear time on long ordinary notes', () => {
  for (const [name, unit] of Object.entries(units)) {
    test(`should convert 8n ${name} in under 16x the time of n`, () => {
      const small = unit.repeat(n)
      const large = unit.repeat(8 * n)
      convert(small)
      const ratio = best(large) / best(small)
      expect(ratio, `8n/n = ${ratio.toFixed(1)}x`).toBeLessThan(16)
    })
  }
})
