import {code} from '../diagnostics/code.js'
import {createDiagnostic} from '../diagnostics/create.js'
import type {Diagnostic, Position} from '../types.js'

/**
 * Cross-note link resolution and the link graph (issue 17, item 3): pure and synchronous, no file
 * system. Give `LinkGraph` every file the run sees, `add()` a summary of every note, then
 * `resolve()` each note and take the graph with `toJSON()`.
 *
 * Paths are `/`-separated and compared in Unicode NFC (a file saved as NFD on macOS matches a link
 * typed as NFC); resolutions give each path as the run names it (a note's own `path` when it was
 * added, else the spelling in `files`).
 *
 * ## Markdown links and images (`inline`, `reference`)
 *
 * As GitHub resolves them. The target is %-decoded (`My%20Note.md`; a malformed escape such as
 * `100%.md` keeps the raw text) and taken from the note's folder (`./a.md`, `../b/c.md`), or from
 * the note's `root` when it starts with `/`. Then, in order:
 * 1. the file at that path;
 * 2. that path plus `.md` (`[Guide](./guide)` is `guide.md`);
 * 3. `<path>/index.md`, `<path>/_index.md` (Hugo's), then `<path>/README.md` (a folder: `./docs/`,
 *    `./docs`, `.`, `..`);
 * 4. for a target ending in `/` (a site's pretty URL: `../install/` is `install.md`), `<path>.md`,
 *    then the folder's index files, ignoring case (site generators lower-case URLs), when one file
 *    matches.
 * A target ending in `/`, `.` or `..` names a folder and skips 1 and 2. Nothing found:
 * `link-broken`. Markdown links never match ignoring case, never by file name alone.
 *
 * ## Wikilinks and embeds (`[[…]]`, `![[…]]`)
 *
 * As Obsidian resolves them, within the note's vault: only files under the note's `root` match by
 * name, suffix or alias (two folders given to one run are two vaults). The target is trimmed and
 * not %-decoded; a target whose last segment has no `.` names `<target>.md` (`[[Note]]` is
 * `Note.md`); one with a `.` names itself, else `<target>.md` (`[[diagram.png]]`, `[[v1.2 plan]]`).
 * Embeds may name any file: images, PDFs, notes. Then, in order, the first step that matches wins:
 * 1. the exact path from `root`, then from the note's folder (`[[folder/Note]]`, `[[Note]]` beside
 *    the note);
 * 2. the files whose path ends with the target on a segment boundary, ignoring case: the file name
 *    for `[[note]]`, a path suffix for `[[b/note]]` (`a/b/Note.md`). One match is it. Of several,
 *    the one in the note's own folder wins, else the shortest path (fewest characters, UTF-16 code
 *    units, NFC), else, for two or more of the same shortest length, `link-ambiguous`;
 * 3. front matter `aliases` of the notes under `root`, ignoring case: one note is it, of several
 *    the shortest path, a tie is `link-ambiguous`;
 * 4. else `link-broken`.
 * A target starting with `./` or `../` is taken from the note's folder only, and one starting with
 * `/` from `root` only: exactly, else ignoring case (files differing only in case are ambiguous);
 * they never match by name, suffix or alias.
 *
 * Obsidian's tie-break is documented nowhere; the rule in step 2 (exact path, then the note's own
 * folder, then the shortest path string, not the fewest folders) is as observed on Obsidian 1.13.7
 * through `app.metadataCache.getFirstLinkpathDest` (pvliesdonk/markdown-vault-mcp, pull request
 * 1380). Obsidian itself picks one file of an exact tie; md2data reports it, since nothing in the
 * note says which. Resolving `[[alias]]` is md2data's addition: Obsidian uses aliases to suggest
 * links (`[[Note|alias]]`), not to resolve them.
 *
 * ## Anchors
 *
 * Checked only on notes (`.md`, `.markdown`) that were added. On an attachment (`paper.pdf#page=3`)
 * or a note the run sees but did not add, the anchor is kept as written, unchecked. `^id` is a
 * block id, compared exactly, for both kinds of links; the resolved anchor is `^id`. Else:
 * - Markdown links: the anchor is compared with the target note's heading ids exactly, then
 *   %-decoded and lower-cased (GitHub ids are lower case: `#Install` and `#%E7%B5%8C%E6%AD%B4`
 *   reach `install` and `経歴`);
 * - wikilinks: the heading text, compared ignoring case, with each run of white space, punctuation
 *   and symbols as one space (`[[Guide#Step 1: Setup]]` and `[[Guide#step 1 setup]]` reach
 *   `## Step 1: Setup`); for nested headings `[[Guide#Setup#Install]]` the last segment is matched.
 * The resolved anchor is the heading's `id` (what a URL needs). When the file resolves but the
 * anchor does not, the link resolves to `{path, anchor: null}` with `link-anchor-missing`, whose
 * message suggests the closest heading (edit distance on ids for Markdown links, on heading text
 * for wikilinks; none when the distance is over half the anchor's length). A same-note anchor
 * (target `''`: `#intro`, `[[#Intro]]`) is resolved against the note itself.
 *
 * ## The graph
 *
 * See `LinkGraphJson`. A link to the note itself is among its `links` but makes no backlink.
 */

/** A local link of a note, as the caller extracted it. */
export interface LocalLink {
  /** The link's index in the document's `links` array. */
  index: number
  kind: 'link' | 'image' | 'embed'
  /** `wikilink` for `[[…]]` and `![[…]]`; the others are Markdown syntax. */
  syntax: 'inline' | 'reference' | 'autolink' | 'wikilink'
  /** The target as written, without the anchor and query (`''` for a same-note anchor like `#intro` or `[[#Intro]]`); Markdown targets may be %-encoded. */
  target: string
  /** The anchor as written, without `#` (`^id` for a block reference), or null. */
  anchor: string | null
  position: Position | null
}

/** What resolution needs to know of a note. */
export interface NoteSummary {
  /** '/'-separated path of the note as the run names it (e.g. 'vault/folder/a.md'). */
  path: string
  /** The folder the note's pattern started from, '/'-separated, '' for the working directory (so 'vault' for 'vault/folder/a.md' found by `md2data vault`). Root-relative targets (`/x.md`, wikilinks with a folder) are taken from here. */
  root: string
  /** Every heading's plain text and its id in the document (ids are unique in a document). */
  headings: Array<{text: string; id: string}>
  /** Block ids (`^id` markers) of the note, without `^`. */
  blockIds: Array<string>
  /** Front matter aliases. */
  aliases: Array<string>
  links: Array<LocalLink>
}

/** Where a link leads: a file the run sees, and the heading id or `^block` in it. */
export interface Resolution {
  path: string
  anchor: string | null
}

/** A note's links, resolved. */
export interface NoteResolution {
  /** For each link index given: where it resolves, or null (broken/ambiguous). Autolinks are left out. */
  resolved: Map<number, Resolution | null>
  /** link-broken, link-anchor-missing, link-ambiguous warnings, positioned at the link, `path` = the note's path, in link order. */
  diagnostics: Array<Diagnostic>
}

/** The link graph, as `index.json` keeps it. */
export interface LinkGraphJson {
  /** Every note (sorted by path): its outgoing resolved targets (distinct, first-use order; notes and attachments) and its backlinks (distinct note paths, sorted; a note's links to itself do not count). */
  notes: Record<string, {links: Array<string>; backlinks: Array<string>}>
  /** Notes that no other note links to, sorted. */
  orphans: Array<string>
}

/**
 * Where a link's target leads, before its anchor; paths in NFC. `ambiguous`: the first candidates
 * tied (at most `listed`) and how many are. `missing`: for a Markdown link the path looked for, for
 * a wikilink what was looked for, as the message says it.
 */
type Target = {found: string} | {ambiguous: Array<string>; count: number} | {missing: string}

/** A link's outcome: its resolution, and the problem found, if any. */
interface Outcome {
  resolution: Resolution | null
  problem?: {ruleId: string; message: string}
}

/** The note a link is in: its path, folder and root, in NFC. */
interface Source {
  path: string
  folder: string
  root: string
  /** Whether the note is under its root (it always is, when the caller's roots are right). */
  inRoot: boolean
}

/** The anchors of a note, indexed once. */
interface Anchors {
  headings: Array<{text: string; id: string}>
  ids: Set<string>
  /** NFC, lower-cased id → id. */
  lowerIds: Map<string, string>
  /** `textKey(text)` → id; the first heading of a text wins. */
  texts: Map<string, string>
  blocks: Set<string>
  /** `findAnchor`'s answers, by `w` (wikilink) or `m` (Markdown) and the anchor. */
  found: Map<string, string | null>
  /** `suggest`'s answers, by the same keys. */
  suggested: Map<string, string | null>
}

/** Candidates of a match, shortest path first, and how many share the shortest length. */
interface Ranked {
  paths: Array<string>
  tied: number
}

/** Text that is not ASCII (so may need NFC). */
const nonAscii = /[^\0-\x7F]/
/** A path with a `.` or `..` segment, `//`, or a leading or trailing `/`: `join` normalizes it. */
const unusualPath = /(?:^|\/)\.{1,2}(?:\/|$)|\/\/|^\/|\/$/
/** Runs of white space, punctuation and symbols, as wikilinks compare heading text. */
const separators = /[\s\p{P}\p{S}]+/gu
/** A Markdown target naming a folder: ending with `/`, `.` or `..`. */
const folderTarget = /(?:^|\/)\.{0,2}$/
/** A wikilink target taken from the note's folder. */
const relativeTarget = /^\.{1,2}\//
/** No candidates. */
const none: Ranked = {paths: [], tied: 0}
/** A note's file name, whose anchors are checked. */
const noteExtension = /\.(?:md|markdown)$/i
/** The files a Markdown link to a folder reaches, in order. */
const folderIndexNames = ['index.md', '_index.md', 'README.md']
/** Most candidates an ambiguity message names. */
const listed = 5

/** `text` in NFC (ASCII text is, as it is). */
function nfc(text: string): string {
  return nonAscii.test(text) ? text.normalize('NFC') : text
}

/** Code unit order, the same on every machine (not `localeCompare`). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** `a/b/c.md` → `a/b`; `c.md` → `''`. */
function folderOf(path: string): string {
  const slash = path.lastIndexOf('/')
  return slash === -1 ? '' : path.slice(0, slash)
}

/** `relative` taken from the folder `base`: `.`, `..` and empty segments resolved; `..` past the top stays. */
function join(base: string, relative: string): string {
  if (!unusualPath.test(relative) && !unusualPath.test(base)) {
    return base === '' ? relative : relative === '' ? base : `${base}/${relative}`
  }
  // (An absolute base, for notes outside the working directory, stays absolute.)
  const absolute = base.startsWith('/')
  const segments = base === '' ? [] : base.split('/').filter(Boolean)
  for (const segment of relative.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..' && segments.length > 0 && segments.at(-1) !== '..') segments.pop()
    else segments.push(segment)
  }
  return (absolute ? '/' : '') + segments.join('/')
}

/** %-decoded text; a malformed escape keeps the raw text. */
function decode(text: string): string {
  if (!text.includes('%')) return text
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** The file names a wikilink target names: `Note` → `Note.md`; `a.png` → itself, then `a.png.md`. */
function wikiNames(target: string): Array<string> {
  const name = target.slice(target.lastIndexOf('/') + 1)
  return name.includes('.') ? [target, `${target}.md`] : [`${target}.md`]
}

/** Heading text as wikilinks compare it: NFC, lower case, runs of space and punctuation as one space. */
function textKey(text: string): string {
  return nfc(text).toLowerCase().replace(separators, ' ').trim()
}

/** Paths sorted shortest first (then in code unit order), with the number tied for shortest. */
function rank(paths: Array<string>): Ranked {
  const sorted = paths.sort((a, b) => a.length - b.length || compare(a, b))
  let tied = 0
  while (tied < sorted.length && (sorted[tied] as string).length === (sorted[0] as string).length)
    tied++
  return {paths: sorted, tied}
}

/** The single best of ranked candidates, or the ambiguity; `null` when there is none. */
function pick(ranked: Ranked): Target | null {
  if (ranked.paths.length === 0) return null
  if (ranked.tied === 1) return {found: ranked.paths[0] as string}
  return {ambiguous: ranked.paths.slice(0, Math.min(ranked.tied, listed)), count: ranked.tied}
}

/** Push `value` to the list at `key`. */
function push(map: Map<string, Array<string>>, key: string, value: string): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

/** Levenshtein distance of two strings given as code points. */
function distance(a: Array<string>, b: Array<string>): number {
  let row = Array.from({length: b.length + 1}, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(
        (row[j] as number) + 1,
        (next[j - 1] as number) + 1,
        (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1)
      )
    }
    row = next
  }
  return row[b.length] as number
}

/**
 * What to suggest for `value`: the shown form of the candidate whose key is closest by edit
 * distance (the first of equals), if that distance is at most half of `value`'s length.
 */
function closest(value: string, candidates: Iterable<readonly [string, string]>): string | null {
  const target = Array.from(value)
  let best: string | null = null
  let bestDistance = Math.floor(target.length / 2) + 1
  for (const [key, shown] of candidates) {
    const points = Array.from(key)
    if (Math.abs(points.length - target.length) >= bestDistance) continue
    const found = distance(target, points)
    if (found < bestDistance) {
      best = shown
      bestDistance = found
    }
  }
  return best
}

/** The files a run sees, indexed for lookups by path, by path ignoring case and by path suffix. */
class FileIndex {
  /** NFC path → the path as the run names it. */
  readonly given = new Map<string, string>()
  /** Lower-cased NFC path → NFC paths. */
  readonly lower = new Map<string, Array<string>>()
  /** Lower-cased NFC suffix on a segment boundary (`b/c.md`, `c.md` of `a/b/c.md`) → NFC paths. */
  readonly #suffixes = new Map<string, Array<string>>()
  /** `root` → lower-cased suffix → the paths under root that end with it, ranked. */
  readonly #ranked = new Map<string, Map<string, Ranked>>()

  add(path: string): void {
    const key = nfc(path)
    if (this.given.has(key)) return
    this.given.set(key, path)
    const lower = key.toLowerCase()
    push(this.lower, lower, key)
    push(this.#suffixes, lower, key)
    for (let slash = lower.indexOf('/'); slash !== -1; slash = lower.indexOf('/', slash + 1)) {
      push(this.#suffixes, lower.slice(slash + 1), key)
    }
    this.#ranked.clear()
  }

  /** The files under `root` whose path from `root` ends with `suffix` on a segment boundary, ignoring case. */
  matching(root: string, suffix: string): Ranked {
    const lower = suffix.toLowerCase()
    const all = this.#suffixes.get(lower)
    if (!all) return none
    let cache = this.#ranked.get(root)
    if (!cache) this.#ranked.set(root, (cache = new Map()))
    let ranked = cache.get(lower)
    if (!ranked) {
      const start = root === '' ? 0 : root.length + 1
      const paths = all.filter(
        (path) =>
          (root === '' || path.startsWith(`${root}/`)) && path.length - lower.length >= start
      )
      ranked = rank(paths)
      cache.set(lower, ranked)
    }
    return ranked
  }
}

/** `link to`, `image of`, `embed of`: how a message names a link of this kind. */
function naming(link: LocalLink): string {
  return link.kind === 'link' ? 'link to' : `${link.kind} of`
}

/** A wikilink as written, for messages: `[[Note]]`, `![[diagram.png]]`. */
function written(link: LocalLink): string {
  return `${link.kind === 'link' ? '' : '!'}[[${link.target}]]`
}

/** `` `a` and `b` ``, `` `a`, `b` and `c` ``, `` `a`, …, `e` and 3 more ``. */
function list(paths: Array<string>, count: number): string {
  const quoted = paths.map(code)
  if (count > quoted.length) return `${quoted.join(', ')} and ${count - quoted.length} more`
  return `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1) as string}`
}

/** The anchors of a note, indexed. */
function indexAnchors(note: NoteSummary): Anchors {
  const anchors: Anchors = {
    headings: note.headings,
    ids: new Set(),
    lowerIds: new Map(),
    texts: new Map(),
    blocks: new Set(note.blockIds),
    found: new Map(),
    suggested: new Map()
  }
  for (const {text, id} of note.headings) {
    anchors.ids.add(id)
    const lower = nfc(id).toLowerCase()
    if (!anchors.lowerIds.has(lower)) anchors.lowerIds.set(lower, id)
    const key = textKey(text)
    if (!anchors.texts.has(key)) anchors.texts.set(key, id)
  }
  return anchors
}

/** The last non-empty `#` segment of a wikilink anchor: `Setup#Install` → `Install`. */
function lastSegment(anchor: string): string {
  return (
    anchor
      .split('#')
      .filter((segment) => segment.trim() !== '')
      .at(-1) ?? ''
  )
}

/** The heading id or `^block` an anchor reaches in a note, or `null`. */
function findAnchor(anchors: Anchors, anchor: string, wikilink: boolean): string | null {
  const key = `${wikilink ? 'w' : 'm'}${anchor}`
  let found = anchors.found.get(key)
  if (found === undefined) {
    if (anchor.startsWith('^')) found = anchors.blocks.has(anchor.slice(1)) ? anchor : null
    else if (wikilink) found = anchors.texts.get(textKey(lastSegment(anchor))) ?? null
    else if (anchors.ids.has(anchor)) found = anchor
    else found = anchors.lowerIds.get(nfc(decode(anchor)).toLowerCase()) ?? null
    anchors.found.set(key, found)
  }
  return found
}

/** The closest heading (`#id` or `#text`) or block (`#^id`) to a missing anchor, if one is close. */
function suggest(anchors: Anchors, anchor: string, wikilink: boolean): string | null {
  const key = `${wikilink ? 'w' : 'm'}${anchor}`
  let suggestion = anchors.suggested.get(key)
  if (suggestion === undefined) {
    if (anchor.startsWith('^')) {
      const blocks = [...anchors.blocks].map((id) => [id, `#^${id}`] as const)
      suggestion = closest(anchor.slice(1), blocks)
    } else if (wikilink) {
      const texts = anchors.headings.map(({text}) => [textKey(text), `#${text}`] as const)
      suggestion = closest(textKey(lastSegment(anchor)), texts)
    } else {
      const ids = anchors.headings.map(({id}) => [nfc(id).toLowerCase(), `#${id}`] as const)
      suggestion = closest(nfc(decode(anchor)).toLowerCase(), ids)
    }
    anchors.suggested.set(key, suggestion)
  }
  return suggestion
}

/** `link-anchor-missing`'s message, with the closest heading or block when one is close. */
function anchorMessage(link: LocalLink, path: string, anchors: Anchors): string {
  const anchor = link.anchor as string
  const what = anchor.startsWith('^') ? 'block' : 'heading'
  const suggestion = suggest(anchors, anchor, link.syntax === 'wikilink')
  const hint = suggestion === null ? '' : `, did you mean ${code(suggestion)}?`
  return `Unexpected ${naming(link)} missing ${what} ${code(`#${anchor}`)} in ${code(path)}${hint}`
}

/** `link-broken`'s message. */
function brokenMessage(link: LocalLink, missing: string): string {
  if (link.syntax === 'wikilink') {
    return `Unexpected ${naming(link)} missing file ${code(written(link))}, ${missing}`
  }
  const what = link.kind === 'image' ? 'file' : 'note or file'
  return `Unexpected ${naming(link)} missing file ${code(link.target)}, no ${what} at ${code(missing)}`
}

/**
 * Resolves the local links of a set of notes against the files a run sees, and builds the link
 * graph. Indexes are built once (paths, paths ignoring case, path suffixes, aliases, each note's
 * anchors); each link costs a few map lookups, never a scan of the files.
 */
export class LinkGraph {
  readonly #files = new FileIndex()
  /** NFC path → the note. */
  readonly #notes = new Map<string, NoteSummary>()
  readonly #anchors = new Map<string, Anchors>()
  readonly #results = new Map<string, NoteResolution>()
  /** `root` → lower-cased alias → the notes under root with it, ranked. */
  readonly #aliasRanks = new Map<string, Map<string, Ranked>>()
  /** NFC, lower-cased, trimmed alias → NFC note paths; built at the first resolution. */
  #aliases: Map<string, Array<string>> | null = null

  /** `files`: every file the run sees, notes and attachments (images, PDFs…), '/'-separated paths as the notes' `path`. */
  constructor(files: Iterable<string>) {
    for (const file of files) this.#files.add(file)
  }

  /** Add a note (a second one with the same path replaces the first). */
  add(note: NoteSummary): void {
    const key = nfc(note.path)
    this.#files.add(note.path)
    this.#files.given.set(key, note.path)
    this.#notes.set(key, note)
    this.#anchors.delete(key)
    this.#results.clear()
    this.#aliasRanks.clear()
    this.#aliases = null
  }

  /** After every note is added. Throws when no note with this path was added. */
  resolve(path: string): NoteResolution {
    const key = nfc(path)
    const cached = this.#results.get(key)
    if (cached) return cached
    const note = this.#notes.get(key)
    if (!note) throw new Error(`Cannot resolve the links of \`${path}\`: no such note was added`)
    // (An absolute root stays absolute: `join` keeps its base's leading `/`.)
    const root = join(nfc(note.root), '')
    const inRoot = root === '' || key.startsWith(`${root}/`)
    const source: Source = {path: key, folder: folderOf(key), root, inRoot}
    const resolved = new Map<number, Resolution | null>()
    const diagnostics: Array<Diagnostic> = []
    for (const link of [...note.links].sort((a, b) => a.index - b.index)) {
      if (link.syntax === 'autolink') continue
      const outcome = this.#resolveLink(source, link)
      resolved.set(link.index, outcome.resolution)
      if (outcome.problem) {
        const {ruleId, message} = outcome.problem
        diagnostics.push(createDiagnostic(ruleId, 'warning', message, note.path, link.position))
      }
    }
    const result = {resolved, diagnostics}
    this.#results.set(key, result)
    return result
  }

  /** The graph of every note added. */
  toJSON(): LinkGraphJson {
    const paths = [...this.#notes.values()].map((note) => note.path).sort(compare)
    const links = new Map<string, Array<string>>()
    const backlinks = new Map<string, Set<string>>(paths.map((path) => [path, new Set()]))
    for (const path of paths) {
      const targets = new Set<string>()
      for (const resolution of this.resolve(path).resolved.values()) {
        if (resolution) targets.add(resolution.path)
      }
      links.set(path, [...targets])
      for (const target of targets) if (target !== path) backlinks.get(target)?.add(path)
    }
    const notes = Object.fromEntries(
      paths.map((path) => [
        path,
        {links: links.get(path) ?? [], backlinks: [...(backlinks.get(path) ?? [])].sort(compare)}
      ])
    )
    return {notes, orphans: paths.filter((path) => backlinks.get(path)?.size === 0)}
  }

  #resolveLink(source: Source, link: LocalLink): Outcome {
    const target =
      link.target === ''
        ? {found: source.path}
        : link.syntax === 'wikilink'
          ? this.#wikiTarget(source, link.target)
          : this.#markdownTarget(source, link.target)
    if ('missing' in target) {
      return {
        resolution: null,
        problem: {ruleId: 'link-broken', message: brokenMessage(link, target.missing)}
      }
    }
    if ('ambiguous' in target) {
      const candidates = list(
        target.ambiguous.map((path) => this.#files.given.get(path) as string),
        target.count
      )
      const message = `Unexpected ambiguous ${link.kind} ${code(written(link))}: ${candidates} match, write a path to choose one`
      return {resolution: null, problem: {ruleId: 'link-ambiguous', message}}
    }
    return this.#withAnchor(link, target.found)
  }

  /** A resolved file and the link's anchor in it. */
  #withAnchor(link: LocalLink, found: string): Outcome {
    const path = this.#files.given.get(found) as string
    const anchor = link.anchor
    if (anchor === null || anchor === '') return {resolution: {path, anchor: null}}
    const note = noteExtension.test(found) ? this.#notes.get(found) : undefined
    if (!note) return {resolution: {path, anchor}}
    let anchors = this.#anchors.get(found)
    if (!anchors) {
      anchors = indexAnchors(note)
      this.#anchors.set(found, anchors)
    }
    const reached = findAnchor(anchors, anchor, link.syntax === 'wikilink')
    if (reached !== null) return {resolution: {path, anchor: reached}}
    const message = anchorMessage(link, path, anchors)
    return {resolution: {path, anchor: null}, problem: {ruleId: 'link-anchor-missing', message}}
  }

  /** A Markdown target: from the note's folder (or `root` for `/…`), `.md` added, a folder's index. */
  #markdownTarget(source: Source, target: string): Target {
    const decoded = nfc(decode(target))
    const path = join(decoded.startsWith('/') ? source.root : source.folder, decoded)
    const folder = folderTarget.test(decoded)
    if (!folder) {
      if (this.#files.given.has(path)) return {found: path}
      if (this.#files.given.has(`${path}.md`)) return {found: `${path}.md`}
    }
    for (const name of folderIndexNames) {
      const index = path === '' || path === '/' ? `${path}${name}` : `${path}/${name}`
      if (this.#files.given.has(index)) return {found: index}
    }
    // A pretty URL (`../install/`, as Hugo, Jekyll and Docusaurus publish `install.md`): site
    // generators lower-case URLs, so its note (or folder's index) matches ignoring case.
    if (folder) {
      for (const name of [`${path}.md`, ...folderIndexNames.map((index) => `${path}/${index}`)]) {
        if (this.#files.given.has(name)) return {found: name}
        const paths = this.#files.lower.get(name.toLowerCase())
        if (paths?.length === 1) return {found: paths[0] as string}
      }
    }
    return {missing: folder ? `${path}/` : path}
  }

  /** A wikilink target, by Obsidian's rules (see the module's comment). */
  #wikiTarget(source: Source, target: string): Target {
    const trimmed = nfc(target).trim()
    const relative = relativeTarget.test(trimmed)
    if (relative || trimmed.startsWith('/')) {
      const base = relative ? source.folder : source.root
      return this.#wikiPath(wikiNames(trimmed).map((name) => join(base, name)))
    }
    const names = wikiNames(trimmed)
    const quick = this.#quickTarget(source, names, trimmed)
    if (quick) return quick
    for (const name of names) {
      const fromRoot = join(source.root, name)
      if (this.#files.given.has(fromRoot)) return {found: fromRoot}
      if (source.folder === source.root) continue
      const beside = join(source.folder, name)
      if (this.#files.given.has(beside)) return {found: beside}
    }
    for (const name of names) {
      const beside = this.#files.lower.get(join(source.folder, name).toLowerCase()) ?? []
      if (beside.length === 1) return {found: beside[0] as string}
      const found = pick(this.#files.matching(source.root, name))
      if (found) return found
    }
    return this.#aliasTarget(source, trimmed, names[0] as string)
  }

  /**
   * Steps 1 and 2 at once in the common case: when the names hold no `.` or `..` segment and the
   * note is under its root, whatever steps 1 and 2 find is among the files that end with a name;
   * with one such file, it is the answer; with none, only aliases are left. `null`: take the steps.
   */
  #quickTarget(source: Source, names: Array<string>, target: string): Target | null {
    if (!source.inRoot) return null
    let only: string | null = null
    for (const name of names) {
      if (unusualPath.test(name)) return null
      const {paths} = this.#files.matching(source.root, name)
      if (paths.length === 0) continue
      if (only !== null || paths.length > 1) return null
      only = paths[0] as string
    }
    return only === null ? this.#aliasTarget(source, target, names[0] as string) : {found: only}
  }

  /** Step 3, aliases, else step 4: missing. */
  #aliasTarget(source: Source, target: string, name: string): Target {
    return (
      pick(this.#aliased(source.root, target)) ?? {
        missing: `no file matches ${code(name)} and no note has the alias ${code(target)}`
      }
    )
  }

  /** A wikilink given as a path (`./…`, `../…`, `/…`): exactly, else ignoring case. */
  #wikiPath(paths: Array<string>): Target {
    for (const path of paths) if (this.#files.given.has(path)) return {found: path}
    for (const path of paths) {
      const found = pick(rank([...(this.#files.lower.get(path.toLowerCase()) ?? [])]))
      if (found) return found
    }
    return {missing: `no note or file at ${code(paths[0] as string)}`}
  }

  /** The notes under `root` with `alias` among their aliases, ignoring case, ranked. */
  #aliased(root: string, alias: string): Ranked {
    if (!this.#aliases) {
      this.#aliases = new Map()
      for (const [path, note] of this.#notes) {
        for (const name of new Set(note.aliases.map((one) => nfc(one).trim().toLowerCase()))) {
          push(this.#aliases, name, path)
        }
      }
    }
    const key = alias.toLowerCase()
    const all = this.#aliases.get(key)
    if (!all) return none
    let cache = this.#aliasRanks.get(root)
    if (!cache) this.#aliasRanks.set(root, (cache = new Map()))
    let ranked = cache.get(key)
    if (!ranked) {
      ranked = rank(all.filter((path) => root === '' || path.startsWith(`${root}/`)))
      cache.set(key, ranked)
    }
    return ranked
  }
}
