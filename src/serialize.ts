/**
 * A document as JSON text: one line (for NDJSON) or indented by two spaces (`pretty`), ending in a
 * line feed. `JSON.stringify` writes a `Date` a schema made as its ISO string, and lone surrogates
 * as `\ud800` escapes, so nothing is lost or changed.
 */
export function serialize(value: unknown, options: {pretty?: boolean | undefined} = {}): string {
  return JSON.stringify(value, null, options.pretty ? 2 : undefined) + '\n'
}
