import {readFileSync} from 'node:fs'
import type {Diagnostic, FileResult} from '../batch/index.js'

/** A diagnostic with the absolute path of its note (`null`: not a note's). */
export interface Located {
  file: string | null
  diagnostic: Diagnostic
}

/** The diagnostics of results, with their notes' absolute paths. */
export function located(results: Iterable<FileResult>): Array<Located> {
  const all: Array<Located> = []
  for (const result of results) {
    for (const diagnostic of result.diagnostics) all.push({file: result.file.absolute, diagnostic})
  }
  return all
}

/** One line a diagnostic: `path:line:column: severity message (rule)`. */
export function formatLine({diagnostic}: Located): string {
  const start = diagnostic.position?.start
  const at = start ? `:${start.line}:${start.column}` : ''
  const {path, severity, message, ruleId} = diagnostic
  return `${path ?? ''}${at}: ${severity} ${message} (${ruleId})`
}

/**
 * An error for Vite, of one or more error diagnostics: the message lists them all, and `id`,
 * `loc` and `frame` point at the first, so the dev server's overlay shows `file:line:col` and
 * the line, and `vite build` prints them and fails.
 */
export function viteError(errors: ReadonlyArray<Located>): Error & Record<string, unknown> {
  const count = errors.length === 1 ? '1 error' : `${errors.length} errors`
  const error = new Error(
    `md2data: ${count} in notes\n${errors.map(formatLine).join('\n')}`
  ) as Error & Record<string, unknown>
  // (No stack: where in md2data the error was made is of no use to the note's author.)
  error.stack = `Error: ${error.message}`
  const first = errors[0]
  const start = first?.diagnostic.position?.start
  if (first?.file) {
    error['id'] = first.file
    if (start) {
      error['loc'] = {file: first.file, line: start.line, column: start.column}
      error['frame'] = codeFrame(first.file, start.line, start.column)
    }
  }
  return error
}

/** The lines around `line` of a file, numbered, with a caret under `column` (1-based). */
export function codeFrame(file: string, line: number, column: number): string {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return ''
  }
  const lines = text.split(/\r?\n|\r/)
  const first = Math.max(1, line - 2)
  const last = Math.min(lines.length, line + 2)
  const width = String(last).length
  const frame: Array<string> = []
  for (let number = first; number <= last; number++) {
    const marker = number === line ? '>' : ' '
    frame.push(`${marker} ${String(number).padStart(width)} | ${lines[number - 1] ?? ''}`)
    if (number === line) {
      frame.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, column - 1))}^`)
    }
  }
  return frame.join('\n')
}
