import {describe, expect, test} from 'vitest'
import type {Syntax} from '../../src/parse/index.js'
import {parseMarkdown} from '../../src/parse/index.js'

/**
 * The `obsidian` syntax flavour's constructs (`src/parse/wikilink.ts`, `tag.ts`, `comment.ts`,
 * `highlight.ts`, micromark-extension-math) parse in linear time on their worst inputs: 8n
 * repetitions take under 16x the time of n (linear gives about 8x, quadratic 64x), each size the
 * fastest of three parses, each generator alone and after a stray `[` in the paragraph (an open
 * label start, which constructs that look back over the events meet).
 *
 * Most generators are one long line of short words, and such a line is not linear in our `gfm`
 * parser either (`'a '.repeat(n)`: 17–27x from n = 1000 to 8000 here, most of it in the garbage
 * collector and micromark's `enter`): a generator that measures 16x or more passes when `gfm`
 * grows as much on the same input (its ratio times 1.25), which says the time is not the
 * `obsidian` constructs'. `'[[' + 'a'.repeat(2n)` is the one long unclosed scan without that.
 *
 * `'%% a '` × n and `'a== '` × n were quadratic (40–62x and 16–73x here; from n = 8000, 25x and
 * 79x, now 14x and 12x): not in our constructs' scans but in micromark's `resolveAllText` (micromark/lib/initialize/text.js), which merges each
 * run of adjacent `data` tokens with a native `splice` of the whole paragraph's events, and these
 * inputs make a run of two (` ` and `a `, split at the `a` where an autolink literal may start)
 * between every two comments or highlight sequences. The comment and highlight constructs now merge
 * the run before them when they are tokenized (`resolveToMergeData` in `src/parse/highlight.ts`).
 *
 * Tags, wikilinks and embeds merge the run before them too (`'#a b '`, `'[[a]] b '`, `'![[a]] b '`
 * × n were up to 41x). The same core splice is still quadratic after inline math (`'$a$ b '` × n:
 * micromark-extension-math's construct) and, in `gfm` too, after code spans and emphasis
 * sequences (`` '`x` a ' ``, `'a* '`), which these tests do not cover (SECURITY.md: bounded by the
 * time budget).
 */
const generators: Array<[string, (n: number) => string, number, boolean?]> = [
  ['`[[a ` × n', (n) => '[[a '.repeat(n), 2000],
  ['`[[` + `a ` × n', (n) => '[[' + 'a '.repeat(n), 2000],
  ['`[[` + `a` × 2n', (n) => '[[' + 'a'.repeat(2 * n), 4000],
  ['`![[a|` × n', (n) => '![[a|'.repeat(n), 2000],
  ['`#a ` × n', (n) => '#a '.repeat(n), 2000],
  ['`#a b ` × n', (n) => '#a b '.repeat(n), 2000],
  ['`[[a]] b ` × n', (n) => '[[a]] b '.repeat(n), 2000],
  ['`![[a]] b ` × n', (n) => '![[a]] b '.repeat(n), 2000],
  ['`%% a ` × n', (n) => '%% a '.repeat(n), 2000],
  ['`%%a ` × n', (n) => '%%a '.repeat(n), 2000],
  ['`%% a %%` × n', (n) => '%% a %%'.repeat(n), 2000],
  ['`%%a\\n` × n', (n) => '%%a\n'.repeat(n), 2000],
  // The autolink literals' walk-back marks kept when data merges (`resolveToMergeData`).
  ['`%%c%% %x b` × n', (n) => '%%c%% %x b'.repeat(n), 2000],
  ['`==a ` × n', (n) => '==a '.repeat(n), 2000],
  ['`a== ` × n', (n) => 'a== '.repeat(n), 2000],
  ['`a ==` × n', (n) => 'a =='.repeat(n), 2000],
  ['`x== =x b` × n', (n) => 'x== =x b'.repeat(n), 2000],
  ['`==a== ` × n', (n) => '==a== '.repeat(n), 2000],
  ['`==a== ` × n + `==`', (n) => '==a== '.repeat(n) + '==', 2000],
  ['`$a ` × n', (n) => '$a '.repeat(n), 2000],
  ['`$$\\n` × n', (n) => '$$\n'.repeat(n), 4000]
]

function fastest(run: () => void): number {
  let best = Infinity
  for (let index = 0; index < 3; index++) {
    const start = performance.now()
    run()
    best = Math.min(best, performance.now() - start)
  }
  return best
}

/**
 * Time of 8n over time of n, each the fastest of three parses. The machine is shared: a ratio of
 * 16x or more is measured again, up to three times in all, and the lowest counts (a quadratic
 * path, about 64x, fails all three).
 */
function growth(generate: (n: number) => string, n: number, syntax: Syntax = 'obsidian'): number {
  const parse = (value: string) => parseMarkdown(value, {cjkFriendly: true, syntax})
  const small = generate(n)
  const large = generate(8 * n)
  parse(small)
  const time = (value: string) => fastest(() => parse(value))
  let best = Infinity
  for (let attempt = 0; attempt < 3 && best >= 16; attempt++)
    best = Math.min(best, time(large) / time(small))
  return best
}

describe('obsidian syntax: linear growth', () => {
  for (const [name, generate, n, asserted = true] of generators) {
    for (const [prefix, label] of [
      ['', ''],
      ['[ ', ' after a stray `[`']
    ] as const) {
      test(`${name}${label}: ${asserted ? '8n in under 16x the time of n' : '8n vs n, measured'}`, () => {
        const generator = (size: number) => prefix + generate(size)
        const ratio = growth(generator, n)
        const gfm = ratio < 16 ? undefined : growth(generator, n, 'gfm')
        const message = `8n/n = ${ratio.toFixed(1)}x${gfm === undefined ? '' : `, gfm ${gfm.toFixed(1)}x`}`
        console.log(`${name}${label}: ${message}`)
        if (!asserted) return
        expect(ratio, message).toBeLessThan(gfm === undefined ? 16 : Math.max(16, 1.25 * gfm))
      })
    }
  }
})
