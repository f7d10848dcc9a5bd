import type {Frontmatter} from './types.js'

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
