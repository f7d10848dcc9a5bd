import type * as Mdast from 'mdast'
import {code} from '../diagnostics/code.js'
import {createDiagnostic} from '../diagnostics/create.js'
import type {Citation, Footnote, FootnoteDefinition, Position, Reference} from '../types.js'
import type {Context} from './context.js'
import {positionAt, withPosition} from './positions.js'
import {blockText} from './text.js'
import {normalizeUrl} from './urls.js'

/** A use of a definition or footnote, where the walk is. */
export function citation(context: Context, text: string, node: Mdast.Node): Citation {
  return withPosition(context, {text, section: context.section}, node)
}

/** Keep a definition; a second one with the same identifier is reported, the first one wins. */
export function define(context: Context, node: Mdast.Definition): void {
  if (!duplicate(context, node, context.definitions, 'reference', node.label ?? node.identifier)) {
    context.definitions.set(node.identifier, {node, citations: []})
  }
}

/** Keep a footnote definition, as `define` does. */
export function defineFootnote(
  context: Context,
  node: Mdast.FootnoteDefinition,
  block: FootnoteDefinition
): void {
  if (!duplicate(context, node, context.footnotes, 'footnote', `^${block.label}`)) {
    context.footnotes.set(node.identifier, {node, block, citations: []})
  }
}

function duplicate(
  context: Context,
  node: Mdast.Definition | Mdast.FootnoteDefinition,
  seen: Map<string, {node: Mdast.Node}>,
  kind: 'reference' | 'footnote',
  label: string
): boolean {
  const first = seen.get(node.identifier)
  if (first) {
    report(
      context,
      `${kind}-duplicate`,
      `Unexpected second definition of ${kind === 'footnote' ? 'footnote ' : ''}${code(`[${label}]`)} (first on line ${first.node.position?.start.line}); the first one is used`,
      node.position as Position
    )
  }
  return first !== undefined
}

/** Fill references from their definitions; report unused definitions. */
export function resolveReferences(context: Context): Array<Reference> {
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
  for (const {node, citations} of context.definitions.values()) {
    const label = node.label ?? node.identifier
    const reference = {identifier: node.identifier, label, url: node.url, title: node.title ?? null}
    references.push(withPosition(context, {...reference, citations}, node))
    if (citations.length === 0) {
      report(
        context,
        'reference-unused',
        `Unexpected unused definition ${code(`[${label}]`)}, no reference uses it`,
        node.position as Position
      )
    }
  }
  return references
}

/** Number footnotes by first citation (as GitHub does); report unused ones. */
export function resolveFootnotes(context: Context): Array<Footnote> {
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
  for (const {node, block, citations} of context.footnotes.values()) {
    const footnote: Footnote = withPosition(
      context,
      {
        identifier: block.identifier,
        label: block.label,
        number: numbers.get(block.identifier) ?? null,
        text: block.children.map(blockText).join('\n'),
        children: block.children,
        citations
      },
      node
    )
    if (footnote.number === null) {
      unused.push(footnote)
      report(
        context,
        'footnote-unused',
        `Unexpected unused footnote ${code(`[^${footnote.label}]`)}, no call uses it`,
        node.position as Position
      )
    } else {
      footnotes.push(footnote)
    }
  }
  footnotes.sort((a, b) => (a.number as number) - (b.number as number))
  return [...footnotes, ...unused]
}

/** Report the bracket uses left as text whose label has no definition. */
export function reportUndefined(context: Context): void {
  for (const use of context.brackets.uses) {
    const {kind, label} = use
    if (
      kind === 'reference'
        ? context.definitions.has(use.identifier)
        : context.footnotes.has(use.identifier)
    )
      continue
    report(
      context,
      `${kind}-undefined`,
      kind === 'reference'
        ? `Unexpected reference to undefined definition ${code(`[${label}]`)}, expected a ${code(`[${label}]: url`)} line`
        : `Unexpected call to undefined footnote ${code(`[^${label}]`)}, expected a ${code(`[^${label}]: …`)} definition`,
      positionAt(context, use.start, use.end)
    )
  }
}

function report(context: Context, ruleId: string, message: string, position: Position): void {
  context.diagnostics.push(createDiagnostic(ruleId, 'warning', message, context.path, position))
}
