import {code} from './diagnostics/code.js'
import {createDiagnostic} from './diagnostics/create.js'
import type {Diagnostic, Frontmatter, Position} from './types.js'

/**
 * Front matter `tags` (or `tag`): a list, or one string of tags separated by commas or spaces, as
 * Obsidian reads them; without a leading `#`. Values that are not strings (or numbers) are skipped.
 */
export function frontmatterTags(frontmatter: Frontmatter | null): Array<string> {
  const data = frontmatter?.data ?? {}
  return strings(data.tags ?? data.tag, /[\s,]+/).map((tag) => tag.replace(/^#/, ''))
}

/** Front matter `aliases` (or `alias`): a list, or one string of names separated by commas. */
export function frontmatterAliases(frontmatter: Frontmatter | null): Array<string> {
  const data = frontmatter?.data ?? {}
  return [...new Set(strings(data.aliases ?? data.alias, /,/))]
}

function strings(value: unknown, separator: RegExp): Array<string> {
  const values = Array.isArray(value) ? value : typeof value === 'string' ? [value] : []
  const list: Array<string> = []
  for (const item of values) {
    if (typeof item === 'number') list.push(String(item))
    if (typeof item !== 'string') continue
    for (const part of Array.isArray(value) ? [item] : item.split(separator)) {
      const trimmed = part.trim()
      if (trimmed && trimmed !== '#') list.push(trimmed)
    }
  }
  return list
}

/**
 * With the `obsidian` syntax: front matter tags Obsidian does not take (a list item with white
 * space, only digits, or not a string), and aliases that are not strings, as `tag-invalid`
 * warnings at the value.
 */
export function tagProblems(
  data: Record<string, unknown>,
  place: (path: ReadonlyArray<string | number>, at: 'value') => Position,
  notePath: string | null
): Array<Diagnostic> {
  const problems: Array<Diagnostic> = []
  const warn = (message: string, path: ReadonlyArray<string | number>) =>
    problems.push(
      createDiagnostic('tag-invalid', 'warning', message, notePath, place(path, 'value'))
    )
  for (const key of ['tags', 'tag', 'aliases', 'alias']) {
    const value = data[key]
    const items = Array.isArray(value)
      ? value.map((item, index) => [item, [key, index]] as const)
      : value === undefined || value === null || typeof value === 'string'
        ? []
        : [[value, [key]] as const]
    for (const [item, path] of items) {
      if (typeof item !== 'string' && typeof item !== 'number') {
        warn(
          `Unexpected ${item === null ? 'null' : Array.isArray(item) ? 'list' : typeof item} in \`${key}\`, expected a string`,
          path
        )
      } else if (key.startsWith('tag')) {
        const tag = String(item).replace(/^#/, '')
        if (/\s/.test(tag.trim()))
          warn(
            `Unexpected white space in tag ${code(String(item))}, expected one word (Obsidian reads \`${tag.trim().split(/\s+/)[0]}\`); write \`-\` or \`_\` between words`,
            path
          )
        else if (/^\d+$/.test(tag))
          warn(
            `Unexpected tag ${code(String(item))} of digits only, expected at least one letter`,
            path
          )
      }
    }
  }
  return problems
}
