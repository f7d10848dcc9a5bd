// Velite 0.4: a config extracting front matter (passed through), the table of contents and
// metadata (reading time, word count) of every `.md` note. The harness runs Velite's own CLI with
// it, from bench/peers (Velite compiles its config into node_modules there).
import {mkdirSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

export const peers = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const velite = path.join(peers, 'node_modules', 'velite', 'bin', 'velite.js')

/** Write a Velite config for a folder and an output folder; returns its path. */
export function veliteConfig(folder, out) {
  const work = path.join(peers, '.work')
  mkdirSync(work, {recursive: true})
  const config = path.join(work, `velite-${path.basename(out)}.config.js`)
  writeFileSync(
    config,
    `import {defineCollection, defineConfig, s} from 'velite'
const notes = defineCollection({
  name: 'Note',
  pattern: '**/*.md',
  schema: s.object({title: s.string().optional(), path: s.path(), toc: s.toc(), metadata: s.metadata()}).passthrough()
})
export default defineConfig({
  root: ${JSON.stringify(path.resolve(folder))},
  output: {data: ${JSON.stringify(path.resolve(out))}, assets: ${JSON.stringify(path.join(path.resolve(out), 'static'))}, clean: true},
  collections: {notes}
})
`
  )
  return config
}
