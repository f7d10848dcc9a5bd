import type * as Mdast from 'mdast'
import type {Block, FootnoteDefinition, Heading, List, ListItem, Paragraph} from '../types.js'
import type {Table, TableRow} from '../types.js'
import type {Context} from './context.js'
import {unhandled} from './context.js'
import {convertPhrasing} from './inlines.js'
import {withPosition} from './positions.js'
import {define, defineFootnote} from './references.js'
import {blockText} from './text.js'

/** A heading, with its unique id, added to the document's headings. */
export function convertHeading(node: Mdast.Heading, context: Context): Heading {
  const {text, children} = convertPhrasing(node, context)
  const id = context.slugger.slug(text)
  const heading: Heading = {type: 'heading', depth: node.depth, text, id, children}
  context.headings.push(withPosition(context, heading, node))
  return heading
}

export function convertBlock(node: Mdast.RootContent, context: Context): Block {
  return withPosition(context, block(node, context), node)
}

function convertBlocks(nodes: Array<Mdast.RootContent>, context: Context): Array<Block> {
  return nodes.map((node) => convertBlock(node, context))
}

function block(node: Mdast.RootContent, context: Context): Block {
  switch (node.type) {
    case 'paragraph': {
      return paragraph(node, context)
    }
    case 'heading': {
      return convertHeading(node, context)
    }
    case 'thematicBreak': {
      return {type: 'thematicBreak'}
    }
    case 'blockquote': {
      return {type: 'blockquote', children: convertBlocks(node.children, context)}
    }
    case 'list': {
      return convertList(node, context)
    }
    case 'code': {
      return {type: 'code', lang: node.lang ?? null, meta: node.meta ?? null, value: node.value}
    }
    case 'html': {
      return {type: 'html', value: node.value}
    }
    case 'table': {
      return convertTable(node, context)
    }
    case 'definition': {
      define(context, node)
      const {identifier, url} = node
      return {
        type: 'definition',
        identifier,
        label: node.label ?? identifier,
        url,
        title: node.title ?? null
      }
    }
    case 'footnoteDefinition': {
      const {identifier} = node
      const label = node.label ?? identifier
      const children = convertBlocks(node.children, context)
      const converted: FootnoteDefinition = {
        type: 'footnoteDefinition',
        identifier,
        label,
        children
      }
      defineFootnote(context, node, converted)
      return converted
    }
    /* v8 ignore next 26 -- @preserve: remark makes these nodes nowhere else */
    case 'listItem':
    case 'tableRow':
    case 'tableCell':
    case 'yaml':
    case 'toml':
    case 'text':
    case 'emphasis':
    case 'strong':
    case 'delete':
    case 'inlineCode':
    case 'break':
    case 'link':
    case 'image':
    case 'linkReference':
    case 'imageReference':
    case 'footnoteReference': {
      // List items, table parts, phrasing or front matter where blocks are expected: keep their
      // text as a paragraph, so nothing is dropped.
      return paragraph({type: 'paragraph', children: [node as Mdast.PhrasingContent]}, context)
    }
    default: {
      return paragraph(
        {type: 'paragraph', children: [unhandled(node) as Mdast.PhrasingContent]},
        context
      )
    }
  }
}

function paragraph(node: Mdast.Paragraph, context: Context): Paragraph {
  const {text, children} = convertPhrasing(node, context)
  return {type: 'paragraph', text, children}
}

function convertList(node: Mdast.List, context: Context): List {
  const ordered = node.ordered === true
  return {
    type: 'list',
    ordered,
    start: ordered ? (node.start ?? 1) : null,
    spread: node.spread === true,
    items: node.children.map((item) => convertListItem(item, context))
  }
}

function convertListItem(node: Mdast.ListItem, context: Context): ListItem {
  const children = convertBlocks(node.children, context)
  let text = ''
  for (const child of children) {
    if (child.type === 'list') continue
    const value = blockText(child)
    text = text ? `${text}\n${value}` : value
  }
  const item: ListItem = {
    type: 'listItem',
    text,
    checked: node.checked ?? null,
    spread: node.spread === true,
    children
  }
  return withPosition(context, item, node)
}

function convertTable(node: Mdast.Table, context: Context): Table {
  const rows = node.children.map((row): TableRow => {
    const cells = row.children.map((cell) => {
      const {text, children} = convertPhrasing(cell, context)
      return withPosition(context, {type: 'tableCell' as const, text, children}, cell)
    })
    return withPosition(context, {type: 'tableRow', cells}, row)
  })
  return {type: 'table', align: (node.align ?? []).map((value) => value ?? null), rows}
}
