import type * as Mdast from 'mdast'
import {createLineIndex} from '../_lines.js'
import type {LineIndex} from '../_lines.js'
import type {
  Block,
  Heading,
  ImageReference,
  Inline,
  LinkReference,
  ListItem,
  Position,
  Section,
  TableRow
} from '../types.js'
import type {HeadingIds, Slugger} from './slug.js'
import {createSlugger} from './slug.js'

/** What extraction needs to know. */
export interface ExtractOptions {
  positions: boolean
  headingIds: HeadingIds
}

/** What one walk over the mdast tree gives. */
export interface Extracted {
  headings: Array<Heading>
  sections: Array<Section>
}

interface Context {
  text: string
  positions: boolean
  slugger: Slugger
  headings: Array<Heading>
  /** References whose `url`/`title` are filled from definitions after the walk. */
  references: Array<LinkReference | ImageReference>
  /** Definitions by identifier; the first one wins, as in CommonMark. */
  definitions: Map<string, Mdast.Definition>
  lines: LineIndex | null
}

/** Inline content converted, with its plain text (as mdast-util-to-string gives it). */
interface Phrasing {
  children: Array<Inline>
  text: string
}

/**
 * mdast → model, in one walk: blocks and inlines, headings with unique ids, and the section tree
 * (content before the first heading is a section with `heading: null`; a heading nests under
 * the nearest shallower one).
 */
export function extract(root: Mdast.Root, text: string, options: ExtractOptions): Extracted {
  const context: Context = {
    text,
    positions: options.positions,
    slugger: createSlugger(options.headingIds),
    headings: [],
    references: [],
    definitions: new Map(),
    lines: null
  }

  const sections: Array<Section> = []
  const stack: Array<Section> = []

  for (const node of root.children) {
    if (node.type === 'yaml' || node.type === 'toml') continue

    if (node.type === 'heading') {
      const heading = convertHeading(node, context)
      const section: Section = {
        id: heading.id,
        depth: heading.depth,
        heading,
        blocks: [],
        sections: []
      }
      // Pop deeper and same-depth sections, and the preamble (depth 0), which holds no headings.
      while (stack.length > 0) {
        const top = stack[stack.length - 1] as Section
        if (top.depth !== 0 && top.depth < heading.depth) break
        stack.pop()
      }
      const parent = stack[stack.length - 1]
      if (parent) parent.sections.push(section)
      else sections.push(section)
      stack.push(section)
      continue
    }

    let current = stack[stack.length - 1]
    if (!current) {
      current = {id: null, depth: 0, heading: null, blocks: [], sections: []}
      sections.push(current)
      stack.push(current)
    }
    current.blocks.push(convertBlock(node, context))
  }

  for (const reference of context.references) {
    const definition = context.definitions.get(reference.identifier)
    if (definition) {
      reference.url = definition.url
      reference.title = definition.title ?? null
    }
  }

  if (options.positions) for (const section of sections) positionSection(section)

  return {headings: context.headings, sections}
}

/** Give a section the range from its heading (or first block) to its last nested block. */
function positionSection(section: Section): Point2 | null {
  let end: Point2 | null = null
  const last = section.blocks[section.blocks.length - 1]
  if (last?.position) end = last.position.end
  for (const child of section.sections) end = positionSection(child) ?? end
  if (!end && section.heading?.position) end = section.heading.position.end
  const start = section.heading?.position?.start ?? section.blocks[0]?.position?.start
  if (start && end) section.position = {start, end}
  return end
}

type Point2 = Position['end']

function position(node: Mdast.Node, context: Context): Position | undefined {
  return context.positions ? (node.position as Position) : undefined
}

function convertHeading(node: Mdast.Heading, context: Context): Heading {
  const phrasing = convertInlines(node, context)
  const heading: Heading = {
    type: 'heading',
    depth: node.depth,
    text: phrasing.text,
    id: context.slugger.slug(phrasing.text),
    children: phrasing.children
  }
  if (context.positions) heading.position = node.position as Position
  context.headings.push(heading)
  return heading
}

function convertBlocks(nodes: Array<Mdast.RootContent>, context: Context): Array<Block> {
  const result: Array<Block> = []
  for (const node of nodes) result.push(convertBlock(node, context))
  return result
}

function convertBlock(node: Mdast.RootContent, context: Context): Block {
  const at = position(node, context)
  let block: Block
  switch (node.type) {
    case 'paragraph': {
      const phrasing = convertInlines(node, context)
      block = {type: 'paragraph', text: phrasing.text, children: phrasing.children}
      break
    }
    case 'heading': {
      return convertHeading(node, context)
    }
    case 'thematicBreak': {
      block = {type: 'thematicBreak'}
      break
    }
    case 'blockquote': {
      block = {type: 'blockquote', children: convertBlocks(node.children, context)}
      break
    }
    case 'list': {
      const items: Array<ListItem> = []
      for (const item of node.children) items.push(convertListItem(item, context))
      const ordered = node.ordered === true
      block = {
        type: 'list',
        ordered,
        start: ordered ? (node.start ?? 1) : null,
        spread: node.spread === true,
        items
      }
      break
    }
    case 'code': {
      block = {type: 'code', lang: node.lang ?? null, meta: node.meta ?? null, value: node.value}
      break
    }
    case 'html': {
      block = {type: 'html', value: node.value}
      break
    }
    case 'table': {
      const rows: Array<TableRow> = []
      for (const row of node.children) {
        const cells = []
        for (const cell of row.children) {
          const phrasing = convertInlines(cell, context)
          const converted = {
            type: 'tableCell' as const,
            text: phrasing.text,
            children: phrasing.children
          }
          if (context.positions) Object.assign(converted, {position: cell.position})
          cells.push(converted)
        }
        const converted: TableRow = {type: 'tableRow', cells}
        if (context.positions) converted.position = row.position as Position
        rows.push(converted)
      }
      block = {type: 'table', align: (node.align ?? []).map((value) => value ?? null), rows}
      break
    }
    case 'definition': {
      if (!context.definitions.has(node.identifier)) context.definitions.set(node.identifier, node)
      block = {
        type: 'definition',
        identifier: node.identifier,
        label: node.label ?? node.identifier,
        url: node.url,
        title: node.title ?? null
      }
      break
    }
    case 'footnoteDefinition': {
      block = {
        type: 'footnoteDefinition',
        identifier: node.identifier,
        label: node.label ?? node.identifier,
        children: convertBlocks(node.children, context)
      }
      break
    }
    /* v8 ignore next 9 -- @preserve: remark makes these nodes nowhere else */
    default: {
      // List items, table parts, phrasing or front matter where blocks are expected (remark never
      // makes this): keep their text as a paragraph, so nothing is dropped.
      const phrasing = convertInlines(
        {type: 'paragraph', children: [node as Mdast.PhrasingContent]},
        context
      )
      block = {type: 'paragraph', text: phrasing.text, children: phrasing.children}
      break
    }
  }

  if (at) block.position = at
  return block
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
  if (context.positions) item.position = node.position as Position
  return item
}

/** The plain text of a converted block (code and HTML: their value). */
function blockText(block: Block | ListItem): string {
  switch (block.type) {
    case 'paragraph':
    case 'heading':
    case 'listItem': {
      return block.text
    }
    case 'code':
    case 'html': {
      return block.value
    }
    case 'blockquote':
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
  }
}

function convertInlines(
  parent: Mdast.Parent & {children: Array<Mdast.PhrasingContent>},
  context: Context
): Phrasing {
  const nodes = parent.children
  const children: Array<Inline> = []
  let text = ''
  for (let index = 0; index < nodes.length; index++) {
    const node = nodes[index] as Mdast.PhrasingContent
    if (context.positions && !node.position) repairPositions(parent, context)
    const at = position(node, context)
    let inline: Inline
    switch (node.type) {
      case 'text': {
        inline = {type: 'text', value: node.value}
        text += node.value
        break
      }
      case 'emphasis':
      case 'strong':
      case 'delete': {
        const phrasing = convertInlines(node, context)
        inline = {type: node.type, children: phrasing.children}
        text += phrasing.text
        break
      }
      case 'inlineCode': {
        inline = {type: 'inlineCode', value: node.value}
        text += node.value
        break
      }
      case 'break': {
        inline = {type: 'break'}
        text += '\n'
        break
      }
      case 'html': {
        inline = {type: 'html', value: node.value}
        text += node.value
        break
      }
      case 'link': {
        const phrasing = convertInlines(node, context)
        inline = {
          type: 'link',
          url: node.url,
          title: node.title ?? null,
          children: phrasing.children
        }
        text += phrasing.text
        break
      }
      case 'image': {
        const alt = node.alt ?? ''
        inline = {type: 'image', url: node.url, title: node.title ?? null, alt}
        text += alt
        break
      }
      case 'linkReference': {
        const phrasing = convertInlines(node, context)
        const reference: LinkReference = {
          type: 'linkReference',
          identifier: node.identifier,
          label: node.label ?? node.identifier,
          referenceType: node.referenceType,
          url: null,
          title: null,
          children: phrasing.children
        }
        context.references.push(reference)
        inline = reference
        text += phrasing.text
        break
      }
      case 'imageReference': {
        const alt = node.alt ?? ''
        const reference: ImageReference = {
          type: 'imageReference',
          identifier: node.identifier,
          label: node.label ?? node.identifier,
          referenceType: node.referenceType,
          url: null,
          title: null,
          alt
        }
        context.references.push(reference)
        inline = reference
        text += alt
        break
      }
      case 'footnoteReference': {
        inline = {
          type: 'footnoteReference',
          identifier: node.identifier,
          label: node.label ?? node.identifier
        }
        break
      }
      /* v8 ignore next 6 -- @preserve: remark makes no other phrasing node */
      default: {
        // A node of a type no plugin here makes: keep its text, so nothing is dropped.
        const value = plainText(node as Mdast.Node)
        inline = {type: 'text', value}
        text += value
      }
    }
    if (at) inline.position = at
    children.push(inline)
  }

  return {children, text}
}

/**
 * A few GFM transforms (autolink literals after an escape) make nodes without positions. Give
 * each run of such siblings the source range between its positioned neighbours: split exactly
 * when their text is that source, else the whole range to each.
 */
function repairPositions(parent: Mdast.Parent, context: Context): void {
  const lines = (context.lines ??= createLineIndex(context.text))
  const children = parent.children
  const parentStart = parent.position?.start.offset ?? 0
  const parentEnd = parent.position?.end.offset ?? context.text.length
  let index = 0
  while (index < children.length) {
    if ((children[index] as Mdast.Node).position) {
      index++
      continue
    }
    let last = index
    while (last + 1 < children.length && !(children[last + 1] as Mdast.Node).position) last++
    const from =
      index > 0
        ? ((children[index - 1] as Mdast.Node).position?.end.offset ?? parentStart)
        : parentStart
    const to =
      last + 1 < children.length
        ? ((children[last + 1] as Mdast.Node).position?.start.offset ?? parentEnd)
        : parentEnd
    const texts = children.slice(index, last + 1).map((child) => plainText(child))
    const exact = texts.join('') === context.text.slice(from, to)
    let offset = from
    for (let at = index; at <= last; at++) {
      const child = children[at] as Mdast.Node
      const length = (texts[at - index] as string).length
      child.position = exact ? lines.position(offset, offset + length) : lines.position(from, to)
      offset += length
      if ('children' in child) repairPositions(child as Mdast.Parent, context)
    }
    index = last + 1
  }
}

function plainText(node: Mdast.Node): string {
  if ('value' in node && typeof node.value === 'string') return node.value
  if ('children' in node) return (node as Mdast.Parent).children.map(plainText).join('')
  return ''
}
