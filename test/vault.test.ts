import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {Writable} from 'node:stream'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {run} from '../src/cli/run.js'
import type {Diagnostic, LinkEntry, NoteDocument} from '../src/index.js'
import type {ExpectedLink} from './vault-expected.js'
import {expectedLinks, expectedOrphans, vault} from './vault-expected.js'

/**
 * The test vault end to end: `md2data fixtures/vault --syntax obsidian --out-dir …` in this
 * process, its documents' links and `link-*` diagnostics against the hand-derived oracle, and the
 * index's graph.
 */
const repository = path.resolve(import.meta.dirname, '..')
let out: string
let stderr = ''
let code: number
let index: {notes: Array<{path: string; output: string}>; links: LinkGraph}

interface LinkGraph {
  notes: Record<string, {links: Array<string>; backlinks: Array<string>}>
  orphans: Array<string>
}

beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'md2data-vault-'))
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        append(String(chunk))
        callback()
      }
    })
  // (`Index.md` at the vault's root would be `Index.json`: the index takes another name.)
  const args = [vault, '--syntax', 'obsidian', '--out-dir', out, '--index', '_index.json']
  code = await run(args, {
    stdout: sink(() => {}),
    stderr: sink((text) => (stderr += text)),
    cwd: repository
  })
  index = JSON.parse(readFileSync(path.join(out, '_index.json'), 'utf8')) as typeof index
})
afterAll(() => rmSync(out, {recursive: true, force: true}))

function documents(): Array<NoteDocument> {
  return index.notes.map(
    (note) => JSON.parse(readFileSync(path.join(out, note.output), 'utf8')) as NoteDocument
  )
}

/** Every local link of a document as the oracle writes it: source text, line, resolution, rule. */
function actualLinks(document: NoteDocument): Array<ExpectedLink> {
  const source = readFileSync(path.join(repository, document.path as string), 'utf8')
  return document.links
    .filter((link): link is LinkEntry & {position: NonNullable<LinkEntry['position']>} => {
      return link.target !== null && link.position !== undefined
    })
    .map((link) => {
      const {start, end} = link.position
      const rule = document.diagnostics.find(
        (item: Diagnostic) =>
          item.ruleId.startsWith('link-') && item.position?.start.offset === start.offset
      )
      return {
        note: document.path as string,
        written: source.slice(start.offset, end.offset),
        line: start.line,
        resolved: link.resolved ?? null,
        rule: (rule?.ruleId ?? null) as ExpectedLink['rule']
      }
    })
}

describe('the test vault', () => {
  test('should exit with 0 (link problems are warnings)', () => {
    expect(code).toBe(0)
    expect(stderr).toContain('37 notes, 0 errors, 15 warnings')
  })

  test('should resolve every local link as the oracle says', () => {
    expect(documents().flatMap(actualLinks)).toEqual(expectedLinks)
  })

  test('should list the orphans', () => {
    expect(index.links.orphans).toEqual(expectedOrphans)
  })

  test('should give each note its links and backlinks', () => {
    const links = new Map<string, Set<string>>()
    const backlinks = new Map<string, Set<string>>()
    for (const link of expectedLinks) {
      if (!link.resolved) continue
      const into = links.get(link.note) ?? new Set()
      links.set(link.note, into.add(link.resolved.path))
      if (link.resolved.path === link.note) continue
      const from = backlinks.get(link.resolved.path) ?? new Set()
      backlinks.set(link.resolved.path, from.add(link.note))
    }
    for (const [note, entry] of Object.entries(index.links.notes)) {
      expect(entry.links, note).toEqual([...(links.get(note) ?? [])])
      expect(entry.backlinks, note).toEqual([...(backlinks.get(note) ?? [])].sort())
    }
    expect(Object.keys(index.links.notes)).toEqual(index.notes.map((note) => note.path))
  })

  test('should report each link problem once, positioned at its link', () => {
    const reported = documents().flatMap((document) =>
      document.diagnostics.filter((item) => item.ruleId.startsWith('link-'))
    )
    expect(reported.length).toBe(expectedLinks.filter((link) => link.rule !== null).length)
  })
})
