/**
 * Generate `schema/document.schema.json` from `src/types.ts` (the one source of truth).
 * `npm run schema` writes it; `test/schema.test.ts` fails when the committed file differs.
 */
import {writeFile} from 'node:fs/promises'
import {fileURLToPath} from 'node:url'
import {createGenerator} from 'ts-json-schema-generator'

export const schemaFile = new URL('../schema/document.schema.json', import.meta.url)

/** The JSON Schema of `NoteDocument`, as a string ending in a line feed. */
export function generateSchema(): string {
  const generator = createGenerator({
    path: fileURLToPath(new URL('../src/types.ts', import.meta.url)),
    tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)),
    type: 'Document',
    expose: 'export',
    topRef: false,
    jsDoc: 'extended',
    additionalProperties: false,
    skipTypeCheck: true,
    // Unions of nodes are told apart by `type` (`if`/`then`), so validators do not try every branch.
    discriminatorType: 'json-schema'
  })
  const schema = generator.createSchema('Document')
  const result = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://unpkg.com/md2data/schema/document.schema.json',
    title: 'md2data document',
    description: 'The JSON document md2data makes of one Markdown note (schemaVersion 1).',
    $ref: schema.$ref,
    definitions: schema.definitions
  }
  let json = JSON.stringify(result, null, 2) + '\n'
  // Generic instances get encoded names (`Frontmatter%3C…%3E`): name them after their type.
  for (const name of Object.keys(schema.definitions ?? {})) {
    const plain = name.split('<', 1)[0] as string
    if (plain === name) continue
    json = json
      .replaceAll(`${JSON.stringify(name)}:`, `${JSON.stringify(plain)}:`)
      .replaceAll(`/definitions/${encodeURIComponent(name)}"`, `/definitions/${plain}"`)
  }
  return json
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(schemaFile, generateSchema())
  console.log('wrote', fileURLToPath(schemaFile))
}
