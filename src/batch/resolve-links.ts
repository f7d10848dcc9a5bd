import {sortDiagnostics} from '../diagnostics/create.js'
import type {Diagnostic, LinkEntry} from '../types.js'
import type {NoteFile} from './files.js'
import {rootOf} from './files.js'
import type {WorkerResult} from './result.js'
import {LinkGraph} from '../links/graph.js'
import type {LinkGraphJson, NoteResolution, NoteSummary} from '../links/graph.js'

/**
 * Cross-note link resolution over the results of a batch (each note's own conversion, as
 * `convertFiles` with `links: false` gives them): each note's local links are resolved against the
 * notes, `otherFiles` (attachments) and `otherNotes` (notes converted elsewhere, as `scanNote`
 * gives them: another `--shard` slice), and the results come back in the same order with
 * `resolved` on their links and the `link-*` diagnostics added, with the graph of their notes.
 */
export function resolveLinks<Result extends Held>(
  held: ReadonlyArray<Result>,
  otherFiles: Iterable<string>,
  otherNotes: ReadonlyArray<NoteSummary> = []
): {results: Array<Result>; graph: LinkGraphJson} {
  const {resolve, graph} = linker(held, otherFiles, otherNotes)
  return {results: held.map(resolve), graph}
}

/**
 * `resolveLinks` in two steps, for a caller that does not hold every result at once: the graph,
 * from what resolution needs of each note (its file and link summary), then `resolve()` one
 * result at a time.
 */
export function linker(
  notes: ReadonlyArray<Pick<Held, 'file' | 'links'>>,
  otherFiles: Iterable<string>,
  otherNotes: ReadonlyArray<NoteSummary> = []
): {resolve<Result extends Held>(result: Result): Result; graph: LinkGraphJson} {
  const graph = new LinkGraph([...otherFiles, ...notes.map((note) => note.file.path)])
  for (const note of otherNotes) graph.add(note)
  for (const note of notes) {
    if (!note.links) continue
    graph.add({path: note.file.path, root: rootOf(note.file), ...note.links})
  }
  return {
    resolve: (result) =>
      result.links && result.links.links.length > 0
        ? withResolution(result, graph.resolve(result.file.path))
        : result,
    graph: otherNotes.length > 0 ? only(graph.toJSON(), notes) : graph.toJSON()
  }
}

/** The graph of the notes converted (not of `otherNotes`, whose own links were not read). */
function only(graph: LinkGraphJson, held: ReadonlyArray<Pick<Held, 'file'>>): LinkGraphJson {
  const notes: LinkGraphJson['notes'] = {}
  for (const {file} of held) {
    const entry = graph.notes[file.path]
    if (entry) notes[file.path] = entry
  }
  return {notes, orphans: graph.orphans.filter((path) => path in notes)}
}

/** What resolution needs of a result (a `FileResult`). */
type Held = Omit<WorkerResult, 'json'> & {file: NoteFile; json: string | null}

/**
 * A result with its links' `resolved` set and the link diagnostics added. Only the document's
 * `links` and `diagnostics` arrays are parsed and written again, spliced into its JSON: the rest
 * (most of it) is kept as it is.
 */
function withResolution<Result extends Held>(result: Result, resolution: NoteResolution): Result {
  if (result.json === null) return result
  const at = spans(result.json, false)
  const links = JSON.parse(result.json.slice(at.links[0], at.links[1])) as Array<LinkEntry>
  for (const [index, resolved] of resolution.resolved) {
    const entry = links[index]
    if (!entry) continue
    // `resolved` goes after `anchor`, as the type has it.
    const {section, position, ...rest} = entry
    links[index] = {...rest, resolved, section, ...(position && {position})}
  }
  const diagnostics = sortDiagnostics([...result.diagnostics, ...resolution.diagnostics])
  return {
    ...result,
    json: splice(result.json, false, links, diagnostics),
    pretty: result.pretty === null ? null : splice(result.pretty, true, links, diagnostics),
    diagnostics
  }
}

/**
 * Where a document's `links` array and `diagnostics` array are in its JSON (as `serialize` writes
 * it). `links` is the last key so named (front matter data, before it, may have one; nothing after
 * it does) and `tags` follows it; `diagnostics` is the last key. Keys inside strings have escaped
 * quotes, so they never match.
 */
function spans(json: string, pretty: boolean): {links: [number, number]; diagnostics: number} {
  const [links, tags, diagnostics] = pretty
    ? ['\n  "links": ', ',\n  "tags": ', '\n  "diagnostics": ']
    : [',"links":', ',"tags":', ',"diagnostics":']
  const start = json.lastIndexOf(links) + links.length
  const end = json.indexOf(tags, start)
  return {links: [start, end], diagnostics: json.lastIndexOf(diagnostics) + diagnostics.length}
}

/** `json` with its `links` and `diagnostics` arrays replaced. */
function splice(
  json: string,
  pretty: boolean,
  links: Array<LinkEntry>,
  diagnostics: Array<Diagnostic>
): string {
  const at = spans(json, pretty)
  const write = (value: unknown) =>
    pretty ? JSON.stringify(value, null, 2).replace(/\n/g, '\n  ') : JSON.stringify(value)
  return (
    json.slice(0, at.links[0]) +
    write(links) +
    json.slice(at.links[1], at.diagnostics) +
    write(diagnostics) +
    (pretty ? '\n}\n' : '}\n')
  )
}
