/**
 * Type tests: checked by `tsc --noEmit` (part of `npm test`), not run. A wrong inferred type is a
 * type error here.
 */
import {type} from 'arktype'
import * as v from 'valibot'
import {expectTypeOf} from 'vitest'
import {z} from 'zod'
import {
  convert,
  convertAsync,
  jsonSchema,
  readFrontmatter,
  readFrontmatterAsync
} from '../src/index.js'
import type {Frontmatter, InvalidFrontmatter, NoteDocument, ValidFrontmatter} from '../src/index.js'

const zod = z.object({
  title: z.string(),
  date: z.string().transform((value) => new Date(value)),
  tags: z.array(z.string())
})
const valibot = v.object({title: v.string(), draft: v.optional(v.boolean(), false)})
const arktype = type({title: 'string', 'weight?': 'number'})

// Without a schema, data is a record of unknown values.
expectTypeOf(convert('')).toEqualTypeOf<NoteDocument>()
expectTypeOf(convert('').frontmatter).toEqualTypeOf<Frontmatter | null>()

// With a schema, valid front matter holds the schema's output (after transforms).
const document = convert('', {schema: zod})
expectTypeOf(document).toEqualTypeOf<
  NoteDocument<{title: string; date: Date; tags: Array<string>}>
>()
const frontmatter = document.frontmatter
if (frontmatter?.valid) {
  expectTypeOf(frontmatter).toEqualTypeOf<
    ValidFrontmatter<{title: string; date: Date; tags: Array<string>}>
  >()
  expectTypeOf(frontmatter.data.date).toEqualTypeOf<Date>()
} else if (frontmatter) {
  // Invalid front matter is the data as parsed: nothing is promised about it.
  expectTypeOf(frontmatter).toEqualTypeOf<InvalidFrontmatter>()
  expectTypeOf(frontmatter.data).toEqualTypeOf<Record<string, unknown>>()
}

const fromValibot = convert('', {schema: valibot}).frontmatter
if (fromValibot?.valid)
  expectTypeOf(fromValibot.data).toEqualTypeOf<{title: string; draft: boolean}>()

// arktype's inferred types are too deep for `expectTypeOf`: check assignability both ways.
const fromArktype = convert('', {schema: arktype}).frontmatter
if (fromArktype?.valid) {
  const data: {title: string; weight?: number} = fromArktype.data
  const back: typeof fromArktype.data = data
  // @ts-expect-error: `title` is a string.
  const wrong: {title: number} = fromArktype.data
  void back
  void wrong
}

const fromJsonSchema = convert('', {schema: jsonSchema({type: 'object'})}).frontmatter
if (fromJsonSchema?.valid)
  expectTypeOf(fromJsonSchema.data).toEqualTypeOf<Record<string, unknown>>()

// The async and front-matter-only entry points infer the same way.
expectTypeOf(convertAsync('', {schema: zod})).resolves.toEqualTypeOf<
  NoteDocument<{title: string; date: Date; tags: Array<string>}>
>()
const fast = readFrontmatter('', {schema: valibot}).frontmatter
if (fast?.valid) expectTypeOf(fast.data).toEqualTypeOf<{title: string; draft: boolean}>()
const fastAsync = await readFrontmatterAsync('', {schema: arktype})
if (fastAsync.frontmatter?.valid) {
  const data: {title: string; weight?: number} = fastAsync.frontmatter.data
  void data
}
