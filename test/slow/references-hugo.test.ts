import {readFileSync, readdirSync} from 'node:fs'
import path from 'node:path'
import MarkdownIt from 'markdown-it'
import {describe, expect, test} from 'vitest'
import {convert} from '../../src/index.js'

/**
 * An independent count of undefined references, made another way: markdown-it (a different
 * CommonMark parser, with its own bracket and label code) parses each note; in the text of its
 * inline tokens (outside links; code spans kept with their brackets blanked, so `[`x`][]` still
 * counts but `map[a][b]` in code does not) every `[text][label]` or `[label][]` left as text whose
 * label is not in markdown-it's reference map is an undefined reference.
 */
function countWithMarkdownIt(source: string): number {
  const parser = new MarkdownIt({html: true})
  parser.core.ruler.disable('text_join')
  const env: {references?: Record<string, unknown>} = {}
  // Front matter is not Markdown: blank it, keeping lines.
  const body = source.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, (block) =>
    block.replace(/[^\r\n]/g, ' ')
  )
  let count = 0
  for (const token of parser.parse(body, env)) {
    if (token.type !== 'inline' || !token.children) continue
    let text = ''
    let inLink = 0
    for (const child of token.children) {
      if (child.type === 'link_open') inLink++
      else if (child.type === 'link_close') inLink--
      else if (inLink > 0) text += '\uffff'
      else if (child.type === 'text') text += child.content
      else if (child.type === 'softbreak' || child.type === 'hardbreak') text += '\n'
      else if (child.type === 'code_inline')
        text += child.markup + child.content.replace(/[[\]]/g, '\uffff') + child.markup
      else if (!child.type.endsWith('_open') && !child.type.endsWith('_close')) text += '\uffff'
    }
    for (const match of text.matchAll(/\[([^[\]\uffff]*)\]\[([^[\]\uffff]*)\]/g)) {
      const label = parser.utils.normalizeReference(match[2] || (match[1] as string))
      if (label && !(env.references && label in env.references)) count++
    }
  }
  return count
}

const root = path.resolve(import.meta.dirname, '../../../shared/corpora/hugo-docs')
const files = readdirSync(root, {recursive: true, encoding: 'utf8'})
  .filter((name) => name.endsWith('.md'))
  .sort()

describe('reference-undefined on hugo-docs', () => {
  test('should agree, note by note, with an independent count through markdown-it', () => {
    let ours = 0
    let theirs = 0
    const disagreements: Array<string> = []
    for (const name of files) {
      const source = readFileSync(path.join(root, name), 'utf8')
      const mine = convert(source).diagnostics.filter(
        (item) => item.ruleId === 'reference-undefined'
      ).length
      const other = countWithMarkdownIt(source)
      ours += mine
      theirs += other
      if (mine !== other) disagreements.push(`${name}: md2data ${mine}, markdown-it ${other}`)
    }
    expect(disagreements).toEqual([])
    expect(theirs).toBe(3)
    expect(ours).toBe(3)
  })

  test('should point at the three undefined references Hugo’s docs have', () => {
    const found = files.flatMap((name) =>
      convert(readFileSync(path.join(root, name)), {path: name})
        .diagnostics.filter((item) => item.ruleId === 'reference-undefined')
        .map(
          (item) =>
            `${item.path}:${item.position?.start.line}:${item.position?.start.column} ${item.message}`
        )
    )
    expect(found).toEqual([
      'content/en/configuration/imaging.md:140:101 Unexpected reference to undefined definition ``[`Meta`]``, expected a ``[`Meta`]: url`` line',
      'content/en/functions/collections/Where.md:184:59 Unexpected reference to undefined definition ``[`publishDate`]``, expected a ``[`publishDate`]: url`` line',
      'content/en/functions/collections/Where.md:184:97 Unexpected reference to undefined definition ``[`expiryDate`]``, expected a ``[`expiryDate`]: url`` line'
    ])
  })
})
