import {isAlias, isMap, isScalar, isSeq, parseDocument, visit} from 'yaml'
import {createLineIndex} from '../_lines.js'
import type {Alias, Document, Node, Pair, Scalar, ScalarTag, YAMLMap, YAMLSeq} from 'yaml'
import type {DataPath, FormatResult, Located, Problem} from './_shared.js'
import {hasKey, maxDataDepth, setKey, unsafeNumber} from './_shared.js'
import {parseFlatYaml} from './yaml-flat.js'
import {yamlMessage} from './yaml-messages.js'

/** Most alias (`*name`) expansions one front matter block may make, nested ones included. */
export const maxAliasCount = 100

/**
 * `!!float 1`: the core schema's float pattern takes integers, which `yaml` reads as floats only
 * when written with a `.` or an exponent. Plain `1` still matches `!!int` first.
 */
const integerAsFloat: ScalarTag = {
  tag: 'tag:yaml.org,2002:float',
  default: true,
  test: /^[-+]?[0-9]+$/,
  resolve: (text) => Number(text)
}

/**
 * YAML front matter → data: YAML 1.2 core schema (`2025-09-10` stays a string), no custom tags
 * (an unknown tag is an error, its value a string), no merge keys, our own linear duplicate-key
 * check, alias expansion capped, `__proto__` a plain key. Flat `key: value` blocks take a fast
 * path that gives the same result; the rest goes through the `yaml` package.
 */
export function parseYaml(
  raw: string,
  firstLine = 1,
  options: {flat?: boolean} = {}
): FormatResult {
  // `yaml` does not take a lone CR as a line break; LF in its place keeps every offset.
  const source = raw.includes('\r') ? raw.replace(/\r(?!\n)/g, '\n') : raw
  return (
    (options.flat === false ? null : parseFlatYaml(source, firstLine)) ??
    parseWithYaml(source, firstLine)
  )
}

function parseWithYaml(source: string, firstLine: number): FormatResult {
  const document = parseDocument(source, {
    version: '1.2',
    schema: 'core',
    merge: false,
    uniqueKeys: false,
    strict: true,
    stringKeys: true,
    prettyErrors: false,
    // No YAML 1.1 types (`!!timestamp` gives no `Date`, `!!binary` no `Buffer`): reported.
    resolveKnownTags: false,
    customTags: (tags) => [...tags, integerAsFloat]
  })
  const problems: Array<Problem> = []
  let targets: Map<Alias, Node> | undefined
  const target = (alias: Alias) => (targets ??= aliasTargets(document)).get(alias)
  const locate = (path: DataPath) => locateIn(document, path, target)

  for (const {code, message, pos} of document.errors) {
    const reason = yamlMessage(code, clean(message), source, pos[0])
    problems.push(problem('error', `Cannot parse YAML: ${reason}`, pos))
  }
  for (const {code, message, pos} of document.warnings) {
    const reason = yamlMessage(code, clean(message), source, pos[0])
    // An unknown tag is an error: md2data runs no tags.
    if (code === 'TAG_RESOLVE_FAILED') problems.push(problem('error', reason, pos))
    else problems.push(problem('warning', `YAML: ${reason}`, pos))
  }

  const contents = document.contents
  if (document.errors.length > 0 || contents === null) return {data: {}, problems, locate}

  if (!isMap(contents)) {
    const kind = isSeq(contents) ? 'sequence' : 'scalar'
    const [start, end] = range(contents)
    problems.push({
      ruleId: 'frontmatter-not-object',
      severity: 'error',
      message: `Unexpected ${kind} as front matter, expected a mapping (\`key: value\` lines)`,
      start,
      end
    })
    return {data: {}, problems, locate}
  }

  const state = {target, source, problems, aliases: 0, firstLine}
  const data = toData(contents, state, 0) as Record<string, unknown>
  return {data, problems, locate}
}

interface State {
  /** The node an alias stands for. */
  target(alias: Alias): Node | undefined
  source: string
  problems: Array<Problem>
  aliases: number
  firstLine: number
}

function toData(node: unknown, state: State, depth: number): unknown {
  if (node === null || node === undefined) return null
  if (depth > maxDataDepth) {
    const message = `Unexpected nesting deeper than ${maxDataDepth} levels in front matter`
    state.problems.push(problem('error', message, range(node as Node)))
    return null
  }
  if (isScalar(node)) return scalarData(node, state)
  if (isAlias(node)) return aliasData(node, state, depth)
  if (isSeq(node) || isMap(node)) {
    // A collection under another tag (`!!omap`, `!!set`, `!foo`, reported) is the text written.
    if (node.tag && node.tag !== `tag:yaml.org,2002:${isMap(node) ? 'map' : 'seq'}`) {
      return state.source.slice(...range(node))
    }
    return isSeq(node) ? seqData(node, state, depth) : mapData(node, state, depth)
  }
  return null
}

function seqData(node: YAMLSeq, state: State, depth: number): Array<unknown> {
  return node.items.map((item) => toData(item, state, depth + 1))
}

/** A scalar's value; a number JSON cannot hold exactly stays text, with a problem. */
function scalarData(node: Scalar, state: State): unknown {
  const value = node.value
  if (typeof value === 'number') {
    const [start, end] = range(node)
    const text = state.source.slice(start, end)
    const unsafe = unsafeNumber(value, text, start, end)
    if (unsafe) {
      state.problems.push(unsafe)
      return text
    }
  }
  if (typeof value === 'bigint') return String(value)
  return value === undefined ? null : value
}

/** What an alias points to, while the expansions stay under `maxAliasCount`. */
function aliasData(node: Alias, state: State, depth: number): unknown {
  state.aliases++
  if (state.aliases > maxAliasCount) {
    if (state.aliases === maxAliasCount + 1) {
      const message = `Unexpected alias expansion past ${maxAliasCount} aliases; the value is \`null\``
      state.problems.push(problem('error', message, range(node)))
    }
    return null
  }
  const target = state.target(node)
  if (!target) {
    const message = `Cannot find the anchor of alias \`*${node.source}\``
    state.problems.push(problem('error', message, range(node)))
    return null
  }
  return toData(target, state, depth + 1)
}

/** A mapping's data; a duplicate key is a problem, its first value kept. */
function mapData(node: YAMLMap, state: State, depth: number): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  const seen = new Map<string, Pair<unknown, unknown>>()
  for (const pair of node.items) {
    const key = keyOf(pair)
    const first = seen.get(key)
    if (first) {
      const [start, end] = pair.key ? range(pair.key as Node) : range(node)
      const offset = range(first.key as Node)[0]
      const line = state.firstLine - 1 + createLineIndex(state.source, offset).point(offset).line
      state.problems.push({
        ruleId: 'frontmatter-duplicate-key',
        severity: 'error',
        message: `Unexpected duplicate key \`${key}\` (first on line ${line}); the first value is kept`,
        start,
        end
      })
      continue
    }
    seen.set(key, pair)
    if (!hasKey(result, key)) setKey(result, key, toData(pair.value, state, depth + 1))
  }
  return result
}

function keyOf(pair: Pair<unknown, unknown>): string {
  const key = pair.key
  if (isScalar(key)) return key.value === null || key.value === undefined ? '' : String(key.value)
  return ''
}

/**
 * The node each alias stands for: the last node anchored with its name before it (as
 * `Alias.resolve` finds it), in one walk of the document rather than one walk per alias.
 */
function aliasTargets(document: Document): Map<Alias, Node> {
  const anchors = new Map<string, Node>()
  const targets = new Map<Alias, Node>()
  visit(document, {
    Node(_key, node) {
      if (isAlias(node)) {
        const target = anchors.get(node.source)
        if (target) targets.set(node, target)
      } else if (node.anchor) {
        anchors.set(node.anchor, node)
      }
    }
  })
  return targets
}

function locateIn(
  document: Document,
  path: DataPath,
  target: (alias: Alias) => Node | undefined
): Located | null {
  let node: unknown = document.contents
  let key: [number, number] | null = null
  for (const part of path) {
    if (isAlias(node)) node = target(node)
    if (typeof part === 'number' && isSeq(node)) {
      node = node.items[part]
      key = null
      if (node === undefined) return null
    } else if (typeof part === 'string' && isMap(node)) {
      const pair = node.items.find((item) => keyOf(item) === part)
      if (!pair) return null
      const keyRange = range(pair.key as Node)
      key = keyRange
      node = pair.value ?? {range: [keyRange[1], keyRange[1], keyRange[1]]}
    } else {
      return null
    }
  }

  if (node === null || node === undefined) return null
  return {key, value: range(node as Node)}
}

function range(node: Node | {range?: unknown}): [number, number] {
  const value = (node as {range?: [number, number, number] | null}).range
  return value ? [value[0], value[1]] : [0, 0]
}

function problem(severity: 'error' | 'warning', message: string, pos: [number, number]): Problem {
  return {
    ruleId: 'frontmatter-syntax',
    severity,
    message,
    start: pos[0],
    end: Math.max(pos[1], pos[0])
  }
}

/** The first line of a `yaml` message, without its trailing period. */
function clean(message: string): string {
  return (message.split('\n', 1)[0] ?? '')
    .replace(/\.$/, '')
    .replace(/ at line \d+, column \d+:?$/, '')
}
