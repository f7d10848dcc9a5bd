import type {StandardSchemaV1} from '@standard-schema/spec'
import type {Front} from './convert.js'
import {readValidated, readValidatedAsync, validated} from './convert.js'
import {sortDiagnostics} from './diagnostics/create.js'
import type {Diagnostic, Frontmatter, Options, SchemaOptions} from './types.js'
import type {Validation} from './validate/index.js'

/** What `readFrontmatter` gives: a note's front matter and its diagnostics, without the body. */
export interface FrontmatterResult<Data = Record<string, unknown>> {
  path: string | null
  frontmatter: Frontmatter<Data> | null
  /** Decoding and front matter diagnostics (those `convert` gives for the front matter). */
  diagnostics: Array<Diagnostic>
}

type Output<Schema extends StandardSchemaV1> = StandardSchemaV1.InferOutput<Schema>

/**
 * Read (and with `schema`, validate) a note's front matter without parsing its body: the fast
 * path for checking front matter in CI. Gives the same `frontmatter` and front matter diagnostics
 * as `convert`. Options other than `path`, `positions`, `schema` and `syntax` are accepted and ignored.
 */
export function readFrontmatter<Schema extends StandardSchemaV1>(
  input: string | Uint8Array,
  options: SchemaOptions<Schema>
): FrontmatterResult<Output<Schema>>
export function readFrontmatter(
  input: string | Uint8Array,
  options?: Options | null
): FrontmatterResult
export function readFrontmatter(
  input: string | Uint8Array,
  options?: Options | null
): FrontmatterResult {
  const {settings, front, validation} = readValidated(input, options, 'readFrontmatter')
  return result(front, settings.path, validation)
}

/** `readFrontmatter`, for schemas that validate asynchronously (any schema works here). */
export async function readFrontmatterAsync<Schema extends StandardSchemaV1>(
  input: string | Uint8Array,
  options: SchemaOptions<Schema>
): Promise<FrontmatterResult<Output<Schema>>>
export async function readFrontmatterAsync(
  input: string | Uint8Array,
  options?: Options | null
): Promise<FrontmatterResult>
export async function readFrontmatterAsync(
  input: string | Uint8Array,
  options?: Options | null
): Promise<FrontmatterResult> {
  const {settings, front, validation} = await readValidatedAsync(input, options)
  return result(front, settings.path, validation)
}

function result(
  front: Front,
  path: string | null,
  validation: Validation | null
): FrontmatterResult {
  const frontmatter = validated(front, validation)
  return {path, frontmatter, diagnostics: sortDiagnostics(front.diagnostics)}
}
