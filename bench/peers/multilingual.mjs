/**
 * Generate the "multilingual blog" corpus of `npm run bench:peers`: long posts (5-10 KB each) in
 * the reference note's structure (`../shared/corpora/seed/alibaba-cloud-cto-ja.md`: YAML front
 * matter, `##`/`###` headings, images, `---` breaks, nested bullet lists, citations `([Site][n])`
 * with `[n]: url "title"` definitions) plus what a real blog adds (ordered lists, paragraphs,
 * GFM footnotes, inline links, emphasis, code, autolinks), in Japanese, Chinese, Arabic, Hindi,
 * English, Thai and Korean, with English product names mixed in. The text is this file's own,
 * not the reference note's; a fixed seed makes the same bytes on every machine:
 * `node bench/peers/multilingual.mjs <folder> [count]`.
 */
import {Buffer} from 'node:buffer'
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

/** Per language: sentences (`{term}`, `{year}`, `{number}` filled in), headings, title words. */
const languages = {
  ja: {
    sentences: [
      'この研究チームは{term}の開発を主導し、大規模な分散システムの設計に取り組んできました。',
      '{year}年に発表された{term}は、多くの企業で採用されています。',
      '導入統計によると、{number}社以上のエンタープライズクライアントが{term}を利用しています。',
      'クラウドコンピューティングとデータベースの研究は、基盤モデルのインフラストラクチャにとって重要です。',
      '彼女は東京大学で情報工学の修士号を取得し、その後{term}のチームに加わりました。',
      'オープンソース戦略は、コミュニティとの協力関係を強化する役割を果たしています。',
      '公開された議論では、{term}の性能とコストのバランスが注目されました。',
      'このモデルシリーズは、翻訳、要約、コード生成などの幅広いタスクに対応しています。',
      '大規模言語モデルの学習には、膨大な計算資源と慎重なデータ整備が必要です。',
      '今後の課題として、推論の効率化と安全性の評価が挙げられています。'
    ],
    headings: [
      '経歴',
      '主な業績',
      '技術的な背景',
      'これが意味すること / 注目される理由',
      '今後の展望',
      '研究の方向性',
      '製品への応用'
    ],
    title: '{term}についてのノート',
    image: '画像'
  },
  zh: {
    sentences: [
      '该团队主导了{term}的开发，并长期从事大规模分布式系统的设计。',
      '{year}年发布的{term}已被许多企业采用。',
      '根据统计，已有超过{number}家企业客户在使用{term}。',
      '云计算和数据库研究对于基础模型的基础设施至关重要。',
      '她在清华大学获得计算机科学硕士学位，随后加入了{term}团队。',
      '开源战略在加强与社区合作方面发挥了重要作用。',
      '在公开讨论中，{term}在性能与成本之间的平衡备受关注。',
      '该模型系列支持翻译、摘要和代码生成等多种任务。',
      '训练大型语言模型需要大量计算资源和细致的数据整理。',
      '未来的挑战包括提高推理效率和完善安全评估。'
    ],
    headings: [
      '个人经历',
      '主要成就',
      '技术背景',
      '这意味着什么',
      '未来展望',
      '研究方向',
      '产品应用'
    ],
    title: '关于{term}的笔记',
    image: '图片'
  },
  ar: {
    sentences: [
      'قاد الفريق تطوير {term} وعمل لسنوات على تصميم الأنظمة الموزعة واسعة النطاق.',
      'تم إطلاق {term} في عام {year} واعتمدته العديد من الشركات.',
      'وفقًا للإحصاءات، يستخدم أكثر من {number} عميل من المؤسسات {term}.',
      'تعد أبحاث الحوسبة السحابية وقواعد البيانات مهمة لبنية النماذج الأساسية.',
      'حصلت على درجة الماجستير في علوم الحاسوب ثم انضمت إلى فريق {term}.',
      'تلعب استراتيجية المصدر المفتوح دورًا في تعزيز التعاون مع المجتمع.',
      'في النقاشات العامة، حظي التوازن بين الأداء والتكلفة في {term} باهتمام كبير.',
      'تدعم سلسلة النماذج هذه مهام متنوعة مثل الترجمة والتلخيص وتوليد الشيفرة.',
      'يتطلب تدريب النماذج اللغوية الكبيرة موارد حوسبة هائلة وإعدادًا دقيقًا للبيانات.',
      'تشمل التحديات المستقبلية تحسين كفاءة الاستدلال وتقييم السلامة.'
    ],
    headings: [
      'السيرة الذاتية',
      'أبرز الإنجازات',
      'الخلفية التقنية',
      'ماذا يعني هذا',
      'آفاق المستقبل',
      'اتجاهات البحث',
      'التطبيقات'
    ],
    title: 'ملاحظات حول {term}',
    image: 'صورة'
  },
  hi: {
    sentences: [
      'इस टीम ने {term} के विकास का नेतृत्व किया और बड़े पैमाने पर वितरित प्रणालियों के डिज़ाइन पर काम किया।',
      '{year} में जारी किया गया {term} कई कंपनियों द्वारा अपनाया गया है।',
      'आँकड़ों के अनुसार, {number} से अधिक उद्यम ग्राहक {term} का उपयोग कर रहे हैं।',
      'क्लाउड कंप्यूटिंग और डेटाबेस पर शोध आधारभूत मॉडलों के बुनियादी ढाँचे के लिए महत्वपूर्ण है।',
      'उन्होंने कंप्यूटर विज्ञान में स्नातकोत्तर की उपाधि प्राप्त की और फिर {term} टीम में शामिल हुईं।',
      'ओपन सोर्स रणनीति समुदाय के साथ सहयोग को मज़बूत करने में भूमिका निभाती है।',
      'सार्वजनिक चर्चाओं में {term} के प्रदर्शन और लागत के संतुलन पर काफ़ी ध्यान दिया गया।',
      'यह मॉडल श्रृंखला अनुवाद, सारांश और कोड निर्माण जैसे कई कार्यों का समर्थन करती है।',
      'बड़े भाषा मॉडलों के प्रशिक्षण के लिए विशाल कंप्यूटिंग संसाधनों और सावधानीपूर्वक डेटा तैयारी की आवश्यकता होती है।',
      'भविष्य की चुनौतियों में अनुमान की दक्षता बढ़ाना और सुरक्षा का मूल्यांकन शामिल है।'
    ],
    headings: [
      'जीवन परिचय',
      'प्रमुख उपलब्धियाँ',
      'तकनीकी पृष्ठभूमि',
      'इसका क्या अर्थ है',
      'भविष्य की संभावनाएँ',
      'शोध की दिशा',
      'उत्पादों में उपयोग'
    ],
    title: '{term} पर टिप्पणी',
    image: 'चित्र'
  },
  en: {
    sentences: [
      'The team led the development of {term} and has worked for years on the design of large distributed systems.',
      '{term}, released in {year}, has been adopted by many companies.',
      'According to the statistics, more than {number} enterprise clients use {term}.',
      'Research on cloud computing and databases matters for the infrastructure of foundation models.',
      "She earned a master's degree in computer science and then joined the {term} team.",
      'The open-source strategy plays a role in strengthening collaboration with the community.',
      'In public discussions, the balance between performance and cost in {term} drew a lot of attention.',
      'The model series supports a wide range of tasks such as translation, summarization and code generation.',
      'Training large language models takes vast compute resources and careful data preparation.',
      'Future challenges include more efficient inference and better safety evaluation.'
    ],
    headings: [
      'Background',
      'Key achievements',
      'Technical background',
      'What this means / why it matters',
      'Outlook',
      'Research directions',
      'Applications'
    ],
    title: 'Notes on {term}',
    image: 'Image'
  },
  th: {
    sentences: [
      'ทีมนี้เป็นผู้นำในการพัฒนา {term} และทำงานด้านการออกแบบระบบกระจายขนาดใหญ่มาหลายปี',
      '{term} ซึ่งเปิดตัวในปี {year} ได้รับการนำไปใช้โดยหลายบริษัท',
      'จากสถิติพบว่ามีลูกค้าองค์กรมากกว่า {number} รายที่ใช้ {term}',
      'งานวิจัยด้านคลาวด์คอมพิวติงและฐานข้อมูลมีความสำคัญต่อโครงสร้างพื้นฐานของโมเดลพื้นฐาน',
      'เธอสำเร็จการศึกษาระดับปริญญาโทด้านวิทยาการคอมพิวเตอร์ แล้วจึงเข้าร่วมทีม {term}',
      'กลยุทธ์โอเพนซอร์สมีบทบาทในการเสริมสร้างความร่วมมือกับชุมชน',
      'ในการอภิปรายสาธารณะ ความสมดุลระหว่างประสิทธิภาพและต้นทุนของ {term} ได้รับความสนใจอย่างมาก',
      'โมเดลชุดนี้รองรับงานหลากหลาย เช่น การแปล การสรุปความ และการสร้างโค้ด',
      'การฝึกโมเดลภาษาขนาดใหญ่ต้องใช้ทรัพยากรการประมวลผลมหาศาลและการเตรียมข้อมูลอย่างรอบคอบ',
      'ความท้าทายในอนาคตได้แก่ การเพิ่มประสิทธิภาพการอนุมานและการประเมินความปลอดภัย'
    ],
    headings: [
      'ประวัติ',
      'ผลงานสำคัญ',
      'พื้นฐานทางเทคนิค',
      'สิ่งนี้หมายความว่าอย่างไร',
      'แนวโน้มในอนาคต',
      'ทิศทางการวิจัย',
      'การประยุกต์ใช้'
    ],
    title: 'บันทึกเกี่ยวกับ {term}',
    image: 'รูปภาพ'
  },
  ko: {
    sentences: [
      '이 팀은 {term} 개발을 주도했으며 대규모 분산 시스템 설계에 오랫동안 참여해 왔습니다.',
      '{year}년에 공개된 {term}은 많은 기업에서 채택되었습니다.',
      '통계에 따르면 {number}개 이상의 기업 고객이 {term}을 사용하고 있습니다.',
      '클라우드 컴퓨팅과 데이터베이스 연구는 기반 모델 인프라에 중요합니다.',
      '그녀는 컴퓨터 과학 석사 학위를 받은 뒤 {term} 팀에 합류했습니다.',
      '오픈 소스 전략은 커뮤니티와의 협력을 강화하는 역할을 합니다.',
      '공개 토론에서는 {term}의 성능과 비용 사이의 균형이 큰 관심을 받았습니다.',
      '이 모델 시리즈는 번역, 요약, 코드 생성 등 다양한 작업을 지원합니다.',
      '대규모 언어 모델을 학습하려면 막대한 컴퓨팅 자원과 신중한 데이터 준비가 필요합니다.',
      '향후 과제로는 추론 효율 향상과 안전성 평가가 꼽힙니다.'
    ],
    headings: [
      '약력',
      '주요 성과',
      '기술적 배경',
      '이것이 의미하는 것',
      '향후 전망',
      '연구 방향',
      '제품 적용'
    ],
    title: '{term}에 대한 노트',
    image: '이미지'
  }
}
export const langs = Object.keys(languages)

const terms = [
  'Qwen 2.5',
  'Tongyi Qianwen',
  'Alibaba Cloud',
  'PolarDB',
  'MaxCompute',
  'Kubernetes',
  'Apache Flink',
  'ModelScope',
  'Llama 3',
  'GPT-4o',
  'DeepSeek-V3',
  'Gemini'
]
const sites = [
  ['The Official Board', 'www.theofficialboard.com', 'biography'],
  ['GeekWire', 'www.geekwire.com', '2016'],
  ['CAIML', 'caiml.org', 'news'],
  ['AlibabaCloud', 'www.alibabacloud.com', 'blog'],
  ['Alizila', 'www.alizila.com', 'news'],
  ['Reuters', 'www.reuters.com', 'technology'],
  ['TechCrunch', 'techcrunch.com', '2024'],
  ['Nikkei Asia', 'asia.nikkei.com', 'business'],
  ['The Hindu', 'www.thehindu.com', 'sci-tech'],
  ['Al Jazeera', 'www.aljazeera.com', 'economy'],
  ['Bangkok Post', 'www.bangkokpost.com', 'tech'],
  ['Korea Herald', 'www.koreaherald.com', 'view']
]
const titleWords = ['Experience and Challenges', 'Fast-growing', 'Unveils New AI Models', 'Profile']

/** One post: `index` numbers it, `lang` is its language, `next` the shared PRNG. */
export function post(index, lang, next) {
  const language = languages[lang]
  const pick = (items) => items[Math.floor(next() * items.length)]
  const chance = (p) => next() < p
  const slug = () => Math.floor(next() * 1e6).toString(36)
  const references = 4 + Math.floor(next() * 6)
  const footnotes = 1 + Math.floor(next() * 3)
  const refSites = Array.from({length: references}, () => pick(sites))
  /** Which definitions and footnotes are used: the others are left out (as in a real post). */
  let cited = new Set()
  let called = new Set()
  const cite = () => {
    // Each definition in turn first, then any.
    const n = cited.size < references ? cited.size + 1 : 1 + Math.floor(next() * references)
    cited.add(n)
    return ` ([${refSites[n - 1][0]}][${n}])`
  }

  /** A term, sometimes emphasized, in code, or a link. */
  function term() {
    const value = pick(terms)
    const roll = next()
    if (roll < 0.2) return `**${value}**`
    if (roll < 0.28) return `*${value}*`
    if (roll < 0.34) return `\`${value.toLowerCase().replace(/\W+/g, '-')}\``
    if (roll < 0.44) return `[${value}](https://${pick(sites)[1]}/${slug()}/${slug()})`
    return value
  }
  function sentence(calls = true) {
    let text = pick(language.sentences)
      .replace('{term}', term)
      .replace('{year}', () => String(2015 + Math.floor(next() * 11)))
      .replace('{number}', () => String(1000 * (1 + Math.floor(next() * 90))))
    if (calls && chance(0.06)) {
      const n = called.size < footnotes ? called.size + 1 : 1 + Math.floor(next() * footnotes)
      called.add(n)
      text += ` [^${n}]`
    }
    if (chance(0.03)) text += ` https://${pick(sites)[1]}/${slug()}`
    return text
  }
  const join = lang === 'ja' || lang === 'zh' ? '' : ' '
  const sentences = (count) => Array.from({length: count}, sentence).join(join)

  function block() {
    const lines = chance(0.3) ? ['---', ''] : []
    lines.push(`### ${pick(language.headings)}`, '')
    const shape = next()
    if (shape < 0.55) {
      // Bullets with citations, some nested (as in the reference note).
      const items = 2 + Math.floor(next() * 4)
      for (let item = 0; item < items; item++) {
        lines.push(`* ${sentences(1 + Math.floor(next() * 2))}${chance(0.85) ? cite() : ''}`)
        if (chance(0.25)) {
          lines.push('')
          for (let sub = 0; sub < 2; sub++) lines.push(`  * ${sentence()}${cite()}`)
        }
      }
    } else if (shape < 0.75) {
      const items = 2 + Math.floor(next() * 4)
      for (let item = 1; item <= items; item++) {
        lines.push(`${item}. ${sentence()}${chance(0.5) ? cite() : ''}`)
        if (chance(0.2)) lines.push(`   * ${sentence()}`)
      }
    } else {
      lines.push(`${sentences(2 + Math.floor(next() * 3))}${chance(0.5) ? cite() : ''}`)
      if (chance(0.4))
        lines.push('', `![${language.image}](https://${pick(sites)[1]}/img/${slug()}.jpg)`)
      lines.push('', `${sentences(1 + Math.floor(next() * 3))}`)
    }
    lines.push('')
    return lines.join('\n')
  }

  const month = 1 + (index % 12)
  const day = 1 + (index % 28)
  const head = [
    '---',
    'audio: false',
    `generated: ${chance(0.5)}`,
    'image: false',
    `lang: ${lang}`,
    'layout: post',
    'model: openai/gpt-5',
    `title: ${language.title.replace('{term}', pick(terms))}`,
    `translated: ${lang !== 'en'}`,
    'type: note',
    `date: 2025-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    `tags: [${pick(['ai', 'cloud', 'llm'])}, ${lang}]`,
    '---',
    '',
    `## ${pick(language.headings)} (${pick(terms)})`,
    ''
  ]
  const images = 1 + Math.floor(next() * 3)
  for (let image = 0; image < images; image++) {
    head.push(`![${language.image}](https://${pick(sites)[1]}/img/${slug()}-${image}.jpg)`, '')
  }
  head.push(sentences(2), '', '---', '')

  const notes = []
  for (let n = 1; n <= footnotes; n++) notes.push([n, `[^${n}]: ${sentence(false)}\n`])
  const definitions = []
  for (let n = 1; n <= references; n++) {
    const [site, host, section] = refSites[n - 1]
    definitions.push([
      n,
      `[${n}]: https://${host}/${section}/${slug()}-${slug()}?utm_source=chatgpt.com "${site}: ${pick(titleWords)} ..."`
    ])
  }
  const tail = () => [
    '---',
    '',
    ...notes.filter(([n]) => called.has(n)).map(([, line]) => line),
    ...definitions.filter(([n]) => cited.has(n)).map(([, line]) => line)
  ]

  const target = 5_200 + Math.floor(next() * 4_000)
  // (The tail's size with every definition and footnote: most are used.)
  const calledBefore = new Set(called)
  for (let n = 1; n <= footnotes; n++) called.add(n)
  for (let n = 1; n <= references; n++) cited.add(n)
  let size = Buffer.byteLength(head.join('\n') + '\n' + tail().join('\n') + '\n')
  called.clear()
  for (const n of calledBefore) called.add(n)
  called.add(1)
  cited.clear()
  // The first footnote is called once at least.
  const blocks = [`${sentences(2)} [^1]\n`]
  size += Buffer.byteLength(blocks[0]) + 1
  while (size < target) {
    const before = [new Set(cited), new Set(called)]
    const added = block()
    const bytes = Buffer.byteLength(added) + 1
    // Between 5 and 10 KB (10,000 bytes) each; a block left out cites nothing.
    if (size + bytes > 10_000 && size >= 5_000) {
      ;[cited, called] = before
      break
    }
    size += bytes
    blocks.push(added)
  }
  return [...head, ...blocks, ...tail()].join('\n') + '\n'
}

/** Write `count` posts (languages in turn) under `folder/<lang>/`; returns their total bytes. */
export function generateMultilingual(folder, count) {
  const next = random(20_261_201)
  let bytes = 0
  for (let index = 0; index < count; index++) {
    const lang = langs[index % langs.length]
    const dir = path.join(folder, lang)
    mkdirSync(dir, {recursive: true})
    const text = post(index, lang, next)
    bytes += Buffer.byteLength(text)
    writeFileSync(path.join(dir, `post-${String(index).padStart(4, '0')}-${lang}.md`), text)
  }
  return bytes
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [folder, count = '400'] = process.argv.slice(2)
  if (!folder) throw new Error('Usage: node multilingual.mjs <folder> [count]')
  generateMultilingual(folder, Number(count))
}
