import type {Root} from 'mdast'
import {createLineIndex} from '../_lines.js'
import {createDiagnostic} from '../diagnostics/create.js'
import type {Diagnostic, Frontmatter} from '../types.js'
import type {FormatResult} from './_shared.js'
import {findJsonBlock, parseJson} from './json.js'
import {parseToml} from './toml.js'
import {parseYaml} from './yaml.js'

/** Where a front matter block is in the note. */
export interface FrontmatterBlock {
  format: 'yaml' | 'toml' | 'json'
  /** The text between the fences (for JSON: the whole object). */
  raw: string
  /** Offset of the block's first character (the opening fence). */
  start: number
  /** Offset just past the block (the closing fence). */
  end: number
  /** Offset of `raw` in the note. */
  rawStart: number
}

/** The front matter block remark-frontmatter found at the top of the tree, if any. */
export function blockFromTree(root: Root, text: string): FrontmatterBlock | null {
  const node = root.children[0]
  if (!node || (node.type !== 'yaml' && node.type !== 'toml') || !node.position) return null
  const start = node.position.start.offset ?? 0
  const end = node.position.end.offset ?? start
  return {format: node.type, raw: node.value, start, end, rawStart: afterLine(text, start, end)}
}

/** JSON front matter at the top of the note (`{` … `}`), if any. */
export function jsonBlock(text: string): FrontmatterBlock | null {
  const found = findJsonBlock(text)
  if (!found) return null
  return {format: 'json', raw: text.slice(0, found.end), start: 0, end: found.end, rawStart: 0}
}

/** The result of reading one block: the model's `frontmatter`, its diagnostics, and the parse. */
export interface ReadBlock {
  frontmatter: Frontmatter
  diagnostics: Array<Diagnostic>
  result: FormatResult
}

/** Parse a block's data and turn its problems into diagnostics positioned in the note. */
export function readBlock(
  block: FrontmatterBlock,
  text: string,
  path: string | null,
  positions: boolean
): ReadBlock {
  const lines = createLineIndex(text, block.end)
  const firstLine = lines.point(block.rawStart).line
  const result =
    block.format === 'yaml'
      ? parseYaml(block.raw, firstLine)
      : block.format === 'toml'
        ? parseToml(block.raw)
        : parseJson(block.raw)

  const diagnostics: Array<Diagnostic> = []
  for (const problem of result.problems) {
    diagnostics.push(
      createDiagnostic(
        problem.ruleId,
        problem.severity,
        problem.message,
        path,
        lines.position(
          block.rawStart + Math.min(problem.start, block.raw.length),
          block.rawStart + Math.min(Math.max(problem.end, problem.start), block.raw.length)
        )
      )
    )
  }

  const frontmatter: Frontmatter = {
    format: block.format,
    raw: block.raw,
    data: result.data,
    valid: !result.problems.some((problem) => problem.severity === 'error')
  }
  if (positions) frontmatter.position = lines.position(block.start, block.end)
  return {frontmatter, diagnostics, result}
}

/** Offset after the first line ending at or after `from` (not past `limit`). */
function afterLine(text: string, from: number, limit: number): number {
  for (let index = from; index < limit; index++) {
    const code = text.charCodeAt(index)
    if (code === 10) return index + 1
    if (code === 13) return text.charCodeAt(index + 1) === 10 ? index + 2 : index + 1
  }
  return limit
}
