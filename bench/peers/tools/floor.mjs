// The floor: the bare remark parse (remark-parse + remark-gfm + remark-frontmatter) of every note,
// nothing kept, nothing written. `node tools/floor.mjs <folder>`
import {readFileSync, readdirSync} from 'node:fs'
import path from 'node:path'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'

const [folder] = process.argv.slice(2)
const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkFrontmatter, ['yaml', 'toml'])
  .freeze()
const files = readdirSync(folder, {recursive: true, encoding: 'utf8'})
  .filter((name) => name.endsWith('.md'))
  .sort()
for (const name of files) processor.parse(readFileSync(path.join(folder, name), 'utf8'))
