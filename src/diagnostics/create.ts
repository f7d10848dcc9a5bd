import type {Diagnostic, Position, Severity} from '../types.js'

/** Make a diagnostic; `position` is `null` when the problem concerns the whole file. */
export function createDiagnostic(
  ruleId: string,
  severity: Severity,
  message: string,
  path: string | null,
  position: Position | null
): Diagnostic {
  return {severity, ruleId, message, path, position, source: 'md2data'}
}

const severityOrder = {error: 0, warning: 1, info: 2}

/** Sort diagnostics by position (file-wide ones first), then severity, then rule id; stable. */
export function sortDiagnostics(diagnostics: Array<Diagnostic>): Array<Diagnostic> {
  return diagnostics.sort(
    (a, b) =>
      (a.position?.start.offset ?? -1) - (b.position?.start.offset ?? -1) ||
      severityOrder[a.severity] - severityOrder[b.severity] ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  )
}
