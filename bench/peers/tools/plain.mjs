// The plain script users write instead of md2data: gray-matter for front matter, then
// unified + remark-parse + remark-gfm for the body; one line of JSON (path, data, mdast) a note.
// `node tools/plain.mjs <folder> <out.ndjson>`
import {createWriteStream, readFileSync, readdirSync} from 'node:fs'
import path from 'node:path'
import matter from 'gray-matter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'

const [folder, out] = process.argv.slice(2)
const processor = unified().use(remarkParse).use(remarkGfm).freeze()
const stream = createWriteStream(out, {highWaterMark: 1 << 20})
const files = readdirSync(folder, {recursive: true, encoding: 'utf8'})
  .filter((name) => name.endsWith('.md'))
  .sort()
for (const name of files) {
  const file = matter(readFileSync(path.join(folder, name), 'utf8'), {})
  const tree = processor.parse(file.content)
  if (!stream.write(JSON.stringify({path: name, data: file.data, tree}) + '\n')) {
    await new Promise((resolve) => stream.once('drain', resolve))
  }
}
await new Promise((resolve) => stream.end(resolve))
