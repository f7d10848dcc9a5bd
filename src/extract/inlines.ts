import type * as Mdast from 'mdast'
import type {Embed, ImageReference, Inline, Link, LinkReference, WikiLink} from '../types.js'
import {scanBrackets} from './brackets.js'
import type {Context} from './context.js'
import {unhandled} from './context.js'
import {addLink, addWikiLink} from './links.js'
import {repairPositions, withPosition} from './positions.js'
import {citation} from './references.js'
import {plainText, wikiLinkText} from './text.js'

/** Inline content converted, with its plain text (as mdast-util-to-string gives it). */
export interface Phrasing {
  children: Array<Inline>
  /** Plain text: mdast-util-to-string, but a hard break is a line feed. */
  text: string
  /** The text that counts as prose (no autolinked URLs, HTML or image alt text). */
  prose: string
}

type PhrasingParent = Mdast.Parent & {children: Array<Mdast.PhrasingContent>}

/** A phrasing container (paragraph, heading, table cell): its inlines, prose, and bracket scan. */
export function convertPhrasing(parent: PhrasingParent, context: Context): Phrasing {
  const phrasing = convertInlines(parent, context)
  if (phrasing.prose) context.prose.push(phrasing.prose)
  scanBrackets(parent, context.text, context.brackets)
  return phrasing
}

function convertInlines(parent: PhrasingParent, context: Context): Phrasing {
  const phrasing: Phrasing = {children: [], text: '', prose: ''}
  for (const node of parent.children) {
    if (!node.position) repairPositions(parent, context)
    phrasing.children.push(withPosition(context, convertInline(node, context, phrasing), node))
  }
  return phrasing
}

/** One inline node; its text and prose are added to `into`. */
function convertInline(node: Mdast.PhrasingContent, context: Context, into: Phrasing): Inline {
  switch (node.type) {
    case 'text':
    case 'inlineCode': {
      into.text += node.value
      into.prose += node.value
      return {type: node.type, value: node.value}
    }
    case 'emphasis':
    case 'strong':
    case 'delete':
    case 'highlight': {
      const phrasing = convertInlines(node, context)
      into.text += phrasing.text
      into.prose += phrasing.prose
      return {type: node.type, children: phrasing.children}
    }
    case 'break': {
      into.text += '\n'
      into.prose += '\n'
      return {type: 'break'}
    }
    case 'html': {
      into.text += node.value
      return {type: 'html', value: node.value}
    }
    case 'link': {
      return convertLink(node, context, into)
    }
    case 'image': {
      const alt = node.alt ?? ''
      addLink(context, node).text = alt
      into.text += alt
      return {type: 'image', url: node.url, title: node.title ?? null, alt}
    }
    case 'linkReference':
    case 'imageReference': {
      return convertReference(node, context, into)
    }
    case 'footnoteReference': {
      const label = node.label ?? node.identifier
      const call = citation(context, label, node)
      context.footnoteCalls.push({identifier: node.identifier, citation: call})
      return {type: 'footnoteReference', identifier: node.identifier, label}
    }
    case 'wikiLink':
    case 'embed': {
      return convertWikiLink(node, context, into)
    }
    case 'tag': {
      context.tags.push(node.value)
      into.text += `#${node.value}`
      return {type: 'tag', value: node.value}
    }
    case 'comment': {
      // Left out of the text and the statistics, as Obsidian leaves it out of the page.
      return {type: 'comment', value: node.value}
    }
    case 'inlineMath': {
      into.text += node.value
      return {type: 'inlineMath', value: node.value}
    }
    /* v8 ignore next 6 -- @preserve: remark makes no other phrasing node */
    default: {
      // A node of a type no plugin here makes: keep its text, so nothing is dropped.
      const value = plainText(unhandled(node))
      into.text += value
      return {type: 'text', value}
    }
  }
}

/** `[[…]]` shows its alias, else `Note > Heading`; `![[…]]` shows its alias, else nothing. */
function convertWikiLink(
  node: Mdast.WikiLink | Mdast.Embed,
  context: Context,
  into: Phrasing
): WikiLink | Embed {
  const {target, anchor, alias} = node
  const shown = wikiLinkText(node)
  addWikiLink(context, node).text = shown
  into.text += shown
  if (node.type === 'wikiLink') {
    into.prose += shown
    return {type: 'wikiLink', target, anchor, alias}
  }
  return {type: 'embed', target, anchor, alias, width: node.width, height: node.height}
}

function convertLink(node: Mdast.Link, context: Context, into: Phrasing): Link {
  const entry = addLink(context, node)
  const phrasing = convertInlines(node, context)
  entry.text = phrasing.text
  into.text += phrasing.text
  if (entry.syntax !== 'autolink') into.prose += phrasing.prose
  return {type: 'link', url: node.url, title: node.title ?? null, children: phrasing.children}
}

/** A reference link or image; its URL and title are filled once every definition is known. */
function convertReference(
  node: Mdast.LinkReference | Mdast.ImageReference,
  context: Context,
  into: Phrasing
): LinkReference | ImageReference {
  const entry = addLink(context, node)
  const {identifier, referenceType} = node
  const head = {identifier, label: node.label ?? identifier, referenceType, url: null, title: null}
  let reference: LinkReference | ImageReference
  if (node.type === 'linkReference') {
    const phrasing = convertInlines(node, context)
    reference = {type: 'linkReference', ...head, children: phrasing.children}
    entry.text = phrasing.text
    into.prose += phrasing.prose
  } else {
    reference = {type: 'imageReference', ...head, alt: node.alt ?? ''}
    entry.text = reference.alt
  }
  into.text += entry.text
  context.references.push({node: reference, entry, citation: citation(context, entry.text, node)})
  return reference
}
