import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {list, runCli} from '../_helpers.js'
import type {Diagnostic, LinkEntry, NoteDocument} from '../../src/index.js'
import type {ExpectedLink} from '../vault-expected.js'
import {expectedLinks, expectedOrphans, vault} from '../vault-expected.js'

/**
 * The test vault end to end: `md2data fixtures/vault --syntax obsidian --out-dir …` in this
 * process, its documents' links and `link-*` diagnostics against the hand-derived oracle, and the
 * index's graph.
 */
const repository = path.resolve(import.meta.dirname, '../..')
let out: string
let stderr: string
let code: number
let index: {notes: Array<{path: string; output: string}>; links: LinkGraph}

interface LinkGraph {
  notes: Record<string, {links: Array<string>; backlinks: Array<string>}>
  orphans: Array<string>
}

/** `md2data fixtures/vault --syntax obsidian --out-dir DIR …` in this process. */
async function md2data(
  dir: string,
  ...more: Array<string>
): Promise<{code: number; stderr: string}> {
  // (`Index.md` at the vault's root would be `Index.json`: the index takes another name.)
  const args = [vault, '--syntax', 'obsidian', '--out-dir', dir, '--index', '_index.json', ...more]
  return await runCli(args, repository)
}

let work: string
beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'md2data-vault-'))
  out = path.join(work, 'out')
  ;({code, stderr} = await md2data(out))
  index = JSON.parse(readFileSync(path.join(out, '_index.json'), 'utf8')) as typeof index
})
afterAll(() => rmSync(work, {recursive: true, force: true}))

/** Every output file of a folder, by path, as text. */
function outputs(dir: string): Map<string, string> {
  return new Map(
    list(dir).map((file) => [file, readFileSync(path.join(dir, file), 'utf8')] as const)
  )
}

/** The `link-*` diagnostics of every note of an output folder, as `path line:col rule`. */
function linkProblems(dir: string): Array<string> {
  const problems: Array<string> = []
  for (const [file, text] of outputs(dir)) {
    if (file === '_index.json') continue
    const document = JSON.parse(text) as NoteDocument
    for (const item of document.diagnostics) {
      const at = item.position?.start
      if (item.ruleId.startsWith('link-'))
        problems.push(`${document.path} ${at?.line}:${at?.column} ${item.ruleId} ${item.message}`)
    }
  }
  return problems.sort()
}

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
  test('should exit with 0 (link problems are warnings), 1 with --strict, and skip them with --no-links', async () => {
    expect(code).toBe(0)
    expect(stderr).toContain('37 notes, 0 errors, 15 warnings')
    expect((await md2data(path.join(work, 'strict'), '--strict')).code).toBe(1)
    const skipped = await md2data(path.join(work, 'no-links'), '--no-links')
    expect(skipped.code).toBe(0)
    expect(skipped.stderr).toContain('37 notes, 0 errors, 0 warnings')
    const index = JSON.parse(
      readFileSync(path.join(work, 'no-links', '_index.json'), 'utf8')
    ) as object
    expect(index).not.toHaveProperty('links')
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

  test('should give the same documents from the cache, the graph computed again', async () => {
    const cache = path.join(work, 'cache')
    const cold = await md2data(path.join(work, 'cold'), `--cache=${cache}`)
    const warm = await md2data(path.join(work, 'warm'), `--cache=${cache}`)
    expect(cold.code).toBe(0)
    expect(warm.stderr).toContain('37 notes (37 from cache), 0 errors, 15 warnings')
    expect(outputs(path.join(work, 'warm'))).toEqual(outputs(out))
    expect(outputs(path.join(work, 'cold'))).toEqual(outputs(out))
  })

  test('should report the same link problems in three shards as in one run', async () => {
    const problems: Array<string> = []
    for (const shard of ['1/3', '2/3', '3/3']) {
      const dir = path.join(work, `shard-${shard[0]}`)
      expect((await md2data(dir, '--shard', shard)).code).toBe(0)
      problems.push(...linkProblems(dir))
    }
    expect(problems.sort()).toEqual(linkProblems(out))
    expect(problems.length).toBe(15)
  })

  test('should give every link problem its exact position and message', () => {
    const rows = documents().flatMap((document) =>
      document.diagnostics.map((item) => {
        const {start, end} = item.position ?? {
          start: {line: 0, column: 0},
          end: {line: 0, column: 0}
        }
        const where = `${start.line}:${start.column}-${end.line}:${end.column}`
        return `${(document.path as string).slice(vault.length + 1)} ${where} ${item.ruleId} ${item.message}`
      })
    )
    expect(rows).toEqual([
      'Archive/Old/Index.md 6:3-6:42 link-broken Unexpected link to missing file `../../Projects/2025.md`, no note or file at `fixtures/vault/Projects/2025.md`',
      'Archive/Old/Index.md 7:3-7:19 link-broken Unexpected link to missing file `[[Old Projects]]`, no file matches `Old Projects.md` and no note has the alias `Old Projects`',
      'Areas/Health/index.md 10:13-10:30 link-broken Unexpected link to missing file `[[Checkups 2025]]`, no file matches `Checkups 2025.md` and no note has the alias `Checkups 2025`',
      'Daily/2026-11-02.md 9:22-9:77 link-anchor-missing Unexpected link to missing heading `#instalation` in `fixtures/vault/Projects/Alpha/Setup Guide.md`, did you mean `#installation`?',
      'Daily/2026-11-02.md 10:25-10:42 link-broken Unexpected link to missing file `[[Meeting Notes]]`, no file matches `Meeting Notes.md` and no note has the alias `Meeting Notes`',
      'Daily/2026-11-04.md 12:18-12:47 link-anchor-missing Unexpected link to missing block `#^decision-cache` in `fixtures/vault/Projects/Alpha/Decisions.md`, did you mean `#^decision-db`?',
      'Inbox.md 12:9-12:22 link-ambiguous Unexpected ambiguous link `[[Checklist]]`: `fixtures/vault/Resources/Checklist.md` and `fixtures/vault/Templates/Checklist.md` match, write a path to choose one',
      'Meetings/2026-11-03 Kickoff.md 20:1-20:31 link-broken Unexpected embed of missing file `![[whiteboard-2026-11-03.jpg]]`, no file matches `whiteboard-2026-11-03.jpg` and no note has the alias `whiteboard-2026-11-03.jpg`',
      'Meetings/Retro.md 13:33-13:50 link-broken Unexpected link to missing file `[[Meeting Notes]]`, no file matches `Meeting Notes.md` and no note has the alias `Meeting Notes`',
      'Meetings/Weekly Sync.md 18:31-18:53 link-anchor-missing Unexpected link to missing heading `#Budget2026` in `fixtures/vault/Areas/Finance.md`, did you mean `#Budget 2026`?',
      'Projects/Alpha/Decisions.md 11:1-11:50 link-broken Unexpected image of missing file `../../attachments/diagram-v1.png`, no file at `fixtures/vault/attachments/diagram-v1.png`',
      'Projects/Alpha/Plan.md 15:40-15:61 link-broken Unexpected link to missing file `./Spec.md`, no note or file at `fixtures/vault/Projects/Alpha/Spec.md`',
      'Projects/Alpha/Setup Guide.md 23:17-23:34 link-broken Unexpected link to missing file `[[Install Alpha]]`, no file matches `Install Alpha.md` and no note has the alias `Install Alpha`',
      'Projects/README.md 16:3-16:48 link-anchor-missing Unexpected link to missing heading `#timeline` in `fixtures/vault/Projects/Alpha/Plan.md`',
      'Resources/Markdown Cheatsheet.md 34:17-34:42 link-anchor-missing Unexpected link to missing heading `#Kanban board` in `fixtures/vault/Resources/Glossary.md`'
    ])
  })

  test('should report each link problem once, positioned at its link', () => {
    const reported = documents().flatMap((document) =>
      document.diagnostics.filter((item) => item.ruleId.startsWith('link-'))
    )
    expect(reported.length).toBe(expectedLinks.filter((link) => link.rule !== null).length)
  })
})
