import type * as Mdast from 'mdast'
import {createLineIndex} from '../_lines.js'
import type {LineIndex} from '../_lines.js'
import {createDiagnostic} from '../diagnostics/create.js'
import type {
  Block,
  Citation,
  Diagnostic,
  Footnote,
  FootnoteDefinition,
  Heading,
  ImageReference,
  Inline,
  LinkEntry,
  LinkReference,
  ListItem,
  Position,
  Reference,
  Section,
  TableRow
} from '../types.js'
import type {BracketUse} from './brackets.js'
import {reportUndefined, scanBrackets} from './brackets.js'
import type {HeadingIds, Slugger} from './slug.js'
import {createSlugger} from './slug.js'
import {countStats} from './stats.js'
import {normalizeUrl} from './urls.js'

/** What extraction needs to know. */
export interface ExtractOptions {
  path: string | null
  positions: boolean
  headingIds: HeadingIds
  /** The note's language, for word counting. */
  lang: string | null
}

/** What one walk over the mdast tree gives. */
export interface Extracted {
  headings: Array<Heading>
  sections: Array<Section>
  references: Array<Reference>
  footnotes: Array<Footnote>
  links: Array<LinkEntry>
  stats: ReturnType<typeof countStats>
  diagnostics: Array<Diagnostic>
}

/** A definition as the walk met it. */
interface DefinitionRecord {
  node: Mdast.Definition
  citations: Array<Citation>
}

/** A footnote definition as the walk met it. */
interface FootnoteRecord {
  node: Mdast.FootnoteDefinition
  block: FootnoteDefinition
  citations: Array<Citation>
}

/** A use of a reference, resolved against definitions after the walk. */
interface PendingReference {
  node: LinkReference | ImageReference
  citation: Citation
  entry: LinkEntry
}

/** A footnote call, resolved after the walk. */
interface PendingFootnote {
  identifier: string
  citation: Citation
}

export interface Context {
  text: string
  path: string | null
  positions: boolean
  slugger: Slugger
  /** The id of the section being walked. */
  section: string | null
  headings: Array<Heading>
  links: Array<LinkEntry>
  references: Array<PendingReference>
  footnoteCalls: Array<PendingFootnote>
  /** Definitions by identifier; the first one wins, as in CommonMark. */
  definitions: Map<string, DefinitionRecord>
  footnotes: Map<string, FootnoteRecord>
  /** Prose for the statistics: paragraphs, headings and table cells, without URLs and HTML. */
  prose: Array<string>
  diagnostics: Array<Diagnostic>
  /** Bracket uses left as text, checked once every definition is known. */
  brackets: Array<BracketUse>
  /** Offsets of the next `][` and `[^` at or after the last container scanned (-1: none left). */
  bracketSearch: {pair: number; caret: number}
  lines: LineIndex | null
}

/** Inline content converted, with its plain text (as mdast-util-to-string gives it). */
interface Phrasing {
  children: Array<Inline>
  /** Plain text: mdast-util-to-string, but a hard break is a line feed. */
  text: string
  /** The text that counts as prose (no autolinked URLs, HTML or image alt text). */
  prose: string
}

/**
 * mdast → model, in one walk: blocks and inlines, headings with unique ids, the section tree
 * (content before the first heading is a section with `heading: null`; a heading nests under
 * the nearest shallower one), then references, footnotes, links and statistics.
 */
export function extract(root: Mdast.Root, text: string, options: ExtractOptions): Extracted {
  const context: Context = {
    text,
    path: options.path,
    positions: options.positions,
    slugger: createSlugger(options.headingIds),
    section: null,
    headings: [],
    links: [],
    references: [],
    footnoteCalls: [],
    definitions: new Map(),
    footnotes: new Map(),
    prose: [],
    diagnostics: [],
    brackets: [],
    bracketSearch: {pair: text.indexOf(']['), caret: text.indexOf('[^')},
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
      context.section = section.id
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

  if (options.positions) for (const section of sections) positionSection(section)
  reportUndefined(context, context.brackets)

  return {
    headings: context.headings,
    sections,
    references: resolveReferences(context),
    footnotes: resolveFootnotes(context),
    links: context.links,
    stats: countStats(context.prose, options.lang),
    diagnostics: context.diagnostics
  }
}

/** Fill references from their definitions; report unused and duplicate definitions. */
function resolveReferences(context: Context): Array<Reference> {
  for (const pending of context.references) {
    const record = context.definitions.get(pending.node.identifier)
    /* v8 ignore next -- @preserve: micromark makes references only for defined labels */
    if (!record) continue
    const {url, title = null} = record.node
    pending.node.url = url
    pending.node.title = title
    pending.entry.url = url
    pending.entry.normalizedUrl = normalizeUrl(url)
    pending.entry.title = title
    record.citations.push(pending.citation)
  }

  const references: Array<Reference> = []
  for (const record of context.definitions.values()) {
    const node = record.node
    const reference: Reference = {
      identifier: node.identifier,
      label: node.label ?? node.identifier,
      url: node.url,
      title: node.title ?? null,
      citations: record.citations
    }
    if (context.positions) reference.position = node.position as Position
    references.push(reference)
    if (record.citations.length === 0) {
      report(
        context,
        'reference-unused',
        'warning',
        `Unexpected unused definition \`[${reference.label}]\`, no reference uses it`,
        node.position as Position
      )
    }
  }
  return references
}

/** Number footnotes by first citation (as GitHub does); report unused ones. */
function resolveFootnotes(context: Context): Array<Footnote> {
  const numbers = new Map<string, number>()
  for (const call of context.footnoteCalls) {
    const record = context.footnotes.get(call.identifier)
    /* v8 ignore next -- @preserve: micromark makes calls only for defined footnotes */
    if (!record) continue
    if (!numbers.has(call.identifier)) numbers.set(call.identifier, numbers.size + 1)
    record.citations.push(call.citation)
  }

  const footnotes: Array<Footnote> = []
  const unused: Array<Footnote> = []
  for (const record of context.footnotes.values()) {
    const block = record.block
    const footnote: Footnote = {
      identifier: block.identifier,
      label: block.label,
      number: numbers.get(block.identifier) ?? null,
      text: block.children.map(blockText).join('\n'),
      children: block.children,
      citations: record.citations
    }
    if (context.positions) footnote.position = record.node.position as Position
    if (footnote.number === null) {
      unused.push(footnote)
      report(
        context,
        'footnote-unused',
        'warning',
        `Unexpected unused footnote \`[^${footnote.label}]\`, no call uses it`,
        record.node.position as Position
      )
    } else {
      footnotes.push(footnote)
    }
  }
  footnotes.sort((a, b) => (a.number as number) - (b.number as number))
  return [...footnotes, ...unused]
}

export function report(
  context: Context,
  ruleId: string,
  severity: Diagnostic['severity'],
  message: string,
  position: Position
): void {
  context.diagnostics.push(createDiagnostic(ruleId, severity, message, context.path, position))
}

/** A position from source offsets (for what mdast has no node for). */
export function positionAt(context: Context, start: number, end: number): Position {
  context.lines ??= createLineIndex(context.text)
  return context.lines.position(start, end)
}

type Point = Position['end']

/** Give a section the range from its heading (or first block) to its last nested block. */
function positionSection(section: Section): Point | null {
  let end: Point | null = null
  const last = section.blocks[section.blocks.length - 1]
  if (last?.position) end = last.position.end
  for (const child of section.sections) end = positionSection(child) ?? end
  if (!end && section.heading?.position) end = section.heading.position.end
  const start = section.heading?.position?.start ?? section.blocks[0]?.position?.start
  if (start && end) section.position = {start, end}
  return end
}

function position(node: Mdast.Node, context: Context): Position | undefined {
  return context.positions ? (node.position as Position) : undefined
}

function convertHeading(node: Mdast.Heading, context: Context): Heading {
  const phrasing = convertPhrasing(node, context)
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
      const phrasing = convertPhrasing(node, context)
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
          const phrasing = convertPhrasing(cell, context)
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
      const first = context.definitions.get(node.identifier)
      if (first) {
        report(
          context,
          'reference-duplicate',
          'warning',
          `Unexpected second definition of \`[${node.label ?? node.identifier}]\` (first on line ${first.node.position?.start.line}); the first one is used`,
          node.position as Position
        )
      } else {
        context.definitions.set(node.identifier, {node, citations: []})
      }
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
      const converted: FootnoteDefinition = {
        type: 'footnoteDefinition',
        identifier: node.identifier,
        label: node.label ?? node.identifier,
        children: convertBlocks(node.children, context)
      }
      const first = context.footnotes.get(node.identifier)
      if (first) {
        report(
          context,
          'footnote-duplicate',
          'warning',
          `Unexpected second definition of footnote \`[^${converted.label}]\` (first on line ${first.node.position?.start.line}); the first one is used`,
          node.position as Position
        )
      } else {
        context.footnotes.set(node.identifier, {node, block: converted, citations: []})
      }
      block = converted
      break
    }
    /* v8 ignore next 9 -- @preserve: remark makes these nodes nowhere else */
    default: {
      // List items, table parts, phrasing or front matter where blocks are expected (remark never
      // makes this): keep their text as a paragraph, so nothing is dropped.
      const phrasing = convertPhrasing(
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
export function blockText(block: Block | ListItem): string {
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

/** A phrasing container (paragraph, heading, table cell): its inlines, prose, and bracket scan. */
function convertPhrasing(
  parent: Mdast.Parent & {children: Array<Mdast.PhrasingContent>},
  context: Context
): Phrasing {
  const phrasing = convertInlines(parent, context)
  if (phrasing.prose) context.prose.push(phrasing.prose)
  scanBrackets(parent, context, context.brackets)
  return phrasing
}

function convertInlines(
  parent: Mdast.Parent & {children: Array<Mdast.PhrasingContent>},
  context: Context
): Phrasing {
  const nodes = parent.children
  const children: Array<Inline> = []
  let text = ''
  let prose = ''
  for (let index = 0; index < nodes.length; index++) {
    const node = nodes[index] as Mdast.PhrasingContent
    if (!node.position) repairPositions(parent, context)
    const at = position(node, context)
    let inline: Inline
    switch (node.type) {
      case 'text': {
        inline = {type: 'text', value: node.value}
        text += node.value
        prose += node.value
        break
      }
      case 'emphasis':
      case 'strong':
      case 'delete': {
        const phrasing = convertInlines(node, context)
        inline = {type: node.type, children: phrasing.children}
        text += phrasing.text
        prose += phrasing.prose
        break
      }
      case 'inlineCode': {
        inline = {type: 'inlineCode', value: node.value}
        text += node.value
        prose += node.value
        break
      }
      case 'break': {
        inline = {type: 'break'}
        text += '\n'
        prose += '\n'
        break
      }
      case 'html': {
        inline = {type: 'html', value: node.value}
        text += node.value
        break
      }
      case 'link': {
        const entry = linkEntry(
          context,
          'link',
          linkSyntax(node, context),
          node.url,
          node.title ?? null,
          null,
          node
        )
        const phrasing = convertInlines(node, context)
        inline = {
          type: 'link',
          url: node.url,
          title: node.title ?? null,
          children: phrasing.children
        }
        entry.text = phrasing.text
        text += phrasing.text
        if (entry.syntax !== 'autolink') prose += phrasing.prose
        break
      }
      case 'image': {
        const alt = node.alt ?? ''
        linkEntry(context, 'image', 'inline', node.url, node.title ?? null, null, node).text = alt
        inline = {type: 'image', url: node.url, title: node.title ?? null, alt}
        text += alt
        break
      }
      case 'linkReference': {
        const entry = linkEntry(context, 'link', 'reference', '', null, node.identifier, node)
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
        entry.text = phrasing.text
        context.references.push({
          node: reference,
          entry,
          citation: citation(context, phrasing.text, node)
        })
        inline = reference
        text += phrasing.text
        prose += phrasing.prose
        break
      }
      case 'imageReference': {
        const alt = node.alt ?? ''
        const entry = linkEntry(context, 'image', 'reference', '', null, node.identifier, node)
        entry.text = alt
        const reference: ImageReference = {
          type: 'imageReference',
          identifier: node.identifier,
          label: node.label ?? node.identifier,
          referenceType: node.referenceType,
          url: null,
          title: null,
          alt
        }
        context.references.push({node: reference, entry, citation: citation(context, alt, node)})
        inline = reference
        text += alt
        break
      }
      case 'footnoteReference': {
        const label = node.label ?? node.identifier
        inline = {type: 'footnoteReference', identifier: node.identifier, label}
        context.footnoteCalls.push({
          identifier: node.identifier,
          citation: citation(context, label, node)
        })
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

  return {children, text, prose}
}

function citation(context: Context, text: string, node: Mdast.Node): Citation {
  const result: Citation = {text, section: context.section}
  if (context.positions) result.position = node.position as Position
  return result
}

function linkEntry(
  context: Context,
  kind: LinkEntry['kind'],
  syntax: LinkEntry['syntax'],
  url: string,
  title: string | null,
  reference: string | null,
  node: Mdast.Node
): LinkEntry {
  const entry: LinkEntry = {
    kind,
    syntax,
    url,
    normalizedUrl: url && normalizeUrl(url),
    text: '',
    title,
    reference,
    section: context.section
  }
  if (context.positions) entry.position = node.position as Position
  context.links.push(entry)
  return entry
}

/** `[text](url)` is inline; `<https://…>` and GFM literals (`www.…`, `a@b.c`) are autolinks. */
function linkSyntax(node: Mdast.Link, context: Context): LinkEntry['syntax'] {
  const offset = node.position?.start.offset
  return offset !== undefined && context.text.charCodeAt(offset) === 91 /* [ */
    ? 'inline'
    : 'autolink'
}

/**
 * A few GFM transforms (autolink literals after an escape) make nodes without positions. Give
 * each run of such siblings the source range between its positioned neighbours: split exactly
 * when their text is that source, else the whole range to each.
 */
function repairPositions(parent: Mdast.Parent, context: Context): void {
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
      child.position = exact
        ? positionAt(context, offset, offset + length)
        : positionAt(context, from, to)
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
