/**
 * Where a worker's time goes on the multilingual blog (`multilingual.mjs`, 400 posts), in one
 * thread, from the sources (`src/`, through tsx):
 *
 *   node --import tsx bench/peers/profile.mjs            # stages, side by side
 *   node --import tsx --cpu-prof --cpu-prof-dir=DIR bench/peers/profile.mjs --loop
 *   node bench/peers/profile.mjs --summary DIR/*.cpuprofile
 *
 * Stages, note by note (each note through every stage, in an order that rotates from note to note
 * and round to round), summed over the posts; the median of ROUNDS rounds (default 7):
 *
 * - floor: the bare remark parse (remark-parse + remark-gfm + remark-frontmatter);
 * - script: what `tools/plain.mjs` does for a note (gray-matter, the remark parse,
 *   `JSON.stringify` of the mdast), but the write;
 * - parseMarkdown: our parser setup alone (our GFM, remark-frontmatter, remark-cjk-friendly);
 * - convert(): the whole conversion of the note's bytes, default options;
 * - + serialize: and the worker's result (`toResult`: the document's JSON line);
 * - + transfer: and that result posted through a MessageChannel and received (the structured
 *   clone a worker's result goes through to reach the main thread), on one thread.
 *
 * `--loop` runs the last stage only (ROUNDS times), for a CPU profile; `--summary` adds up a
 * profile's self time by module: ours (src/…, by folder), micromark, mdast-util-*, yaml, the
 * rest.
 */
import {MessageChannel, receiveMessageOnPort} from 'node:worker_threads'
import {mkdtempSync, readFileSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {TextDecoder} from 'node:util'
import matter from 'gray-matter'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {generateMultilingual} from './multilingual.mjs'

const args = process.argv.slice(2)
if (args[0] === '--summary') {
  summary(args.slice(1))
} else {
  await stages(args[0] === '--loop')
}

async function stages(loop) {
  // (Imported here: `--summary` runs without tsx.)
  const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src')
  const {convert} = await import(path.join(src, 'index.ts'))
  const {parseMarkdown} = await import(path.join(src, 'parse', 'index.ts'))
  const {toResult} = await import(path.join(src, 'batch', 'result.ts'))

  const rounds = Number(process.env.ROUNDS ?? 7)
  const work = mkdtempSync(path.join(tmpdir(), 'md2data-profile-'))
  generateMultilingual(work, 400)
  const notes = readdirSync(work, {recursive: true, encoding: 'utf8'})
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => {
      const bytes = new Uint8Array(readFileSync(path.join(work, name)))
      return {name, bytes, text: new TextDecoder().decode(bytes)}
    })
  rmSync(work, {recursive: true, force: true})
  const total = notes.reduce((sum, note) => sum + note.bytes.byteLength, 0)

  const floor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml'])
  floor.freeze()
  const plain = unified().use(remarkParse).use(remarkGfm).freeze()
  const settings = {pretty: false, maxOutput: 64 * 1024 * 1024}
  const {port1, port2} = new MessageChannel()
  let sink = 0

  const list = [
    ['floor: bare remark parse', (note) => floor.parse(note.text)],
    [
      'script: gray-matter + remark + JSON.stringify',
      (note) => {
        const file = matter(note.text, {})
        const tree = plain.parse(file.content)
        sink += JSON.stringify({path: note.name, data: file.data, tree}).length
      }
    ],
    ['parseMarkdown (ours, cjk-friendly)', (note) => parseMarkdown(note.text, {cjkFriendly: true})],
    ['convert()', (note) => convert(note.bytes, {path: note.name})],
    [
      'convert() + serialize',
      (note) => {
        const document = convert(note.bytes, {path: note.name})
        sink += toResult(document, document.title, settings).json.length
      }
    ],
    [
      'convert() + serialize + transfer',
      (note) => {
        const document = convert(note.bytes, {path: note.name})
        port1.postMessage([toResult(document, document.title, settings)])
        sink += receiveMessageOnPort(port2).message[0].json.length
      }
    ]
  ]
  const chosen = loop ? list.slice(-1) : list
  const times = new Map(chosen.map(([name]) => [name, []]))
  // Warm up each stage once.
  for (const [, run] of chosen) for (const note of notes) run(note)
  for (let round = 0; round < rounds; round++) {
    // Note by note, every stage on the note, in a rotating order: a busy spell of the machine
    // falls on every stage alike. CPU time (the process's: the main thread's and V8's helper threads'),
    // not wall time, so that time given to other processes counts for none.
    const sums = chosen.map(() => 0)
    for (const [index, note] of notes.entries()) {
      for (let step = 0; step < chosen.length; step++) {
        const which = (step + index + round) % chosen.length
        const start = process.cpuUsage()
        chosen[which][1](note)
        const used = process.cpuUsage(start)
        sums[which] += (used.user + used.system) / 1e3
      }
    }
    for (const [which, [name]] of chosen.entries()) times.get(name).push(sums[which])
  }
  port1.close()

  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b)
    const middle = sorted.length >> 1
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }
  const base = median(times.get(chosen[0][0]))
  console.log(
    `${notes.length} posts, ${(total / 1e6).toFixed(2)} MB, ${rounds} rounds, medians; Node ${process.version} (${sink > 0 ? 'ok' : '-'})\n`
  )
  console.log(`| stage | CPU ms a round | MB/s | against ${loop ? 'itself' : 'the floor'} |`)
  console.log('| ----- | -------------: | ---: | ----------: |')
  for (const [name] of chosen) {
    const ms = median(times.get(name))
    console.log(
      `| ${name} | ${ms.toFixed(0)} | ${(total / 1e3 / ms).toFixed(2)} | ${(ms / base).toFixed(3)}x |`
    )
  }
}

/**
 * Self time of CPU profiles by module, idle time left out. Code with no file (builtins, regular
 * expressions, Node.js internals) counts for the nearest caller that has one (so `JSON.stringify`
 * counts for src/serialize.ts, `Intl.Segmenter` for src/extract/stats.ts), but for the garbage
 * collector and the message port (the transfer).
 */
function summary(files) {
  const totals = new Map()
  let all = 0
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8'))
    const byId = new Map(profile.nodes.map((node) => [node.id, node]))
    const parents = new Map()
    for (const node of profile.nodes)
      for (const child of node.children ?? []) parents.set(child, node)
    const groups = new Map()
    const groupOfNode = (node) => {
      let group = groups.get(node.id)
      if (group === undefined) {
        group = groupOf(node.callFrame)
        if (group === null) {
          const parent = parents.get(node.id)
          group = parent ? groupOfNode(parent) : '(native)'
        }
        groups.set(node.id, group)
      }
      return group
    }
    const deltas = profile.timeDeltas
    for (let index = 0; index < profile.samples.length; index++) {
      const group = groupOfNode(byId.get(profile.samples[index]))
      if (group === '(idle)') continue
      const time = deltas[index + 1] ?? 0
      totals.set(group, (totals.get(group) ?? 0) + time)
      all += time
    }
  }
  console.log('| where | self time | share |')
  console.log('| ----- | --------: | ----: |')
  for (const [group, time] of [...totals].sort((a, b) => b[1] - a[1])) {
    if (time / all < 0.001) continue
    console.log(
      `| ${group} | ${(time / 1e3).toFixed(0)} ms | ${((time / all) * 100).toFixed(1)}% |`
    )
  }
}

/** The module a frame's code belongs to; `null` for code with no file of its own. */
function groupOf({url, functionName}) {
  if (functionName === '(idle)' || functionName === '(program)') return '(idle)'
  if (functionName === '(garbage collector)') return '(garbage collector)'
  if (functionName === 'postMessage' || functionName === 'receiveMessageOnPort')
    return 'transfer: postMessage, receiveMessageOnPort'
  if (!url || url.startsWith('node:')) return null
  const file = url.replace(/^file:\/\//, '')
  const ours = file.match(/\/src\/(.+?)\.ts$/)
  if (ours) {
    if (ours[1].startsWith('extract/')) return `src/${ours[1]}.ts`
    if (ours[1].startsWith('parse/')) return 'src/parse/* (our GFM autolink literal, setup)'
    if (ours[1].startsWith('frontmatter/')) return 'src/frontmatter/*'
    return `src/${ours[1]}.ts`
  }
  const module = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//)
  if (module) {
    const name = module[1]
    if (name.includes('cjk-friendly')) return 'remark-cjk-friendly (incl. its micromark extension)'
    if (name.startsWith('micromark')) return 'micromark (tokenizer, incl. GFM extensions)'
    // (unist-util-visit-parents runs for mdast-util-find-and-replace: GFM's autolink literals.)
    if (name.startsWith('mdast-util') || name.startsWith('unist-util'))
      return 'mdast-util-*, unist-util-* (mdast building)'
    if (name === 'tsx' || name === 'esbuild' || name === 'get-tsconfig') return '(tsx loader)'
    return name
  }
  return file.includes('bench/peers') ? 'bench/peers (harness, generator)' : file
}
