import type {StandardSchemaV1} from '@standard-schema/spec'
import type {Root} from 'mdast'
import {createDiagnostic} from './diagnostics/create.js'
import {decode} from './decode.js'
import {createLineIndex, startOfNote} from './_lines.js'
import {scanDepth} from './depth.js'
import {limits} from './limits.js'
import {extract} from './extract/index.js'
import {bodyText, excerptOf} from './body.js'
import {emptyBody, noteDocument} from './document.js'
import type {Extracted} from './extract/index.js'
import {checkUnreadFrontmatter} from './frontmatter/checks.js'
import type {FrontmatterBlock, ReadBlock} from './frontmatter/index.js'
import {findFrontmatter, readBlock} from './frontmatter/index.js'
import {parseMarkdown} from './parse/index.js'
import {tagProblems} from './tags.js'
import {utf8Length} from './utf8.js'
import type {Diagnostic, Frontmatter, NoteDocument, Options, SchemaOptions} from './types.js'
import type {Syntax} from './types.js'
import type {Validation} from './validate/index.js'
import {validateAsync, validateSync} from './validate/index.js'

/** Options with their defaults applied. */
export interface Settings {
  path: string | null
  lang: string | null
  positions: boolean
  cjkFriendly: boolean
  headingIds: 'github' | 'normalized'
  maxSize: number
  maxDepth: number
  maxFrontmatterSize: number
  /** The front matter formats read after blank lines at the top of the note. */
  leadingBlankLines: ReadonlyArray<'yaml' | 'toml'>
  schema: StandardSchemaV1 | null
  /** Add `body` and `excerpt` to the document. */
  body: boolean
  excerpt: boolean
  syntax: Syntax
}

/** The output type of a schema. */
type Output<Schema extends StandardSchemaV1> = StandardSchemaV1.InferOutput<Schema>

/**
 * Convert one Markdown note to the md2data document model.
 *
 * Never throws on the note's content: problems become `diagnostics`. Throws a `TypeError` for
 * invalid options, and for a schema that validates asynchronously (use `convertAsync`).
 */
export function convert<Schema extends StandardSchemaV1>(
  input: string | Uint8Array,
  options: SchemaOptions<Schema>
): NoteDocument<Output<Schema>>
export function convert(input: string | Uint8Array, options?: Options | null): NoteDocument
export function convert(input: string | Uint8Array, options?: Options | null): NoteDocument {
  const {settings, front, validation} = readValidated(input, options, 'convert')
  return finish(front, settings, validation)
}

/** `convert`, for schemas that validate asynchronously (any schema works here). */
export async function convertAsync<Schema extends StandardSchemaV1>(
  input: string | Uint8Array,
  options: SchemaOptions<Schema>
): Promise<NoteDocument<Output<Schema>>>
export async function convertAsync(
  input: string | Uint8Array,
  options?: Options | null
): Promise<NoteDocument>
export async function convertAsync(
  input: string | Uint8Array,
  options?: Options | null
): Promise<NoteDocument> {
  const {settings, front, validation} = await readValidatedAsync(input, options)
  return finish(front, settings, validation)
}

/** A note's options resolved, the note decoded, its front matter read and validated. */
export interface ReadValidated {
  settings: Settings
  front: Front
  /** The schema's verdict: `null` without a schema, or when the block did not parse. */
  validation: Validation | null
}

/**
 * The first steps of `convert` and `readFrontmatter`, with a synchronous schema (`entry` names the
 * function in the error an asynchronous schema gets).
 */
export function readValidated(
  input: string | Uint8Array,
  options: Options | null | undefined,
  entry: string
): ReadValidated {
  const settings = resolveOptions(options)
  const front = readFront(input, settings)
  const validation =
    settings.schema && validates(front)
      ? validateSync(settings.schema, front.data, front.place, settings.path, entry)
      : null
  return {settings, front, validation}
}

/** `readValidated`, for schemas that validate asynchronously. */
export async function readValidatedAsync(
  input: string | Uint8Array,
  options: Options | null | undefined
): Promise<ReadValidated> {
  const settings = resolveOptions(options)
  const front = readFront(input, settings)
  const validation =
    settings.schema && validates(front)
      ? await validateAsync(settings.schema, front.data, front.place, settings.path)
      : null
  return {settings, front, validation}
}

/** A note decoded, with its front matter read (not yet validated). */
export interface Front {
  text: string
  /** Decoding problems and the front matter's own diagnostics. */
  diagnostics: Array<Diagnostic>
  block: FrontmatterBlock | null
  read: ReadBlock | null
  /** What a schema validates: the parsed data, `{}` when there is no front matter. */
  data: Record<string, unknown>
  place: ReadBlock['place']
}

/** Decode the input and read its front matter (without parsing the body). */
export function readFront(input: string | Uint8Array, settings: Settings): Front {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new TypeError('Expected `input` to be a string or a Uint8Array')
  }

  const {text, diagnostic} = decode(input, settings.path)
  const diagnostics = diagnostic ? [diagnostic] : []
  const block = findFrontmatter(text, settings.leadingBlankLines)
  const read = block
    ? readBlock(block, text, settings.path, settings.positions, settings.maxFrontmatterSize)
    : null
  if (read) diagnostics.push(...read.diagnostics)
  if (read?.parsed && settings.syntax === 'obsidian')
    diagnostics.push(...tagProblems(read.frontmatter.data, read.place, settings.path))
  // At most one problem, when there is no block.
  for (const {ruleId, severity, message, start, end} of block ? [] : checkUnreadFrontmatter(text)) {
    const position = createLineIndex(text).position(start, end)
    diagnostics.push(createDiagnostic(ruleId, severity, message, settings.path, position))
  }
  return {
    text,
    diagnostics,
    block,
    read,
    data: read?.frontmatter.data ?? {},
    place: read ? read.place : startOfNote
  }
}

/** Whether a schema should see the data: not when the block did not parse (it has its error). */
export function validates(front: Front): boolean {
  return !front.read || front.read.parsed
}

/** Apply a validation to the front matter: its data, `valid`, and its diagnostics. */
export function validated(front: Front, validation: Validation | null): Frontmatter | null {
  const frontmatter = front.read?.frontmatter ?? null
  if (!validation) return frontmatter
  front.diagnostics.push(...validation.diagnostics)
  if (!frontmatter) return frontmatter
  const valid = frontmatter.valid && validation.valid
  return {...frontmatter, data: valid ? validation.value : frontmatter.data, valid} as Frontmatter
}

/** How the body's mdast tree is had: parsed here, or (the remark plugin) the pipeline's. */
export type BodyTree = (front: Front, settings: Settings) => Root

/** The document of a read and validated note. */
export function finish(
  front: Front,
  settings: Settings,
  validation: Validation | null,
  bodyTree: BodyTree = parseBody
): NoteDocument {
  const frontmatter = validated(front, validation)
  const data = front.data
  const lang = typeof data.lang === 'string' ? data.lang : settings.lang
  const extracted = extractBody(front, settings, lang, bodyTree)
  const title =
    typeof data.title === 'string'
      ? data.title
      : (extracted.headings.find((heading) => heading.depth === 1)?.text ?? null)

  return noteDocument({path: settings.path, title, lang, frontmatter}, front.diagnostics, extracted)
}

/**
 * Parse and extract the body, within the limits: a note over `maxSize` bytes, or nesting deeper
 * than `maxDepth` (a linear pre-scan), is not parsed; a stack overflow that gets through anyway
 * is caught and reported, never thrown.
 */
function extractBody(
  front: Front,
  settings: Settings,
  lang: string | null,
  bodyTree: BodyTree
): Extracted {
  const {text, block} = front
  const size = utf8Length(text)
  if (size > settings.maxSize) {
    return emptyBody(
      settings,
      createDiagnostic(
        'document-too-large',
        'error',
        `Cannot convert a note of ${size} bytes, the limit is ${settings.maxSize} (\`maxSize\`); its body is left out`,
        settings.path,
        null
      )
    )
  }
  const deep = scanDepth(text, block?.end ?? 0, settings.maxDepth)
  if (deep) {
    const position = createLineIndex(text, deep.offset + 1).character(deep.offset)
    return emptyBody(
      settings,
      createDiagnostic(
        'document-too-deep',
        'error',
        `Cannot convert ${deep.kind === 'block' ? 'block quotes and lists' : 'brackets and emphasis'} nested deeper than ${settings.maxDepth} levels (\`maxDepth\`); its body is left out`,
        settings.path,
        position
      )
    )
  }
  try {
    const extracted = extract(bodyTree(front, settings), text, {...settings, lang})
    if (settings.body) extracted.body = bodyText(text, block)
    if (settings.excerpt) extracted.excerpt = excerptOf(extracted.sections)
    return extracted
  } catch (error) {
    /* v8 ignore next -- @preserve: the pre-scan keeps stack overflows out */
    if (!(error instanceof RangeError)) throw error
    return emptyBody(
      settings,
      createDiagnostic(
        'document-too-deep',
        'error',
        `Cannot convert: the note is nested too deeply for the stack (${error.message}); its body is left out`,
        settings.path,
        null
      )
    )
  }
}

/** The note parsed; remark-frontmatter takes YAML and TOML only on line 1: the rest is blanked. */
function parseBody(front: Front, settings: Settings): Root {
  const {text, block} = front
  return parseMarkdown(
    block && (block.format === 'json' || block.start > 0) ? blank(text, block.end) : text,
    settings
  )
}

/** Replace every character before `end` but line endings with a space. */
export function blank(text: string, end: number): string {
  return text.slice(0, end).replace(/[^\r\n]/g, ' ') + text.slice(end)
}

/** Check options and apply defaults; throws a `TypeError` naming the bad option. */
export function resolveOptions(options: Options | null | undefined): Settings {
  if (options === null || options === undefined) options = {}
  if (typeof options !== 'object') throw new TypeError('Expected `options` to be an object')
  const {
    path = null,
    lang = null,
    positions = true,
    cjkFriendly = true,
    headingIds = 'github',
    maxSize = limits.maxSize,
    maxDepth = limits.maxDepth,
    maxFrontmatterSize = limits.maxFrontmatterSize,
    frontmatter = null,
    schema = null,
    body = false,
    excerpt = false,
    syntax = 'gfm'
  } = options
  for (const [name, value] of Object.entries({maxSize, maxDepth, maxFrontmatterSize})) {
    if (typeof value !== 'number' || !(value >= 1)) {
      throw new TypeError(`Expected \`options.${name}\` to be a number of at least 1`)
    }
  }
  if (path !== null && typeof path !== 'string')
    throw new TypeError('Expected `options.path` to be a string or null')
  if (lang !== null && typeof lang !== 'string')
    throw new TypeError('Expected `options.lang` to be a string or null')
  if (typeof positions !== 'boolean')
    throw new TypeError('Expected `options.positions` to be a boolean')
  if (typeof cjkFriendly !== 'boolean')
    throw new TypeError('Expected `options.cjkFriendly` to be a boolean')
  if (typeof body !== 'boolean') throw new TypeError('Expected `options.body` to be a boolean')
  if (typeof excerpt !== 'boolean')
    throw new TypeError('Expected `options.excerpt` to be a boolean')
  if (frontmatter !== null && typeof frontmatter !== 'object')
    throw new TypeError('Expected `options.frontmatter` to be an object')
  const {leadingBlankLines = null} = frontmatter ?? {}
  if (leadingBlankLines !== null && typeof leadingBlankLines !== 'boolean')
    throw new TypeError('Expected `options.frontmatter.leadingBlankLines` to be a boolean')
  if (syntax !== 'gfm' && syntax !== 'obsidian')
    throw new TypeError('Expected `options.syntax` to be `gfm` or `obsidian`')
  if (headingIds !== 'github' && headingIds !== 'normalized') {
    throw new TypeError('Expected `options.headingIds` to be `github` or `normalized`')
  }
  if (
    schema !== null &&
    ((typeof schema !== 'object' && typeof schema !== 'function') ||
      typeof schema['~standard']?.validate !== 'function')
  ) {
    throw new TypeError(
      'Expected `options.schema` to be a Standard Schema (zod, valibot, arktype, `jsonSchema()`)'
    )
  }
  return {
    path,
    lang,
    positions,
    cjkFriendly,
    headingIds,
    maxSize,
    maxDepth,
    maxFrontmatterSize,
    leadingBlankLines:
      leadingBlankLines === null ? ['toml'] : leadingBlankLines ? ['yaml', 'toml'] : [],
    schema,
    body,
    excerpt,
    syntax
  }
}
