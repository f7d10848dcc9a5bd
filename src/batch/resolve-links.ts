import {sortDiagnostics} from '../diagnostics/create.js'
import {serialize} from '../serialize.js'
import type {NoteDocument} from '../types.js'
import type {NoteFile} from './files.js'
import type {WorkerResult} from './result.js'
import {LinkGraph} from './link-graph.js'
import type {LinkGraphJson, NoteResolution, NoteSummary} from './link-graph.js'

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
  const graph = new LinkGraph([...otherFiles, ...held.map((result) => result.file.path)])
  for (const note of otherNotes) graph.add(note)
  for (const result of held) {
    if (!result.links) continue
    const {path, relative} = result.file
    const root = path.endsWith(relative) ? path.slice(0, path.length - relative.length) : ''
    graph.add({path, root: root.replace(/\/$/, ''), ...result.links})
  }
  const results = held.map((result) =>
    result.links && result.links.links.length > 0
      ? withResolution(result, graph.resolve(result.file.path))
      : result
  )
  return {results, graph: otherNotes.length > 0 ? only(graph.toJSON(), held) : graph.toJSON()}
}

/** The graph of the notes converted (not of `otherNotes`, whose own links were not read). */
function only(graph: LinkGraphJson, held: ReadonlyArray<Held>): LinkGraphJson {
  const notes: LinkGraphJson['notes'] = {}
  for (const {file} of held) {
    const entry = graph.notes[file.path]
    if (entry) notes[file.path] = entry
  }
  return {notes, orphans: graph.orphans.filter((path) => path in notes)}
}

/** What resolution needs of a result (a `FileResult`). */
type Held = Omit<WorkerResult, 'json'> & {file: NoteFile; json: string | null}

/** A result with its links' `resolved` set and the link diagnostics added. */
function withResolution<Result extends Held>(result: Result, resolution: NoteResolution): Result {
  if (result.json === null) return result
  const document = JSON.parse(result.json) as NoteDocument
  for (const [index, resolved] of resolution.resolved) {
    const entry = document.links[index]
    if (!entry) continue
    // `resolved` goes after `anchor`, as the type has it.
    const {section, position, ...rest} = entry
    document.links[index] = {...rest, resolved, section, ...(position && {position})}
  }
  const diagnostics = sortDiagnostics([...result.diagnostics, ...resolution.diagnostics])
  document.diagnostics = diagnostics
  return {
    ...result,
    json: serialize(document),
    pretty: result.pretty === null ? null : serialize(document, {pretty: true}),
    diagnostics
  }
}
