import {TomlDate, TomlError, parse} from 'smol-toml'
import {createLineIndex} from '../_lines.js'
import type {DataPath, FormatResult, Located, Problem} from './_shared.js'
import {maxDataDepth, setKey} from './_shared.js'

/**
 * TOML front matter → data, with smol-toml: dates and times become ISO 8601 strings
 * (`1979-05-27`, `07:32:00.000`, `1979-05-27T07:32:00.000Z`); integers past ±2^53 and
 * `inf`/`nan` are kept as strings with a warning. A redefined key or table is a
 * `frontmatter-duplicate-key` error, any other error `frontmatter-syntax`.
 */
export function parseToml(raw: string): FormatResult {
  const problems: Array<Problem> = []
  const locate = (_path: DataPath): Located | null => null
  let parsed: Record<string, unknown>
  try {
    parsed = parse(raw, {integersAsBigInt: 'asNeeded'}) as Record<string, unknown>
  } catch (error) {
    if (!(error instanceof TomlError)) throw error
    const offset = createLineIndex(raw).offset(error.line, error.column)
    const reason = (error.message.split('\n', 1)[0] ?? '').replace(/^Invalid TOML document: /, '')
    const duplicate = /redefine|already/.test(reason)
    problems.push({
      ruleId: duplicate ? 'frontmatter-duplicate-key' : 'frontmatter-syntax',
      severity: 'error',
      message: duplicate
        ? `Unexpected duplicate key or table in TOML: ${reason}`
        : `Cannot parse TOML: ${reason}`,
      start: offset,
      end: lineEnd(raw, offset)
    })
    return {data: {}, problems, locate}
  }

  const data = toData(parsed, problems, 0) as Record<string, unknown>
  return {data, problems, locate}
}

function toData(value: unknown, problems: Array<Problem>, depth: number): unknown {
  if (value instanceof TomlDate) return value.toISOString()
  if (typeof value === 'bigint' || (typeof value === 'number' && !Number.isFinite(value))) {
    const text =
      typeof value === 'bigint'
        ? String(value)
        : Number.isNaN(value)
          ? 'nan'
          : value > 0
            ? 'inf'
            : '-inf'
    problems.push({
      ruleId: 'frontmatter-unsafe-number',
      severity: 'warning',
      message: `Unexpected number \`${text}\`, which JSON cannot hold exactly; kept as the string \`"${text}"\``,
      start: 0,
      end: 0
    })
    return text
  }
  if (value === null || typeof value !== 'object') return value
  if (depth > maxDataDepth) {
    problems.push({
      ruleId: 'frontmatter-syntax',
      severity: 'error',
      message: `Unexpected nesting deeper than ${maxDataDepth} levels in front matter`,
      start: 0,
      end: 0
    })
    return null
  }
  if (Array.isArray(value)) return value.map((item) => toData(item, problems, depth + 1))
  const result: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value))
    setKey(result, key, toData(item, problems, depth + 1))
  return result
}

/** Offset of the end of the line `offset` is on (before its line ending). */
function lineEnd(text: string, offset: number): number {
  const match = /[\r\n]/.exec(text.slice(offset))
  return match ? offset + match.index : text.length
}
