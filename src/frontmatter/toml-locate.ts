import type {DataPath, Located} from './_shared.js'

/**
 * Where each key and value of a TOML block is written (smol-toml gives values, not positions).
 * A scan of TOML's surface syntax: tables, arrays of tables, dotted and quoted keys, strings of
 * the four kinds, arrays and inline tables, comments. It runs only on a document smol-toml
 * accepted, so it can be lenient; what it cannot place is simply not found (`null`).
 */
export function locateToml(source: string): (path: DataPath) => Located | null {
  const places = new Map<string, Located>()
  const scanner = new Scanner(source, places)
  try {
    scanner.document()
  } catch {
    // A document smol-toml accepted but this scan does not follow: keep what was found.
  }
  return (path) => places.get(pathKey(path)) ?? null
}

/** A key for a data path, as a string (`["a",0,"b"]` → `a\u0000#0\u0000b`). */
function pathKey(path: DataPath): string {
  return path.map((part) => (typeof part === 'number' ? `#${part}` : `.${part}`)).join('\u0000')
}

class Scanner {
  index = 0
  /** The table the next key/value lines belong to. */
  table: Array<string | number> = []
  /** Where the last key read ends (before any white space after it). */
  keyEnd = 0
  /** How many elements each array of tables has so far, by path key. */
  readonly arrays = new Map<string, number>()

  constructor(
    readonly source: string,
    readonly places: Map<string, Located>
  ) {}

  document(): void {
    while (this.index < this.source.length) {
      this.blank()
      if (this.index >= this.source.length) break
      const char = this.source[this.index]
      if (char === '[') this.header()
      else this.keyValue(this.table)
      this.restOfLine()
    }
  }

  /** Skip spaces, tabs, comments and line endings. */
  blank(): void {
    for (;;) {
      this.spaces()
      const char = this.source[this.index]
      if (char === '#') this.comment()
      else if (char === '\n' || char === '\r') this.index++
      else return
    }
  }

  spaces(): void {
    while (this.source[this.index] === ' ' || this.source[this.index] === '\t') this.index++
  }

  comment(): void {
    while (
      this.index < this.source.length &&
      this.source[this.index] !== '\n' &&
      this.source[this.index] !== '\r'
    ) {
      this.index++
    }
  }

  restOfLine(): void {
    this.spaces()
    if (this.source[this.index] === '#') this.comment()
  }

  header(): void {
    const start = this.index
    const array = this.source.startsWith('[[', this.index)
    this.index += array ? 2 : 1
    this.spaces()
    const keyStart = this.index
    const parts = this.key()
    const keyEnd = this.keyEnd
    this.spaces()
    this.index += array ? 2 : 1
    // Resolve each prefix through arrays of tables (`[[a]]` then `[a.b]` is `a[last].b`).
    const path: Array<string | number> = []
    for (const [at, part] of parts.entries()) {
      path.push(part)
      const count = this.arrays.get(pathKey(path))
      if (count !== undefined && (at < parts.length - 1 || !array)) path.push(count - 1)
    }
    if (array) {
      const count = (this.arrays.get(pathKey(path)) ?? 0) + 1
      this.arrays.set(pathKey(path), count)
      this.places.set(pathKey(path), {key: [keyStart, keyEnd], value: [start, this.index]})
      path.push(count - 1)
    }
    this.places.set(pathKey(path), {key: [keyStart, keyEnd], value: [start, this.index]})
    this.table = path
  }

  /** A (dotted) key; returns its parts. `keyEnd` is where its last part ends. */
  key(): Array<string> {
    const parts: Array<string> = []
    for (;;) {
      this.spaces()
      const char = this.source[this.index]
      if (char === '"' || char === "'") {
        parts.push(this.string().value as string)
      } else {
        const start = this.index
        while (/[A-Za-z0-9_-]/.test(this.source[this.index] ?? '')) this.index++
        if (this.index === start) throw new Error('Expected a key')
        parts.push(this.source.slice(start, this.index))
      }
      this.keyEnd = this.index
      this.spaces()
      if (this.source[this.index] !== '.') return parts
      this.index++
    }
  }

  keyValue(table: Array<string | number>): void {
    const keyStart = this.index
    const parts = this.key()
    const keyEnd = this.keyEnd
    this.spaces()
    if (this.source[this.index] !== '=') throw new Error('Expected `=`')
    this.index++
    this.spaces()
    const path = [...table, ...parts]
    // Dotted keys define their intermediate tables here too.
    for (let length = table.length + 1; length < path.length; length++) {
      const prefix = pathKey(path.slice(0, length))
      if (!this.places.has(prefix))
        this.places.set(prefix, {key: [keyStart, keyEnd], value: [keyStart, keyEnd]})
    }
    this.value(path, [keyStart, keyEnd])
  }

  value(path: Array<string | number>, key: [number, number] | null): void {
    const start = this.index
    const char = this.source[this.index]
    if (char === '[') {
      this.index++
      let position = 0
      for (;;) {
        this.blank()
        if (this.source[this.index] === ']') break
        this.value([...path, position], null)
        position++
        this.blank()
        if (this.source[this.index] === ',') this.index++
        else if (this.source[this.index] !== ']') throw new Error('Expected `,` or `]`')
      }
      this.index++
    } else if (char === '{') {
      this.index++
      for (;;) {
        this.spaces()
        if (this.source[this.index] === '}') break
        this.keyValue(path)
        this.spaces()
        if (this.source[this.index] === ',') this.index++
        else if (this.source[this.index] !== '}') throw new Error('Expected `,` or `}`')
      }
      this.index++
    } else if (char === '"' || char === "'") {
      this.string()
    } else {
      // Numbers, booleans, dates and times (a date may have a space before its time).
      while (
        this.index < this.source.length &&
        !/[\s,\]}#]/.test(this.source[this.index] as string)
      )
        this.index++
      if (
        /^\d{4}-\d{2}-\d{2}$/.test(this.source.slice(start, this.index)) &&
        / \d/.test(this.source.slice(this.index, this.index + 2))
      ) {
        this.index++
        while (
          this.index < this.source.length &&
          !/[\s,\]}#]/.test(this.source[this.index] as string)
        )
          this.index++
      }
    }
    this.places.set(pathKey(path), {key, value: [start, this.index]})
  }

  /** A string of any of the four kinds; returns its value when it is a single-line key string. */
  string(): {value: string | null} {
    const quote = this.source[this.index] as string
    const triple = this.source.startsWith(quote.repeat(3), this.index)
    const start = this.index
    if (triple) {
      this.index += 3
      const end = this.source.indexOf(quote.repeat(3), this.index)
      if (end === -1) throw new Error('Unclosed string')
      this.index = end + 3
      // Up to two more quotes may close the string (`""""` ends with a quote inside).
      while (this.source[this.index] === quote && this.index - end < 5) this.index++
      return {value: null}
    }
    this.index++
    while (this.index < this.source.length && this.source[this.index] !== quote) {
      if (quote === '"' && this.source[this.index] === '\\') this.index++
      this.index++
    }
    this.index++
    const raw = this.source.slice(start, this.index)
    if (quote === "'") return {value: raw.slice(1, -1)}
    try {
      const json = raw.replace(/\\U([0-9A-Fa-f]{8})/g, (_, hex: string) =>
        String.fromCodePoint(Number.parseInt(hex, 16))
      )
      return {value: JSON.parse(json) as string}
    } catch {
      return {value: raw.slice(1, -1)}
    }
  }
}
