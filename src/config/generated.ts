import path from 'node:path'

/**
 * `OUT/index.d.ts` of a config: each collection an array of `CollectionDocument`s, whose front
 * matter data is the collection's Standard Schema output when the config is TypeScript (the
 * declarations import the config's type; nothing of the schema is generated).
 */
export function typesFile(file: string, out: string, names: ReadonlyArray<string>): string {
  const typed = /\.m?ts$/.test(file)
  let from = path.relative(out, file).split(path.sep).join('/').replace(/ts$/, 'js')
  if (!from.startsWith('.')) from = `./${from}`
  return [
    generatedHeader(file),
    "import type {CollectionDocument} from 'md2data/config'\n",
    typed
      ? `import type config from '${from}'\n\ntype Collections = (typeof config)['collections']\n`
      : '',
    '\n',
    ...names.map(
      (name) =>
        `export declare const ${name}: Array<CollectionDocument<${typed ? `Collections['${name}']` : 'unknown'}>>\n`
    )
  ].join('')
}

/** The first line of a file written from a config. */
export function generatedHeader(file: string): string {
  return `// Written by md2data from ${path.basename(file)}: do not edit.\n`
}

/**
 * A collection as a module's export: `export const name = JSON.parse("[…]")`, its documents' JSON
 * (one a line, as written) in one string (for Node.js, bundlers and browsers, much less to parse
 * than the same data as object literals).
 */
export function collectionCode(name: string, documents: ReadonlyArray<string>): string {
  const items = documents.map((json) => json.trimEnd())
  return `export const ${name} = /* @__PURE__ */ JSON.parse(${JSON.stringify(`[${items.join(',')}]`)})\n`
}
