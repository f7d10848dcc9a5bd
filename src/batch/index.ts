/**
 * `md2data/batch`: converting many notes (workers, time budget, cache), finding them, writing
 * outputs atomically and formatting diagnostics. It does not load the Markdown parser until a note
 * needs converting (a warm cached run never does).
 */
export {convertFile, convertFiles, createConverter, defaultJobs} from './convert-files.js'
export type {BatchOptions, Converter} from './convert-files.js'
export type {FileResult} from './result.js'
export {linker, resolveLinks} from './resolve-links.js'
export {HeldResults} from './held.js'
export {scanNote} from './scan-note.js'
export type {LinkGraphJson, NoteSummary} from '../links/graph.js'
export {display, findNotes, markdownExtensions} from './files.js'
export type {FindOptions, Found, NoteFile} from './files.js'
export {AtomicFile, isSpecial, removeStaleTemporaries, writeAtomic, writeFailure} from './write.js'
export {
  formatGithub,
  formatJson,
  formatStylish,
  formatStylishFile,
  formatSummary
} from '../diagnostics/format.js'
export type {FileDiagnostics} from '../diagnostics/format.js'
export {createDiagnostic} from '../diagnostics/create.js'
export {defaults} from '../limits.js'
export {version} from '../version.js'
export type {Diagnostic} from '../types.js'
