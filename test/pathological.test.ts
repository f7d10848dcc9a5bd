import {describe, expect, test} from 'vitest'
import {convert} from '../src/index.js'
import {schemaErrors} from './_helpers.js'
import {cases} from './pathological.js'

/**
 * The pathological inputs scaled down (a fiftieth of their size, at most 2,000 repetitions) for
 * `npm test`: each converts in the main thread without throwing, to a valid document; nesting past
 * the depth limit is rejected cleanly. The full sizes, under a time budget in workers, are in
 * `npm run test:stress`.
 */
describe('pathological inputs, scaled down', () => {
  for (const item of cases) {
    const n = Math.max(2, Math.min(2000, Math.round(item.size / 50)))
    test(`${item.id} ${item.name} (n = ${n})`, () => {
      const document = convert(item.generate(n))
      const rules = document.diagnostics
        .map((diagnostic) => diagnostic.ruleId)
        .filter((rule) => rule.startsWith('document-'))
      expect(
        rules.every((rule) => rule === 'document-too-deep'),
        rules.join()
      ).toBe(true)
      expect(schemaErrors(document)).toBe('')
    })
  }

  test('A12: should give `**x [a*b**c*](d)` the CommonMark structure', () => {
    const paragraph = convert('**x [a*b**c*](d)').sections[0]?.blocks[0]
    expect(
      JSON.parse(
        JSON.stringify(paragraph, (key, value: unknown) => (key === 'position' ? undefined : value))
      )
    ).toEqual({
      type: 'paragraph',
      text: '**x ab**c',
      children: [
        {type: 'text', value: '**x '},
        {
          type: 'link',
          url: 'd',
          title: null,
          children: [
            {type: 'text', value: 'a'},
            {type: 'emphasis', children: [{type: 'text', value: 'b**c'}]}
          ]
        }
      ]
    })
  })

  test('A16: should replace NUL by U+FFFD', () => {
    expect(convert('abc\u0000de\u0000').sections[0]?.blocks[0]).toMatchObject({
      text: 'abc\uFFFDde\uFFFD'
    })
  })
})
