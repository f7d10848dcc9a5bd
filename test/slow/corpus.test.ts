import {readFileSync, readdirSync} from 'node:fs'
import path from 'node:path'
import type {Heading as MdastHeading, Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {describe, expect, test} from 'vitest'
import {createLineIndex} from '../../src/_lines.js'
import {convert} from '../../src/index.js'
import {parseMarkdown} from '../../src/parse/index.js'
import {schemaErrors} from '../_helpers.js'

const root = path.resolve(import.meta.dirname, '../../../shared/corpora/hugo-docs')
const files = readdirSync(root, {recursive: true, encoding: 'utf8'})
  .filter((name) => name.endsWith('.md'))
  .sort()

/** Every `position` in a value, with the JSON path that leads to it. */
function* positions(value: unknown, at = '$'): Generator<[string, {start: Point; end: Point}]> {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* positions(item, `${at}[${index}]`)
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'position' && item) yield [at, item as {start: Point; end: Point}]
      else yield* positions(item, `${at}.${key}`)
    }
  }
}

interface Point {
  line: number
  column: number
  offset: number
}

describe('hugo-docs corpus', () => {
  test('should hold 999 notes', () => {
    expect(files.length).toBe(999)
  })

  test('should convert every note without throwing, valid against the schema, positions in range', () => {
    const failures: Array<string> = []
    for (const name of files) {
      const bytes = readFileSync(path.join(root, name))
      const text = bytes.toString('utf8').replace(/^\uFEFF/, '')
      const document = convert(bytes, {path: name})
      const errors = schemaErrors(document)
      if (errors) failures.push(`${name}: ${errors}`)
      const lines = createLineIndex(text)
      for (const [at, position] of positions(document)) {
        for (const point of [position.start, position.end]) {
          const expected = lines.point(point.offset)
          if (
            point.offset > text.length ||
            expected.line !== point.line ||
            expected.column !== point.column
          ) {
            failures.push(
              `${name} ${at}: ${JSON.stringify(point)} is not ${JSON.stringify(expected)}`
            )
          }
        }
        if (position.start.offset > position.end.offset)
          failures.push(`${name} ${at}: start after end`)
      }
    }
    expect(failures.slice(0, 10)).toEqual([])
  })

  test('should give heading text as mdast-util-to-string does', () => {
    let count = 0
    for (const name of files) {
      const text = readFileSync(path.join(root, name), 'utf8')
      const tree: Root = parseMarkdown(text, {cjkFriendly: true})
      const expected: Array<string> = []
      const visit = (node: Root | Root['children'][number]): void => {
        if (node.type === 'heading') expected.push(toString(node as MdastHeading))
        if ('children' in node)
          for (const child of node.children) visit(child as Root['children'][number])
      }
      visit(tree)
      expect(convert(text).headings.map((heading) => heading.text)).toEqual(expected)
      count += expected.length
    }
    expect(count).toBe(1431)
  })
})
