import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, test} from 'vitest'
import {convert} from '../src/index.js'
import {positionProblems, schemaErrors} from './_helpers.js'

const spec = path.resolve(import.meta.dirname, '../../shared/corpora/spec')

interface Example {
  markdown: string
  example: number
  section: string
}

const suites: Record<string, Array<Example>> = {
  'CommonMark 0.31.2': JSON.parse(
    readFileSync(path.join(spec, 'commonmark/spec.json'), 'utf8')
  ) as Array<Example>,
  'GFM 0.29 spec': JSON.parse(
    readFileSync(path.join(spec, 'gfm/test/spec.json'), 'utf8')
  ) as Array<Example>,
  'GFM extensions': JSON.parse(
    readFileSync(path.join(spec, 'gfm/test/extensions.json'), 'utf8')
  ) as Array<Example>,
  'GFM regressions': JSON.parse(
    readFileSync(path.join(spec, 'gfm/test/regression.json'), 'utf8')
  ) as Array<Example>,
  'GFM smart punctuation': JSON.parse(
    readFileSync(path.join(spec, 'gfm/test/smart_punct.json'), 'utf8')
  ) as Array<Example>
}

describe('spec examples', () => {
  for (const [name, examples] of Object.entries(suites)) {
    test(`should convert every ${name} example: no throw, valid, positions inside the input`, () => {
      const failures: Array<string> = []
      for (const example of examples) {
        // The spec's `→` stands for a tab in a few copies of the examples.
        const markdown = example.markdown.replace(/→/g, '\t')
        for (const cjkFriendly of [true, false]) {
          let document
          try {
            document = convert(markdown, {cjkFriendly})
          } catch (error) {
            failures.push(
              `${example.example} (${example.section}): threw ${(error as Error).message}`
            )
            continue
          }
          const errors = schemaErrors(document)
          if (errors) failures.push(`${example.example}: ${errors}`)
          for (const problem of positionProblems(document, markdown))
            failures.push(`${example.example}: ${problem}`)
        }
      }
      expect(failures.slice(0, 10)).toEqual([])
      expect(examples.length).toBeGreaterThan(15)
    })
  }
})
