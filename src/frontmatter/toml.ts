import {TomlDate, TomlError, parse} from 'smol-toml'
import {createLineIndex} from '../_lines.js'
import type {DataPath, FormatResult, Located, Problem} from './_shared.js'
import {keptAsText, maxDataDepth, setKey} from './_shared.js'
import {locateToml} from './toml-locate.js'

/**
 * TOML front matter → data, with smol-toml: dates and times become ISO 8601 strings
 * (`1979-05-27`, `07:32:00.000`, `1979-05-27T07:32:00.000Z`); integers past ±2^53 and
 * `inf`/`nan` are kept as strings with a warning. A redefined key or table is a
 * `frontmatter-duplicate-key` error, any other error `frontmatter-syntax`.
 */
export function parseToml(raw: string): FormatResult {
  const problems: Array<Problem> = []
  let locator: ((path: DataPath) => Located | null) | undefined
  const locate = (path: DataPath): Located | null => (locator ??= locateToml(raw))(path)
  let parsed: Record<string, unknown>
  try {
    parsed = parse(raw, {integersAsBigInt: 'asNeeded'}) as Record<string, unknown>
  } catch (error) {
    if (!(error instanceof TomlError)) throw error
    const offset = createLineIndex(raw).offset(error.line, error.column)
    const first = (error.message.split('\n', 1)[0] ?? '').replace(/^Invalid TOML document: /, '')
    const reason = first.startsWith('document contains excessively nested')
      ? 'values nest too deeply to read'
      : first
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

  const data = toData(raw, parsed, problems, [], locate) as Record<string, unknown>
  return {data, problems, locate}
}

function toData(
  raw: string,
  value: unknown,
  problems: Array<Problem>,
  path: Array<string | number>,
  locate: (path: DataPath) => Located | null
): unknown {
  if (value instanceof TomlDate) return value.toISOString()
  if (typeof value === 'bigint' || (typeof value === 'number' && !Number.isFinite(value))) {
    const located = locate(path)?.value
    const [start, end] = located ?? [0, 0]
    const text = located
      ? raw.slice(start, end)
      : typeof value === 'bigint'
        ? String(value)
        : Number.isNaN(value)
          ? 'nan'
          : value > 0
            ? 'inf'
            : '-inf'
    problems.push(keptAsText(text, start, end))
    return text
  }
  if (value === null || typeof value !== 'object') return value
  if (path.length > maxDataDepth) {
    const [start, end] = locate(path)?.value ?? [0, 0]
    problems.push({
      ruleId: 'frontmatter-syntax',
      severity: 'error',
      message: `Unexpected nesting deeper than ${maxDataDepth} levels in front matter`,
      start,
      end
    })
    return null
  }
  if (Array.isArray(value))
    return value.map((item, index) => toData(raw, item, problems, [...path, index], locate))
  const result: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value))
    setKey(result, key, toData(raw, item, problems, [...path, key], locate))
  return result
}

/** Offset of the end of the line `offset` is on (before its line ending). */
function lineEnd(text: string, offset: number): number {
  const match = /[\r\n]/.exec(text.slice(offset))
  return match ? offset + match.index : text.length
}
