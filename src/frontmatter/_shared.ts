import type {Severity} from '../types.js'

/** A problem in a front matter block; offsets are into the block's raw text. */
export interface Problem {
  ruleId: string
  severity: Severity
  message: string
  start: number
  end: number
}

/** A key path into front matter data: keys of mappings and indexes of sequences. */
export type DataPath = ReadonlyArray<string | number>

/** Offsets (into the raw block) of the node at a path: its key, when it has one, and its value. */
export interface Located {
  key: [number, number] | null
  value: [number, number]
}

/** What parsing one front matter format gives. */
export interface FormatResult {
  /** The mapping at the top; `{}` when there is none. */
  data: Record<string, unknown>
  problems: Array<Problem>
  /** Where the node at a data path is written, or `null`. */
  locate(path: DataPath): Located | null
}

/** Deepest nesting of front matter values md2data converts (deeper values are reported). */
export const maxDataDepth = 100

/** Set an own, enumerable property, `__proto__` included, without touching any prototype. */
export function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true
    })
  } else {
    target[key] = value
  }
}

/** Whether a key is an own key of `target` (safe for `__proto__`). */
export function hasKey(target: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(target, key)
}

/**
 * A number JSON cannot hold (non-finite), or an integer written past ±2^53 (which a double
 * cannot hold exactly), is kept as the text the author wrote, with a warning: never silently
 * changed. Floats such as `1.5e300` stay numbers.
 */
export function unsafeNumber(
  value: number,
  source: string,
  start: number,
  end: number
): Problem | null {
  const integer = /^[-+]?(?:\d[\d_]*|0x[\da-f_]+|0o[0-7_]+|0b[01_]+)$/i.test(source)
  if (Number.isFinite(value) && !(integer && !Number.isSafeInteger(value))) return null
  return keptAsText(source, start, end)
}

/** The warning for a number kept as the string `source`, as written. */
export function keptAsText(source: string, start: number, end: number): Problem {
  const message = `Unexpected number \`${source}\`, which JSON cannot hold exactly; kept as the string \`"${source}"\``
  return {ruleId: 'frontmatter-unsafe-number', severity: 'warning', message, start, end}
}

/** Format a key path as `params.author.name` or `tags[2]`. */
export function formatPath(path: DataPath): string {
  let result = ''
  for (const part of path) {
    if (typeof part === 'number') result += `[${part}]`
    else if (/^[A-Za-z_$][\w$-]*$/.test(part)) result += result ? `.${part}` : part
    else result += `[${JSON.stringify(part)}]`
  }
  return result
}
