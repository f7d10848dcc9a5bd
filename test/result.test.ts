import {describe, expect, test} from 'vitest'
import {linkSummary, toResult} from '../src/batch/result.js'
import {convert} from '../src/index.js'

const document = {frontmatter: null, diagnostics: [], text: 'x'.repeat(100)}

describe('toResult (what a worker posts)', () => {
  test('should give the JSON and the parts the CLI reads', () => {
    expect(toResult(document, 'T', {pretty: true, maxOutput: 1000})).toEqual({
      json: `${JSON.stringify(document)}\n`,
      pretty: `${JSON.stringify(document, null, 2)}\n`,
      title: 'T',
      frontmatter: null,
      diagnostics: [],
      links: null
    })
  })

  test('should give what link resolution needs of a document', () => {
    const note = [
      '---',
      'aliases: [Start]',
      '---',
      '# Intro',
      '',
      'See [[Other#Part|it]], ![[a.png]], [b](./b.md#x), <https://example.com> and [c](#intro). ^p1',
      '',
      '- item ^i1',
      '',
      '> quote',
      '',
      '^q1'
    ].join('\n')
    const converted = convert(note, {syntax: 'obsidian', positions: false})
    expect(linkSummary(converted)).toEqual({
      headings: [{text: 'Intro', id: 'intro'}],
      blockIds: ['p1', 'i1', 'q1'],
      aliases: ['Start'],
      links: [
        {
          index: 0,
          kind: 'link',
          syntax: 'wikilink',
          target: 'Other',
          anchor: 'Part',
          position: null
        },
        {
          index: 1,
          kind: 'embed',
          syntax: 'wikilink',
          target: 'a.png',
          anchor: null,
          position: null
        },
        {index: 2, kind: 'link', syntax: 'inline', target: './b.md', anchor: 'x', position: null},
        {index: 4, kind: 'link', syntax: 'inline', target: '', anchor: 'intro', position: null}
      ]
    })
  })

  test('should give the length instead of a document over maxOutput (either form)', () => {
    const length = JSON.stringify(document).length + 1
    expect(toResult(document, null, {pretty: false, maxOutput: length - 1})).toEqual({
      tooLarge: length
    })
    expect(toResult(document, null, {pretty: false, maxOutput: length})).toHaveProperty('json')
    const pretty = JSON.stringify(document, null, 2).length + 1
    expect(toResult(document, null, {pretty: true, maxOutput: length})).toEqual({tooLarge: pretty})
  })

  test('should take a document longer than the longest string as too large', () => {
    const huge = {
      frontmatter: null,
      diagnostics: [],
      toJSON() {
        throw new RangeError('Invalid string length')
      }
    }
    expect(toResult(huge, null, {pretty: false, maxOutput: 1000})).toEqual({tooLarge: null})
  })
})
