/**
 * Every fenced code block of the README is run, or checked as what it is, so that an example can
 * never drift from what md2data does: JavaScript is type-checked under the project's strict
 * options and executed against the built package (`import … from 'md2data'` resolves through
 * package.json `exports` to `dist/`, which `npm test` builds first), shell commands run the built
 * command line, outputs shown are compared, YAML is parsed. A block no check claims fails the test.
 * The README's longer examples live in `docs/` (`exampleSections`); their blocks are held to the
 * same rule.
 */
import {execFile, spawnSync} from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import ts from 'typescript'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {parse as parseYaml} from 'yaml'
import {help} from '../../src/cli/args.js'
import {linkPackages} from '../_helpers.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const cli = path.join(root, 'dist/cli.js')
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  name: string
  version: string
  scripts: Record<string, string>
}

interface Block {
  index: number
  /** The page it is on: `README.md`, or a page of `docs/`. */
  page: string
  lang: string
  value: string
  /** The `## Section` the block is in (in `docs/`, the `##` or `###` section). */
  section: string
  /** The line of its opening fence. */
  line: number
}

/**
 * The `docs/` pages that hold README examples, with the sections that hold them: every block of
 * these sections must be claimed by a check, as every block of the README.
 */
const exampleSections: Record<string, Array<string>> = {
  'docs/frontmatter.md': ['JSON Schema'],
  'docs/cli.md': ['`index.json`', 'In GitHub Actions']
}

/** A page's fenced code blocks (a longer fence holds shorter ones), in order. */
function pageBlocks(page: string, heading: RegExp): Array<Omit<Block, 'index'>> {
  const text = readFileSync(path.join(root, page), 'utf8')
  const result: Array<Omit<Block, 'index'>> = []
  for (const match of text.matchAll(/^(`{3,})(\w*)[^\n]*\n([\s\S]*?)\n\1$/gm)) {
    const before = text.slice(0, match.index)
    // Headings outside code blocks.
    const prose = before.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '')
    const headings = [...prose.matchAll(heading)]
    result.push({
      page,
      lang: match[2] as string,
      value: match[3] as string,
      section: headings.at(-1)?.[1] ?? '',
      line: before.split('\n').length
    })
  }
  return result
}

const blocks: Array<Block> = [
  ...pageBlocks('README.md', /^## ([A-Z].*)$/gm),
  ...Object.keys(exampleSections).flatMap((page) => pageBlocks(page, /^#{2,3} (.+)$/gm))
].map((block, index) => ({...block, index}))
/** Blocks a check has claimed, by index. */
const claimed = new Map<number, string>()

/** The blocks of a section of a page with a language, claimed by `check`. */
function take(section: string, lang: string, check: string, page = 'README.md'): Array<Block> {
  const found = blocks.filter(
    (block) => block.page === page && block.section === section && block.lang === lang
  )
  for (const block of found) claimed.set(block.index, check)
  return found
}

function one(section: string, lang: string, check: string, which = 0, page = 'README.md'): Block {
  const block = take(section, lang, check, page)[which]
  if (!block) throw new Error(`No \`${lang}\` block ${which} in \`${section}\` of ${page}`)
  return block
}

/**
 * Blocks that cannot run as they are, by `section/lang`, each checked as what it is instead.
 * (Blocks that the examples feed or print are claimed by their checks, below.)
 */
const checkedAsWhatTheyAre: Record<string, (block: Block) => void> = {
  // `npm ci && npm start`, `npm test`: running them here would run this test suite inside itself;
  // the scripts they name exist.
  'Quick start/sh': (block) => {
    for (const script of block.value.matchAll(/npm (?:run )?(\w[\w:-]*)/g)) {
      if (script[1] === 'ci' || script[1] === 'install') continue
      expect(packageJson.scripts, block.value).toHaveProperty(script[1] as string)
    }
  },
  // `npm install md2data`: the registry is not asked from a test; `npm run test:pack` installs the
  // packed tarball as this does. The name is the package's.
  'Install/sh': (block) => expect(block.value).toBe(`npm install ${packageJson.name}`),
  // The synopsis, `md2data [patterns…] [options]`: the first line of `--help`.
  'Command line/sh': (block) => expect(help.split('\n')[0]).toBe(`Usage: ${block.value}`),
  // The pipeline diagram: each step is a module of `src/`.
  'Architecture/text': (block) => {
    const modules: Record<string, string> = {
      decode: 'src/decode.ts',
      parse: 'src/parse',
      'front matter': 'src/frontmatter',
      extract: 'src/extract',
      validate: 'src/validate',
      serialize: 'src/serialize.ts',
      write: 'src/batch/write.ts'
    }
    const steps = block.value.split(' → ')
    expect(steps).toEqual(Object.keys(modules))
    for (const step of steps)
      expect(existsSync(path.join(root, modules[step] as string))).toBe(true)
  }
}

let work = ''

/**
 * A temporary project, where `md2data` is this package (built) and `zod` the one the repository
 * has. Outside the repository: its `.gitignore` (`node_modules`) would leave out the notes.
 */
function project(name: string, files: Record<string, string> = {}): string {
  const folder = path.join(work, name)
  linkPackages(folder, ['zod'])
  writeFileSync(path.join(folder, 'package.json'), '{"type": "module"}\n')
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(folder, file)), {recursive: true})
    writeFileSync(path.join(folder, file), content)
  }
  return folder
}

function run(folder: string, command: string, args: Array<string>) {
  const result = spawnSync(command, args, {cwd: folder, encoding: 'utf8', timeout: 60_000})
  return {status: result.status, stdout: result.stdout, stderr: result.stderr}
}

/** Type-check `.ts` files under the project's strict options; the diagnostics as text. */
function typeCheck(files: Array<string>): string {
  const config = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile)
  const {options} = ts.parseJsonConfigFileContent(config.config, ts.sys, root)
  options.typeRoots = [path.join(root, 'node_modules/@types')]
  const program = ts.createProgram(files, {...options, noEmit: true})
  return ts
    .getPreEmitDiagnostics(program)
    .map((diagnostic) => {
      const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')
      const at = diagnostic.file
        ? `${path.relative(work, diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}: `
        : ''
      return `${at}TS${diagnostic.code}: ${text}`
    })
    .join('\n')
}

/** The blank-separated time of the summary line (`in 0.4 s`), as the README shows it. */
const shownTime = (text: string) => text.replace(/ in \d+(?:\.\d+)? s\b/g, ' in 0.4 s')

// The examples, each with the files it reads.
const use = {
  note: one('Use', 'markdown', 'the Use example reads it as notes/zhou.md'),
  code: one('Use', 'js', 'the Use example: type-checked, executed'),
  output: one('Use', 'json', 'what the Use example prints')
}
const schemaImport = one('API', 'js', 'the schema.json import: type-checked, executed')
const frontmatterDocs = 'docs/frontmatter.md'
const cliDocs = 'docs/cli.md'
const validating = {
  note: one('Validating front matter', 'markdown', 'the schema examples read it as notes/a.md'),
  zod: one('Validating front matter', 'js', 'the zod example: type-checked, executed', 0),
  zodOutput: one('Validating front matter', 'text', 'what the zod example prints', 0),
  // The JSON Schema example, for the README's note, is in docs/frontmatter.md.
  schema: one('JSON Schema', 'json', 'the JSON Schema example reads it', 0, frontmatterDocs),
  json: one('JSON Schema', 'js', 'the JSON Schema example: checked, run', 0, frontmatterDocs),
  jsonOutput: one('JSON Schema', 'text', 'what the JSON Schema example prints', 0, frontmatterDocs)
}
const reporters = {
  stylish: one('Command line', 'text', 'the stylish reporter, run', 0),
  // The github reporter's output, index.json and the workflow are in docs/cli.md.
  github: one('In GitHub Actions', 'text', 'the github reporter, run', 0, cliDocs),
  index: one('`index.json`', 'json', 'index.json, run', 0, cliDocs),
  workflow: one('In GitHub Actions', 'yaml', 'the workflow: parsed, its command run', 0, cliDocs),
  graph: one('Note syntax and links', 'json', 'the link graph: a run on the notes it names')
}
const batch = one('Batch API', 'js', 'the batch example: type-checked, executed')
const configFile = one(
  'Config file',
  'ts',
  'md2data.config.ts: built by the CLI, its types checked'
)
const viteExample = {
  code: take(
    'Use with Vite',
    'ts',
    'test/vite-project, which test/slow/vite.test.ts builds and serves'
  ),
  tsconfig: one('Use with Vite', 'json', 'test/vite-project/tsconfig.json', 0)
}
const remarkExample = one(
  'Use as a remark plugin',
  'js',
  'the remarkMd2data example: type-checked, executed'
)
// The node examples: test/readme.test.ts converts each `markdown` block and finds the `json`.
take('Document model', 'markdown', 'test/readme.test.ts: every node type')
take('Document model', 'json', 'test/readme.test.ts: every node type')
for (const key of Object.keys(checkedAsWhatTheyAre)) {
  const [section, lang] = key.split('/') as [string, string]
  take(section, lang, `checked as what it is (${key})`)
}

/** The loop of the zod example that prints the diagnostics, for examples that only convert. */
const printLoop = validating.zod.value.slice(
  validating.zod.value.indexOf('for (const d of document.diagnostics)')
)

const examples: Record<string, {block: Block; code: string}> = {
  use: {block: use.code, code: use.code.value},
  schemaImport: {block: schemaImport, code: schemaImport.value},
  zod: {block: validating.zod, code: validating.zod.value},
  // Shown without output code: printed as the zod example prints.
  json: {block: validating.json, code: `${validating.json.value}\n${printLoop}`},
  batch: {block: batch, code: batch.value}
}

beforeAll(() => {
  if (!existsSync(path.join(root, 'dist/index.js')) || !existsSync(cli)) {
    throw new Error('The README examples run against dist/: `npm run build` first')
  }
  work = mkdtempSync(path.join(tmpdir(), 'md2data-readme-'))
  project('examples', {
    'notes/zhou.md': `${use.note.value}\n`,
    'notes/a.md': `${validating.note.value}\n`,
    'schema/note.json': `${validating.schema.value}\n`
  })
  for (const [name, example] of Object.entries(examples)) {
    writeFileSync(path.join(work, 'examples', `${name}.js`), `${example.code}\n`)
    writeFileSync(path.join(work, 'examples', `${name}.ts`), `${example.code}\n`)
  }
})

afterAll(() => {
  if (work) rmSync(work, {recursive: true, force: true})
})

describe('README code blocks', () => {
  test('should each be claimed by a check, and those of the docs/ sections with examples', () => {
    const unclaimed = blocks
      .filter(
        (block) =>
          block.page === 'README.md' || exampleSections[block.page]?.includes(block.section)
      )
      .filter((block) => !claimed.has(block.index))
      .map((block) => `${block.page}:${block.line}: \`${block.lang}\` block in ${block.section}`)
    expect(unclaimed).toEqual([])
    expect(blocks.filter((block) => block.page === 'README.md').length).toBeGreaterThan(15)
    // Each docs/ section named holds an example.
    for (const [page, sections] of Object.entries(exampleSections))
      for (const section of sections)
        expect(
          blocks.some((block) => block.page === page && block.section === section),
          `${page}: ${section}`
        ).toBe(true)
  })

  test('should check the blocks that cannot run as what they are', () => {
    for (const [key, check] of Object.entries(checkedAsWhatTheyAre)) {
      const found = blocks.filter((block) => claimed.get(block.index)?.includes(`(${key})`))
      expect(found.length, key).toBeGreaterThan(0)
      for (const block of found) check(block)
    }
  })

  test('should type-check every JavaScript example under the strict options', () => {
    const files = Object.keys(examples).map((name) => path.join(work, 'examples', `${name}.ts`))
    expect(typeCheck(files)).toBe('')
  })

  test('should run the Use example and print what the README shows', () => {
    const result = run(path.join(work, 'examples'), process.execPath, ['use.js'])
    expect(result.stderr).toBe('')
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(use.output.value))
  })

  test('should run the schema.json import', () => {
    const result = run(path.join(work, 'examples'), process.execPath, ['schemaImport.js'])
    expect(result.stderr).toBe('')
    expect(result.stdout).toBe(`${/\/\/ (.+)$/m.exec(schemaImport.value)?.[1]}\n`)
  })

  test('should run the zod and JSON Schema examples and print what the README shows', () => {
    for (const [name, output] of [
      ['zod', validating.zodOutput],
      ['json', validating.jsonOutput]
    ] as const) {
      const result = run(path.join(work, 'examples'), process.execPath, [`${name}.js`])
      expect(result.stderr, name).toBe('')
      expect(result.stdout, name).toBe(`${output.value}\n`)
    }
  })

  test('should run the diagnostics loop on a note whose diagnostic has no position', () => {
    const folder = project('too-large', {'notes/a.md': `${'x'.repeat(64)}\n`})
    const code = validating.zod.value
      .replace(/^import \{z\}.*$/m, '')
      .replace(/const schema = z[\s\S]*?\n\}\)\n/, '')
      .replace("{path: 'notes/a.md', schema}", "{path: 'notes/a.md', maxSize: 16}")
    writeFileSync(path.join(folder, 'loop.js'), code)
    const result = run(folder, process.execPath, ['loop.js'])
    expect(result.stderr).toBe('')
    expect(result.stdout).toMatch(/^notes\/a\.md:0:0-0:0 {2}error {2}.+ {2}document-too-large\n$/)
  })

  test('should show the Vite example as the project the Vite tests build and serve', () => {
    const project = path.join(root, 'test/vite-project')
    expect(viteExample.code.map((block) => block.value.split('\n')[0])).toEqual([
      '// vite.config.ts',
      '// src/main.ts'
    ])
    for (const block of viteExample.code) {
      const [first, ...rest] = block.value.split('\n')
      const file = path.join(project, (first as string).slice(3))
      expect(`${rest.join('\n')}\n`).toBe(readFileSync(file, 'utf8'))
    }
    expect(`${viteExample.tsconfig.value}\n`).toBe(
      readFileSync(path.join(project, 'tsconfig.json'), 'utf8')
    )
  })

  test('should type-check and run the remarkMd2data example', () => {
    // The packages the example imports, as the repository has them.
    const folder = project('remark', {'remark.js': `${remarkExample.value}\n`})
    for (const name of ['unified', 'vfile', 'remark-parse', 'remark-gfm', 'remark-frontmatter'])
      symlinkSync(path.join(root, 'node_modules', name), path.join(folder, 'node_modules', name))
    writeFileSync(path.join(folder, 'remark.ts'), `${remarkExample.value}\n`)
    expect(typeCheck([path.join(folder, 'remark.ts')])).toBe('')
    const result = run(folder, process.execPath, ['remark.js'])
    expect(result.stderr).toBe('')
    expect(result.stdout).toBe(
      'A 1\nnotes/a.md:3:15-3:27: Unexpected reference to undefined definition `[missing]`, expected a `[missing]: url` line\n'
    )
  })

  test('should run the batch example', () => {
    const result = run(path.join(work, 'examples'), process.execPath, ['batch.js'])
    expect(result.stderr).toBe('')
    // One line a note: its path and its number of diagnostics (notes/a.md fails the schema).
    expect(result.stdout).toBe('notes/a.md 7\nnotes/zhou.md 3\n')
  })

  test('should run the command line and report as the README shows', () => {
    const stylish = reporters.stylish.value
    // The notes the example names, made to give its diagnostics; and one more without any.
    const folder = project('reporters', {
      'notes/sub/bad.md': '---\ntags: [note, cjk\n---\n',
      'notes/sub/warn.md': '# Warn\n\n[unused]: https://example.com\n',
      'notes/good.md': '# Good\n'
    })
    const result = run(folder, process.execPath, [cli, 'notes'])
    expect(result.status).toBe(1)
    expect(result.stdout).toBe('')
    expect(shownTime(result.stderr)).toBe(`${stylish}\n`)
    const github = run(folder, process.execPath, [cli, 'notes', '--reporter', 'github'])
    const lines = github.stderr.split('\n')
    for (const line of reporters.github.value.split('\n')) expect(lines).toContain(line)
  })

  test('should build the collections of the config file example, typed for a consumer', () => {
    const folder = project('config', {
      'md2data.config.ts': `${configFile.value}\n`,
      'content/posts/hello.md': '---\ntitle: Hello\ndate: 2024-01-02\n---\n\n# Hello\n',
      'content/posts/drafts/wip.md': '# WIP\n',
      'vault/Home.md': '# Home\n\nSee [[Other]].\n',
      'vault/Other.md': '# Other\n',
      'consumer.ts':
        "import {notes, posts} from './.md2data/index.js'\n" +
        'const data = posts[0]?.frontmatter?.valid ? posts[0].frontmatter.data : null\n' +
        'const title: string | undefined = data?.title\n' +
        "// (The documents are JSON: the schema's Date is its ISO string.)\n" +
        'const date: string | undefined = data?.date\n' +
        'console.log(title, date, notes.length)\n'
    })
    const result = run(folder, process.execPath, [cli, '--silent'])
    expect(result).toEqual({status: 0, stdout: '', stderr: ''})
    expect(existsSync(path.join(folder, '.md2data/posts/hello.json'))).toBe(true)
    expect(existsSync(path.join(folder, '.md2data/notes/Home.json'))).toBe(true)
    expect(existsSync(path.join(folder, '.md2data/posts/drafts/wip.json'))).toBe(false)
    expect(typeCheck([path.join(folder, 'consumer.ts')])).toBe('')
  })

  test('should write the index.json the README shows', () => {
    const folder = project('index', {'notes/good.md': '---\ntitle: Good\n---\n\n# Good\n'})
    const result = run(folder, process.execPath, [cli, 'notes', '--out-dir', 'out'])
    expect(result.status, result.stderr).toBe(0)
    const index = JSON.parse(readFileSync(path.join(folder, 'out/index.json'), 'utf8')) as unknown
    const shown = JSON.parse(reporters.index.value) as {generator: string}
    expect(shown.generator).toBe(`md2data ${packageJson.version}`)
    expect(index).toEqual(shown)
  })

  test('should give the link graph the README shows', () => {
    const folder = project('graph', {
      'docs/guide/a.md': '[c](../api/c.md#options) ![chart](../img/chart.png)\n',
      'docs/api/c.md': '# Options\n\nBack to [the start](../start.md).\n',
      'docs/start.md': '[A](guide/a.md)\n',
      'docs/old.md': '# Old\n',
      'docs/img/chart.png': 'not really a PNG'
    })
    const result = run(folder, process.execPath, [cli, 'docs', '--out-dir', 'out'])
    expect(result.status, result.stderr).toBe(0)
    const index = JSON.parse(readFileSync(path.join(folder, 'out/index.json'), 'utf8')) as {
      links: {notes: Record<string, unknown>; orphans: Array<string>}
    }
    const shown = JSON.parse(reporters.graph.value) as typeof index
    for (const [note, entry] of Object.entries(shown.links.notes))
      expect(index.links.notes[note]).toEqual(entry)
    expect(index.links.orphans).toEqual(shown.links.orphans)
  })

  test('should have a workflow that parses and whose md2data command runs', async () => {
    const workflow = parseYaml(reporters.workflow.value) as {
      jobs: Record<
        string,
        {strategy: {matrix: {shard: Array<number>}}; steps: Array<{run?: string}>}
      >
    }
    const job = Object.values(workflow.jobs)[0]
    expect(job).toBeDefined()
    const command = job?.steps.find((step) => step.run?.includes('md2data'))?.run as string
    expect(command).toMatch(/^npx md2data /)
    const notes: Record<string, string> = {'schema/note.json': `${validating.schema.value}\n`}
    for (let index = 0; index < 8; index++) {
      notes[`content/post-${index}.md`] =
        `---\ntitle: Post ${index}\nlayout: post\ndate: 2025-01-0${index + 1}\nsummary: A post.\n---\n\n# Post ${index}\n`
    }
    const folder = project('workflow', notes)
    // Each job of the matrix, at once; together they check every note.
    const shards = job?.strategy.matrix.shard ?? []
    expect(shards.length).toBeGreaterThan(1)
    const results = await Promise.all(
      shards.map((shard) => {
        const line = command
          .replace(/^npx md2data/, `"${process.execPath}" "${cli}"`)
          .replace('${{ matrix.shard }}', String(shard))
        return new Promise<{line: string; status: number; stderr: string}>((resolve) => {
          execFile('sh', ['-c', line], {cwd: folder, timeout: 60_000}, (error, _, stderr) => {
            resolve({line, status: error ? Number(error.code) : 0, stderr})
          })
        })
      })
    )
    let checked = 0
    for (const {line, status, stderr} of results) {
      expect(status, `${line}\n${stderr}`).toBe(0)
      const summary = /^md2data: (\d+) notes?, 0 errors, 0 warnings/m.exec(stderr)
      expect(summary, stderr).not.toBeNull()
      checked += Number(summary?.[1])
    }
    expect(checked).toBe(8)
  })
})
