import type * as Mdast from 'mdast'

/** A `[text][label]`, `[label][]` or `[^label]` left as plain text, checked after the walk. */
export interface BracketUse {
  kind: 'reference' | 'footnote'
  /** The label normalized as CommonMark matches labels. */
  identifier: string
  label: string
  start: number
  end: number
}

/** The uses found so far, and the offsets of the next `][` and `[^` (-1: none left). */
export interface BracketScan {
  uses: Array<BracketUse>
  pair: number
  caret: number
}

export function createBracketScan(text: string): BracketScan {
  return {uses: [], pair: text.indexOf(']['), caret: text.indexOf('[^')}
}

/**
 * Find full (`[text][label]`) and collapsed (`[label][]`) references and footnote calls
 * (`[^label]`) that mdast keeps as plain text, as remark-lint's `no-undefined-references` does:
 * only brackets that stand in text (not in code, HTML or link text) and are not escaped count,
 * and they pair up as CommonMark brackets do. The uses are checked once all definitions are known.
 */
export function scanBrackets(parent: Mdast.Parent, source: string, scan: BracketScan): void {
  const start = parent.position?.start.offset
  const end = parent.position?.end.offset
  /* v8 ignore next -- @preserve: remark gives every container a position */
  if (start === undefined || end === undefined) return
  // Containers come in document order: remember the next `][` and `[^` so the whole scan is linear.
  if (scan.pair !== -1 && scan.pair < start) scan.pair = source.indexOf('][', start)
  if (scan.caret !== -1 && scan.caret < start) scan.caret = source.indexOf('[^', start)
  if ((scan.pair === -1 || scan.pair >= end) && (scan.caret === -1 || scan.caret >= end)) return

  const brackets: Array<number> = []
  collect(parent.children, source, brackets)
  const closeOf = new Map<number, number>()
  const stack: Array<number> = []
  for (const offset of brackets) {
    if (source.charCodeAt(offset) === 91 /* [ */) {
      stack.push(offset)
    } else {
      const open = stack.pop()
      if (open !== undefined) closeOf.set(open, offset)
    }
  }

  const opens = [...closeOf.keys()].sort((a, b) => a - b)
  const taken = new Set<number>()
  for (const open of opens) {
    if (taken.has(open)) continue
    const close = closeOf.get(open) as number
    const next = closeOf.get(close + 1)
    if (next !== undefined) {
      const collapsed = next === close + 2
      const label = collapsed ? source.slice(open + 1, close) : source.slice(close + 2, next)
      if (isLabel(label)) {
        scan.uses.push(use('reference', label, open, next + 1))
        taken.add(close + 1)
        continue
      }
    }
    if (source.charCodeAt(open + 1) === 94 /* ^ */) {
      const label = source.slice(open + 2, close)
      if (label && !/[\s[\]]/.test(label)) scan.uses.push(use('footnote', label, open, close + 1))
    }
  }
}

function use(kind: BracketUse['kind'], label: string, start: number, end: number): BracketUse {
  return {kind, identifier: normalize(label), label, start, end}
}

/** Offsets of unescaped `[` and `]` in the source of text nodes (through emphasis, not links). */
function collect(nodes: Array<Mdast.RootContent>, source: string, brackets: Array<number>): void {
  for (const node of nodes) {
    if (node.type === 'text') {
      const from = node.position?.start.offset
      const to = node.position?.end.offset
      if (from === undefined || to === undefined) continue
      for (let index = from; index < to; index++) {
        const code = source.charCodeAt(index)
        if ((code === 91 || code === 93) && !escaped(source, index, from)) brackets.push(index)
      }
    } else if (node.type === 'emphasis' || node.type === 'strong' || node.type === 'delete') {
      collect(node.children, source, brackets)
    }
  }
}

function escaped(source: string, index: number, from: number): boolean {
  let count = 0
  while (index - count - 1 >= from && source.charCodeAt(index - count - 1) === 92 /* \ */) count++
  return count % 2 === 1
}

/** A valid link label: at most 999 characters, not blank, no unescaped brackets. */
function isLabel(label: string): boolean {
  if (label.length > 999 || !/\S/.test(label)) return false
  for (let index = 0; index < label.length; index++) {
    const code = label.charCodeAt(index)
    if (code === 92) index++
    else if (code === 91 || code === 93) return false
  }
  return true
}

/** CommonMark label matching: collapse white space, trim, case-fold (as mdast's `identifier`). */
function normalize(label: string): string {
  return label
    .replace(/[\t\n\r ]+/g, ' ')
    .replace(/^ | $/g, '')
    .toLowerCase()
    .toUpperCase()
    .toLowerCase()
}
