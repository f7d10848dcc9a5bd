import {serialize} from '../serialize.js'
import type {Block, Diagnostic, Frontmatter, NoteDocument} from '../types.js'
import type {NoteSummary} from '../links/graph.js'
import type {NoteFile} from './files.js'

/** What converting one note gives (from a worker or the cache). */
export interface WorkerResult {
  /** The document (with `frontmatterOnly`: `{path, frontmatter, diagnostics}`) as one line of JSON. */
  json: string
  /** The same, indented, when `pretty` was asked for. */
  pretty: string | null
  title: string | null
  frontmatter: Frontmatter | null
  diagnostics: Array<Diagnostic>
  /** What cross-note link resolution needs of the document; `null` for front matter only. */
  links: LinkSummary | null
}

/** The conversion of one file. */
export interface FileResult extends Omit<WorkerResult, 'json'> {
  file: NoteFile
  /** The document as one line of JSON (with a line feed), or `null` when the file could not be read. */
  json: string | null
  /** Whether the result came from the cache. */
  cached: boolean
}

/** A note's headings, block ids, aliases and local links (`NoteSummary` without its place). */
export type LinkSummary = Omit<NoteSummary, 'path' | 'root'>

/** A document whose JSON is over `maxOutput` (or over the longest string there can be). */
export interface TooLarge {
  tooLarge: number | null
}

/**
 * A document (or a front matter result) as a `WorkerResult`: its JSON and the parts the CLI uses;
 * or `TooLarge`, when its JSON (either form) has more than `maxOutput` characters.
 */
export function toResult(
  value: Pick<NoteDocument, 'frontmatter' | 'diagnostics'> & Partial<NoteDocument>,
  title: string | null,
  options: {pretty: boolean; maxOutput: number}
): WorkerResult | TooLarge {
  let json: string
  let pretty: string | null = null
  try {
    json = serialize(value)
    if (json.length <= options.maxOutput && options.pretty)
      pretty = serialize(value, {pretty: true})
  } catch (error) {
    // (`Invalid string length`: longer than V8's longest string.)
    if (error instanceof RangeError) return {tooLarge: null}
    throw error
  }
  const length = Math.max(json.length, pretty?.length ?? 0)
  if (length > options.maxOutput) return {tooLarge: length}
  const {frontmatter, diagnostics} = value
  return {json, pretty, title, frontmatter, diagnostics, links: linkSummary(value)}
}

/** The link summary of a document (`null` for a front matter result, which has no links). */
export function linkSummary(value: Partial<NoteDocument>): LinkSummary | null {
  if (!value.links || !value.headings || !value.sections) return null
  const blockIds: Array<string> = []
  const walk = (blocks: Array<Block>): void => {
    for (const block of blocks) {
      if ('blockId' in block && block.blockId !== undefined) blockIds.push(block.blockId)
      if (block.type === 'list') {
        for (const item of block.items) {
          if (item.blockId !== undefined) blockIds.push(item.blockId)
          walk(item.children)
        }
      } else if ('children' in block && block.type !== 'paragraph' && block.type !== 'heading')
        walk(block.children)
    }
  }
  const sections = [...value.sections]
  for (const section of sections) {
    walk(section.blocks)
    sections.push(...section.sections)
  }
  return {
    headings: value.headings.map(({text, id}) => ({text, id})),
    blockIds,
    aliases: value.aliases ?? [],
    links: value.links.flatMap((link, index) =>
      link.target === null
        ? []
        : [
            {
              index,
              kind: link.kind,
              syntax: link.syntax,
              target: link.target,
              anchor: link.anchor,
              position: link.position ?? null
            }
          ]
    )
  }
}
