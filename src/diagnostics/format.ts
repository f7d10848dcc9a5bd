import type {Diagnostic} from '../types.js'

/** The diagnostics of one file, as the reporters take them. */
export interface FileDiagnostics {
  path: string
  diagnostics: ReadonlyArray<Diagnostic>
}

/** `line:column-line:column`, or `0:0` for a diagnostic about the whole file. */
export function formatRange(diagnostic: Diagnostic): string {
  const position = diagnostic.position
  if (!position) return '0:0'
  return `${position.start.line}:${position.start.column}-${position.end.line}:${position.end.column}`
}

/** Counts of errors, warnings and infos. */
export function count(files: ReadonlyArray<FileDiagnostics>): {
  errors: number
  warnings: number
  infos: number
} {
  let errors = 0
  let warnings = 0
  let infos = 0
  for (const file of files) {
    for (const diagnostic of file.diagnostics) {
      if (diagnostic.severity === 'error') errors++
      else if (diagnostic.severity === 'warning') warnings++
      else infos++
    }
  }
  return {errors, warnings, infos}
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

/**
 * ESLint's "stylish" layout: the file's path, then one row a diagnostic
 * (`  3:7-3:17  error  message  rule-id`, columns aligned within the file), a blank line between
 * files, and a summary (`✖ 3 problems (2 errors, 1 warning)`). Files without diagnostics are left
 * out; no problems at all gives an empty string.
 */
export function formatStylish(files: ReadonlyArray<FileDiagnostics>): string {
  let output = ''
  for (const file of files) output += formatStylishFile(file)
  return output + formatSummary(count(files))
}

/** The stylish summary line (`✖ 3 problems (2 errors, 1 warning)`), or `''` without problems. */
export function formatSummary(totals: {errors: number; warnings: number; infos: number}): string {
  const problems = totals.errors + totals.warnings + totals.infos
  if (problems === 0) return ''
  const parts = [plural(totals.errors, 'error'), plural(totals.warnings, 'warning')]
  if (totals.infos > 0) parts.push(plural(totals.infos, 'info'))
  return `${totals.errors > 0 ? '✖' : '⚠'} ${plural(problems, 'problem')} (${parts.join(', ')})\n`
}

/** The stylish block of one file (empty without diagnostics). */
export function formatStylishFile(file: FileDiagnostics): string {
  if (file.diagnostics.length === 0) return ''
  const ranges = file.diagnostics.map(formatRange)
  const width = Math.max(...ranges.map((range) => range.length))
  const severityWidth = Math.max(
    ...file.diagnostics.map((diagnostic) => diagnostic.severity.length)
  )
  let output = `${oneLine(file.path)}\n`
  for (const [index, diagnostic] of file.diagnostics.entries()) {
    output += `  ${(ranges[index] as string).padEnd(width)}  ${diagnostic.severity.padEnd(severityWidth)}  ${oneLine(diagnostic.message)}  ${diagnostic.ruleId}\n`
  }
  return `${output}\n`
}

/**
 * A message (or path) on one row: each line break, with the blanks around it, becomes ` ⏎ `, so
 * that a schema's multi-line message stays one row and still shows where its lines broke.
 */
function oneLine(text: string): string {
  return text.replace(/[ \t]*(?:\r\n|[\n\r\v\f\u0085\u2028\u2029])[ \t]*/g, ' ⏎ ')
}

/** All diagnostics as JSON: an array of `{path, diagnostics}` for the files that have any. */
export function formatJson(files: ReadonlyArray<FileDiagnostics>): string {
  const withProblems = files.filter((file) => file.diagnostics.length > 0)
  return (
    JSON.stringify(withProblems.map((file) => ({path: file.path, diagnostics: file.diagnostics}))) +
    '\n'
  )
}

/**
 * GitHub Actions workflow commands: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`
 * (`warning` for warnings, `notice` for infos), which GitHub shows as annotations on the file.
 */
export function formatGithub(files: ReadonlyArray<FileDiagnostics>): string {
  let output = ''
  for (const file of files) {
    for (const diagnostic of file.diagnostics) {
      const command =
        diagnostic.severity === 'error'
          ? 'error'
          : diagnostic.severity === 'warning'
            ? 'warning'
            : 'notice'
      const properties = [`file=${escapeProperty(file.path)}`]
      const position = diagnostic.position
      if (position) {
        properties.push(
          `line=${position.start.line}`,
          `col=${position.start.column}`,
          `endLine=${position.end.line}`,
          `endColumn=${position.end.column}`
        )
      }
      properties.push(`title=${escapeProperty(diagnostic.ruleId)}`)
      output += `::${command} ${properties.join(',')}::${escapeData(diagnostic.message)}\n`
    }
  }
  return output
}

/**
 * A workflow command's message, escaped as the runner unescapes it: a line break is `%0A` (shown
 * as a line break in the annotation), so each diagnostic stays one command line.
 */
function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C')
}
