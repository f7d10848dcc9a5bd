import {readFile} from 'node:fs/promises'
import type {Options} from '../types.js'
import type {NoteFile} from './files.js'
import {rootOf} from './files.js'
import type {NoteSummary} from '../links/graph.js'

/** A line that opens or closes a fence: code (three or more backticks or tildes), or with the `obsidian` syntax math (`$$`) or a comment (`%%`). */
const fence = /^ {0,3}(`{3,}|~{3,}|\$\$|%%)/
const atx = /^ {0,3}#{1,6}(?:[ \t]|$)/
const setext = /^ {0,3}(?:=+|-+)[ \t]*$/
const blockId = /\s\^([A-Za-z\d-]+)[ \t]*$/

/**
 * What links into a note need of it, without converting it (for notes another `--shard` slice
 * converts): its front matter `aliases`, its block ids, and its headings, found by a line scan
 * (outside code, math and comment blocks; in block quotes too) and converted alone, so their text
 * and ids are those of a full conversion but for headings whose text depends on the rest of the
 * note (a reference defined elsewhere). Its own links are not read.
 */
export async function scanNote(
  file: NoteFile,
  options: Pick<Options, 'syntax' | 'headingIds' | 'cjkFriendly'>
): Promise<NoteSummary> {
  const {convert} = await import('../convert.js')
  const {findFrontmatter} = await import('../frontmatter/index.js')
  const text = new TextDecoder().decode(await readFile(file.absolute))
  const block = findFrontmatter(text, ['toml'])
  const head = block ? text.slice(0, block.end) : ''
  const {headings, blockIds} = scanLines(text.slice(head.length), options.syntax === 'obsidian')
  const document = convert(`${head}\n\n${headings.join('\n\n')}\n`, {...options, positions: false})
  return {
    path: file.path,
    root: rootOf(file),
    headings: document.headings.map(({text: heading, id}) => ({text: heading, id})),
    blockIds,
    aliases: document.aliases,
    links: []
  }
}

/** The heading lines (a setext heading with its paragraph) and block ids of a note's body. */
function scanLines(
  body: string,
  obsidian: boolean
): {headings: Array<string>; blockIds: Array<string>} {
  const headings: Array<string> = []
  const blockIds: Array<string> = []
  let open: string | null = null
  let paragraph: Array<string> = []
  for (const raw of body.split(/\r\n|\r|\n/)) {
    // Block quote markers: headings in quotes count too.
    const line = raw.replace(/^(?: {0,3}>[ \t]?)+/, '')
    const marker = fence.exec(line)?.[1]
    if (open !== null) {
      if (marker && marker[0] === open[0] && marker.length >= open.length) open = null
      continue
    }
    if (marker && (obsidian || !/^[$%]/.test(marker))) {
      // (`%%…%%` on one line is an inline comment, not a block.)
      if (!(marker === '%%' && line.trim().length > 2 && line.trim().endsWith('%%'))) open = marker
      paragraph = []
      continue
    }
    if (obsidian) {
      const id = blockId.exec(line)?.[1] ?? /^\^([A-Za-z\d-]+)[ \t]*$/.exec(line.trim())?.[1]
      if (id) blockIds.push(id)
    }
    if (atx.test(line)) {
      headings.push(line.trim())
      paragraph = []
    } else if (paragraph.length > 0 && setext.test(line)) {
      headings.push(`${paragraph.join('\n')}\n${line.trim()}`)
      paragraph = []
    } else if (line.trim() === '') {
      paragraph = []
    } else {
      paragraph.push(line)
    }
  }
  return {headings, blockIds}
}
