import type {DataPath, FormatResult, Located, Problem} from './_shared.js'
import {maxDataDepth, setKey, unsafeNumber} from './_shared.js'

/** A JSON value with where it is written (offsets into the parsed text). */
type JsonNode =
  | {kind: 'object'; start: number; end: number; entries: Array<JsonEntry>}
  | {kind: 'array'; start: number; end: number; items: Array<JsonNode>}
  | {kind: 'scalar'; start: number; end: number}

interface JsonEntry {
  key: string
  keyStart: number
  keyEnd: number
  value: JsonNode
}

/** Where JSON front matter (Hugo style: a `{…}` object at the very top of the note) ends. */
export interface JsonBlock {
  /** Offset just past the closing `}` (the rest of that line is blank). */
  end: number
  /** Offset of the end of the block's last line (before its line ending). */
  lineEnd: number
}

/**
 * Find JSON front matter: the note starts with `{` followed by a line ending, `"` or `}`, and the
 * object's closing `}` ends its line. When the object does not parse, the block runs to the first
 * line that is a lone `}`; with no such line, there is no block (`null`).
 */
export function findJsonBlock(text: string): JsonBlock | null {
  if (text.charCodeAt(0) !== 123 /* { */ || !/^\{[ \t]*(?:["}\r\n]|$)/.test(text)) return null
  const parser = new Parser(text, [])
  let end = -1
  try {
    parser.value(0)
    end = parser.index
  } catch {
    const match = /(?:\r\n|\r|\n)\}[ \t]*(?=\r|\n|$)/.exec(text)
    if (!match) return null
    end = match.index + match[0].indexOf('}') + 1
  }

  const rest = /^[ \t]*(?=\r|\n|$)/.exec(text.slice(end))
  if (!rest) return null
  return {end, lineEnd: end + rest[0].length}
}

/**
 * JSON front matter → data. The same checks as YAML: duplicate keys are errors (the first value
 * is kept), numbers JSON cannot hold exactly stay strings, `__proto__` is a plain key.
 */
export function parseJson(raw: string): FormatResult {
  const problems: Array<Problem> = []
  const parser = new Parser(raw, problems)
  let root: JsonNode | null = null
  let data: unknown = null
  try {
    parser.space()
    const result = parser.value(0)
    parser.space()
    if (parser.index < raw.length) parser.fail('Unexpected text after the JSON object')
    root = result.node
    data = result.data
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error
    problems.push({
      ruleId: 'frontmatter-syntax',
      severity: 'error',
      message: `Cannot parse JSON: ${error.message}`,
      start: error.offset,
      end: Math.min(error.offset + 1, raw.length)
    })
  }

  const locate = (path: DataPath) => (root ? locateIn(root, path) : null)
  if (root && root.kind !== 'object') {
    problems.push({
      ruleId: 'frontmatter-not-object',
      severity: 'error',
      message: `Unexpected ${root.kind === 'array' ? 'array' : 'scalar'} as front matter, expected an object`,
      start: root.start,
      end: root.end
    })
  }

  return {data: root?.kind === 'object' ? (data as Record<string, unknown>) : {}, problems, locate}
}

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number
  ) {
    super(message)
  }
}

class Parser {
  index = 0
  constructor(
    readonly text: string,
    readonly problems: Array<Problem>
  ) {}

  fail(message: string): never {
    throw new JsonSyntaxError(message, this.index)
  }

  /** After an item: `true` past the closing `close`, `false` past a `,`, else a syntax error. */
  next(close: string, message: string): boolean {
    this.space()
    const char = this.text[this.index]
    if (char !== close && char !== ',') this.fail(message)
    this.index++
    return char === close
  }

  space(): void {
    while (this.index < this.text.length) {
      const code = this.text.charCodeAt(this.index)
      if (code !== 32 && code !== 9 && code !== 10 && code !== 13) break
      this.index++
    }
  }

  value(depth: number): {node: JsonNode; data: unknown} {
    if (depth > maxDataDepth) this.fail(`Unexpected nesting deeper than ${maxDataDepth} levels`)
    this.space()
    const start = this.index
    const char = this.text[this.index]
    if (char === '{') return this.object(depth)
    if (char === '[') return this.array(depth)
    if (char === '"') {
      const data = this.string()
      return {node: {kind: 'scalar', start, end: this.index}, data}
    }

    const match = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      this.text.slice(start, start + 400)
    )
    if (!match)
      this.fail(
        char === undefined
          ? 'Unexpected end of the block, expected a value'
          : `Unexpected \`${char}\`, expected a value`
      )
    this.index += match[0].length
    const node: JsonNode = {kind: 'scalar', start, end: this.index}
    let data: unknown = JSON.parse(match[0])
    if (typeof data === 'number') {
      const unsafe = unsafeNumber(data, match[0], start, this.index)
      if (unsafe) {
        this.problems.push(unsafe)
        data = match[0]
      }
    }
    return {node, data}
  }

  string(): string {
    const start = this.index
    this.index++
    while (this.index < this.text.length) {
      const code = this.text.charCodeAt(this.index)
      if (code === 34 /* " */) {
        this.index++
        try {
          return JSON.parse(this.text.slice(start, this.index)) as string
        } catch {
          this.index = start
          this.fail('Unexpected escape in string')
        }
      }
      if (code < 32) this.fail('Unexpected control character in string')
      this.index += code === 92 /* \ */ ? 2 : 1
    }
    this.index = start
    return this.fail('Unexpected end of the block in a string')
  }

  object(depth: number): {node: JsonNode; data: unknown} {
    const start = this.index
    const entries: Array<JsonEntry> = []
    const seen = new Set<string>()
    const data: Record<string, unknown> = {}
    this.index++
    this.space()
    if (this.text[this.index] === '}') {
      this.index++
      return {node: {kind: 'object', start, end: this.index, entries}, data}
    }
    for (;;) {
      this.space()
      if (this.text[this.index] !== '"') this.fail('Expected a key (a string in double quotes)')
      const keyStart = this.index
      const key = this.string()
      const keyEnd = this.index
      this.space()
      if (this.text[this.index] !== ':') this.fail('Expected `:` after a key')
      this.index++
      const value = this.value(depth + 1)
      if (seen.has(key)) {
        this.problems.push({
          ruleId: 'frontmatter-duplicate-key',
          severity: 'error',
          message: `Unexpected duplicate key \`${key}\`; the first value is kept`,
          start: keyStart,
          end: keyEnd
        })
      } else {
        seen.add(key)
        entries.push({key, keyStart, keyEnd, value: value.node})
        setKey(data, key, value.data)
      }
      if (this.next('}', 'Expected `,` or `}` in an object')) break
    }
    return {node: {kind: 'object', start, end: this.index, entries}, data}
  }

  array(depth: number): {node: JsonNode; data: unknown} {
    const start = this.index
    const items: Array<JsonNode> = []
    const data: Array<unknown> = []
    this.index++
    this.space()
    if (this.text[this.index] === ']') {
      this.index++
      return {node: {kind: 'array', start, end: this.index, items}, data}
    }
    for (;;) {
      const value = this.value(depth + 1)
      items.push(value.node)
      data.push(value.data)
      if (this.next(']', 'Expected `,` or `]` in an array')) break
    }
    return {node: {kind: 'array', start, end: this.index, items}, data}
  }
}

function locateIn(root: JsonNode, path: DataPath): Located | null {
  let node: JsonNode = root
  let key: [number, number] | null = null
  for (const part of path) {
    if (typeof part === 'number' && node.kind === 'array') {
      const item = node.items[part]
      if (!item) return null
      node = item
      key = null
    } else if (typeof part === 'string' && node.kind === 'object') {
      const entry = node.entries.find((item) => item.key === part)
      if (!entry) return null
      node = entry.value
      key = [entry.keyStart, entry.keyEnd]
    } else {
      return null
    }
  }
  return {key, value: [node.start, node.end]}
}
