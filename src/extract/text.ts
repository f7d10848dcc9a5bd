import type * as Mdast from 'mdast'
import type {Block, ListItem} from '../types.js'
import {unhandled} from './context.js'

/** The plain text of a converted block (code and HTML: their value). */
export function blockText(block: Block | ListItem): string {
  switch (block.type) {
    case 'paragraph':
    case 'heading':
    case 'listItem': {
      return block.text
    }
    case 'code':
    case 'html':
    case 'math': {
      return block.value
    }
    case 'comment': {
      return ''
    }
    case 'blockquote':
    case 'alert':
    case 'callout':
    case 'footnoteDefinition': {
      return block.children.map(blockText).join('\n')
    }
    case 'list': {
      return block.items.map(blockText).join('\n')
    }
    case 'table': {
      return block.rows.map((row) => row.cells.map((cell) => cell.text).join('\t')).join('\n')
    }
    case 'thematicBreak':
    case 'definition': {
      return ''
    }
    /* v8 ignore next 3 -- @preserve: every block type is handled */
    default: {
      return plainText(unhandled(block))
    }
  }
}

/** What a wikilink shows: its alias, else `Note > Heading`; an embed: its alias, else nothing. */
export function wikiLinkText(node: {
  type: 'wikiLink' | 'embed'
  target: string
  anchor: string | null
  alias: string | null
}): string {
  if (node.alias !== null) return node.alias
  return node.type === 'embed' ? '' : [node.target, node.anchor].filter(Boolean).join(' > ')
}

/** The text of an mdast node: its value, or its children's text. */
export function plainText(node: Mdast.Node): string {
  if ('value' in node && typeof node.value === 'string') return node.value
  if ('children' in node) return (node as Mdast.Parent).children.map(plainText).join('')
  return ''
}
