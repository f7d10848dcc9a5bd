import type * as Mdast from 'mdast'
import type {LinkEntry} from '../types.js'
import type {Context} from './context.js'
import {withPosition} from './positions.js'
import {normalizeUrl} from './urls.js'

/**
 * Add a link or image to the link inventory, in document order. Its text is set once converted; a
 * reference's URL and title once its definition is known.
 */
export function addLink(
  context: Context,
  node: Mdast.Link | Mdast.Image | Mdast.LinkReference | Mdast.ImageReference
): LinkEntry {
  const reference = node.type === 'linkReference' || node.type === 'imageReference'
  const url = reference ? '' : node.url
  const entry: LinkEntry = {
    kind: node.type === 'link' || node.type === 'linkReference' ? 'link' : 'image',
    syntax: reference ? 'reference' : linkSyntax(node, context),
    url,
    normalizedUrl: url && normalizeUrl(url),
    text: '',
    title: reference ? null : (node.title ?? null),
    reference: reference ? node.identifier : null,
    section: context.section
  }
  context.links.push(withPosition(context, entry, node))
  return entry
}

/**
 * Images and `[text](url)` are inline; `<https://…>` and GFM literals (`www.…`, `a@b.c`) are
 * autolinks.
 */
function linkSyntax(node: Mdast.Link | Mdast.Image, context: Context): LinkEntry['syntax'] {
  const offset = node.position?.start.offset
  return node.type === 'image' ||
    (offset !== undefined && context.text.charCodeAt(offset) === 91) /* [ */
    ? 'inline'
    : 'autolink'
}
