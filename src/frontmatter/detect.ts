import {findJsonBlock} from './json.js'

/** Where a front matter block is in the note. */
export interface FrontmatterBlock {
  format: 'yaml' | 'toml' | 'json'
  /** The text between the fences (for JSON: the whole object). */
  raw: string
  /** Offset of the block's first character (the opening fence). */
  start: number
  /** Offset just past the block (the closing fence). */
  end: number
  /** Offset of `raw` in the note. */
  rawStart: number
}

const fences = [
  ['yaml', '---'],
  ['toml', '+++']
] as const

/**
 * Find the front matter block at the top of a note without parsing the body: JSON (`{` … `}`,
 * as Hugo accepts), or YAML (`---`) or TOML (`+++`) exactly as remark-frontmatter (micromark's
 * frontmatter construct) finds them: the fence on line 1, then only spaces or tabs, a line ending,
 * and a closing fence on a line of its own (trailing spaces or tabs allowed); no closing fence, no
 * block. A test holds this to what remark-frontmatter gives on every corpus note. The formats in
 * `afterBlankLines` may also open on the first line that is not blank (as Zola takes `+++`).
 */
export function findFrontmatter(
  text: string,
  afterBlankLines: ReadonlyArray<'yaml' | 'toml'> = []
): FrontmatterBlock | null {
  const json = findJsonBlock(text)
  if (json)
    return {format: 'json', raw: text.slice(0, json.end), start: 0, end: json.end, rawStart: 0}

  const firstLine = afterBlankLines.length > 0 ? firstFilledLine(text) : 0
  for (const [format, marker] of fences) {
    const start = text.startsWith(marker)
      ? 0
      : afterBlankLines.includes(format) && text.startsWith(marker, firstLine)
        ? firstLine
        : -1
    if (start === -1) continue
    const opening = fenceEnd(text, start + 3)
    if (opening === -1 || opening === text.length) return null
    const rawStart = afterLineEnding(text, opening)
    if (rawStart === -1) return null
    let lineStart = rawStart
    for (;;) {
      if (text.startsWith(marker, lineStart)) {
        const end = fenceEnd(text, lineStart + 3)
        if (end !== -1) {
          const rawEnd = lineStart === rawStart ? rawStart : lineEndingStart(text, lineStart)
          return {format, raw: text.slice(rawStart, rawEnd), start, end, rawStart}
        }
      }
      const next = nextLine(text, lineStart)
      if (next === -1) return null
      lineStart = next
    }
  }
  return null
}

/** The start of the first line with more than spaces and tabs (0 when there is none). */
function firstFilledLine(text: string): number {
  let lineStart = 0
  for (;;) {
    const end = fenceEnd(text, lineStart)
    if (end === -1 || end === text.length) return end === -1 ? lineStart : 0
    lineStart = afterLineEnding(text, end)
  }
}

/** After a fence sequence: skip spaces and tabs; the offset of the line ending or end, else -1. */
function fenceEnd(text: string, from: number): number {
  let index = from
  while (text.charCodeAt(index) === 32 || text.charCodeAt(index) === 9) index++
  if (index === text.length) return index
  const code = text.charCodeAt(index)
  return code === 10 || code === 13 ? index : -1
}

/** The offset after the line ending at `index` (-1 when there is none). */
function afterLineEnding(text: string, index: number): number {
  const code = text.charCodeAt(index)
  if (code === 13) return text.charCodeAt(index + 1) === 10 ? index + 2 : index + 1
  return code === 10 ? index + 1 : -1
}

/** The offset where the line ending before the line at `lineStart` begins. */
function lineEndingStart(text: string, lineStart: number): number {
  return text.charCodeAt(lineStart - 1) === 10 && text.charCodeAt(lineStart - 2) === 13
    ? lineStart - 2
    : lineStart - 1
}

/** The start of the line after the one at `from`, or -1 at the end of the text. */
function nextLine(text: string, from: number): number {
  for (let index = from; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code === 10) return index + 1
    if (code === 13) return text.charCodeAt(index + 1) === 10 ? index + 2 : index + 1
  }
  return -1
}
