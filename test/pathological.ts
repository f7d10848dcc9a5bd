/**
 * The pathological inputs of RELIABILITY.md §4 (cmark's `pathological_tests.py`, commonmark.js,
 * markdown-it, and md2data's own B list), as generators with the sizes cmark tests them at.
 * `test/stress/pathological.test.ts` runs them full size in workers under a time budget;
 * `test/pathological.test.ts` runs them scaled down in `npm test`.
 */
export interface Case {
  id: string
  name: string
  size: number
  generate: (n: number) => string
  /** Ordinary notes: must convert (not time out), in linear time. */
  ordinary?: boolean
}

const range = (from: number, to: number) =>
  Array.from({length: Math.max(0, to - from)}, (_, index) => from + index)

export const cases: Array<Case> = [
  {
    id: 'A1',
    name: 'nested strong emphasis',
    size: 32_500,
    generate: (n) => '*a **a '.repeat(n) + 'b' + ' a** a*'.repeat(n)
  },
  {
    id: 'A2',
    name: 'emphasis closers with no openers',
    size: 32_500,
    generate: (n) => 'a_ '.repeat(n)
  },
  {
    id: 'A3',
    name: 'emphasis openers with no closers',
    size: 32_500,
    generate: (n) => '_a '.repeat(n)
  },
  {id: 'A4', name: 'link closers with no openers', size: 32_500, generate: (n) => 'a]'.repeat(n)},
  {id: 'A5', name: 'link openers with no closers', size: 32_500, generate: (n) => '[a'.repeat(n)},
  {
    id: 'A6',
    name: 'mismatched openers and closers',
    size: 25_000,
    generate: (n) => '*a_ '.repeat(n)
  },
  {
    id: 'A7',
    name: 'cmark issue #389',
    size: 20_000,
    generate: (n) => '*a '.repeat(n) + '_a*_ '.repeat(n)
  },
  {
    id: 'A8',
    name: 'openers and closers multiple of 3',
    size: 25_000,
    generate: (n) => 'a**b' + 'c* '.repeat(n)
  },
  {
    id: 'A9',
    name: 'link openers and emphasis closers',
    size: 25_000,
    generate: (n) => '[ a_'.repeat(n)
  },
  {id: 'A10', name: 'pattern [ (](', size: 40_000, generate: (n) => '[ (]('.repeat(n)},
  {id: 'A11', name: 'pattern ![[]()', size: 160_000, generate: (n) => '![[]()'.repeat(n)},
  {
    id: 'A13',
    name: 'nested brackets',
    size: 25_000,
    generate: (n) => '['.repeat(n) + 'a' + ']'.repeat(n)
  },
  {id: 'A14', name: 'nested block quotes', size: 25_000, generate: (n) => '> '.repeat(n) + 'a'},
  {
    id: 'A15',
    name: 'deeply nested lists',
    size: 500,
    generate: (n) =>
      range(0, n)
        .map((x) => '  '.repeat(x) + '* a\n')
        .join('')
  },
  {
    id: 'A17',
    name: 'backticks',
    size: 2500,
    generate: (n) =>
      range(1, n)
        .map((x) => 'e' + '`'.repeat(x))
        .join('')
  },
  {id: 'A18a', name: 'unclosed links A', size: 30_000, generate: (n) => '[a](<b'.repeat(n)},
  {id: 'A18b', name: 'unclosed links B', size: 30_000, generate: (n) => '[a](b'.repeat(n)},
  {id: 'A19', name: 'unclosed <!--', size: 300_000, generate: (n) => '</' + '<!--'.repeat(n)},
  {
    id: 'A20',
    name: 'empty lines in deeply nested lists',
    size: 30_000,
    generate: (n) => '- '.repeat(n) + 'x' + '\n'.repeat(n)
  },
  {
    id: 'A21',
    name: 'empty lines in deeply nested lists in block quote',
    size: 30_000,
    generate: (n) => '> ' + '- '.repeat(n) + 'x\n' + '>\n'.repeat(n)
  },
  {
    id: 'A22',
    name: 'nested block quotes and emphasis',
    size: 100_000,
    generate: (n) => '>'.repeat(n) + 'a*'.repeat(n)
  },
  {
    id: 'A23',
    name: 'nested inlines',
    size: 20_000,
    generate: (n) => '*'.repeat(n) + 'a' + '*'.repeat(n)
  },
  {
    id: 'A24',
    name: 'many references',
    size: 5000,
    generate: (n) =>
      range(1, 16 * n)
        .map((x) => `[${x}]: u\n`)
        .join('') + '[0] '.repeat(n)
  },
  {
    id: 'A25a',
    name: 'backslashes in a link label',
    size: 10_000,
    generate: (n) => '[' + '\\'.repeat(n) + '\n'
  },
  {id: 'A25b', name: 'unclosed link destinations', size: 10_000, generate: (n) => '[]('.repeat(n)},
  {id: 'A27', name: 'markdown-it **_*', size: 50_000, generate: (n) => '**_* '.repeat(n)},
  {
    id: 'A28',
    name: 'markdown-it backtick and backslash',
    size: 50_000,
    generate: (n) => '``\\'.repeat(n)
  },
  {id: 'A29', name: 'markdown-it <<<>', size: 400_000, generate: (n) => '<'.repeat(n) + '>'},
  {
    id: 'A30',
    name: 'markdown-it spaces before a hard break',
    size: 150_000,
    generate: (n) => 'x' + ' '.repeat(n) + 'x  \nx'
  },
  {
    id: 'B1',
    name: 'separate block quotes',
    size: 4000,
    generate: (n) => '> a quoted line\n\n'.repeat(n),
    ordinary: true
  },
  {
    id: 'B2',
    name: 'nested list items',
    size: 4000,
    generate: (n) => '- item\n  - nested item\n'.repeat(n),
    ordinary: true
  },
  {
    id: 'B3a',
    name: 'setext headings',
    size: 4000,
    generate: (n) => 'Title\n-----\n\n'.repeat(n),
    ordinary: true
  },
  {
    id: 'B3b',
    name: 'short setext headings',
    size: 5000,
    generate: (n) => 'a\n=\n'.repeat(n),
    ordinary: true
  },
  {
    id: 'B4',
    name: 'a realistic mixed note',
    size: 400,
    generate: (n) =>
      '## Section\n\nSome *text* with a [link](https://example.com) and a citation ([Site][1]).\n\n- item\n  - nested\n> quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```js\ncode\n```\n\n[1]: https://example.com "Site"\n'.repeat(
        n
      )
  },
  {
    id: 'B5a',
    name: 'GFM autolink literal and underscores',
    size: 40_000,
    generate: (n) => 'www.a' + '_'.repeat(n) + 'b'
  },
  {
    id: 'B5b',
    name: 'GFM table with many columns',
    size: 5000,
    generate: (n) => '|a'.repeat(n) + '|\n' + '|-'.repeat(n) + '|\n'
  },
  {id: 'B5c', name: 'GFM table with many rows', size: 50_000, generate: (n) => '|x|y|\n'.repeat(n)},
  {id: 'B5d', name: 'GFM strikethrough openers', size: 40_000, generate: (n) => '~~a '.repeat(n)},
  {id: 'B5e', name: 'GFM footnote openers', size: 40_000, generate: (n) => '[^'.repeat(n)},
  {
    id: 'B5f',
    name: 'GFM footnotes',
    size: 40_000,
    generate: (n) =>
      range(0, n)
        .map((x) => `[^${x}]`)
        .join(' ') +
      '\n\n' +
      range(0, n)
        .map((x) => `[^${x}]: n\n`)
        .join('')
  },
  {id: 'B6a', name: 'a 10 MB line of a', size: 10_000_000, generate: (n) => 'a'.repeat(n)},
  {id: 'B6b', name: 'a 1 MB line of words', size: 200_000, generate: (n) => 'word '.repeat(n)},
  {id: 'B6c', name: 'an unclosed fence', size: 200_000, generate: (n) => '```\n' + 'x\n'.repeat(n)},
  {id: 'B6d', name: 'many fences', size: 100_000, generate: (n) => '```a\n```\n'.repeat(n)},
  {
    id: 'B6e',
    name: '50 MB of prose',
    size: 1_000_000,
    generate: (n) => 'Some prose, a sentence.\n\n'.repeat(n * 2)
  }
]
