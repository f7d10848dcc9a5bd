import type * as Mdast from 'mdast'
import type {Block, FootnoteDefinition, Heading, List, ListItem, Paragraph} from '../types.js'
import type {Alert, AlertKind, Blockquote, Callout, Table, TableRow} from '../types.js'
import {quoteMarker} from './callouts.js'
import type {Context} from './context.js'
import {unhandled} from './context.js'
import {convertPhrasing} from './inlines.js'
import {positionAt, withPosition} from './positions.js'
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

/** Blocks in order; with the `obsidian` syntax, a `^id` line marks the block before it. */
export function convertBlocks(nodes: Array<Mdast.RootContent>, context: Context): Array<Block> {
  const blocks: Array<Block> = []
  for (const node of nodes) addBlock(blocks, convertBlock(node, context))
  return blocks
}

/** Add `block` to `blocks`, or, when it is a lone `^id` line, give the id to the block before. */
export function addBlock(blocks: Array<Block>, block: Block): void {
  const previous = blocks[blocks.length - 1]
  if (
    block.type === 'paragraph' &&
    block.blockId !== undefined &&
    block.children.length === 0 &&
    previous &&
    blockIdHolders[previous.type as keyof typeof blockIdHolders] &&
    (previous as {blockId?: string}).blockId === undefined
  ) {
    ;(previous as {blockId?: string}).blockId = block.blockId
    return
  }
  blocks.push(block)
}

/** The blocks a `^id` line after them can mark. */
const blockIdHolders = {
  blockquote: true,
  callout: true,
  code: true,
  list: true,
  math: true,
  table: true
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
      return convertQuote(node, context)
    }
    case 'math': {
      return {type: 'math', meta: node.meta ?? null, value: node.value}
    }
    case 'comment': {
      // The lines between the `%%` lines, as a code block's value is.
      return {type: 'comment', value: node.value.replace(/^\r?\n|\r?\n$/g, '')}
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
      const label = node.label ?? identifier
      return {type: 'definition', identifier, label, url, title: node.title ?? null}
    }
    case 'footnoteDefinition': {
      return convertFootnoteDefinition(node, context)
    }
    /* v8 ignore next 31 -- @preserve: remark makes these nodes nowhere else */
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
    case 'footnoteReference':
    case 'wikiLink':
    case 'embed':
    case 'tag':
    case 'highlight':
    case 'inlineMath': {
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

/** A block quote; or a GitHub alert or an Obsidian callout when its first line is a marker. */
function convertQuote(node: Mdast.Blockquote, context: Context): Blockquote | Alert | Callout {
  const marker = quoteMarker(node, context)
  if (!marker) return {type: 'blockquote', children: convertBlocks(node.children, context)}
  const rest = node.children.slice(1)
  if (marker.rest) rest.unshift(marker.rest)
  if (context.syntax === 'gfm') {
    return {type: 'alert', kind: marker.kind as AlertKind, children: convertBlocks(rest, context)}
  }
  const title =
    marker.title.length > 0
      ? convertPhrasing({type: 'paragraph', children: marker.title}, context).text.trim()
      : ''
  return {
    type: 'callout',
    kind: marker.kind,
    title: title || null,
    folded: marker.folded,
    children: convertBlocks(rest, context)
  }
}

function convertFootnoteDefinition(
  node: Mdast.FootnoteDefinition,
  context: Context
): FootnoteDefinition {
  const {identifier} = node
  const label = node.label ?? identifier
  const children = convertBlocks(node.children, context)
  const converted: FootnoteDefinition = {type: 'footnoteDefinition', identifier, label, children}
  defineFootnote(context, node, converted)
  return converted
}

function paragraph(node: Mdast.Paragraph, context: Context): Paragraph {
  const blockId = context.syntax === 'obsidian' ? takeBlockId(node, context) : null
  const {text, children} = convertPhrasing(node, context)
  return blockId === null
    ? {type: 'paragraph', text, children}
    : {type: 'paragraph', text, children, blockId}
}

/**
 * A `^id` at the end of a paragraph (after a space, or alone): taken out of its last text node
 * (whose position then ends before it), and returned.
 */
function takeBlockId(node: Mdast.Paragraph, context: Context): string | null {
  const last = node.children[node.children.length - 1]
  if (last?.type !== 'text') return null
  const match = /(?:^|\s+)\^([A-Za-z\d-]+)$/.exec(last.value)
  if (!match) return null
  last.value = last.value.slice(0, match.index)
  const {start, end} = last.position ?? {}
  if (start?.offset !== undefined && end?.offset !== undefined) {
    const to = end.offset - match[0].length
    last.position = positionAt(context, start.offset, Math.max(start.offset, to))
  }
  if (!last.value) node.children.pop()
  return match[1] as string
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
  // `- item ^id`: the id marks the item.
  const first = children[0]
  const blockId = first?.type === 'paragraph' ? first.blockId : undefined
  if (first?.type === 'paragraph') delete first.blockId
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
    children,
    ...(blockId !== undefined && {blockId})
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
