/**
 * `npm start`: convert every note under the given folders (default `fixtures/`) and print one
 * line a file: title, headings, lists, diagnostics.
 */
import {readFile, readdir} from 'node:fs/promises'
import path from 'node:path'
import {convert} from '../src/index.js'
import type {Block, Section} from '../src/index.js'

const roots = process.argv.slice(2)
if (roots.length === 0) roots.push('fixtures')

let files = 0
let problems = 0
for (const root of roots) {
  const entries = await readdir(root, {recursive: true, withFileTypes: true})
  const notes = entries
    .filter((entry) => entry.isFile() && /\.(md|markdown)$/i.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort()
  for (const file of notes) {
    const document = convert(await readFile(file), {path: file})
    const lists = countLists(document.sections)
    const errors = document.diagnostics.filter((item) => item.severity === 'error').length
    const warnings = document.diagnostics.length - errors
    files++
    problems += document.diagnostics.length
    console.log(
      `${file}: ${JSON.stringify(document.title)}, ${document.headings.length} headings, ${lists} lists, ` +
        `${document.diagnostics.length} diagnostics (${errors} errors, ${warnings} warnings)`
    )
  }
}
console.log(`${files} notes, ${problems} diagnostics`)

function countLists(sections: Array<Section>): number {
  let count = 0
  for (const section of sections)
    count += countInBlocks(section.blocks) + countLists(section.sections)
  return count
}

function countInBlocks(blocks: Array<Block>): number {
  let count = 0
  for (const block of blocks) {
    if (block.type === 'list') {
      count++
      for (const item of block.items) count += countInBlocks(item.children)
    } else if (block.type === 'blockquote' || block.type === 'footnoteDefinition') {
      count += countInBlocks(block.children)
    }
  }
  return count
}
