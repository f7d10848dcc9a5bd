import {readFileSync} from 'node:fs'
import path from 'node:path'
import {isDeepStrictEqual} from 'node:util'
import fc from 'fast-check'
import type {Nodes} from 'mdast'
import remarkCjkFriendly from 'remark-cjk-friendly'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {describe, expect, test} from 'vitest'
import {gfm, parseMarkdown} from '../src/parse/index.js'

/**
 * `src/parse/gfm-autolink-literal.ts` (our linear copy of micromark-extension-gfm-autolink-literal)
 * gives the same mdast as upstream's, positions included: remark-gfm against our `gfm`, alone and in
 * our whole parser setup. Every note of `../shared/corpora/` and the growth tests are in
 * `test/slow/autolink-literal.test.ts`.
 */
const upstream = unified().use(remarkParse).use(remarkGfm).freeze()
const ours = unified().use(remarkParse).use(gfm).freeze()
const upstreamFull = (cjkFriendly: boolean) => {
  const processor = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkFrontmatter, ['yaml', 'toml'])
  if (cjkFriendly) processor.use(remarkCjkFriendly)
  return processor.freeze()
}
const upstreamCjk = upstreamFull(true)
const upstreamPlain = upstreamFull(false)

type Setup = 'gfm' | 'full, cjkFriendly' | 'full'

/** The setups (of `setups`) whose mdast differs from upstream's for `markdown`. */
function differences(
  markdown: string,
  setups: Array<Setup> = ['gfm', 'full, cjkFriendly', 'full']
): Array<string> {
  const pairs: Record<Setup, () => [unknown, unknown]> = {
    gfm: () => [ours.parse(markdown), upstream.parse(markdown)],
    'full, cjkFriendly': () => [
      parseMarkdown(markdown, {cjkFriendly: true}),
      upstreamCjk.parse(markdown)
    ],
    full: () => [parseMarkdown(markdown, {cjkFriendly: false}), upstreamPlain.parse(markdown)]
  }
  return setups.filter((setup) => !isDeepStrictEqual(...pairs[setup]()))
}

/**
 * The autolink literals in our mdast: the URL of each link that is not `[…](…)`, `[…][…]` or `<…>`;
 * `(transform)` marks one without a position, found in a text node by mdast-util-gfm's transform
 * after the micromark syntax passed it over (as it does after an unbalanced `[`).
 */
function literals(markdown: string): Array<string> {
  const urls: Array<string> = []
  const walk = (node: Nodes) => {
    if (node.type === 'link') {
      if (!node.position) urls.push(`${node.url} (transform)`)
      else if (!/^[[<]/.test(markdown.slice(node.position.start.offset, node.position.end.offset)))
        urls.push(node.url)
    }
    if ('children' in node) for (const child of node.children) walk(child)
  }
  walk(ours.parse(markdown))
  return urls
}

const spec = path.resolve(import.meta.dirname, '../../shared/corpora/spec')

interface Example {
  markdown: string
  example: number
}

const suites: Record<string, string> = {
  'CommonMark 0.31.2': 'commonmark/spec.json',
  'GFM 0.29 spec': 'gfm/test/spec.json',
  'GFM extensions': 'gfm/test/extensions.json',
  'GFM regressions': 'gfm/test/regression.json',
  'GFM smart punctuation': 'gfm/test/smart_punct.json'
}

describe('autolink literals: parity with micromark-extension-gfm-autolink-literal', () => {
  for (const [name, file] of Object.entries(suites)) {
    test(`every ${name} example gives the same mdast`, () => {
      const examples = JSON.parse(readFileSync(path.join(spec, file), 'utf8')) as Array<Example>
      const failures: Array<string> = []
      for (const example of examples) {
        // The spec's `→` stands for a tab in a few copies of the examples.
        for (const markdown of new Set([example.markdown, example.markdown.replace(/→/g, '\t')])) {
          const found = differences(markdown, ['full, cjkFriendly'])
          if (found.length > 0) failures.push(`${example.example}: ${found.join(', ')}`)
        }
      }
      expect(failures).toEqual([])
      expect(examples.length).toBeGreaterThan(15)
    })
  }

  const targeted: Array<[string, Array<string>]> = [
    // After a stray `[`, the syntax passes candidates over; mdast-util-gfm's transform finds them.
    ['www.a.org [ www.x.org', ['http://www.a.org', 'http://www.x.org (transform)']],
    ['[ www.x.org', ['http://www.x.org (transform)']],
    ['[ a@b.c', ['mailto:a@b.c (transform)']],
    ['[ https://x.y', ['https://x.y (transform)']],
    ['[x www.x.org\n\nwww.y.org', ['http://www.x.org (transform)', 'http://www.y.org']],
    [
      'a [ b a@b.c https://x.y www.x.org',
      ['mailto:a@b.c (transform)', 'https://x.y (transform)', 'http://www.x.org (transform)']
    ],
    // Balanced brackets and links before the candidates.
    ['[a](b) www.x.org a@b.c https://x.y', ['http://www.x.org', 'mailto:a@b.c', 'https://x.y']],
    ['[a] www.x.org', ['http://www.x.org']],
    ['[a][b] www.x.org', ['http://www.x.org']],
    ['[a]\n\n[a]: u\n\nwww.x.org', ['http://www.x.org']],
    ['[a] [b [c](d) www.x.org', ['http://www.x.org (transform)']],
    ['[[a](b)] www.x.org', ['http://www.x.org']],
    ['[[a] www.x.org', ['http://www.x.org (transform)']],
    ['[[a]] www.x.org', ['http://www.x.org']],
    ['[a [b] c] www.x.org a@b.c', ['http://www.x.org', 'mailto:a@b.c']],
    ['[www.x.org](u) www.y.org', ['http://www.y.org']],
    ['[a www.x.org] www.y.org', ['http://www.x.org (transform)', 'http://www.y.org']],
    // Images.
    ['![ www.x.org', ['http://www.x.org (transform)']],
    ['![a](b) www.x.org', ['http://www.x.org']],
    ['![a] www.x.org', ['http://www.x.org']],
    ['![[a](b) www.x.org', ['http://www.x.org (transform)']],
    // Footnote calls, defined and not.
    ['[^x] www.x.org\n\n[^x]: a', ['http://www.x.org']],
    ['[^x] www.x.org', ['http://www.x.org']],
    ['[^x www.x.org', ['http://www.x.org (transform)']],
    ['![^x] www.x.org\n\n[^x]: a', ['http://www.x.org']],
    // Many candidates after one `[`, and in a list item (issue 14).
    [
      '- [[Settings org www.x.org a@b.c',
      ['http://www.x.org (transform)', 'mailto:a@b.c (transform)']
    ],
    ['[ ' + 'hello world '.repeat(50) + 'www.x.org', ['http://www.x.org (transform)']],
    ['[ ' + 'hello world '.repeat(50) + '] www.x.org', ['http://www.x.org']]
  ]
  // Trailing punctuation: each check of a run of it gives the same answer (remembered per run).
  targeted.push(
    ['www.a___b', []],
    ['www.a___ b', ['http://www.a']],
    ['www.a.b___', ['http://www.a.b']],
    ['https://x.y/a...b', ['https://x.y/a...b']],
    ['https://x.y/a...', ['https://x.y/a']],
    ['https://x.y/a&amp;&amp;b', ['https://x.y/a&amp;&amp;b']],
    ['https://x.y/a&amp;).', ['https://x.y/a']],
    ['www.x.org/a]]b', ['http://www.x.org/a]]b']],
    ['www.x.org/a]](b)', ['http://www.x.org/a']],
    ['www.x.org/a_._!b a@b.c.', ['http://www.x.org/a_._!b', 'mailto:a@b.c']]
  )
  for (const [markdown, urls] of targeted) {
    test(`same mdast, literals ${JSON.stringify(urls)}: ${JSON.stringify(markdown.slice(0, 60))}`, () => {
      expect(differences(markdown)).toEqual([])
      expect(literals(markdown)).toEqual(urls)
    })
  }

  test('random mixes of brackets, links, candidates and punctuation give the same mdast', () => {
    const piece = fc.constantFrom(
      '[',
      ']',
      '![',
      '[^',
      '(',
      ')',
      '](u)',
      '][a]',
      '[]',
      ' ',
      '\n',
      '\n\n',
      '*',
      '_',
      '~',
      '`',
      '<',
      '>',
      '\\',
      'a',
      'www.x.org',
      'a@b.c',
      'https://x.y',
      'h',
      'x.',
      '[a]: u\n',
      '[^a]: n\n',
      '- ',
      '> ',
      '|',
      '「',
      '」',
      '.',
      '!',
      ';',
      '&',
      '&amp;',
      '/',
      'www.a',
      'https://x.y/a'
    )
    fc.assert(
      fc.property(fc.array(piece, {maxLength: 40}), (pieces) => {
        const markdown = pieces.join('')
        expect(differences(markdown, ['gfm']), markdown).toEqual([])
      }),
      {seed: 14, numRuns: 600}
    )
  })
})
