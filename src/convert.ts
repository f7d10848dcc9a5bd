import {sortDiagnostics, createDiagnostic} from './diagnostics/create.js'
import {decode} from './decode.js'
import {extract} from './extract/index.js'
import type {ReadBlock} from './frontmatter/index.js'
import {blockFromTree, jsonBlock, readBlock} from './frontmatter/index.js'
import {parseMarkdown} from './parse/index.js'
import type {Diagnostic, NoteDocument, Options} from './types.js'

/** Options with their defaults applied. */
export interface Settings {
  path: string | null
  lang: string | null
  positions: boolean
  cjkFriendly: boolean
  headingIds: 'github' | 'normalized'
}

/**
 * Convert one Markdown note to the md2data document model.
 *
 * Never throws on the note's content: problems become `diagnostics`. Throws a `TypeError` for
 * invalid options.
 */
export function convert(input: string | Uint8Array, options?: Options | null): NoteDocument {
  const settings = resolveOptions(options)
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new TypeError('Expected `input` to be a string or a Uint8Array')
  }

  const diagnostics: Array<Diagnostic> = []
  const decoded = decode(input)
  const text = decoded.text
  if (decoded.invalid) {
    const {encoding, byte, position} = decoded.invalid
    diagnostics.push(
      byte === null
        ? createDiagnostic(
            'file-encoding',
            'warning',
            `Unexpected ${encoding.toUpperCase()} file (byte order mark), expected UTF-8; decoded as ${encoding.toUpperCase()}`,
            settings.path,
            position
          )
        : createDiagnostic(
            'file-encoding',
            'error',
            `Unexpected byte \`0x${byte.toString(16).toUpperCase().padStart(2, '0')}\`, expected UTF-8; invalid bytes read as U+FFFD`,
            settings.path,
            position
          )
    )
  }

  const json = jsonBlock(text)
  // Blank JSON front matter out of what remark sees (same length, same lines: positions hold).
  const tree = parseMarkdown(json ? blank(text, json.end) : text, settings)
  const block = json ?? blockFromTree(tree, text)
  let read: ReadBlock | null = null
  if (block) {
    read = readBlock(block, text, settings.path, settings.positions)
    diagnostics.push(...read.diagnostics)
  }

  const data = read?.frontmatter.data
  const lang = typeof data?.lang === 'string' ? data.lang : settings.lang
  const extracted = extract(tree, text, {...settings, lang})
  diagnostics.push(...extracted.diagnostics)
  const title =
    typeof data?.title === 'string'
      ? data.title
      : (extracted.headings.find((heading) => heading.depth === 1)?.text ?? null)

  return {
    schemaVersion: 1,
    path: settings.path,
    title,
    lang,
    frontmatter: read ? read.frontmatter : null,
    headings: extracted.headings,
    sections: extracted.sections,
    references: extracted.references,
    footnotes: extracted.footnotes,
    links: extracted.links,
    stats: extracted.stats,
    diagnostics: sortDiagnostics(diagnostics)
  }
}

/** Replace every character before `end` but line endings with a space. */
function blank(text: string, end: number): string {
  return text.slice(0, end).replace(/[^\r\n]/g, ' ') + text.slice(end)
}

/** Check options and apply defaults; throws a `TypeError` naming the bad option. */
export function resolveOptions(options: Options | null | undefined): Settings {
  if (options === null || options === undefined) options = {}
  if (typeof options !== 'object') throw new TypeError('Expected `options` to be an object')
  const {
    path = null,
    lang = null,
    positions = true,
    cjkFriendly = true,
    headingIds = 'github'
  } = options
  if (path !== null && typeof path !== 'string')
    throw new TypeError('Expected `options.path` to be a string or null')
  if (lang !== null && typeof lang !== 'string')
    throw new TypeError('Expected `options.lang` to be a string or null')
  if (typeof positions !== 'boolean')
    throw new TypeError('Expected `options.positions` to be a boolean')
  if (typeof cjkFriendly !== 'boolean')
    throw new TypeError('Expected `options.cjkFriendly` to be a boolean')
  if (headingIds !== 'github' && headingIds !== 'normalized') {
    throw new TypeError('Expected `options.headingIds` to be `github` or `normalized`')
  }
  return {
    path: path === null ? null : path.replace(/\\/g, '/'),
    lang,
    positions,
    cjkFriendly,
    headingIds
  }
}
