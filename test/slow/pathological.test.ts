import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, test} from 'vitest'
// The built package (`npm run test:stress` builds first): its worker starts in about 0.2 s, where
// the TypeScript one, loaded through tsx, takes 1.0–1.6 s, more than the times compared below.
// (Typed from the sources: `dist/` does not exist yet when `npm test` type-checks.)
import type {FileResult, convertFiles as ConvertFiles} from '../../src/index.js'
import {schemaErrors} from '../_helpers.js'
import {cases} from '../pathological.js'

/**
 * The pathological inputs at full size, each in a worker with a time budget (as markdown-it does):
 * a case passes when it converts within the budget or is cleanly rejected (`document-timeout`,
 * `document-too-large`, `document-too-deep`), and the run goes on. Ordinary notes (B1–B3) must
 * convert, with 8n taking under 16x the time of n.
 */
const {convertFiles} = (await import('../../dist/index.js' as string)) as {
  convertFiles: typeof ConvertFiles
}
const budget = Number(process.env.BUDGET ?? 3000)
const folder = mkdtempSync(path.join(tmpdir(), 'md2data-stress-'))
afterAll(() => rmSync(folder, {recursive: true, force: true}))

async function run(name: string, text: string): Promise<{result: FileResult; ms: number}> {
  const file = path.join(folder, `${name}.md`)
  writeFileSync(file, text)
  const start = performance.now()
  let found: FileResult | undefined
  for await (const result of convertFiles(
    [{path: `${name}.md`, absolute: file, relative: `${name}.md`}],
    {
      jobs: 1,
      timeout: budget,
      maxSize: 64 * 1024 * 1024
    }
  )) {
    found = result
  }
  return {result: found as FileResult, ms: performance.now() - start}
}

const rejected = new Set(['document-timeout', 'document-too-large', 'document-too-deep'])

describe('pathological inputs, full size, in workers under a time budget', () => {
  for (const item of cases) {
    test(`${item.id} ${item.name} (n = ${item.size})`, async () => {
      const {result, ms} = await run(item.id, item.generate(item.size))
      const rules = result.diagnostics
        .map((diagnostic) => diagnostic.ruleId)
        .filter((rule) => rule.startsWith('document-'))
      // Converted in time, or cleanly rejected; never a crash, and always a valid document.
      expect(
        rules.every((rule) => rejected.has(rule)),
        rules.join()
      ).toBe(true)
      expect(ms).toBeLessThan(budget + 10_000)
      expect(result.json).not.toBe(null)
      expect(schemaErrors(JSON.parse(result.json as string))).toBe('')
      if (item.ordinary) expect(rules).toEqual([])
    })
  }

  for (const item of cases.filter((entry) => entry.ordinary)) {
    test(`${item.id} ${item.name}: 8n in under 16x the time of n, in a worker`, async () => {
      const n = Math.round(item.size / 8)
      // The fastest of three runs each, less a worker's start-up (measured on an empty note); the
      // time of n is taken as at least 10 ms, so that a small note's noise cannot make the ratio.
      const fastest = async (name: string, text: string) => {
        let best = Infinity
        for (let round = 0; round < 3; round++) best = Math.min(best, (await run(name, text)).ms)
        return best
      }
      const empty = await fastest(`${item.id}-empty`, '')
      const small = await fastest(`${item.id}-n`, item.generate(n))
      const large = await fastest(`${item.id}-8n`, item.generate(8 * n))
      const ratio = Math.max(1, large - empty) / Math.max(10, small - empty)
      expect(ratio, `8n/n = ${ratio.toFixed(1)}x`).toBeLessThan(16)
    })
  }
})
