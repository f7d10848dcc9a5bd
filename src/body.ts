import type {FrontmatterBlock} from './frontmatter/index.js'
import type {Block, Heading, Inline, Section} from './types.js'
import {blockText, wikiLinkText} from './extract/text.js'

/** `<!-- more -->` (case-insensitive, spaces allowed): the end of the excerpt, as Hugo and Jekyll take it. */
const more = /^<!--\s*more\s*-->$/i

/**
 * The Markdown after the front matter, as written: from the end of the block, its closing fence
 * line and the line ending after it excluded; the whole text when there is no block.
 */
export function bodyText(text: string, block: FrontmatterBlock | null): string {
  if (!block) return text
  let index = block.end
  while (text.charCodeAt(index) === 32 || text.charCodeAt(index) === 9) index++
  const code = text.charCodeAt(index)
  if (code === 13) index += text.charCodeAt(index + 1) === 10 ? 2 : 1
  else if (code === 10) index++
  return text.slice(index)
}

/**
 * The excerpt: the plain text of the top-level blocks before a `<!-- more -->` marker (an HTML
 * block of its own, or inline in a top-level paragraph), blocks separated by a blank line, HTML
 * blocks left out; without a marker, the text of the first top-level paragraph; else `''`.
 */
export function excerptOf(sections: ReadonlyArray<Section>): string {
  const blocks = [...topLevel(sections)]
  const marker = blocks.findIndex(hasMarker)
  if (marker === -1) {
    const first = blocks.find((block) => block.type === 'paragraph')
    return first?.type === 'paragraph' ? first.text.trim() : ''
  }
  const parts = blocks
    .slice(0, marker)
    .filter((block) => block.type !== 'html')
    .map((block) => blockText(block))
  const last = blocks[marker] as Block | Heading
  if (last.type === 'paragraph') {
    const end = last.children.findIndex(isMarker)
    parts.push(last.children.slice(0, end).map(inlineText).join(''))
  }
  return parts
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join('\n\n')
}

/** The headings and blocks of the sections, in document order (not those inside containers). */
function* topLevel(sections: ReadonlyArray<Section>): Generator<Block | Heading> {
  for (const section of sections) {
    if (section.heading) yield section.heading
    yield* section.blocks
    yield* topLevel(section.sections)
  }
}

function hasMarker(block: Block | Heading): boolean {
  if (block.type === 'html') return more.test(block.value.trim())
  return block.type === 'paragraph' && block.children.some(isMarker)
}

function isMarker(node: Inline): boolean {
  return node.type === 'html' && more.test(node.value.trim())
}

/** The plain text of an inline node, as a paragraph's `text` has it. */
function inlineText(node: Inline): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
    case 'html': {
      return node.value
    }
    case 'break': {
      return '\n'
    }
    case 'image':
    case 'imageReference': {
      return node.alt
    }
    case 'footnoteReference':
    case 'comment': {
      return ''
    }
    case 'inlineMath': {
      return node.value
    }
    case 'tag': {
      return `#${node.value}`
    }
    case 'wikiLink':
    case 'embed': {
      return wikiLinkText(node)
    }
    default: {
      return node.children.map(inlineText).join('')
    }
  }
}
