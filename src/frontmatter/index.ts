import type {LineIndex} from '../_lines.js'
import {createLineIndex} from '../_lines.js'
import {createDiagnostic} from '../diagnostics/create.js'
import type {Diagnostic, Frontmatter, Position} from '../types.js'
import type {DataPath, FormatResult} from './_shared.js'
import type {FrontmatterBlock} from './detect.js'
import {parseJson} from './json.js'
import {parseToml} from './toml.js'
import {parseYaml} from './yaml.js'
import {utf8Length} from '../utf8.js'

export {findFrontmatter} from './detect.js'
export type {FrontmatterBlock} from './detect.js'

/** The result of reading one block: the model's `frontmatter`, its diagnostics, and the parse. */
export interface ReadBlock {
  frontmatter: Frontmatter
  diagnostics: Array<Diagnostic>
  result: FormatResult
  /** Whether the data is worth validating (the block parsed, and is a mapping). */
  parsed: boolean
  /** The position in the note of a key path's key or value, or of the opening fence line. */
  place(path: DataPath, at: 'key' | 'value' | 'opening'): Position
}

/** Parse a block's data and turn its problems into diagnostics positioned in the note. */
export function readBlock(
  block: FrontmatterBlock,
  text: string,
  path: string | null,
  positions: boolean,
  maxSize = Infinity
): ReadBlock {
  const lines = createLineIndex(text, block.end)
  const firstLine = lines.point(block.rawStart).line
  const size = utf8Length(block.raw)
  const result: FormatResult =
    size > maxSize
      ? {
          data: {},
          problems: [
            {
              ruleId: 'frontmatter-too-large',
              severity: 'error',
              message: `Cannot read front matter of ${size} bytes, the limit is ${maxSize} (\`maxFrontmatterSize\`)`,
              start: 0,
              end: 0
            }
          ],
          locate: () => null
        }
      : block.format === 'yaml'
        ? parseYaml(block.raw, firstLine)
        : block.format === 'toml'
          ? parseToml(block.raw)
          : parseJson(block.raw)

  const diagnostics: Array<Diagnostic> = []
  let parsed = true
  for (const problem of result.problems) {
    if (
      problem.severity === 'error' &&
      (problem.ruleId === 'frontmatter-syntax' ||
        problem.ruleId === 'frontmatter-not-object' ||
        problem.ruleId === 'frontmatter-too-large')
    ) {
      parsed = false
    }
    diagnostics.push(
      createDiagnostic(
        problem.ruleId,
        problem.severity,
        problem.message,
        path,
        raw(lines, block, problem.start, Math.max(problem.end, problem.start))
      )
    )
  }

  const frontmatter = {
    format: block.format,
    raw: block.raw,
    data: result.data,
    valid: !result.problems.some((problem) => problem.severity === 'error')
  } as Frontmatter
  if (positions) frontmatter.position = lines.position(block.start, block.end)

  return {
    frontmatter,
    diagnostics,
    result,
    parsed,
    place(dataPath, at) {
      const located = at === 'opening' ? null : result.locate(dataPath)
      if (located) {
        const [start, end] = at === 'key' && located.key ? located.key : located.value
        return raw(lines, block, start, end)
      }
      return openingLine(lines, text, block)
    }
  }
}

/** A position from offsets into the block's raw text (clamped to it). */
function raw(lines: LineIndex, block: FrontmatterBlock, start: number, end: number): Position {
  return lines.position(
    block.rawStart + Math.min(start, block.raw.length),
    block.rawStart + Math.min(end, block.raw.length)
  )
}

/** The block's first line (`---`, `+++` or `{`), without its line ending. */
function openingLine(lines: LineIndex, text: string, block: FrontmatterBlock): Position {
  let end = block.start
  while (end < block.end && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++
  return lines.position(block.start, end)
}
