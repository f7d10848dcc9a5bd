import type {DataPath, FormatResult, Located, Problem} from './_shared.js'
import {setKey, unsafeNumber} from './_shared.js'

/**
 * The fast path for the most common front matter: flat `key: value` lines with plain scalars
 * (the reference note's shape). It gives exactly what the `yaml` package gives under the YAML 1.2
 * core schema (a differential test holds it to that), and `null` for anything else, which then
 * goes to `yaml`: quotes, flow or block collections, multi-line scalars, comments after values,
 * anchors, tags, directives, indentation, tabs.
 */
export function parseFlatYaml(source: string, firstLine: number): FormatResult | null {
  const data: Record<string, unknown> = {}
  const problems: Array<Problem> = []
  const entries = new Map<string, {key: [number, number]; value: [number, number]; line: number}>()
  let offset = 0
  let line = 0
  while (offset <= source.length) {
    let end = source.indexOf('\n', offset)
    if (end === -1) end = source.length
    const lineEnd = source.charCodeAt(end - 1) === 13 /* \r */ && end > offset ? end - 1 : end
    const text = source.slice(offset, lineEnd)
    if (text !== '' && text.charCodeAt(0) !== 35 /* # */) {
      const match = flatLine.exec(text)
      if (!match || text.endsWith(' ')) return null
      const key = match[1] as string
      // A key the core schema reads as null or a boolean is not a plain string key.
      if (resolve(key) !== key) return null
      const raw = match[2] ?? ''
      const keyRange: [number, number] = [offset, offset + key.length]
      const valueStart = raw ? offset + text.indexOf(raw, key.length + 1) : offset + key.length + 1
      const valueRange: [number, number] = [valueStart, valueStart + raw.length]
      const first = entries.get(key)
      if (first) {
        problems.push({
          ruleId: 'frontmatter-duplicate-key',
          severity: 'error',
          message: `Unexpected duplicate key \`${key}\` (first on line ${firstLine + first.line}); the first value is kept`,
          start: keyRange[0],
          end: keyRange[1]
        })
      } else {
        entries.set(key, {key: keyRange, value: valueRange, line})
        let value = resolve(raw)
        if (typeof value === 'number') {
          const unsafe = unsafeNumber(value, raw, valueRange[0], valueRange[1])
          if (unsafe) {
            problems.push(unsafe)
            value = raw
          }
        }
        setKey(data, key, value)
      }
    }
    offset = end + 1
    line++
  }

  return {
    data,
    problems,
    locate(path: DataPath): Located | null {
      if (path.length !== 1 || typeof path[0] !== 'string') return null
      const entry = entries.get(path[0])
      return entry ? {key: entry.key, value: entry.value} : null
    }
  }
}

/**
 * `key: value` with a simple key and a plain scalar that cannot be anything but itself: it does
 * not start with an indicator, holds no `: `, ` #`, tab or control character, and does not end in
 * `:` or a space.
 */
const flatLine =
  /^([A-Za-z_][A-Za-z0-9_-]*):(?: +([^\s\-?:,[\]{}#&*!|>'"%@`\p{Cc}\u2028\u2029\ufeff](?:[^\p{Cc}\u2028\u2029\ufeff:#]|:(?! )(?!$)|(?<! )#)*?))?$/u

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
