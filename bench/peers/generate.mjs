/**
 * Generate the synthetic corpus of `npm run bench:peers`: N notes shaped like the reference note
 * (YAML front matter, `##`/`###` headings, nested lists, citations `([Site][n])` with definitions,
 * Japanese and Chinese text, images), from a fixed seed, so anyone regenerates the same bytes:
 * `node bench/peers/generate.mjs <folder> [count]`.
 */
import {mkdirSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

/** A small deterministic PRNG (mulberry32). */
function random(seed) {
  return () => {
    seed |= 0
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const sentences = [
  '中国科学技術大学で**計算機科学の学士号**を取得しています。',
  '阿里雲（アリババグループのクラウドコンピューティング部門）に入社しました。',
  'Qwenシリーズ（Qwen 2.5を含む）はオープンソース化され、広く採用されています。',
  '研究・技術的関心は、クラウドコンピューティング、データベース、大規模機械学習システムにあります。',
  '他在微软从事大数据系统和分布式计算的研究。',
  'The model family is also called *Tongyi Qianwen*, built on Alibaba Cloud.',
  'Adoption statistics suggest the series is scaling in enterprise use.'
]
const sites = ['The Official Board', 'GeekWire', 'CAIML', 'AlibabaCloud', 'Alizila']
const headings = ['経歴', 'Qwenにおける役割', 'これが意味すること / 注目される理由', '背景', '研究']

export function note(index, next) {
  const pick = (items) => items[Math.floor(next() * items.length)]
  const references = 2 + Math.floor(next() * 4)
  const lines = [
    '---',
    `title: ノート${index} ${pick(headings)}`,
    `lang: ${next() < 0.8 ? 'ja' : 'zh'}`,
    'layout: post',
    `date: 2025-${String(1 + (index % 12)).padStart(2, '0')}-${String(1 + (index % 28)).padStart(2, '0')}`,
    `tags: [notes, ${pick(['cjk', 'ai', 'cloud'])}]`,
    'type: note',
    '---',
    '',
    `## ${pick(headings)}`,
    '',
    `![Image](https://example.com/img/${index}.jpg)`,
    '',
    pick(sentences),
    '',
    '---',
    ''
  ]
  for (let section = 0; section < 2; section++) {
    lines.push(`### ${pick(headings)}`, '')
    const items = 2 + Math.floor(next() * 3)
    for (let item = 0; item < items; item++) {
      const cite = 1 + Math.floor(next() * references)
      lines.push(`* ${pick(sentences)} ([${pick(sites)}][${cite}])`)
      if (next() < 0.4) lines.push(`  * ${pick(sentences)}`)
    }
    lines.push('')
  }
  for (let reference = 1; reference <= references; reference++) {
    lines.push(
      `[${reference}]: https://example.com/${index}/${reference}?utm_source=chatgpt.com "${pick(sites)} ${reference}"`
    )
  }
  return lines.join('\n') + '\n'
}

export function generate(folder, count) {
  const next = random(20_261_127)
  for (let index = 0; index < count; index++) {
    const dir = path.join(folder, String(Math.floor(index / 500)).padStart(3, '0'))
    mkdirSync(dir, {recursive: true})
    writeFileSync(path.join(dir, `note-${String(index).padStart(5, '0')}.md`), note(index, next))
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [folder, count = '10000'] = process.argv.slice(2)
  if (!folder) throw new Error('Usage: node generate.mjs <folder> [count]')
  generate(folder, Number(count))
}
