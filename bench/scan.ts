/**
 * `npm run bench:scan [folder…]` (default: `../shared/corpora`): convert every note of each folder
 * in this process (the built package, each note fastest of 3) and print the ten slowest notes by
 * time per byte, with their size, their MB/s and how many times slower per byte they are than the
 * folder's median note. A note far slower per byte than its neighbours is a parser path to look at
 * (issue 14: every real note within 20x of its corpus's median).
 */
import {readFileSync, readdirSync} from 'node:fs'
import path from 'node:path'
import {median} from './_stats.js'

import type * as Md2data from '../src/index.js'

const {convert} = (await import('../dist/index.js' as string)) as typeof Md2data
const folders = process.argv.slice(2)
if (folders.length === 0) folders.push(path.resolve(import.meta.dirname, '../../shared/corpora'))

/** Every Markdown file under a folder. */
function notes(folder: string): Array<string> {
  return readdirSync(folder, {recursive: true, encoding: 'utf8'})
    .filter((name) => /\.(?:md|markdown)$/i.test(name))
    .map((name) => path.join(folder, name))
    .sort()
}

let failed = false
for (const folder of folders) {
  // Three passes over the folder, each note's fastest kept: runs of one note spread in time, so a
  // pause of the machine does not land on all three.
  const measured = notes(folder).map((file) => ({
    file: path.relative(folder, file),
    bytes: readFileSync(file),
    ms: Infinity
  }))
  for (let round = 0; round < 3; round++) {
    for (const note of measured) {
      const start = performance.now()
      convert(note.bytes, {path: note.file})
      note.ms = Math.min(note.ms, performance.now() - start)
    }
  }
  if (measured.length === 0) continue
  const perByte = (note: {bytes: Uint8Array; ms: number}) => note.ms / note.bytes.length
  const typical = median(measured.map(perByte))
  const mbs = (note: {bytes: Uint8Array; ms: number}) => note.bytes.length / 1e6 / (note.ms / 1000)
  console.log(
    `\n${path.relative(process.cwd(), folder) || '.'}: ${measured.length} notes, median ${(1 / typical / 1000).toFixed(2)} MB/s`
  )
  console.log(
    '| note | size | time | MB/s | per byte vs median |\n| --- | ---: | ---: | ---: | ---: |'
  )
  // (Ranked from 1 KiB up: below, the fixed cost of a note outweighs its bytes.)
  const ranked = measured.filter((note) => note.bytes.length >= 1024)
  const slowest = ranked.sort((a, b) => perByte(b) - perByte(a)).slice(0, 10)
  for (const note of slowest) {
    const ratio = perByte(note) / typical
    if (ratio > 20) failed = true
    console.log(
      `| ${note.file} | ${note.bytes.length} B | ${note.ms.toFixed(1)} ms | ${mbs(note).toFixed(2)} | ${ratio.toFixed(1)}x |`
    )
  }
}
if (failed) {
  console.log(
    '\nA note is more than 20x slower per byte than its corpus median (target: within 20x).'
  )
  process.exitCode = 1
}
