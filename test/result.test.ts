import {describe, expect, test} from 'vitest'
import {toResult} from '../src/batch/result.js'

const document = {frontmatter: null, diagnostics: [], text: 'x'.repeat(100)}

describe('toResult (what a worker posts)', () => {
  test('should give the JSON and the parts the CLI reads', () => {
    expect(toResult(document, 'T', {pretty: true, maxOutput: 1000})).toEqual({
      json: `${JSON.stringify(document)}\n`,
      pretty: `${JSON.stringify(document, null, 2)}\n`,
      title: 'T',
      frontmatter: null,
      diagnostics: []
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
