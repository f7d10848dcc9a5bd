import type {Severity} from '../types.js'
import type {Problem} from './_shared.js'

interface Line {
  text: string
  start: number
  end: number
}

/**
 * Front matter that remark-frontmatter does not take as front matter, but that an author meant
 * as such: reported, so its data does not silently become body text (RELIABILITY.md §2.1, F1,
 * F13–F15). Offsets are into the note. Called only when no block was found.
 *
 * - `---js`, `--- javascript`, `---coffee` … (a gray-matter "language"): an error; nothing runs.
 * - `---` (or `+++`) on line 1, a key on line 2, and no closing fence: never closed.
 * - The same closed by `...` (the YAML document end) instead of `---`.
 * - Blank lines, then a fenced block of `key: value` lines: front matter must start on line 1.
 */
export function checkUnreadFrontmatter(text: string): Array<Problem> {
  const lines = splitLines(text, 200)
  const first = lines[0]
  if (!first) return []

  const language = /^(?:---|\+\+\+)[ \t]*([A-Za-z][\w-]*)[ \t]*$/.exec(first.text)
  if (language && lines.slice(1).some((line) => /^---[ \t]*$/.test(line.text))) {
    return found(
      'error',
      `Unexpected front matter language \`${language[1]}\`: md2data reads YAML (\`---\`), TOML (\`+++\`) and JSON (\`{\`), and never runs code; the block is read as Markdown`,
      first
    )
  }

  const fence = /^(---|\+\+\+)[ \t]*$/.exec(first.text)?.[1]
  if (fence && lines[1] && key.test(lines[1].text)) {
    const documentEnd = lines.slice(1).find((line) => /^\.\.\.[ \t]*$/.test(line.text))
    if (documentEnd && fence === '---') {
      return found(
        'error',
        'Unexpected `...` closing the front matter, expected `---`; the block is read as Markdown',
        documentEnd
      )
    }
    return found(
      'error',
      `Unexpected front matter opened by \`${fence}\` on line 1 and never closed, expected a closing \`${fence}\` line; the block is read as Markdown`,
      first
    )
  }

  // Blank lines first, then what would be front matter.
  let at = 0
  while (at < lines.length && /^[ \t]*$/.test((lines[at] as {text: string}).text)) at++
  if (at > 0 && at < lines.length) {
    const opening = lines[at] as Line
    const marker = /^(---|\+\+\+)[ \t]*$/.exec(opening.text)?.[1]
    const keyLine = lines[at + 1]
    const closed = lines.slice(at + 2).some((line) => line.text.trimEnd() === marker)
    if (marker && keyLine && key.test(keyLine.text) && closed) {
      return found(
        'warning',
        `Unexpected blank line before the front matter, expected \`${marker}\` on line 1; the block is read as Markdown`,
        opening
      )
    }
  }
  return []
}

/** The one problem found, on `line`. */
function found(severity: Severity, message: string, line: Line): Array<Problem> {
  return [{ruleId: 'frontmatter-syntax', severity, message, start: line.start, end: line.end}]
}

/** A line that looks like a YAML or TOML key. */
const key = /^[ \t]*["']?[A-Za-z_][\w.-]*["']?[ \t]*[:=]/

/** The first `limit` lines with their offsets (CR, LF and CRLF end lines). */
function splitLines(text: string, limit: number): Array<Line> {
  const lines: Array<Line> = []
  let start = 0
  while (start <= text.length && lines.length < limit) {
    let end = start
    while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++
    lines.push({text: text.slice(start, end), start, end})
    if (end >= text.length) break
    start = text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1
  }
  return lines
}
