/** Where a note first nests deeper than the limit. */
export interface TooDeep {
  kind: 'block' | 'inline'
  /** Offset of the marker or delimiter that crossed the limit. */
  offset: number
  depth: number
}

/** Default of the `maxDepth` option (markdown-it's `maxNesting` is 100 too). */
export const defaultMaxDepth = 100

/**
 * A linear pre-scan of nesting, before parsing: remark-gfm overflows the stack at about 8,000
 * nested block quotes, `JSON.stringify` at about 2,050 levels of nesting, and deep nesting makes
 * micromark slow. Counted, per line:
 *
 * - block depth: the `>` markers and list markers (`-`, `*`, `+`, `1.`, `1)`) that open the line,
 *   plus one level for every two columns of indentation before the first of them;
 * - inline depth, per paragraph (reset at blank lines, not counted in fenced or indented code): the
 *   brackets (`[`) open around each `]`, and the emphasis delimiter runs (`*`, `_`) open around
 *   each closing run, a run of length n counting as n / 2 levels (rounded up), as strong and
 *   emphasis nest.
 *
 * Depth is checked where nesting closes (a `]`, a closing run): openers that never close build
 * no nesting. Returns the first place where either depth passes `max`, or `null`. It may
 * overestimate (unclosed openers below a closed pair count), not underestimate, the nesting remark
 * builds.
 */
export function scanDepth(text: string, from: number, max: number): TooDeep | null {
  let lineStart = from
  let fence: {char: number; length: number} | null = null
  const brackets: Array<number> = []
  /** Open emphasis runs: their character and how many levels they can open. */
  const runs: Array<{char: number; levels: number}> = []
  let runLevels = 0

  while (lineStart < text.length) {
    let lineEnd = lineStart
    while (
      lineEnd < text.length &&
      text.charCodeAt(lineEnd) !== 10 &&
      text.charCodeAt(lineEnd) !== 13
    )
      lineEnd++

    // Container markers at the start of the line.
    let index = lineStart
    let depth = 0
    let indent = 0
    for (;;) {
      const spaceStart = index
      let columns = 0
      while (index < lineEnd && (text.charCodeAt(index) === 32 || text.charCodeAt(index) === 9)) {
        columns += text.charCodeAt(index) === 9 ? 4 - (columns % 4) : 1
        index++
      }
      if (index === spaceStart) columns = 0
      const code = text.charCodeAt(index)
      // The first marker of a line also counts its indentation: one level every two columns
      // (nested list items, and containers inside list items, are indented).
      const indentation = depth === 0 ? Math.floor(columns / 2) : 0
      if (index < lineEnd && code === 62 /* > */) {
        depth += 1 + indentation
        index++
      } else if (index < lineEnd && isListMarker(text, index, lineEnd)) {
        depth += 1 + indentation
        while (index < lineEnd && text.charCodeAt(index) >= 48 && text.charCodeAt(index) <= 57)
          index++
        index++
      } else {
        indent = columns
        break
      }
      if (depth > max) return {kind: 'block', offset: index - 1, depth}
    }

    const content = index
    const blank = content === lineEnd

    // Fenced code: nothing inside counts.
    const fenceChar = text.charCodeAt(content)
    if (fenceChar === 96 /* ` */ || fenceChar === 126 /* ~ */) {
      let length = 0
      while (text.charCodeAt(content + length) === fenceChar) length++
      if (length >= 3) {
        if (!fence) fence = {char: fenceChar, length}
        else if (fence.char === fenceChar && length >= fence.length) fence = null
        lineStart = next(text, lineEnd)
        continue
      }
    }

    if (blank) {
      brackets.length = 0
      runs.length = 0
      runLevels = 0
    } else if (!fence && !(indent >= 4 && depth === 0)) {
      const found = scanInline(text, content, lineEnd, max, brackets, runs, runLevels)
      if (typeof found === 'number') runLevels = found
      else return found
    }

    lineStart = next(text, lineEnd)
  }
  return null
}

function next(text: string, lineEnd: number): number {
  if (text.charCodeAt(lineEnd) === 13 && text.charCodeAt(lineEnd + 1) === 10) return lineEnd + 2
  return lineEnd + 1
}

/** `-`, `*`, `+` or 1-9 digits and `.`/`)`, then white space or the end of the line. */
function isListMarker(text: string, index: number, lineEnd: number): boolean {
  let end = index
  const code = text.charCodeAt(index)
  if (code === 45 || code === 42 || code === 43) {
    end = index + 1
  } else {
    while (
      end < lineEnd &&
      end - index < 9 &&
      text.charCodeAt(end) >= 48 &&
      text.charCodeAt(end) <= 57
    )
      end++
    if (end === index || (text.charCodeAt(end) !== 46 && text.charCodeAt(end) !== 41)) return false
    end++
  }
  const after = text.charCodeAt(end)
  return end >= lineEnd || after === 32 || after === 9
}

/** Inline nesting on one line of a paragraph; returns the open emphasis levels, or the problem. */
function scanInline(
  text: string,
  start: number,
  end: number,
  max: number,
  brackets: Array<number>,
  runs: Array<{char: number; levels: number}>,
  open: number
): number | TooDeep {
  let levels = open
  let index = start
  while (index < end) {
    const code = text.charCodeAt(index)
    if (code === 92 /* \ */) {
      index += 2
      continue
    }
    if (code === 96 /* ` */) {
      // A code span: skip to the closing run of the same length on this line, if any.
      let length = 0
      while (text.charCodeAt(index + length) === 96) length++
      const close = text.indexOf('`'.repeat(length), index + length)
      index = close !== -1 && close < end ? close + length : index + length
      continue
    }
    if (code === 91 /* [ */) {
      brackets.push(index)
    } else if (code === 93 /* ] */ && brackets.length > 0) {
      // A closing bracket: it nests inside every bracket still open.
      if (brackets.length > max)
        return {
          kind: 'inline',
          offset: brackets[brackets.length - 1] as number,
          depth: brackets.length
        }
      brackets.pop()
    } else if (code === 42 /* * */ || code === 95 /* _ */) {
      let length = 0
      while (text.charCodeAt(index + length) === code) length++
      const before = index > start ? text.charCodeAt(index - 1) : 32
      const after = index + length < end ? text.charCodeAt(index + length) : 32
      const spaceBefore = isSpace(before)
      const spaceAfter = isSpace(after)
      const word = code === 95 && isWord(before) && isWord(after)
      const run = {char: code, levels: Math.ceil(length / 2)}
      if (!word && !spaceBefore && runs.some((item) => item.char === code)) {
        // A closing run: what it closes nests inside every run still open.
        if (levels > max) return {kind: 'inline', offset: index, depth: levels}
        while (runs.length > 0) {
          const top = runs.pop() as {char: number; levels: number}
          levels -= top.levels
          if (top.char === code) break
        }
      } else if (!word && !spaceAfter) {
        runs.push(run)
        levels += run.levels
      }
      index += length
      continue
    }
    index++
  }
  return levels
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || Number.isNaN(code)
}

function isWord(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code > 127
  )
}
