import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync
} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {files, list, runCli} from './_helpers.js'
import {defaultCache} from '../src/cli/relaunch.js'
import {defaults} from '../src/batch/index.js'
import {convert, convertFile, serialize} from '../src/index.js'

/** The command line in this process (`test/_helpers.ts`). */
const md2data = runCli

const good = '---\ntitle: Good\n---\n\n# Good\n\nText.\n'
const warn = '# Warn\n\n[unused]: https://example.com\n'
const bad = '---\ntitle: [unclosed\n---\n\n# Bad\n'

let root: string
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'md2data-run-'))
  files(root, {
    'notes/good.md': good,
    'notes/sub/warn.md': warn,
    'notes/sub/bad.md': bad,
    'notes/node_modules/dep.md': good,
    'notes/.hidden/secret.md': good,
    'notes/ignored.md': good,
    'notes/.gitignore': 'ignored.md\n'
  })
})
afterAll(() => rmSync(root, {recursive: true, force: true}))

describe('run (the command line, in process)', () => {
  test('should print help and the version, and exit 2 on bad usage', async () => {
    const help = await md2data(['--help'], root)
    expect([help.code, help.stdout.split('\n')[0]]).toEqual([
      0,
      'Usage: md2data [patterns…] [options]'
    ])
    expect((await md2data(['-v'], root)).stdout).toBe('0.1.0\n')
    expect(await md2data([], root)).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'md2data: Missing patterns: give folders, files or globs of notes (see `md2data --help`)\n'
    })
    expect(await md2data(['notes', '--reporter', 'xml'], root)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'md2data: Unexpected `--reporter xml`, expected `stylish`, `json` or `github`\n'
    })
  })

  test('should report in the stylish format, count, and exit 1 on errors', async () => {
    const result = await md2data(['notes'], root)
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/^notes\/sub\/bad\.md\n {2}2:17-2:17 {2}error {2}/)
    expect(result.stderr.split('\n').slice(-2)).toEqual([
      'md2data: 3 notes, 1 error, 1 warning in X s (checked only: give --out-dir or --ndjson to write documents)',
      ''
    ])
  })

  test('should exit 0 with warnings, 1 with --strict, and hide them with --quiet', async () => {
    expect((await md2data(['notes/sub/warn.md', 'notes/good.md'], root)).code).toBe(0)
    expect((await md2data(['notes/sub/warn.md', 'notes/good.md', '--strict'], root)).code).toBe(1)
    const quiet = await md2data(['notes/sub/warn.md', 'notes/good.md', '--quiet'], root)
    expect(quiet.stderr).not.toContain('reference-unused')
  })

  test('should report as JSON and as GitHub annotations', async () => {
    const json = await md2data(['notes/sub/bad.md', '--reporter', 'json', '--ndjson'], root)
    const [array] = json.stderr.split('\nmd2data: ')
    const parsed = JSON.parse(array as string) as Array<{
      path: string
      diagnostics: Array<{ruleId: string}>
    }>
    expect(parsed.map((file) => [file.path, file.diagnostics.map((item) => item.ruleId)])).toEqual([
      ['notes/sub/bad.md', ['frontmatter-syntax']]
    ])
    const github = await md2data(['notes/sub/bad.md', '--reporter', 'github', '--ndjson'], root)
    expect(github.stderr).toMatch(
      /^::error file=notes\/sub\/bad\.md,line=2,col=17,endLine=2,endColumn=17,title=frontmatter-syntax::/
    )
  })

  test('should print one note’s JSON on stdout, as convert gives it', async () => {
    const result = await md2data(['notes/good.md'], root)
    expect(result.stdout).toBe(serialize(convert(good, {path: 'notes/good.md'})))
    const pretty = await md2data(['notes/good.md', '--pretty'], root)
    expect(pretty.stdout).toBe(serialize(convert(good, {path: 'notes/good.md'}), {pretty: true}))
  })

  test('should write a mirror tree and its index with --out-dir, and keep unchanged files', async () => {
    const out = path.join(root, 'out')
    expect((await md2data(['notes', '--out-dir', 'out'], root)).code).toBe(1)
    expect(list(out)).toEqual(['good.json', 'index.json', 'sub/bad.json', 'sub/warn.json'])
    expect(readFileSync(path.join(out, 'good.json'), 'utf8')).toBe(
      serialize(convert(good, {path: 'notes/good.md'}))
    )
    const index = JSON.parse(readFileSync(path.join(out, 'index.json'), 'utf8')) as {
      notes: Array<Record<string, unknown>>
    }
    expect(index.notes[0]).toEqual({
      path: 'notes/good.md',
      output: 'good.json',
      title: 'Good',
      frontmatter: {title: 'Good'},
      valid: true,
      errors: 0,
      warnings: 0,
      infos: 0
    })
    utimesSync(path.join(out, 'good.json'), 1000, 1000)
    await md2data(['notes', '--out-dir', 'out'], root)
    expect(statSync(path.join(out, 'good.json')).mtimeMs).toBe(1_000_000)
    rmSync(out, {recursive: true})
  })

  test('should write NDJSON in the same order whatever the jobs, and the same from the cache', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'md2data-run-ndjson-'))
    const notes: Record<string, string> = {}
    for (let index = 0; index < 30; index++)
      notes[`n${index}.md`] = `# Note ${index}\n\n${'Text. '.repeat(index * 50)}\n`
    files(work, notes)
    const one = await md2data(['.', '--ndjson', '--jobs', '1'], work)
    const two = await md2data(['.', '--ndjson', '--jobs', '2'], work)
    expect(two.stdout).toBe(one.stdout)
    expect(one.stdout.trimEnd().split('\n')).toHaveLength(30)
    const cold = await md2data(['.', '--ndjson', 'out.ndjson', '--cache=.cache'], work)
    const warm = await md2data(['.', '--ndjson', 'out.ndjson', '--cache=.cache'], work)
    expect(cold.stderr).toBe('md2data: 30 notes, 0 errors, 0 warnings in X s\n')
    expect(warm.stderr).toBe('md2data: 30 notes (30 from cache), 0 errors, 0 warnings in X s\n')
    expect(readFileSync(path.join(work, 'out.ndjson'), 'utf8')).toBe(one.stdout)
    rmSync(work, {recursive: true, force: true})
  })

  test('should split notes into stable shards that together are the whole set', async () => {
    const whole = (await md2data(['notes', '--ndjson'], root)).stdout.trimEnd().split('\n').sort()
    const parts: Array<string> = []
    for (const shard of ['1/2', '2/2']) {
      const lines = (await md2data(['notes', '--ndjson', '--shard', shard], root)).stdout
      parts.push(...lines.trimEnd().split('\n').filter(Boolean))
    }
    expect(parts.sort()).toEqual(whole)
  })

  test('should read front matter only with --frontmatter-only', async () => {
    const result = await md2data(['notes/good.md', '--frontmatter-only'], root)
    expect(JSON.parse(result.stdout)).toEqual({
      path: 'notes/good.md',
      frontmatter: {
        format: 'yaml',
        raw: 'title: Good',
        data: {title: 'Good'},
        valid: true,
        position: {start: {line: 1, column: 1, offset: 0}, end: {line: 3, column: 4, offset: 19}}
      },
      diagnostics: []
    })
  })

  test('should report colliding outputs, and notes over --max-size', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'md2data-run-collide-'))
    files(work, {
      'a/Note.md': good,
      'a/note.markdown': good,
      'a/index.md': good,
      'big.md': 'x'.repeat(2000)
    })
    const result = await md2data(['a', 'big.md', '--out-dir', 'out', '--max-size', '1KiB'], work)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      'Cannot write `index.json`: it is the index (use `--index NAME` for another name); not written'
    )
    expect(result.stderr).toContain('Cannot write `note.json`: `a/Note.md` maps to the same output')
    expect(result.stderr).toContain(
      'Cannot convert a 2.0 KiB note, the limit is 1.0 KiB (`--max-size`)'
    )
    rmSync(work, {recursive: true, force: true})
  })

  test('should replace the file a linked output names, and keep the link', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'md2data-run-link-'))
    files(work, {'a.md': good, 'b.md': warn, 'real/all.ndjson': 'old\n'})
    symlinkSync('real/all.ndjson', path.join(work, 'all.ndjson'))
    expect((await md2data(['.', '--ndjson', 'all.ndjson'], work)).code).toBe(0)
    expect(lstatSync(path.join(work, 'all.ndjson')).isSymbolicLink()).toBe(true)
    expect(readFileSync(path.join(work, 'real/all.ndjson'), 'utf8').split('\n')).toHaveLength(3)
    rmSync(work, {recursive: true, force: true})
  })

  test('should never write through a link out of the output folder, and go on', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'md2data-run-escape-'))
    files(work, {
      'content/posts/config.md': good,
      'content/about.md': warn,
      'victim/config.json': 'precious\n'
    })
    mkdirSync(path.join(work, 'public'))
    symlinkSync('../victim', path.join(work, 'public/posts'))
    const result = await md2data(['content', '--out-dir', 'public'], work)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      'Cannot write `public/posts/config.json`: `public/posts` is a symbolic link out of the output folder; not written  file-unwritable'
    )
    expect(readFileSync(path.join(work, 'victim/config.json'), 'utf8')).toBe('precious\n')
    expect(list(path.join(work, 'public'))).toEqual(['about.json', 'index.json'])
    // A dangling link would be made outside too.
    rmSync(path.join(work, 'victim'), {recursive: true})
    expect((await md2data(['content', '--out-dir', 'public'], work)).code).toBe(1)
    expect(readdirSync(work).sort()).toEqual(['content', 'public'])
    rmSync(work, {recursive: true, force: true})
  })

  test('should report an output it cannot write, and write every other note and the index', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'md2data-run-unwritable-'))
    const long = `${'a'.repeat(251)}.md`
    files(work, {[`in/${long}`]: good, 'in/b.md': good, 'in/sub/c.md': good, 'in/d.md': good})
    mkdirSync(path.join(work, 'out/b.json'), {recursive: true})
    writeFileSync(path.join(work, 'out/sub'), 'a file')
    const result = await md2data(['in', '--out-dir', 'out'], work)
    expect(result.code).toBe(1)
    const errors = result.stderr.split('\n').filter((line) => line.includes('file-unwritable'))
    expect(errors.map((line) => line.replace(/a{251}/, 'a…').trim())).toEqual([
      '0:0  error  Cannot write `out/a….json`: its name is too long for the file system (ENAMETOOLONG); not written  file-unwritable',
      '0:0  error  Cannot write `out/b.json`: it is a folder (EISDIR); not written  file-unwritable',
      '0:0  error  Cannot write `out/sub/c.json`: a part of the path is not a folder (EEXIST); not written  file-unwritable'
    ])
    expect(readFileSync(path.join(work, 'out/d.json'), 'utf8')).toBe(
      serialize(convert(good, {path: 'in/d.md'}))
    )
    const index = JSON.parse(readFileSync(path.join(work, 'out/index.json'), 'utf8')) as {
      notes: Array<{path: string; errors: number}>
    }
    expect(index.notes.map((note) => [note.path.replace(/a{251}/, 'a…'), note.errors])).toEqual([
      ['in/a….md', 1],
      ['in/b.md', 1],
      ['in/d.md', 0],
      ['in/sub/c.md', 1]
    ])
    expect(readdirSync(path.join(work, 'out')).filter((name) => name.endsWith('.tmp'))).toEqual([])
    rmSync(work, {recursive: true, force: true})
  })

  test.runIf(path.sep === '/')(
    'should keep a backslash in a note name as written (POSIX)',
    async () => {
      const work = mkdtempSync(path.join(tmpdir(), 'md2data-run-backslash-'))
      files(work, {'in/a\\..\\b.md': good, 'in/b.md': warn})
      const document = await convertFile(path.join(work, 'in/a\\..\\b.md'))
      expect(document.path).toBe(path.join(work, 'in/a\\..\\b.md'))
      expect(document.title).toBe('Good')
      const result = await md2data(['in/a\\..\\b.md'], work)
      expect((JSON.parse(result.stdout) as {path: string}).path).toBe('in/a\\..\\b.md')
      rmSync(work, {recursive: true, force: true})
    }
  )

  test('should exit 2 alike for a missing folder and a glob that matches nothing', async () => {
    for (const pattern of ['missing-folder', 'notes/**/*.nothing']) {
      expect(await md2data([pattern], root)).toEqual({
        code: 2,
        stdout: '',
        stderr: `md2data: no notes match \`${pattern}\`\nmd2data: no notes to convert\n`
      })
    }
  })

  test('should print one JSON value and nothing else with --reporter json', async () => {
    const result = await md2data(['notes', 'missing', '--reporter', 'json'], root)
    expect(result.code).toBe(1)
    const files = JSON.parse(result.stderr) as Array<{path: string}>
    expect(files.map((file) => file.path)).toEqual(['notes/sub/bad.md', 'notes/sub/warn.md'])
    expect(
      JSON.parse((await md2data(['notes/good.md', '--reporter', 'json'], root)).stderr)
    ).toEqual([])
  })

  test('should never take or drop an argument after --ndjson or --cache silently', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'md2data-run-optional-'))
    files(work, {'notes/a.md': good, 'all.txt': 'not a note', '.cache/x.pack': ''})
    const ambiguous = (flag: string, value: string, what: string) => ({
      code: 2,
      stdout: '',
      stderr: `md2data: Unexpected \`${flag} ${value}\`: write \`${flag}=${value}\` for ${what}, or give the pattern before \`${flag}\`\n`
    })
    expect(await md2data(['notes', '--ndjson', 'all.txt'], work)).toEqual(
      ambiguous('--ndjson', 'all.txt', 'that file')
    )
    expect(await md2data(['notes', '--ndjson', 'out'], work)).toEqual(
      ambiguous('--ndjson', 'out', 'that file')
    )
    expect(await md2data(['notes', '--cache', '.cache'], work)).toEqual(
      ambiguous('--cache', '.cache', 'that cache folder')
    )
    // A pattern after the flag is a pattern; a file named with `=` or a JSON extension, the file.
    expect((await md2data(['--ndjson', 'notes'], work)).stdout).toMatch(
      /^\{"schemaVersion":1,"path":"notes\/a\.md"/
    )
    expect((await md2data(['--cache', 'notes/a.md', '--ndjson'], work)).code).toBe(0)
    expect((await md2data(['notes', '--ndjson=all.txt'], work)).code).toBe(0)
    expect(readFileSync(path.join(work, 'all.txt'), 'utf8')).toMatch(/^\{"schemaVersion":1/)
    expect((await md2data(['notes', '--ndjson', 'all.jsonl'], work)).code).toBe(0)
    expect(readdirSync(work).sort()).toEqual([
      '.cache',
      'all.jsonl',
      'all.txt',
      'node_modules',
      'notes'
    ])
    rmSync(work, {recursive: true, force: true})
  })

  test('should say how many diagnostics --quiet hid, and name an unknown option’s closest flag', async () => {
    const quiet = await md2data(['notes/sub/warn.md', 'notes/good.md', '--quiet'], root)
    expect(quiet.stderr).toBe(
      'md2data: 2 notes, 0 errors, 1 warning (1 not shown: --quiet) in X s (checked only: give --out-dir or --ndjson to write documents)\n'
    )
    expect(await md2data(['notes', '--jbos', '2'], root)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'md2data: Unknown option `--jbos` (did you mean `--jobs`?); see `md2data --help`\n'
    })
    expect((await md2data(['notes', '--zzzzzzzz'], root)).stderr).toBe(
      'md2data: Unknown option `--zzzzzzzz`; see `md2data --help`\n'
    )
  })

  test('should say when two patterns give two notes the same output', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'md2data-run-same-'))
    files(work, {'a/note.md': good, 'b/note.md': good})
    const result = await md2data(['a/note.md', 'b/note.md', '--out-dir', 'out'], work)
    expect(result.stderr).toContain(
      'Cannot write `note.json`: `a/note.md` maps to the same output (the two have the same path under their patterns); not written'
    )
    rmSync(work, {recursive: true, force: true})
  })

  test('should leave out !patterns, --ignore and .md2dataignore, and take only notes from ** globs', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'md2data-run-ignore-'))
    files(work, {
      'archetypes/a.md': good,
      'content/en/functions/f.md': good,
      'content/en/guide.md': good,
      'content/en/drafts/d.md': good,
      'content/en/img.png': 'PNG',
      'content/en/page.mdx': good,
      'content/.md2dataignore': 'skip-me.md\n',
      'content/skip-me.md': good,
      '.md2dataignore': 'content/en/drafts/\n'
    })
    const paths = async (...args: Array<string>) => {
      const result = await md2data([...args, '--ndjson'], work)
      return result.stdout
        .trimEnd()
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as {path: string}).path)
    }
    expect(await paths('!archetypes/**')).toEqual([
      'content/en/functions/f.md',
      'content/en/guide.md'
    ])
    expect(await paths('content/**/*.md', '!content/en/functions/**')).toEqual([
      'content/en/guide.md'
    ])
    expect(await paths('content/**', '--ignore', 'content/en/functions')).toEqual([
      'content/en/guide.md'
    ])
    expect(await paths('content/**', '--ext', 'mdx')).toEqual([
      'content/en/functions/f.md',
      'content/en/guide.md',
      'content/en/page.mdx'
    ])
    rmSync(work, {recursive: true, force: true})
  })

  test('should decide the relaunch with the default cache folder the batch layer uses', () => {
    expect(defaultCache).toBe(defaults.cache)
  })
})
