/**
 * `npx tsx bench/pathological.ts [dist/index.js…]`: the pathological generators of
 * `test/pathological.ts` at full size, each in a worker under the 3 s budget (one `convertFiles`
 * run of every case, `--jobs 1`), and how many convert rather than being rejected
 * (`document-timeout`, `document-too-large`, `document-too-deep`). Give builds to compare (an old
 * `dist/index.js` beside this one); default: this build.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import type * as Md2data from '../src/index.js'
import {cases} from '../test/pathological.js'

const builds = process.argv.slice(2)
if (builds.length === 0) builds.push(path.resolve(import.meta.dirname, '../dist/index.js'))
const folder = mkdtempSync(path.join(tmpdir(), 'md2data-pathological-'))
const files = cases.map((item) => {
  const name = `${item.id}.md`
  writeFileSync(path.join(folder, name), item.generate(item.size))
  return {path: name, absolute: path.join(folder, name), relative: name}
})

for (const build of builds) {
  const {convertFiles} = (await import(path.resolve(build))) as typeof Md2data
  const rejected: Array<string> = []
  const options = {jobs: 1, timeout: 3000, maxSize: 64 * 1024 * 1024}
  for await (const result of convertFiles(files, options)) {
    const rule = result.diagnostics.find((item) =>
      ['document-timeout', 'document-too-large', 'document-too-deep'].includes(item.ruleId)
    )?.ruleId
    if (rule)
      rejected.push(`${result.file.path.replace(/\.md$/, '')} (${rule.replace('document-', '')})`)
  }
  console.log(
    `${build}: ${cases.length - rejected.length} of ${cases.length} converted within 3 s; rejected: ${rejected.join(', ')}`
  )
}
rmSync(folder, {recursive: true, force: true})
