import type {Nodes, Root, RootContent} from 'mdast'
import {describe, expect, test} from 'vitest'
import {parseMarkdown} from '../src/parse/index.js'
import {wikiLinkParts} from '../src/parse/wikilink.js'

/**
 * The parse side of the `obsidian` syntax flavour (issue 17, item 1): wikilinks and embeds
 * (`src/parse/wikilink.ts`), tags (`tag.ts`), comments (`comment.ts`), highlights (`highlight.ts`)
 * and math (micromark-extension-math, mdast-util-math), as exact mdast; and `gfm` ignoring them.
 * The growth tests are in `test/slow/obsidian-linear.test.ts`.
 */

/** A tree without positions (and without mdast-util-math's `data`, which is for HTML). */
function strip<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (key, item: unknown) =>
      key === 'position' || key === 'data' ? undefined : item
    )
  ) as T
}

function obsidian(markdown: string, cjkFriendly = false): Array<RootContent> {
  return strip(parseMarkdown(markdown, {cjkFriendly, syntax: 'obsidian'}).children)
}

function gfm(markdown: string): Array<RootContent> {
  return strip(parseMarkdown(markdown, {cjkFriendly: false, syntax: 'gfm'}).children)
}

/** The children of the one paragraph `markdown` is, in `obsidian`. */
function inline(markdown: string): Array<RootContent> {
  const [paragraph, ...rest] = obsidian(markdown)
  expect(rest).toEqual([])
  if (paragraph?.type !== 'paragraph') throw new Error(`not a paragraph: ${markdown}`)
  return paragraph.children
}

const text = (value: string) => ({type: 'text', value})
const paragraph = (...children: Array<unknown>) => ({type: 'paragraph', children})
const wiki = (target: string, anchor: string | null = null, alias: string | null = null) => ({
  type: 'wikiLink',
  target,
  anchor,
  alias
})
const embed = (
  target: string,
  anchor: string | null = null,
  alias: string | null = null,
  width: number | null = null,
  height: number | null = null
) => ({type: 'embed', target, anchor, alias, width, height})
const tag = (value: string) => ({type: 'tag', value})
const comment = (value: string) => ({type: 'comment', value})

describe('wikilinks', () => {
  test.each([
    ['[[target]]', wiki('target')],
    ['[[target|alias]]', wiki('target', null, 'alias')],
    ['[[target#Heading]]', wiki('target', 'Heading')],
    ['[[target#^block-id]]', wiki('target', '^block-id')],
    ['[[#Heading]]', wiki('', 'Heading')],
    ['[[a#H1#H2]]', wiki('a', 'H1#H2')],
    ['[[ Other note # Part | the alias ]]', wiki('Other note', 'Part', 'the alias')],
    ['[[a|b|c]]', wiki('a', null, 'b|c')],
    ['[[a#|b]]', wiki('a', null, 'b')],
    ['[[a| ]]', wiki('a')],
    ['[[a\\|b]]', wiki('a', null, 'b')],
    ['[[dir/Note name.md]]', wiki('dir/Note name.md')],
    ['[[日本語のノート#見出し]]', wiki('日本語のノート', '見出し')],
    // Nothing inside is Markdown.
    ['[[*a* `b` <c> &amp;]]', wiki('*a* `b` <c> &amp;')]
  ])('%s', (markdown, node) => {
    expect(inline(markdown)).toEqual([node])
  })

  test('among text, with positions', () => {
    const tree = parseMarkdown('See [[a#b|c]] now', {cjkFriendly: false, syntax: 'obsidian'})
    expect((tree.children[0] as {children: Array<Nodes>}).children).toEqual([
      {
        type: 'text',
        value: 'See ',
        position: {start: {line: 1, column: 1, offset: 0}, end: {line: 1, column: 5, offset: 4}}
      },
      {
        type: 'wikiLink',
        target: 'a',
        anchor: 'b',
        alias: 'c',
        position: {start: {line: 1, column: 5, offset: 4}, end: {line: 1, column: 14, offset: 13}}
      },
      {
        type: 'text',
        value: ' now',
        position: {
          start: {line: 1, column: 14, offset: 13},
          end: {line: 1, column: 18, offset: 17}
        }
      }
    ])
  })

  test('in a GFM table cell, `\\|` separates the alias', () => {
    expect(obsidian('| a |\n|---|\n| [[a\\|b]] |')).toEqual([
      {
        type: 'table',
        align: [null],
        children: [
          {type: 'tableRow', children: [{type: 'tableCell', children: [text('a')]}]},
          {type: 'tableRow', children: [{type: 'tableCell', children: [wiki('a', null, 'b')]}]}
        ]
      }
    ])
  })

  test('before `[` label starts: a defined reference does not take `[[a]]`', () => {
    expect(obsidian('[a]: /u\n\n[[a]] [a]')).toEqual([
      {type: 'definition', identifier: 'a', label: 'a', title: null, url: '/u'},
      paragraph(wiki('a'), text(' '), {
        type: 'linkReference',
        children: [text('a')],
        label: 'a',
        identifier: 'a',
        referenceType: 'shortcut'
      })
    ])
  })

  test('inside a link, and inside extra brackets', () => {
    expect(inline('[x [[a]] y](u) [[[a]]]')).toEqual([
      {type: 'link', title: null, url: 'u', children: [text('x '), wiki('a'), text(' y')]},
      text(' ['),
      wiki('a'),
      text(']')
    ])
  })

  test.each([
    ['[[a', '[[a'],
    ['[[a]', '[[a]'],
    ['[[a] b]]', '[[a] b]]'],
    ['[[a[b]]', '[[a[b]]'],
    ['[[]]', '[[]]'],
    ['[[ ]]', '[[ ]]'],
    ['[[#]]', '[[#]]'],
    ['[[|a]]', '[[|a]]'],
    ['[ [a]]', '[ [a]]']
  ])('%s is text', (markdown, value) => {
    expect(inline(markdown)).toEqual([text(value)])
  })

  test('a wikilink does not span lines', () => {
    expect(inline('[[a\nb]]')).toEqual([text('[[a\nb]]')])
  })

  test('not in code', () => {
    expect(inline('`[[a]]`')).toEqual([{type: 'inlineCode', value: '[[a]]'}])
    expect(obsidian('```\n[[a]]\n```')).toEqual([
      {type: 'code', lang: null, meta: null, value: '[[a]]'}
    ])
  })

  test('the parts of a raw value', () => {
    expect(wikiLinkParts(' a # b # c | d | e ')).toEqual({
      target: 'a',
      anchor: 'b # c',
      alias: 'd | e'
    })
  })
})

describe('embeds', () => {
  test.each([
    ['![[file]]', embed('file')],
    ['![[note#Heading]]', embed('note', 'Heading')],
    ['![[note#^block]]', embed('note', '^block')],
    ['![[image.png|300]]', embed('image.png', null, null, 300)],
    ['![[image.png|300x200]]', embed('image.png', null, null, 300, 200)],
    ['![[image.png| 300x200 ]]', embed('image.png', null, null, 300, 200)],
    ['![[image.png|a caption]]', embed('image.png', null, 'a caption')],
    ['![[image.png|300x]]', embed('image.png', null, '300x')],
    ['![[image.png|x200]]', embed('image.png', null, 'x200')],
    ['![[doc.pdf#page=3]]', embed('doc.pdf', 'page=3')]
  ])('%s', (markdown, node) => {
    expect(inline(markdown)).toEqual([node])
  })

  test('unclosed, or with a bracket inside, they are text', () => {
    expect(inline('![[a')).toEqual([text('![[a')])
    expect(inline('![[a|![[b')).toEqual([text('![[a|![[b')])
    expect(inline('![[a]')).toEqual([text('![[a]')])
  })

  test('`!` then a wikilink that fails is still an image when it is one', () => {
    expect(inline('![a](b.png)')).toEqual([{type: 'image', title: null, url: 'b.png', alt: 'a'}])
  })
})

describe('tags', () => {
  test.each([
    ['#tag', [tag('tag')]],
    ['#nested/tag', [tag('nested/tag')]],
    ['#日本語', [tag('日本語')]],
    ['#tag-with_dash', [tag('tag-with_dash')]],
    ['#y1984', [tag('y1984')]],
    ['#1984a', [tag('1984a')]],
    ['#a/1', [tag('a/1')]],
    // `/` is not a number.
    ['#1/2', [tag('1/2')]],
    ['#𠮷x', [tag('𠮷x')]],
    ['#हिन्दी', [tag('हिन्दी')]],
    ['a #b c', [text('a '), tag('b'), text(' c')]],
    [
      '(#a) [#b] "#c"',
      [text('('), tag('a'), text(') ['), tag('b'), text('] "'), tag('c'), text('"')]
    ],
    ['#tag. #tag, #tag!', [tag('tag'), text('. '), tag('tag'), text(', '), tag('tag'), text('!')]],
    ['#a#b', [tag('a'), text('#b')]],
    ['**#tag**', [{type: 'strong', children: [tag('tag')]}]],
    ['==#tag==', [{type: 'highlight', children: [tag('tag')]}]]
  ])('%s', (markdown, nodes) => {
    expect(inline(markdown)).toEqual(nodes)
  })

  test.each([
    ['#123'],
    ['#١٢٣'],
    ['a#b'],
    ['x #'],
    ['x # y'],
    ['#.a'],
    ['#😀'],
    ['&#35;a'],
    ['\\#a']
  ])('%s holds no tag', (markdown) => {
    const nodes = inline(markdown)
    expect(nodes.some((node) => node.type === 'tag')).toBe(false)
  })

  test('not in URLs, code or link destinations', () => {
    expect(inline('https://x.org/#a `#b` [c](#d) <https://x.org/#e>')).toEqual([
      {type: 'link', title: null, url: 'https://x.org/#a', children: [text('https://x.org/#a')]},
      text(' '),
      {type: 'inlineCode', value: '#b'},
      text(' '),
      {type: 'link', title: null, url: '#d', children: [text('c')]},
      text(' '),
      {type: 'link', title: null, url: 'https://x.org/#e', children: [text('https://x.org/#e')]}
    ])
  })

  test("a heading's `#` is never a tag, but a heading may hold tags", () => {
    expect(obsidian('# Title #t\n\n#tag')).toEqual([
      {type: 'heading', depth: 1, children: [text('Title '), tag('t')]},
      paragraph(tag('tag'))
    ])
  })

  test('at the start of a line of a paragraph', () => {
    expect(inline('a\n#b')).toEqual([text('a\n'), tag('b')])
  })

  test('with positions', () => {
    const tree = parseMarkdown('x #a/b', {cjkFriendly: false, syntax: 'obsidian'})
    expect((tree.children[0] as {children: Array<Nodes>}).children[1]).toEqual({
      type: 'tag',
      value: 'a/b',
      position: {start: {line: 1, column: 3, offset: 2}, end: {line: 1, column: 7, offset: 6}}
    })
  })
})

describe('comments', () => {
  test('inline', () => {
    expect(inline('a %%hidden%% b %%%% c')).toEqual([
      text('a '),
      comment('hidden'),
      text(' b '),
      comment(''),
      text(' c')
    ])
  })

  test('inline, across the lines of a paragraph (in a block quote: without its `>`)', () => {
    expect(inline('a %%b\nc%% d')).toEqual([text('a '), comment('b\nc'), text(' d')])
    expect(obsidian('> a %%b\n> c%% d')).toEqual([
      {type: 'blockquote', children: [paragraph(text('a '), comment('b\nc'), text(' d'))]}
    ])
  })

  test('nothing inside is Markdown', () => {
    expect(inline('%%[[a]] #b *c*%%')).toEqual([comment('[[a]] #b *c*')])
  })

  test('an unclosed inline opener is text', () => {
    expect(inline('a %%b')).toEqual([text('a %%b')])
    expect(obsidian('a %%b\n\nc%%')).toEqual([paragraph(text('a %%b')), paragraph(text('c%%'))])
  })

  test('a block, with blank lines and Markdown inside', () => {
    expect(obsidian('%%\nx\n\n# y\n%%\nafter')).toEqual([
      comment('\nx\n\n# y\n'),
      paragraph(text('after'))
    ])
  })

  test('a block opened and closed by text lines', () => {
    expect(obsidian('%% a\nb %%  \nc')).toEqual([comment(' a\nb '), paragraph(text('c'))])
  })

  test('a `%%` inside a line of a block does not close it', () => {
    expect(obsidian('%%\na %% b\nc%%\nd')).toEqual([comment('\na %% b\nc'), paragraph(text('d'))])
  })

  test('a block runs to the end of the document', () => {
    expect(obsidian('%%\na\n')).toEqual([comment('\na')])
    expect(obsidian('%%a\n%%a\n')).toEqual([comment('a\n%%a')])
  })

  test('a block runs to the end of its container', () => {
    expect(obsidian('> %%\n> a\n\nb')).toEqual([
      {type: 'blockquote', children: [comment('\na')]},
      paragraph(text('b'))
    ])
    expect(obsidian('- %%\n  a\n- b')).toEqual([
      {
        type: 'list',
        ordered: false,
        start: null,
        spread: false,
        children: [
          {type: 'listItem', spread: false, checked: null, children: [comment('\na')]},
          {type: 'listItem', spread: false, checked: null, children: [paragraph(text('b'))]}
        ]
      }
    ])
  })

  test('a lazy line ends a block in a block quote', () => {
    expect(obsidian('> %%\n> a\nb')).toEqual([
      {type: 'blockquote', children: [comment('\na')]},
      paragraph(text('b'))
    ])
  })

  test('a `%%` line does not interrupt a paragraph: it is an inline marker there', () => {
    expect(obsidian('p\n%%\nq\n%%')).toEqual([paragraph(text('p\n'), comment('\nq\n'))])
  })

  test('a block with positions (the closing line included)', () => {
    const tree = parseMarkdown('%%\na\n%%  \nb', {cjkFriendly: false, syntax: 'obsidian'})
    expect(tree.children[0]).toEqual({
      type: 'comment',
      value: '\na\n',
      position: {start: {line: 1, column: 1, offset: 0}, end: {line: 3, column: 5, offset: 9}}
    })
  })

  test('not in code', () => {
    expect(inline('`%%a%%`')).toEqual([{type: 'inlineCode', value: '%%a%%'}])
  })
})

describe('highlights', () => {
  test.each([
    ['==a==', [{type: 'highlight', children: [text('a')]}]],
    [
      '==a *b* c==',
      [
        {
          type: 'highlight',
          children: [text('a '), {type: 'emphasis', children: [text('b')]}, text(' c')]
        }
      ]
    ],
    ['==a\nb==', [{type: 'highlight', children: [text('a\nb')]}]],
    ['a==b==', [text('a'), {type: 'highlight', children: [text('b')]}]],
    ['**==a==**', [{type: 'strong', children: [{type: 'highlight', children: [text('a')]}]}]],
    ['==[[a]]==', [{type: 'highlight', children: [wiki('a')]}]],
    [
      '==a ==b== c==',
      [
        {
          type: 'highlight',
          children: [text('a '), {type: 'highlight', children: [text('b')]}, text(' c')]
        }
      ]
    ]
  ])('%s', (markdown, nodes) => {
    expect(inline(markdown)).toEqual(nodes)
  })

  test.each([['a == b'], ['==a'], ['a=='], ['===a==='], ['=a='], ['`==a==`'], ['\\==a==']])(
    '%s holds no highlight',
    (markdown) => {
      expect(inline(markdown).some((node) => node.type === 'highlight')).toBe(false)
    }
  )

  test('emphasis never crosses a highlight edge: what opens first wins (as with `~~`)', () => {
    expect(inline('*a ==b* c==')).toEqual([
      {type: 'emphasis', children: [text('a ==b')]},
      text(' c==')
    ])
    expect(inline('==a *b== c*')).toEqual([
      {type: 'highlight', children: [text('a *b')]},
      text(' c*')
    ])
    expect(inline('~~a ==b~~ c==')).toEqual([
      {type: 'delete', children: [text('a ==b')]},
      text(' c==')
    ])
  })
  test('the text before comments and highlight sequences keeps its positions', () => {
    // Text split where an autolink literal may start (`b`, `c`) and merged early by both constructs.
    const tree = parseMarkdown('a b%%x%% c==d==', {cjkFriendly: false, syntax: 'obsidian'})
    const at = (start: number, end: number) => ({
      start: {line: 1, column: start + 1, offset: start},
      end: {line: 1, column: end + 1, offset: end}
    })
    const children = (tree.children[0] as {children: Array<Nodes>}).children
    expect(children.map((node) => [node.type, node.position])).toEqual([
      ['text', at(0, 3)],
      ['comment', at(3, 8)],
      ['text', at(8, 10)],
      ['highlight', at(10, 15)]
    ])
  })
})

describe('math (micromark-extension-math, mdast-util-math)', () => {
  const inlineMath = (value: string) => ({type: 'inlineMath', value})

  test('inline', () => {
    expect(inline('$x^2$ and $$y$$')).toEqual([inlineMath('x^2'), text(' and '), inlineMath('y')])
  })

  test('a block', () => {
    expect(obsidian('$$\na\n$$')).toEqual([{type: 'math', meta: null, value: 'a'}])
    expect(obsidian('$$\n\\sum_i x\n$$\n\nb')).toEqual([
      {type: 'math', meta: null, value: '\\sum_i x'},
      paragraph(text('b'))
    ])
  })

  test('as micromark-extension-math does: `$5 and $10` is math (`5 and `), unlike Obsidian', () => {
    expect(inline('$5 and $10')).toEqual([inlineMath('5 and '), text('10')])
  })

  test('an unpaired `$` is text; `\\$` escapes', () => {
    expect(inline('costs $5')).toEqual([text('costs $5')])
    expect(inline('\\$a$')).toEqual([text('$a$')])
  })
})

describe('`gfm` ignores all of it', () => {
  test('text stays text', () => {
    const markdown = '[[a]] ![[b|300]] #tag %%c%% ==d== $e$'
    expect(gfm(markdown)).toEqual([paragraph(text(markdown))])
  })

  test('blocks stay paragraphs', () => {
    expect(gfm('%%\na\n%%')).toEqual([paragraph(text('%%\na\n%%'))])
    expect(gfm('$$\na\n$$')).toEqual([paragraph(text('$$\na\n$$'))])
  })

  test('`syntax` defaults to gfm', () => {
    const markdown = '[[a]] #b\n\n%%\nc\n%%'
    expect(parseMarkdown(markdown, {cjkFriendly: false})).toEqual(
      parseMarkdown(markdown, {cjkFriendly: false, syntax: 'gfm'})
    )
  })
})

describe('with CJK-friendly emphasis', () => {
  test('the same nodes', () => {
    const markdown = '[[a|b]] ![[c|1x2]] #タグ %%d%% ==e== $f$ **「重要」**です'
    const tree: Root = parseMarkdown(markdown, {cjkFriendly: true, syntax: 'obsidian'})
    expect(strip(tree.children)).toEqual([
      paragraph(
        wiki('a', null, 'b'),
        text(' '),
        embed('c', null, null, 1, 2),
        text(' '),
        tag('タグ'),
        text(' '),
        comment('d'),
        text(' '),
        {type: 'highlight', children: [text('e')]},
        text(' '),
        {type: 'inlineMath', value: 'f'},
        text(' '),
        {type: 'strong', children: [text('「重要」')]},
        text('です')
      )
    ])
    expect(obsidian(markdown, true)).toEqual(strip(tree.children))
  })
})
