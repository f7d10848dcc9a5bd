import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {convert} from '../../src/index.js'
import type {Block, Inline, NoteDocument, Section} from '../../src/index.js'
import {positionProblems, schemaErrors} from '../_helpers.js'

/** Markdown from a grammar of what md2data models: front matter, headings, nested lists, … */
const word = fc.constantFrom(
  'alpha',
  'beta',
  'Qwen',
  '周靖人',
  '経歴',
  'データ',
  '「重要」',
  'テスト',
  'نص',
  'हिन्दी',
  'x_y',
  '2.5',
  'don’t'
)
const label = fc.constantFrom('1', '2', 'GeekWire', 'a b', 'Foo')
const words = fc.array(word, {minLength: 1, maxLength: 5}).map((items) => items.join(' '))

const inline: fc.Arbitrary<string> = fc.oneof(
  words,
  words.map((text) => `*${text}*`),
  words.map((text) => `**${text}**`),
  words.map((text) => `~~${text}~~`),
  words.map((text) => `\`${text}\``),
  fc
    .tuple(
      words,
      fc.constantFrom('https://example.com/a?utm_source=x', '/relative', 'mailto:a@b.c')
    )
    .map(([text, url]) => `[${text}](${url})`),
  fc.tuple(words, label).map(([text, name]) => `([${text}][${name}])`),
  label.map((name) => `[${name}][]`),
  label.map((name) => `[^${name.replace(' ', '')}]`),
  fc.constant('www.example.org'),
  fc.constant('![alt](image.png "Title")')
)
const line = fc.array(inline, {minLength: 1, maxLength: 6}).map((items) => items.join(' '))

const list = (depth: number): fc.Arbitrary<string> =>
  fc
    .array(
      fc.tuple(
        fc.constantFrom('- ', '* ', '1. ', '- [ ] ', '- [x] '),
        line,
        depth < 3 ? fc.option(list(depth + 1), {nil: null}) : fc.constant(null)
      ),
      {minLength: 1, maxLength: 4}
    )
    .map((items) =>
      items
        .map(([marker, text, child]) => {
          const own = `${marker}${text}`
          if (!child) return own
          const indent = ' '.repeat(marker.length)
          return `${own}\n${child
            .split('\n')
            .map((row) => (row ? indent + row : row))
            .join('\n')}`
        })
        .join('\n')
    )

const block: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.integer({min: 1, max: 6}), words)
    .map(([depth, text]) => `${'#'.repeat(depth)} ${text}`),
  line,
  list(0),
  line.map((text) => `> ${text}\n> > ${text}`),
  fc.tuple(words, words).map(([a, b]) => `| ${a} | ${b} |\n| :-- | --: |\n| ${b} | ${a} |`),
  words.map((text) => `\`\`\`js title="x"\n${text}\n\`\`\``),
  fc
    .tuple(
      label,
      fc.constantFrom(
        'https://example.com/x?utm_medium=y "Title"',
        '<https://example.com/y>',
        "/z 'T'"
      )
    )
    .map(([name, target]) => `[${name}]: ${target}`),
  fc.tuple(label, line).map(([name, text]) => `[^${name.replace(' ', '')}]: ${text}`),
  fc.constant('---')
)

const frontmatter = fc.oneof(
  fc.constant(''),
  fc
    .tuple(words, fc.constantFrom('ja', 'en', 'zh'))
    .map(
      ([title, lang]) =>
        `---\ntitle: ${JSON.stringify(title)}\nlang: ${lang}\ntags: [a, b]\n---\n\n`
    ),
  words.map((title) => `+++\ntitle = ${JSON.stringify(title)}\n+++\n\n`),
  words.map((title) => `{\n  "title": ${JSON.stringify(title)}\n}\n\n`)
)

const note = fc
  .tuple(frontmatter, fc.array(block, {maxLength: 12}), fc.constantFrom('\n', '\r\n', '\r'))
  .map(([front, blocks, eol]) => (front + blocks.join('\n\n') + '\n').replace(/\r?\n/g, eol))

/** Every node of a document, blocks and inlines. */
function* nodes(document: NoteDocument): Generator<Block | Inline> {
  function* walk(value: unknown): Generator<Block | Inline> {
    if (Array.isArray(value)) for (const item of value) yield* walk(item)
    else if (value && typeof value === 'object') {
      if ('type' in value && typeof value.type === 'string') yield value as Block | Inline
      for (const item of Object.values(value)) yield* walk(item)
    }
  }
  // Footnote definitions are blocks of their sections too (`footnotes` shares their children).
  yield* walk(document.sections)
}

function checkNesting(sections: Array<Section>, parent: number): void {
  for (const section of sections) {
    expect(section.depth).toBeGreaterThan(parent === 0 && section.depth === 0 ? -1 : parent)
    if (section.depth === 0) expect(section.heading).toBe(null)
    else expect(section.heading?.depth).toBe(section.depth)
    checkNesting(section.sections, section.depth)
  }
}

describe('convert on generated notes (property)', () => {
  test('should never throw, always validate, resolve citations, nest sections, keep positions inside', () => {
    fc.assert(
      fc.property(note, (markdown) => {
        const document = convert(markdown)
        expect(schemaErrors(document)).toBe('')
        expect(positionProblems(document, markdown)).toEqual([])
        checkNesting(document.sections, 0)
        const defined = new Set(document.references.map((reference) => reference.identifier))
        for (const node of nodes(document)) {
          if (node.type === 'linkReference' || node.type === 'imageReference') {
            // Every citation's definition is in `references`, and gave it its URL.
            expect(defined.has(node.identifier)).toBe(true)
            expect(node.url).not.toBe(null)
          }
        }
        const cited = document.references.reduce(
          (sum, reference) => sum + reference.citations.length,
          0
        )
        const referencesInText = [...nodes(document)].filter(
          (node) => node.type === 'linkReference' || node.type === 'imageReference'
        ).length
        expect(cited).toBe(referencesInText)
        expect(JSON.parse(JSON.stringify(document))).toEqual(JSON.parse(JSON.stringify(document)))
      }),
      {numRuns: Number(process.env.PROPERTY_RUNS ?? 300)}
    )
  })
})
