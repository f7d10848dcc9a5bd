import type {StandardSchemaV1} from '@standard-schema/spec'
import type {DataPath} from '../frontmatter/_shared.js'
import {code} from '../diagnostics/code.js'
import {formatPath, hasKey} from '../frontmatter/_shared.js'

/** Where a schema issue points: a value, a key that should not be there, or a missing key. */
export type IssueKind = 'value' | 'unknown-key' | 'missing'

/** A schema issue, classified, with the message md2data shows. */
export interface ClassifiedIssue {
  kind: IssueKind
  path: Array<string | number>
  message: string
}

/** An issue as schema libraries give it: the Standard Schema fields, plus what each library adds. */
type LibraryIssue = StandardSchemaV1.Issue & Record<string, unknown>

/**
 * Turn Standard Schema issues into md2data issues: the key path as data (`params.author.name`,
 * `tags[2]`), whether it names a value, an unknown key or a missing key, and a message that names
 * the path and what was expected. Unknown keys are recognized from zod (`unrecognized_keys`),
 * valibot (`strict_object`, expected `never`), arktype (`must be removed`) and md2data's JSON
 * Schema validator; a missing key is a path that is not in the data.
 */
export function classifyIssues(
  issues: ReadonlyArray<StandardSchemaV1.Issue>,
  data: unknown
): Array<ClassifiedIssue> {
  const result: Array<ClassifiedIssue> = []
  for (const raw of issues) {
    const issue = raw as LibraryIssue
    const path = normalizePath(issue.path)

    // zod: one issue on the object for all its unknown keys.
    if (issue.code === 'unrecognized_keys' && Array.isArray(issue.keys)) {
      for (const key of issue.keys as Array<string>) {
        const keyPath = [...path, key]
        result.push({
          kind: 'unknown-key',
          path: keyPath,
          message: unknownKey(keyPath, `Unrecognized key "${key}"`)
        })
      }
      continue
    }

    const unknown =
      issue.md2dataKind === 'unknown-key' ||
      (issue.type === 'strict_object' && issue.expected === 'never') ||
      (issue.code === 'predicate' && issue.expected === 'removed')
    const present = exists(data, path)
    const library = stripPath(issue.message, path)

    if (unknown && present) {
      result.push({kind: 'unknown-key', path, message: unknownKey(path, library)})
    } else if (!present) {
      result.push({
        kind: 'missing',
        path,
        message: `Missing required key ${code(formatPath(path))}: ${library}`
      })
    } else {
      const allowed = allowedValues(issue)
      const value = valueAt(data, path)
      if (allowed) {
        const list = allowed.map((item) => JSON.stringify(item)).join(', ')
        const closest = typeof value === 'string' ? closestString(value, allowed) : null
        result.push({
          kind: 'value',
          path,
          message:
            `Unexpected value ${preview(value)} at ${code(formatPath(path))}, expected one of ${list}` +
            (closest === null ? '' : `. Did you mean ${JSON.stringify(closest)}?`)
        })
      } else {
        result.push({
          kind: 'value',
          path,
          message: `Unexpected value ${preview(value)} at ${code(formatPath(path))}: ${library}`
        })
      }
    }
  }
  return result
}

function unknownKey(path: Array<string | number>, library: string): string {
  return `Unexpected key ${code(formatPath(path))}, the schema does not allow it: ${library}`
}

/** Standard Schema paths hold property keys or `{key}` segments; make them strings and indexes. */
export function normalizePath(path: StandardSchemaV1.Issue['path']): Array<string | number> {
  const result: Array<string | number> = []
  for (const segment of path ?? []) {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment
    result.push(typeof key === 'number' ? key : typeof key === 'symbol' ? String(key) : key)
  }
  return result
}

/** Whether the path names something in the data (own keys only). */
function exists(data: unknown, path: DataPath): boolean {
  let node = data
  for (const part of path) {
    if (Array.isArray(node) && typeof part === 'number') {
      if (part >= node.length) return false
      node = node[part]
    } else if (node && typeof node === 'object' && typeof part === 'string') {
      if (!hasKey(node as Record<string, unknown>, part)) return false
      node = (node as Record<string, unknown>)[part]
    } else {
      return false
    }
  }
  return true
}

function valueAt(data: unknown, path: DataPath): unknown {
  let node = data
  for (const part of path) node = (node as Record<string | number, unknown>)[part]
  return node
}

/** A short form of a value for a message: `3`, `"pots"`, `[…]`, `{…}`. */
function preview(value: unknown): string {
  if (Array.isArray(value)) return '`[…]`'
  if (value && typeof value === 'object') return '`{…}`'
  const text = JSON.stringify(value) ?? String(value)
  return code(text.length > 60 ? `${text.slice(0, 57)}…` : text)
}

/** Drop a leading path from a library message (arktype writes `tags[2] must be …`). */
function stripPath(message: string, path: Array<string | number>): string {
  const prefix = formatPath(path)
  return prefix && message.startsWith(`${prefix} `) ? message.slice(prefix.length + 1) : message
}

/** The values an enum-like issue allows, from whichever library made it. */
function allowedValues(issue: LibraryIssue): Array<unknown> | null {
  // zod: `invalid_value` with `values`; md2data's JSON Schema validator: `allowedValues`.
  if (Array.isArray(issue.values)) return issue.values as Array<unknown>
  if (Array.isArray(issue.allowedValues)) return issue.allowedValues as Array<unknown>
  // valibot: `picklist`/`enum` with `options`, or `expected` written as `("a" | "b")`.
  if (issue.type === 'picklist' || issue.type === 'enum') {
    if (Array.isArray(issue.options)) return issue.options as Array<unknown>
    if (typeof issue.expected === 'string') return parseAlternatives(issue.expected)
  }
  // arktype: a `union` of `unit` errors.
  if (issue.code === 'union' && Array.isArray(issue.errors)) {
    const units = (issue.errors as Array<Record<string, unknown>>).filter(
      (error) => error.code === 'unit'
    )
    if (units.length > 0 && units.length === issue.errors.length)
      return units.map((error) => error.unit)
  }
  return null
}

function parseAlternatives(expected: string): Array<unknown> | null {
  const parts = expected.replace(/^\(|\)$/g, '').split(' | ')
  const values: Array<unknown> = []
  for (const part of parts) {
    try {
      values.push(JSON.parse(part))
    } catch {
      return null
    }
  }
  return values
}

/** The allowed string closest to `value` (optimal string alignment distance), if it is close. */
export function closestString(value: string, allowed: Array<unknown>): string | null {
  let best: string | null = null
  let bestDistance = Infinity
  for (const candidate of allowed) {
    if (typeof candidate !== 'string') continue
    const distance = editDistance(value.toLowerCase(), candidate.toLowerCase())
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  if (best === null) return null
  return bestDistance <= Math.max(1, Math.floor(Math.max(value.length, best.length) / 2))
    ? best
    : null
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
function editDistance(a: string, b: string): number {
  const rows: Array<Array<number>> = []
  for (let i = 0; i <= a.length; i++) {
    const row: Array<number> = [i]
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j)
        continue
      }
      const above = rows[i - 1] as Array<number>
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let distance = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + cost
      )
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        distance = Math.min(distance, ((rows[i - 2] as Array<number>)[j - 2] as number) + 1)
      }
      row.push(distance)
    }
    rows.push(row)
  }
  return (rows[a.length] as Array<number>)[b.length] as number
}
