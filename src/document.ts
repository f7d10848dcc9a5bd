import {sortDiagnostics} from './diagnostics/create.js'
import type {Extracted} from './extract/index.js'
import type {Diagnostic, Frontmatter, NoteDocument} from './types.js'
import {frontmatterAliases, frontmatterTags} from './tags.js'

/**
 * A document from its parts: what the front matter gave, its diagnostics, and the body. Shared by
 * `convert` and by the batch layer's fallback for a note its worker could not convert, which must
 * not load the parser (so it lives in a module of its own).
 */
export function noteDocument(
  head: {
    path: string | null
    title: string | null
    lang: string | null
    frontmatter: Frontmatter | null
  },
  diagnostics: ReadonlyArray<Diagnostic>,
  body: Extracted
): NoteDocument {
  return {
    schemaVersion: 1,
    path: head.path,
    title: head.title,
    lang: head.lang,
    frontmatter: head.frontmatter,
    headings: body.headings,
    sections: body.sections,
    references: body.references,
    footnotes: body.footnotes,
    links: body.links,
    tags: [...new Set([...frontmatterTags(head.frontmatter), ...body.tags])],
    aliases: frontmatterAliases(head.frontmatter),
    stats: body.stats,
    // Only when asked: documents without them stay as they were.
    ...(body.body !== undefined && {body: body.body}),
    ...(body.excerpt !== undefined && {excerpt: body.excerpt}),
    diagnostics: sortDiagnostics([...diagnostics, ...body.diagnostics])
  }
}

/**
 * A body that is not converted: empty, with the diagnostic that says why (and `body` and
 * `excerpt` empty, when asked for).
 */
export function emptyBody(
  asked: {body: boolean; excerpt: boolean},
  diagnostic: Diagnostic
): Extracted {
  return {
    ...(asked.body && {body: ''}),
    ...(asked.excerpt && {excerpt: ''}),
    headings: [],
    sections: [],
    references: [],
    footnotes: [],
    links: [],
    tags: [],
    stats: {characters: 0, words: 0, cjkCharacters: 0, readingMinutes: 0},
    diagnostics: [diagnostic]
  }
}
