import type {DataPath, FormatResult, Located, Problem} from './_shared.js'
import {setKey, unsafeNumber} from './_shared.js'

/** Where a value is written, and for collections, where their parts are. */
type Place =
  | {kind: 'scalar'; range: [number, number]}
  | {kind: 'sequence'; range: [number, number]; items: Array<[number, number]>}
  | {kind: 'map'; range: [number, number]; entries: Map<string, Entry>}

interface Entry {
  key: [number, number]
  place: Place
  line: number
}

/** An open block mapping: its indentation, its data and where its entries are. */
interface Level {
  indent: number
  data: Record<string, unknown>
  place: Extract<Place, {kind: 'map'}>
}

/** The state of the fast path, line by line. */
interface Scan {
  source: string
  firstLine: number
  root: Level
  levels: Array<Level>
  problems: Array<Problem>
  /** A key with nothing after its colon: `null`, unless more indented lines follow (a mapping). */
  pending: {level: Level; key: string; entry: Entry} | null
  /** Where the last entry ends (after its line feed): a mapping ends there, as in `yaml`. */
  contentEnd: number
}

/** A line: its start, where its text ends, its end (its line feed, or the end), its index. */
interface Line {
  offset: number
  lineEnd: number
  end: number
  line: number
}

/** Deepest block mapping the fast path takes (deeper ones go to `yaml`). */
const maxLevels = 16

/**
 * The fast path for the most common front matter: `key: value` lines, flat (the reference
 * note's shape) or nested in block mappings indented with spaces (Hugo's `params:`), whose values
 * are plain scalars, `"…"` or `'…'` strings without escapes, `[]`, `{}`, or flow sequences of plain
 * scalars (`[a, b c]`). It gives exactly what the `yaml` package gives under the YAML 1.2 core
 * schema, data, problems and positions alike (a differential test holds it to that), and `null`
 * for anything else, which then goes to `yaml`: escapes, block sequences, multi-line scalars,
 * comments after values or inside nested mappings, anchors, tags, directives, tabs.
 */
export function parseFlatYaml(source: string, firstLine: number): FormatResult | null {
  const root: Level = {
    indent: 0,
    data: {},
    place: {kind: 'map', range: [-1, 0], entries: new Map()}
  }
  const scan: Scan = {
    source,
    firstLine,
    root,
    levels: [root],
    problems: [],
    pending: null,
    contentEnd: 0
  }
  let offset = 0
  for (let line = 0; offset <= source.length; line++) {
    let end = source.indexOf('\n', offset)
    if (end === -1) end = source.length
    const lineEnd = source.charCodeAt(end - 1) === 13 /* \r */ && end > offset ? end - 1 : end
    if (!readLine(scan, {offset, lineEnd, end, line})) return null
    offset = end + 1
  }
  for (const level of scan.levels) level.place.range[1] = scan.contentEnd
  return {data: root.data, problems: scan.problems, locate: (path) => locateIn(root.place, path)}
}

/** A blank line, a comment or an entry; `false` when the fast path does not take it. */
function readLine(scan: Scan, at: Line): boolean {
  const {source, levels} = scan
  const text = source.slice(at.offset, at.lineEnd)
  if (text === '' || text.charCodeAt(0) === 35 /* # */) {
    // Blank lines and comments only between top-level entries (or at the very end); not a
    // comment after an empty value, which `yaml` counts in the mapping's extent.
    if (levels.length > 1 && at.end < source.length) return false
    scan.pending = null
    return (
      text === '' || scan.contentEnd === 0 || source.charCodeAt(scan.contentEnd - 1) !== 58
    ) /* : */
  }
  let indent = 0
  while (text.charCodeAt(indent) === 32 /* space */) indent++
  const pending = scan.pending
  if (pending && indent > pending.level.indent) {
    if (levels.length === maxLevels) return false
    const data: Record<string, unknown> = {}
    const start = at.offset + indent
    const place: Level['place'] = {kind: 'map', range: [start, start], entries: new Map()}
    setKey(pending.level.data, pending.key, data)
    pending.entry.place = place
    levels.push({indent, data, place})
  }
  scan.pending = null
  let level = levels[levels.length - 1] as Level
  while (indent < level.indent) {
    level.place.range[1] = scan.contentEnd
    levels.pop()
    level = levels[levels.length - 1] as Level
  }
  const match = indent === level.indent ? entryLine.exec(text.slice(indent)) : null
  return match !== null && !text.endsWith(' ') && readEntry(scan, level, match, at, indent)
}

/** A `key: value` or `key:` line of `level`; `false` when the fast path does not take it. */
function readEntry(
  scan: Scan,
  level: Level,
  match: RegExpExecArray,
  at: Line,
  indent: number
): boolean {
  const key = match[1] as string
  // A key the core schema reads as null or a boolean is not a plain string key.
  if (resolve(key) !== key) return false
  const keyStart = at.offset + indent
  const keyRange: [number, number] = [keyStart, keyStart + key.length]
  // An implicit key's `:` must be at most 1,024 characters after its start, which for `yaml`
  // is the line ending after an empty value before it: `yaml` reports that error.
  const afterEmpty = scan.source.charCodeAt(scan.contentEnd - 1) === 58 /* : */
  if (keyRange[1] - (afterEmpty ? scan.contentEnd : keyStart) > 1024) return false
  const raw = match[2]
  const valueStart = raw === undefined ? keyRange[1] + 1 : at.lineEnd - raw.length
  if (level.place.range[0] === -1) level.place.range[0] = keyStart
  const first = level.place.entries.get(key)
  if (first) {
    // A duplicate with a mapping under it is left to `yaml`.
    if (raw === undefined && level !== scan.root) return false
    scan.problems.push({
      ruleId: 'frontmatter-duplicate-key',
      severity: 'error',
      message: `Unexpected duplicate key \`${key}\` (first on line ${scan.firstLine + first.line}); the first value is kept`,
      start: keyRange[0],
      end: keyRange[1]
    })
    // Still read the value, so that a line `yaml` would not take is not taken here either.
    if (raw !== undefined && value(raw, valueStart, []) === undefined) return false
  } else {
    const entry: Entry = {
      key: keyRange,
      place: {kind: 'scalar', range: [valueStart, valueStart]},
      line: at.line
    }
    level.place.entries.set(key, entry)
    if (raw === undefined) {
      setKey(level.data, key, null)
      scan.pending = {level, key, entry}
    } else {
      const read = value(raw, valueStart, scan.problems)
      if (read === undefined) return false
      entry.place = read.place
      setKey(level.data, key, read.data)
    }
  }
  // (After an empty value, its colon: `yaml` ends the empty scalar, and so the mapping, there.)
  scan.contentEnd = raw === undefined ? valueStart : Math.min(at.end + 1, scan.source.length)
  return true
}

/** Where the node at a data path is written. */
function locateIn(root: Level['place'], path: DataPath): Located | null {
  // No entry, no mapping: `yaml` has no node to point at either.
  if (root.range[0] === -1) return null
  let place: Place = root
  let key: [number, number] | null = null
  for (const part of path) {
    if (typeof part === 'string' && place.kind === 'map') {
      const entry = place.entries.get(part)
      if (!entry) return null
      key = entry.key
      place = entry.place
    } else if (typeof part === 'number' && place.kind === 'sequence') {
      const item: [number, number] | undefined = place.items[part]
      if (!item) return null
      key = null
      place = {kind: 'scalar', range: item}
    } else {
      return null
    }
  }
  return {key, value: [place.range[0], place.range[1]]}
}

/**
 * A value after `key: `, or `undefined` when it is not one the fast path takes. Numbers JSON
 * cannot hold exactly are kept as text, with a problem, as `yaml`'s path does.
 */
function value(
  raw: string,
  start: number,
  problems: Array<Problem>
): {data: unknown; place: Place} | undefined {
  const end = start + raw.length
  if (raw === '[]') return {data: [], place: {kind: 'sequence', range: [start, end], items: []}}
  if (raw === '{}') return {data: {}, place: {kind: 'map', range: [start, end], entries: new Map()}}
  const quoted = quotedScalar.exec(raw)
  if (quoted) return {data: quoted[1] ?? quoted[2], place: {kind: 'scalar', range: [start, end]}}
  if (raw.charCodeAt(0) === 91 /* [ */ && raw.charCodeAt(raw.length - 1) === 93 /* ] */) {
    const data: Array<unknown> = []
    const items: Array<[number, number]> = []
    let itemStart = start + 1
    for (const part of raw.slice(1, -1).split(',')) {
      const lead = part.length - part.trimStart().length
      const item = part.trim()
      if (!flowItem.test(item) || /[^ ]/.test(part.replace(item, ''))) return undefined
      const range: [number, number] = [itemStart + lead, itemStart + lead + item.length]
      data.push(scalar(item, range, problems))
      items.push(range)
      itemStart += part.length + 1
    }
    return {data, place: {kind: 'sequence', range: [start, end], items}}
  }
  if (!plainScalar.test(raw)) return undefined
  return {data: scalar(raw, [start, end], problems), place: {kind: 'scalar', range: [start, end]}}
}

/** A plain scalar's value under the core schema; an unsafe number stays text, with a problem. */
function scalar(raw: string, range: [number, number], problems: Array<Problem>): unknown {
  const value = resolve(raw)
  if (typeof value !== 'number') return value
  const unsafe = unsafeNumber(value, raw, range[0], range[1])
  if (!unsafe) return value
  problems.push(unsafe)
  return raw
}

/** `key:` and what follows its colon and spaces, with a simple key. */
const entryLine = /^([A-Za-z_][A-Za-z0-9_-]*):(?: +(.+))?$/

/** A quoted string with nothing to unescape, alone on its line. */
const quotedScalar = /^(?:"([^"\\\p{Cc}\u2028\u2029\ufeff]*)"|'([^'\p{Cc}\u2028\u2029\ufeff]*)')$/u

/**
 * A plain scalar of a flow sequence that cannot be anything but itself: no indicator first, no
 * flow indicator, `:` or `#` in it, no tab or control character.
 */
const flowItem =
  /^[^\s\-?:,[\]{}#&*!|>'"%@`\p{Cc}\u2028\u2029\ufeff][^,[\]{}#:\p{Cc}\u2028\u2029\ufeff]*$/u

/**
 * A plain scalar that cannot be anything but itself: it does not start with an indicator, holds
 * no `: `, ` #`, tab or control character, and does not end in `:` or a space.
 */
const plainScalar =
  /^[^\s\-?:,[\]{}#&*!|>'"%@`\p{Cc}\u2028\u2029\ufeff](?:[^\p{Cc}\u2028\u2029\ufeff:#]|:(?! )(?!$)|(?<! )#)*?$/u

/** Resolve a plain scalar as the YAML 1.2 core schema does. */
function resolve(raw: string): unknown {
  if (raw === '' || raw === '~' || raw === 'null' || raw === 'Null' || raw === 'NULL') return null
  if (raw === 'true' || raw === 'True' || raw === 'TRUE') return true
  if (raw === 'false' || raw === 'False' || raw === 'FALSE') return false
  if (/^[-+]?[0-9]+$/.test(raw)) return Number.parseInt(raw, 10)
  if (/^0o[0-7]+$/.test(raw)) return Number.parseInt(raw.slice(2), 8)
  if (/^0x[0-9a-fA-F]+$/.test(raw)) return Number.parseInt(raw.slice(2), 16)
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(raw))
    return Number.parseFloat(raw)
  if (/^[-+]?\.(?:inf|Inf|INF)$/.test(raw)) return raw.startsWith('-') ? -Infinity : Infinity
  if (/^\.(?:nan|NaN|NAN)$/.test(raw)) return Number.NaN
  return raw
}
