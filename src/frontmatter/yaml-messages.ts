import type {ErrorCode} from 'yaml'

/** What each core schema tag takes, for the message when a value does not fit its tag. */
const coreTags: Record<string, string> = {
  str: 'a string',
  int: 'an integer',
  float: 'a number',
  bool: '`true` or `false`',
  null: '`null`, `~` or nothing',
  map: 'a mapping',
  seq: 'a list'
}

const kept = 'the value is kept as the text written'

/**
 * A `yaml` error or warning in the note's terms: what is wrong and how to write it, never the
 * parser's options, API or token names (`With stringKeys, all keys must be strings`). `at` is
 * the offset of the problem in `source`.
 */
export function yamlMessage(code: ErrorCode, message: string, source: string, at: number): string {
  const text = source.slice(at).split(/[\s,]/, 1)[0] || source.charAt(at)
  switch (code) {
    case 'NON_STRING_KEY':
      return source.startsWith('{{', at - 1)
        ? 'Unexpected `{{` in a value: in YAML `{` starts a mapping; quote a template placeholder (`"{{ … }}"`)'
        : 'Unexpected list or mapping as a key, expected a string'
    case 'BAD_INDENT':
      if (message.startsWith('All mapping items'))
        return 'Unexpected indentation: keys of one mapping must start at the same column'
      if (message.startsWith('All sequence items'))
        return 'Unexpected indentation: items of one list must start at the same column'
      if (message.startsWith('Flow'))
        return `Expected \`${message.slice(-1)}\` closing the \`${message.slice(-1) === ']' ? '[' : '{'}\` before the end of its value (or lines inside it indented more than its key)`
      return `Unexpected indentation: ${message}`
    case 'MULTILINE_IMPLICIT_KEY':
      return 'Unexpected line break in a key: a key and its `:` must be on one line'
    case 'MISSING_CHAR':
      if (message.startsWith('Implicit map keys')) return 'Expected `:` after a key'
      if (message.includes('directives-end'))
        return 'Unexpected `%` directive: front matter holds no directives (quote a value that starts with `%`)'
      if (message.includes('props'))
        return 'Expected a line break after an anchor or tag that precedes a list'
      return message
    case 'UNEXPECTED_TOKEN':
      if (message.startsWith('Block scalar header'))
        return `Unexpected \`${text}\`: after \`|\` or \`>\` only \`+\`, \`-\` or an indentation digit may follow`
      if (message.startsWith('Unexpected , in')) return 'Unexpected `,` without an item before it'
      return `Unexpected \`${text}\``
    case 'BLOCK_AS_IMPLICIT_KEY':
      return message.startsWith('Nested')
        ? 'Unexpected `:` in a value: quote a value that holds `: `'
        : 'Unexpected list as a key, expected a string'
    case 'BLOCK_IN_FLOW':
      return 'Unexpected indented list or mapping inside `[…]` or `{…}`'
    case 'KEY_OVER_1024_CHARS':
      return 'Unexpected key longer than 1,024 characters, the most YAML allows'
    case 'MULTIPLE_DOCS':
      return 'Unexpected second document: front matter holds one'
    case 'RESOURCE_EXHAUSTION':
      return 'Unexpected nesting too deep to read'
    case 'BAD_SCALAR_START':
      return `Unexpected \`${message.slice(-1)}\` at the start of a value: quote the value`
    case 'MULTIPLE_ANCHORS':
      return 'Unexpected second anchor (`&name`) on one value'
    case 'MULTIPLE_TAGS':
      return 'Unexpected second tag on one value'
    case 'ALIAS_PROPS':
      return 'Unexpected anchor or tag on an alias (`*name`)'
    case 'TAG_RESOLVE_FAILED':
      return tagMessage(source.slice(at).split(/\s/, 1)[0] ?? '', message)
    case 'IMPOSSIBLE':
      return `Unexpected \`${text}\``
    default:
      return message
  }
}

/** A tag `yaml` did not resolve: outside the core schema, or on a value that does not fit it. */
function tagMessage(tag: string, message: string): string {
  const core = /^Unresolved tag: tag:yaml\.org,2002:(\w+)$/.exec(message)?.[1]
  const expected = core === undefined ? undefined : coreTags[core]
  return expected === undefined
    ? `Unexpected tag \`${tag}\`, md2data reads only the YAML 1.2 core tags (\`!!str\`, \`!!int\`, \`!!float\`, \`!!bool\`, \`!!null\`, \`!!map\`, \`!!seq\`); ${kept}`
    : `Unexpected value for tag \`${tag}\`, expected ${expected}; ${kept}`
}
