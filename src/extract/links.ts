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
    target: null,
    anchor: null,
    section: context.section
  }
  context.links.push(withPosition(context, entry, node))
  return entry
}

/** Add a wikilink or an embed to the link inventory; its text is set once converted. */
export function addWikiLink(context: Context, node: Mdast.WikiLink | Mdast.Embed): LinkEntry {
  const url = node.anchor === null ? node.target : `${node.target}#${node.anchor}`
  const entry: LinkEntry = {
    kind: node.type === 'embed' ? 'embed' : 'link',
    syntax: 'wikilink',
    url,
    normalizedUrl: url,
    text: '',
    title: null,
    reference: null,
    target: node.target,
    anchor: node.anchor,
    section: context.section
  }
  context.links.push(withPosition(context, entry, node))
  return entry
}

/**
 * Give every Markdown link with a local URL (no scheme such as `https:` or `mailto:`, not
 * `//host`, no template syntax `{{`) its `target` (the path, without query and anchor) and `anchor`. Runs once references
 * have their URLs.
 */
export function localTargets(links: Array<LinkEntry>): void {
  for (const entry of links) {
    if (entry.syntax === 'wikilink' || entry.syntax === 'autolink') continue
    const {url} = entry
    // (`{{…}}` and `{%…%}`: a template's, filled in later by a site generator.)
    if (!url || /^[a-z][a-z\d+.-]*:/i.test(url) || url.startsWith('//') || /\{[{%]/.test(url))
      continue
    const hash = url.indexOf('#')
    const path = hash === -1 ? url : url.slice(0, hash)
    const query = path.indexOf('?')
    entry.target = query === -1 ? path : path.slice(0, query)
    entry.anchor = hash === -1 || hash === url.length - 1 ? null : url.slice(hash + 1)
  }
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
