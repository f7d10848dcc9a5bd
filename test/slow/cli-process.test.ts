import {spawn, spawnSync} from 'node:child_process'
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync
} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {files, list} from '../_helpers.js'
import {v8Flags, worthRelaunching} from '../../src/cli/relaunch.js'
import {convert, convertFiles, serialize} from '../../src/index.js'
import type {NoteDocument} from '../../src/index.js'

const bin = fileURLToPath(new URL('../../dist/cli.js', import.meta.url))

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** Run the built CLI as a child process. */
function md2data(args: Array<string>, cwd: string): Run {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000
  })
  return {code: result.status, stdout: result.stdout, stderr: result.stderr}
}

/** Wait for what a watching process brings about: checked every 50 ms, for up to 10 s. */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  let passed = await check()
  for (let tries = 0; tries < 200 && !passed; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    passed = await check()
  }
  expect(passed).toBe(true)
}

const good = '---\ntitle: Good\n---\n\n# Good\n\nText.\n'
const warn = '# Warn\n\n[unused]: https://example.com\n'
const bad = '---\ntitle: [unclosed\n---\n\n# Bad\n'

let root: string
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'md2data-cli-'))
  files(root, {
    'notes/good.md': good,
    'notes/sub/warn.md': warn,
    'notes/sub/bad.md': bad,
    'notes/node_modules/dep.md': good,
    'notes/.hidden/secret.md': good,
    'notes/ignored.md': good,
    'notes/readme.txt': 'not markdown',
    'notes/.gitignore': 'ignored.md\n'
  })
})
afterAll(() => rmSync(root, {recursive: true, force: true}))

describe('md2data (CLI)', () => {
  test('should print help and the version', () => {
    const helpRun = md2data(['--help'], root)
    expect(helpRun.code).toBe(0)
    expect(helpRun.stdout.split('\n')[0]).toBe('Usage: md2data [patterns…] [options]')
    expect(helpRun.stdout).toContain(
      'Exit codes: 0 no errors, 1 errors in the notes (or warnings with --strict),'
    )
    const versionRun = md2data(['--version'], root)
    expect(versionRun).toEqual({
      code: 0,
      stdout: `${JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version}\n`,
      stderr: ''
    })
  })

  test('should exit 2 on bad usage', () => {
    expect(md2data(['--nope', 'notes'], root)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'md2data: Unknown option `--nope`; see `md2data --help`\n'
    })
    expect(md2data([], root).stderr).toBe(
      'md2data: Missing patterns: give folders, files or globs of notes (see `md2data --help`)\n'
    )
    expect(md2data(['notes', '--shard', '3/2'], root)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'md2data: Unexpected `--shard 3/2`, expected I/N with 1 <= I <= N (such as 1/4)\n'
    })
    expect(md2data(['notes', '--jobs', '0'], root).code).toBe(2)
    expect(md2data(['notes', '--reporter', 'tap'], root).code).toBe(2)
    expect(md2data(['notes', '--watch'], root).stderr).toBe(
      'md2data: Unexpected `--watch` without `--out-dir`\n'
    )
    expect(md2data(['missing/**/*.md'], root)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'md2data: no notes match `missing/**/*.md`\nmd2data: no notes to convert\n'
    })
    const schema = md2data(['notes', '--schema', 'nope.json'], root)
    expect(schema.code).toBe(2)
    expect(schema.stderr).toMatch(/^md2data: Cannot load schema `.*nope\.json`: ENOENT/)
  })

  test('should report in the stylish format and exit 1 on errors', () => {
    const result = md2data(['notes'], root)
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr.replace(/in \d+\.\d s/, 'in 0.0 s')).toBe(
      [
        'notes/sub/bad.md',
        '  2:17-2:17  error  Cannot parse YAML: Expected `]` closing the `[` before the end of its value (or lines inside it indented more than its key)  frontmatter-syntax',
        '',
        'notes/sub/warn.md',
        '  3:1-3:30  warning  Unexpected unused definition `[unused]`, no reference uses it  reference-unused',
        '',
        '✖ 2 problems (1 error, 1 warning)',
        'md2data: 3 notes, 1 error, 1 warning in 0.0 s (checked only: give --out-dir or --ndjson to write documents)',
        ''
      ].join('\n')
    )
  })

  test('should exit 0 with warnings, 1 with warnings and --strict, and hide them with --quiet', () => {
    expect(md2data(['notes/good.md', 'notes/sub/warn.md'], root).code).toBe(0)
    expect(md2data(['notes/good.md', 'notes/sub/warn.md', '--strict'], root).code).toBe(1)
    const quiet = md2data(['notes', '--quiet'], root)
    expect(quiet.code).toBe(1)
    expect(quiet.stderr).not.toContain('reference-unused')
    expect(quiet.stderr).toContain('frontmatter-syntax')
    const silent = md2data(['notes', '--silent'], root)
    expect(silent).toEqual({code: 1, stdout: '', stderr: ''})
  })

  test('should report as JSON', () => {
    const result = md2data(['notes', '--reporter', 'json'], root)
    expect(result.code).toBe(1)
    const [json] = result.stderr.split('\nmd2data: ')
    expect(JSON.parse(json as string)).toEqual([
      {
        path: 'notes/sub/bad.md',
        diagnostics: [
          {
            severity: 'error',
            ruleId: 'frontmatter-syntax',
            message:
              'Cannot parse YAML: Expected `]` closing the `[` before the end of its value (or lines inside it indented more than its key)',
            path: 'notes/sub/bad.md',
            position: {
              start: {line: 2, column: 17, offset: 20},
              end: {line: 2, column: 17, offset: 20}
            },
            source: 'md2data'
          }
        ]
      },
      {
        path: 'notes/sub/warn.md',
        diagnostics: [
          {
            severity: 'warning',
            ruleId: 'reference-unused',
            message: 'Unexpected unused definition `[unused]`, no reference uses it',
            path: 'notes/sub/warn.md',
            position: {
              start: {line: 3, column: 1, offset: 8},
              end: {line: 3, column: 30, offset: 37}
            },
            source: 'md2data'
          }
        ]
      }
    ])
  })

  test('should report as GitHub Actions annotations', () => {
    const result = md2data(['notes', '--reporter', 'github'], root)
    expect(result.stderr.split('\n').slice(0, 2)).toEqual([
      '::error file=notes/sub/bad.md,line=2,col=17,endLine=2,endColumn=17,title=frontmatter-syntax::Cannot parse YAML: Expected `]` closing the `[` before the end of its value (or lines inside it indented more than its key)',
      '::warning file=notes/sub/warn.md,line=3,col=1,endLine=3,endColumn=30,title=reference-unused::Unexpected unused definition `[unused]`, no reference uses it'
    ])
  })

  test('should print one note’s JSON on stdout, as convert gives it', () => {
    const result = md2data(['notes/good.md'], root)
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(serialize(convert(good, {path: 'notes/good.md'})))
    expect(md2data(['notes/good.md', '--pretty'], root).stdout).toBe(
      serialize(convert(good, {path: 'notes/good.md'}), {pretty: true})
    )
  })

  test('should write a mirror tree and index.json with --out-dir', () => {
    const out = path.join(root, 'out-tree')
    const result = md2data(['notes', '--out-dir', out, '--no-positions'], root)
    expect(result.code).toBe(1)
    expect(list(out)).toEqual(['good.json', 'index.json', 'sub/bad.json', 'sub/warn.json'])
    expect(readFileSync(path.join(out, 'good.json'), 'utf8')).toBe(
      serialize(convert(good, {path: 'notes/good.md', positions: false}))
    )
    expect(JSON.parse(readFileSync(path.join(out, 'index.json'), 'utf8'))).toEqual({
      schemaVersion: 1,
      generator: 'md2data 0.1.0',
      notes: [
        {
          path: 'notes/good.md',
          output: 'good.json',
          title: 'Good',
          frontmatter: {title: 'Good'},
          valid: true,
          errors: 0,
          warnings: 0,
          infos: 0
        },
        {
          path: 'notes/sub/bad.md',
          output: 'sub/bad.json',
          title: 'Bad',
          frontmatter: {},
          valid: false,
          errors: 1,
          warnings: 0,
          infos: 0
        },
        {
          path: 'notes/sub/warn.md',
          output: 'sub/warn.json',
          title: 'Warn',
          frontmatter: null,
          valid: null,
          errors: 0,
          warnings: 1,
          infos: 0
        }
      ],
      links: {
        notes: {
          'notes/good.md': {links: [], backlinks: []},
          'notes/sub/bad.md': {links: [], backlinks: []},
          'notes/sub/warn.md': {links: [], backlinks: []}
        },
        orphans: ['notes/good.md', 'notes/sub/bad.md', 'notes/sub/warn.md']
      }
    })
  })

  test('should write NDJSON, in order whatever the jobs, to stdout or a file', () => {
    const one = md2data(['notes', '--ndjson', '--jobs', '1'], root)
    const two = md2data(['notes', '--ndjson', '--jobs', '2'], root)
    expect(one.stdout).toBe(two.stdout)
    const lines = one.stdout.trimEnd().split('\n')
    expect(lines.map((line) => (JSON.parse(line) as {path: string}).path)).toEqual([
      'notes/good.md',
      'notes/sub/bad.md',
      'notes/sub/warn.md'
    ])
    const file = md2data(['notes', '--ndjson', 'all.ndjson'], root)
    expect(file.stdout).toBe('')
    expect(readFileSync(path.join(root, 'all.ndjson'), 'utf8')).toBe(one.stdout)
  })

  test('should write an NDJSON file atomically, in a folder it makes, cleaning stale temporaries', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'md2data-ndjson-'))
    // Temporary files of a process that is gone (removed), of a running one (this test's: kept),
    // and one in a subfolder (kept: only the NDJSON file's own folder is cleaned).
    const stale = '.md2data-2147483646-0123456789ab.tmp'
    const running = `.md2data-${process.pid}-0123456789ab.tmp`
    files(work, {
      'notes/a.md': good,
      'notes/b.md': warn,
      [`build/${stale}`]: 'x',
      [`build/${running}`]: 'x',
      [`build/sub/${stale}`]: 'x',
      file: 'not a folder'
    })
    // (Temporary files are stale only once unchanged for 10 minutes: another container's run may
    // be writing them.)
    const old = new Date(Date.now() - 11 * 60 * 1000)
    for (const name of [stale, running, `sub/${stale}`])
      utimesSync(path.join(work, 'build', name), old, old)
    files(work, {[`build/.md2data-2147483645-0123456789ab.tmp`]: 'recent'})
    const stdout = md2data(['notes', '--ndjson'], work).stdout
    expect(md2data(['notes', '--ndjson', 'build/all.ndjson'], work).code).toBe(0)
    expect(readFileSync(path.join(work, 'build/all.ndjson'), 'utf8')).toBe(stdout)
    expect(stdout.split('\n').length).toBe(3)
    expect(list(path.join(work, 'build'))).toEqual([
      ...['.md2data-2147483645-0123456789ab.tmp', running].sort(),
      'all.ndjson',
      `sub/${stale}`
    ])
    // Unchanged content: the file is left as it is (its modification time too).
    const all = path.join(work, 'build/all.ndjson')
    const past = new Date('2020-01-01T00:00:00Z')
    utimesSync(all, past, past)
    expect(md2data(['notes', '--ndjson', 'build/all.ndjson'], work).code).toBe(0)
    expect(statSync(all).mtimeMs).toBe(past.getTime())
    // Changed: the first note's line differs; then a prefix of the old content (b.md gone); then
    // longer again.
    writeFileSync(path.join(work, 'notes/a.md'), `${good}\nMore.\n`)
    const changed = md2data(['notes', '--ndjson'], work).stdout
    expect(md2data(['notes', '--ndjson', 'build/all.ndjson'], work).code).toBe(0)
    expect(readFileSync(all, 'utf8')).toBe(changed)
    expect(statSync(all).mtimeMs).toBeGreaterThan(past.getTime())
    rmSync(path.join(work, 'notes/b.md'))
    const shorter = md2data(['notes', '--ndjson'], work).stdout
    expect(changed.startsWith(shorter)).toBe(true)
    expect(md2data(['notes', '--ndjson', 'build/all.ndjson'], work).code).toBe(0)
    expect(readFileSync(all, 'utf8')).toBe(shorter)
    writeFileSync(path.join(work, 'notes/b.md'), warn)
    expect(md2data(['notes', '--ndjson', 'build/all.ndjson'], work).code).toBe(0)
    expect(readFileSync(all, 'utf8')).toBe(changed)
    expect(list(path.join(work, 'build'))).toEqual([
      ...['.md2data-2147483645-0123456789ab.tmp', running].sort(),
      'all.ndjson',
      `sub/${stale}`
    ])
    writeFileSync(path.join(work, 'notes/a.md'), good)
    expect(md2data(['notes', '--ndjson', 'new/deeper/all.ndjson'], work).code).toBe(0)
    expect(readFileSync(path.join(work, 'new/deeper/all.ndjson'), 'utf8')).toBe(stdout)
    expect(md2data(['notes', '--ndjson', 'file/all.ndjson'], work)).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'md2data: Cannot write `file/all.ndjson`: a part of the path is not a folder (EEXIST)\n'
    })
    rmSync(work, {recursive: true, force: true})
  })

  test('should write NDJSON into a device or a FIFO as it is, through a link, keeping permissions', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'md2data-ndjson-special-'))
    files(work, {'notes/a.md': good, 'notes/b.md': warn, 'real.ndjson': 'old\n'})
    const expected = md2data(['notes', '--ndjson'], work).stdout
    // A device: written to, never replaced (as root, a rename over /dev/null would replace it: as
    // root the test uses a device of its own, made like /dev/null).
    const root = process.getuid?.() === 0
    const device = root ? path.join(work, 'null') : '/dev/null'
    if (root) spawnSync('mknod', [device, 'c', '1', '3'])
    expect(md2data(['notes', `--ndjson=${device}`], work).code).toBe(0)
    expect(statSync(device).isCharacterDevice()).toBe(true)
    expect(
      readdirSync(path.dirname(device)).filter((name) => name.startsWith('.md2data-'))
    ).toEqual([])
    // A FIFO, read by another process.
    spawnSync('mkfifo', [path.join(work, 'pipe')])
    const reader = spawn('cat', [path.join(work, 'pipe')])
    let piped = ''
    reader.stdout.on('data', (chunk: Buffer) => {
      piped += chunk.toString()
    })
    const exited = new Promise((resolve) => reader.on('exit', resolve))
    const writer = spawn(process.execPath, [bin, 'notes', '--ndjson=pipe'], {cwd: work})
    expect(await new Promise((resolve) => writer.on('exit', resolve))).toBe(0)
    await exited
    expect(piped).toBe(expected)
    expect(statSync(path.join(work, 'pipe')).isFIFO()).toBe(true)
    // A link to a file: the file gets the lines, keeping its permissions; the link stays.
    symlinkSync('real.ndjson', path.join(work, 'link.ndjson'))
    chmodSync(path.join(work, 'real.ndjson'), 0o640)
    expect(md2data(['notes', '--ndjson', 'link.ndjson'], work).code).toBe(0)
    expect(readFileSync(path.join(work, 'real.ndjson'), 'utf8')).toBe(expected)
    expect(lstatSync(path.join(work, 'link.ndjson')).isSymbolicLink()).toBe(true)
    expect(statSync(path.join(work, 'real.ndjson')).mode & 0o777).toBe(0o640)
    // Links to no file yet: the file they name is made (and its folder), the links stay; a loop
    // of links: exit 2.
    symlinkSync('made/later.ndjson', path.join(work, 'dangling.ndjson'))
    symlinkSync('dangling.ndjson', path.join(work, 'chain.ndjson'))
    expect(md2data(['notes', '--ndjson', 'chain.ndjson'], work).code).toBe(0)
    expect(readFileSync(path.join(work, 'made', 'later.ndjson'), 'utf8')).toBe(expected)
    expect(lstatSync(path.join(work, 'chain.ndjson')).isSymbolicLink()).toBe(true)
    expect(lstatSync(path.join(work, 'dangling.ndjson')).isSymbolicLink()).toBe(true)
    symlinkSync('loop-b', path.join(work, 'loop-a'))
    symlinkSync('loop-a', path.join(work, 'loop-b'))
    symlinkSync('loop-a', path.join(work, 'loop.ndjson'))
    expect(md2data(['notes', '--ndjson', 'loop.ndjson'], work)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'md2data: Cannot write `loop.ndjson`: too many symbolic links (ELOOP)\n'
    })
    expect(lstatSync(path.join(work, 'loop-a')).isSymbolicLink()).toBe(true)
    expect(lstatSync(path.join(work, 'loop-b')).isSymbolicLink()).toBe(true)
    // A folder: exit 2.
    expect(md2data(['notes', '--ndjson=notes'], work)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'md2data: Cannot write `notes`: it is a folder (EISDIR)\n'
    })
    rmSync(work, {recursive: true, force: true})
  })

  test('should split notes into stable shards that together are the whole set', () => {
    const whole = md2data(['notes', '--ndjson'], root).stdout.trimEnd().split('\n').sort()
    const parts = [1, 2, 3].map((index) =>
      md2data(['notes', '--ndjson', '--shard', `${index}/3`], root)
        .stdout.split('\n')
        .filter(Boolean)
    )
    expect(parts.flat().sort()).toEqual(whole)
    expect(new Set(parts.flat()).size).toBe(whole.length)
  })

  test('should read front matter only with --frontmatter-only, validated with --schema', () => {
    files(root, {
      'schema.json': JSON.stringify({
        type: 'object',
        required: ['title'],
        properties: {title: {type: 'string'}}
      }),
      'schema.mjs':
        "export default {'~standard': {version: 1, vendor: 'test', validate: (value) => typeof value.title === 'string' ? {value} : {issues: [{message: 'needs a title', path: ['title']}]}}}\n"
    })
    const result = md2data(
      [
        'notes/good.md',
        'notes/sub/warn.md',
        '--frontmatter-only',
        '--schema',
        'schema.json',
        '--ndjson'
      ],
      root
    )
    expect(
      result.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line))
    ).toEqual([
      {
        path: 'notes/good.md',
        frontmatter: {
          format: 'yaml',
          raw: 'title: Good',
          data: {title: 'Good'},
          valid: true,
          position: {start: {line: 1, column: 1, offset: 0}, end: {line: 3, column: 4, offset: 19}}
        },
        diagnostics: []
      },
      {
        path: 'notes/sub/warn.md',
        frontmatter: null,
        diagnostics: [
          {
            severity: 'error',
            ruleId: 'frontmatter-schema',
            message: 'Missing required key `title`: must have required property `title`',
            path: 'notes/sub/warn.md',
            position: {
              start: {line: 1, column: 1, offset: 0},
              end: {line: 1, column: 1, offset: 0}
            },
            source: 'md2data'
          }
        ]
      }
    ])
    expect(result.code).toBe(1)
    const module = md2data(
      ['notes/sub/warn.md', '--schema', 'schema.mjs', '--frontmatter-only', '--ndjson'],
      root
    )
    expect(module.stderr).toContain(
      'Missing required key `title`: needs a title  frontmatter-schema'
    )
  })

  test('should cache conversions, and miss when the note, the options or the schema change', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'md2data-cache-'))
    // `c.md` has `b.md`'s bytes: the cache must still give each its own document (its path).
    files(work, {'a.md': good, 'b.md': warn, 'c.md': warn, 's.json': '{"type": "object"}'})
    const run = (...extra: Array<string>) =>
      md2data(['.', '--ndjson', 'out.ndjson', '--cache=.cache', ...extra], work).stderr
    expect(run()).toMatch(/^md2data: 3 notes, 0 errors, 2 warnings in/m)
    const cold = readFileSync(path.join(work, 'out.ndjson'), 'utf8')
    expect(run()).toMatch(/^md2data: 3 notes \(3 from cache\), 0 errors, 2 warnings in/m)
    expect(readFileSync(path.join(work, 'out.ndjson'), 'utf8')).toBe(cold)
    // One pack for these options; a pack cut short (a crash: packs are not flushed to disk) is
    // a miss of every note, converted again, and written again (the broken one removed).
    const packs = list(path.join(work, '.cache')).filter((name) => name.endsWith('.pack'))
    expect(packs).toEqual([expect.stringMatching(/^[\da-f]{32}-[\da-f]{12}\.pack$/)])
    expect(list(path.join(work, '.cache'))).toEqual(packs)
    const pack = path.join(work, '.cache', packs[0] as string)
    writeFileSync(pack, readFileSync(pack).subarray(0, -2))
    expect(run()).toMatch(/^md2data: 3 notes, 0 errors, 2 warnings in/m)
    expect(readFileSync(path.join(work, 'out.ndjson'), 'utf8')).toBe(cold)
    expect(list(path.join(work, '.cache')).filter((name) => name.endsWith('.pack')).length).toBe(1)
    expect(run()).toMatch(/^md2data: 3 notes \(3 from cache\)/m)
    expect(
      cold
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as {path: string}).path)
    ).toEqual(['a.md', 'b.md', 'c.md'])
    writeFileSync(path.join(work, 'a.md'), `${good}\nMore.\n`)
    expect(run()).toMatch(/^md2data: 3 notes \(2 from cache\)/m)
    expect(run('--no-positions')).toMatch(/^md2data: 3 notes, /m)
    expect(run('--no-positions')).toMatch(/^md2data: 3 notes \(3 from cache\)/m)
    expect(run('--schema', 's.json')).toMatch(/^md2data: 3 notes, /m)
    writeFileSync(path.join(work, 's.json'), '{"type": "object", "required": []}')
    expect(run('--schema', 's.json')).toMatch(/^md2data: 3 notes, /m)
    expect(run('--schema', 's.json')).toMatch(/^md2data: 3 notes \(3 from cache\)/m)
    // Packs of four sets of options: the default, --no-positions, and two schemas.
    const names = list(path.join(work, '.cache')).filter((name) => name.endsWith('.pack'))
    expect(new Set(names.map((name) => name.split('-')[0])).size).toBe(4)
    rmSync(work, {recursive: true, force: true})
  })

  test('should leave an unchanged --ndjson file as it is, and put a changed one right', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'md2data-ndjson-same-'))
    files(work, {'a.md': good, 'b.md': '# 見出し\n\n本文。\n', 'c.md': warn})
    const out = path.join(work, 'out.ndjson')
    const run = () => md2data(['.', '--ndjson', 'out.ndjson', '--cache=.cache'], work)
    const expected = () => {
      expect(md2data(['.', '--ndjson', 'fresh.ndjson', '--jobs', '1'], work).code).toBe(0)
      const fresh = readFileSync(path.join(work, 'fresh.ndjson'), 'utf8')
      rmSync(path.join(work, 'fresh.ndjson'))
      return fresh
    }
    expect(run().code).toBe(0)
    const first = readFileSync(out, 'utf8')
    expect(first).toBe(expected())
    utimesSync(out, 1_000_000, 1_000_000)
    expect(run().stderr).toMatch(/^md2data: 3 notes \(3 from cache\)/m)
    expect(statSync(out).mtimeMs).toBe(1_000_000_000)
    // The file edited by hand, to the same size: put right.
    writeFileSync(out, first.replace('"a.md"', '"x.md"'))
    expect(run().code).toBe(0)
    expect(readFileSync(out, 'utf8')).toBe(first)
    // A note changed.
    writeFileSync(path.join(work, 'b.md'), '# 見出し\n\n本文が長くなった。\n')
    expect(run().stderr).toMatch(/^md2data: 3 notes \(2 from cache\)/m)
    expect(readFileSync(out, 'utf8')).toBe(expected())
    rmSync(work, {recursive: true, force: true})
  })

  test('should give from the cache the same bytes, pretty ones too, and the same strings', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'md2data-cache-bytes-'))
    // Multi-byte text before the indented form: the entry splits the two by bytes.
    files(work, {
      'a.md': '---\ntitle: 日本語のノート\n---\n# 見出し\n\n本文、𠮷野家。\n',
      'b.md': good
    })
    const outputs = () =>
      ['a.json', 'b.json', 'index.json'].map((name) =>
        readFileSync(path.join(work, 'out', name), 'utf8')
      )
    const run = () => md2data(['.', '--out-dir', 'out', '--pretty', '--cache=.cache'], work).stderr
    expect(run()).toMatch(/^md2data: 2 notes, 0 errors/m)
    const cold = outputs()
    rmSync(path.join(work, 'out'), {recursive: true})
    expect(run()).toMatch(/^md2data: 2 notes \(2 from cache\), 0 errors/m)
    expect(outputs()).toEqual(cold)
    expect(cold[0]).toContain('\n  "title": "日本語のノート",\n')

    // From code: a hit's `json` and `pretty` are strings, equal to a fresh conversion's.
    const notes = [{path: 'a.md', absolute: path.join(work, 'a.md'), relative: 'a.md'}]
    const options = {cache: path.join(work, '.api-cache'), pretty: true, jobs: 1}
    const results = []
    for (let round = 0; round < 2; round++) {
      for await (const result of convertFiles(notes, options)) results.push({...result})
    }
    expect(results.map((result) => result.cached)).toEqual([false, true])
    expect(results[1]?.json).toBe(results[0]?.json)
    expect(results[1]?.pretty).toBe(results[0]?.pretty)
    expect(typeof results[1]?.json).toBe('string')
    rmSync(work, {recursive: true, force: true})
  })

  test('should report colliding outputs instead of overwriting', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'md2data-collide-'))
    files(work, {
      'A.md': '# Upper\n',
      'a.md': '# Lower\n',
      'index.md': '# Index\n',
      'caf\u00e9.md': '# NFC\n',
      'cafe\u0301.md': '# NFD\n'
    })
    const result = md2data(['.', '--out-dir', 'out'], work)
    expect(result.code).toBe(1)
    // Sorted by path, the NFD name (`e` + U+0301) comes before the NFC one (`é`), so it wins.
    expect(list(path.join(work, 'out'))).toEqual(['A.json', 'cafe\u0301.json', 'index.json'])
    expect(result.stderr).toContain(
      'Cannot write `a.json`: `A.md` maps to the same output (names differ only in case or Unicode normalization); not written  output-collision'
    )
    expect(result.stderr).toContain(
      'Cannot write `index.json`: it is the index (use `--index NAME` for another name); not written  output-collision'
    )
    expect(result.stderr).toContain(
      'Cannot write `caf\u00e9.json`: `cafe\u0301.md` maps to the same output'
    )
    rmSync(work, {recursive: true, force: true})
  })

  test('should skip a FIFO named x.md without hanging, and not follow symlinks', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'md2data-fifo-'))
    files(work, {'real.md': good})
    spawnSync('mkfifo', [path.join(work, 'pipe.md')])
    symlinkSync(path.join(work, 'real.md'), path.join(work, 'link.md'))
    const result = md2data(['.', '--ndjson'], work)
    expect(result.code).toBe(0)
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(1)
    expect(result.stderr).toContain(
      'warning  Skipped `pipe.md`: a FIFO (named pipe), not a regular file  file-skipped'
    )
    expect(result.stderr).toContain(
      'info  Skipped `link.md`: a symbolic link (use `--follow-symlinks` to follow links)  file-skipped'
    )
    const followed = md2data(['.', '--ndjson', '--follow-symlinks'], work)
    expect(followed.stdout.trimEnd().split('\n')).toHaveLength(2)
    rmSync(work, {recursive: true, force: true})
  })

  test('should stop a pathological note at the time budget and convert the rest', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'md2data-slow-'))
    // Notes go to workers in batches of up to 8: the slow one shares its batch with others,
    // which are converted again when its worker is stopped.
    const names = [
      ...Array.from({length: 10}, (_, index) => `a${index}.md`),
      'slow.md',
      ...Array.from({length: 10}, (_, index) => `z${index}.md`)
    ]
    files(
      work,
      Object.fromEntries(
        names.map((name) => [
          name,
          name === 'slow.md'
            ? `---\ntitle: Slow\n---\n\n${'a_ '.repeat(40_000)}\n`
            : name.startsWith('a')
              ? good
              : warn
        ])
      )
    )
    const result = md2data(['.', '--ndjson', '--timeout', '1000', '--jobs', '1'], work)
    expect(result.code).toBe(1)
    const lines = result.stdout.trimEnd().split('\n')
    const documents = lines.map((line) => JSON.parse(line))
    expect(documents.map((document) => document.path)).toEqual(names)
    for (const [index, name] of names.entries()) {
      if (name === 'slow.md') continue
      expect(lines[index] + '\n').toBe(
        serialize(convert(name.startsWith('a') ? good : warn, {path: name}))
      )
    }
    expect(documents[10].title).toBe('Slow')
    expect(documents[10].sections).toEqual([])
    expect(documents[10].diagnostics.map((item: {ruleId: string}) => item.ruleId)).toEqual([
      'document-timeout'
    ])
    expect(result.stderr).toContain(
      'Cannot convert in time: parsing took longer than 1000 ms (`--timeout`); the input looks pathological, its body is left out  document-timeout'
    )
    rmSync(work, {recursive: true, force: true})
  })

  test('should not parse front matter over --max-frontmatter-size, nor nesting past --max-depth', () => {
    const result = md2data(['notes/good.md', '--max-frontmatter-size', '5'], root)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      '2:1-2:1  error  Cannot read front matter of 11 bytes, the limit is 5 (`maxFrontmatterSize`)  frontmatter-too-large'
    )
    files(root, {'deep.md': '> > > a\n'})
    const deep = md2data(['deep.md', '--max-depth', '2'], root)
    expect(deep.stderr).toContain(
      '1:5-1:6  error  Cannot convert block quotes and lists nested deeper than 2 levels (`maxDepth`); its body is left out  document-too-deep'
    )
    expect(md2data(['deep.md', '--max-depth', '3'], root).code).toBe(0)
  })

  test('should not convert notes over --max-size', () => {
    const result = md2data(['notes/good.md', '--max-size', '10'], root)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      `Cannot convert a ${Buffer.byteLength(good)} B note, the limit is 10 B (\`--max-size\`); its body is left out  document-too-large`
    )
    expect(
      JSON.parse(result.stdout).diagnostics.map((item: {ruleId: string}) => item.ruleId)
    ).toEqual(['document-too-large'])
  })

  // Once with SIGINT sent to the command's process, once to its process group as a terminal's
  // Ctrl-C is (its relaunched child gets it too, and must count it once, not as a second Ctrl-C).
  test.each(['process', 'group'])(
    'should leave only complete outputs when interrupted (SIGINT to the %s: exit 130)',
    async (target) => {
      const work = mkdtempSync(path.join(tmpdir(), 'md2data-sigint-'))
      const corpus = path.resolve(
        import.meta.dirname,
        '../../../shared/corpora/hugo-docs/content/en/functions'
      )
      // An NDJSON file from an earlier run: it stays as it was.
      writeFileSync(path.join(work, 'all.ndjson'), '{"earlier": true}\n')
      const child = spawn(
        process.execPath,
        [bin, corpus, '--out-dir', path.join(work, 'out'), '--ndjson', 'all.ndjson', '--jobs', '1'],
        {cwd: work, detached: target === 'group'}
      )
      let stderr = ''
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString()
      })
      // Wait for a few outputs, then interrupt.
      for (
        let tries = 0;
        tries < 200 &&
        (!existsSync(path.join(work, 'out')) || list(path.join(work, 'out')).length < 5);
        tries++
      ) {
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      if (target === 'group') process.kill(-(child.pid as number), 'SIGINT')
      else child.kill('SIGINT')
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
      expect(code).toBe(130)
      expect(stderr).toContain(
        'md2data: interrupted; outputs written so far are complete, the index and the NDJSON file were not updated'
      )
      const written = list(path.join(work, 'out'))
      expect(written.length).toBeGreaterThanOrEqual(5)
      expect(written.some((name) => name.endsWith('.tmp'))).toBe(false)
      expect(written).not.toContain('index.json')
      for (const name of written)
        expect(() => JSON.parse(readFileSync(path.join(work, 'out', name), 'utf8'))).not.toThrow()
      expect(readdirSync(work).sort()).toEqual(['all.ndjson', 'out'])
      expect(readFileSync(path.join(work, 'all.ndjson'), 'utf8')).toBe('{"earlier": true}\n')
      rmSync(work, {recursive: true, force: true})
    }
  )

  test('should stop quietly (exit 141) when the reader of its standard output goes away', async () => {
    const corpus = path.resolve(
      import.meta.dirname,
      '../../../shared/corpora/hugo-docs/content/en/functions'
    )
    // (`--no-links`: documents are written as they come, not once all are converted.)
    const child = spawn(process.execPath, [bin, corpus, '--ndjson', '--jobs', '1', '--no-links'])
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    // Read the first chunk, then close the pipe (as `| head -c 100` does).
    child.stdout.once('data', () => child.stdout.destroy())
    const code = await new Promise((resolve) => child.on('exit', resolve))
    expect(code).toBe(141)
    expect(stderr).not.toMatch(/EPIPE|Error|at /)
  })

  test('should exit 2, not crash or hang, when the worker cannot start', () => {
    // A copy of dist/ inside the project (so that its imports resolve) with a worker that throws.
    const cache = fileURLToPath(new URL('../../node_modules/.cache', import.meta.url))
    mkdirSync(cache, {recursive: true})
    const copy = mkdtempSync(path.join(cache, 'md2data-broken-'))
    cpSync(path.dirname(bin), copy, {recursive: true})
    const worker = path.join(copy, 'worker.js')
    writeFileSync(worker, `throw new Error('broken worker')\n${readFileSync(worker, 'utf8')}`)
    const fixtures = fileURLToPath(new URL('../../fixtures', import.meta.url))
    for (const args of [
      [fixtures, '--ndjson', path.join(copy, 'out.ndjson')],
      [fixtures, '--jobs', '1', '--ndjson', path.join(copy, 'out.ndjson')],
      [path.join(fixtures, 'table', 'input.md')]
    ]) {
      const run = spawnSync(process.execPath, [path.join(copy, 'cli.js'), ...args], {
        encoding: 'utf8',
        timeout: 60_000
      })
      expect([run.status, run.stderr]).toEqual([
        2,
        'md2data: Cannot start a conversion worker: broken worker\n'
      ])
    }
    rmSync(copy, {recursive: true, force: true})
  })

  test('should give the same output and exit code in one process (MD2DATA_RELAUNCH=0)', () => {
    const fixtures = fileURLToPath(new URL('../../fixtures', import.meta.url))
    const args = [bin, fixtures, '--ndjson', '--reporter', 'json']
    const relaunched = spawnSync(process.execPath, args, {encoding: 'utf8'})
    const single = spawnSync(process.execPath, args, {
      encoding: 'utf8',
      env: {...process.env, MD2DATA_RELAUNCH: '0'}
    })
    expect([single.status, relaunched.status]).toEqual([1, 1])
    expect(single.stdout).toBe(relaunched.stdout)
    const notes = list(fixtures).filter((file) => file.endsWith('.md')).length
    expect(single.stdout.split('\n').length).toBe(notes + 1)
    expect(single.stderr).toBe(relaunched.stderr)
    // (One JSON value: the files with diagnostics.)
    expect(Array.isArray(JSON.parse(single.stderr))).toBe(true)
  })

  test('should relaunch itself with the V8 flags of `v8Flags`, once', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'md2data-flags-'))
    const probe = path.join(work, 'probe.mjs')
    // (Printed by each process's main thread: workers load `--import` modules too.)
    writeFileSync(
      probe,
      "import {isMainThread} from 'node:worker_threads'\n" +
        'if (isMainThread) process.stderr.write(`argv ${JSON.stringify(process.execArgv)}\\n`)\n'
    )
    files(work, {'note.md': '# Note\n'})
    const run = spawnSync(process.execPath, ['--import', probe, bin, 'note.md'], {
      cwd: work,
      encoding: 'utf8'
    })
    expect(run.status).toBe(0)
    const lines = run.stderr.split('\n').filter((line) => line.startsWith('argv '))
    expect(lines.map((line) => JSON.parse(line.slice(5)) as string[])).toEqual([
      ['--import', probe],
      ['--import', probe, ...v8Flags([], process.versions.v8)]
    ])
    // A cache folder with entries (most notes will be hits), or --version: one process.
    const cached = (folder: string) =>
      spawnSync(process.execPath, ['--import', probe, bin, 'note.md', `--cache=${folder}`], {
        cwd: work,
        encoding: 'utf8'
      })
        .stderr.split('\n')
        .filter((line) => line.startsWith('argv ')).length
    expect(cached('.cache')).toBe(2)
    expect(cached('.cache')).toBe(1)
    expect(worthRelaunching(['a.md', '--cache=.cache'], work)).toBe(false)
    expect(worthRelaunching(['a.md', '--cache=empty'], work)).toBe(true)
    expect(worthRelaunching(['a.md', '--', '--cache=.cache'], work)).toBe(true)
    expect(worthRelaunching(['a.md', '--cache'], work)).toBe(true)
    expect(worthRelaunching(['--version'], work)).toBe(false)
    expect(worthRelaunching(['-h'], work)).toBe(false)
    expect(worthRelaunching(['--', '-h'], work)).toBe(true)
    rmSync(work, {recursive: true, force: true})
  })

  test("v8Flags: the budget only where V8 has it, never over the user's own", () => {
    expect(v8Flags([], '11.3.244.8-node.33')).toEqual([
      '--single-threaded-gc',
      '--interrupt-budget=528000'
    ])
    expect(v8Flags(['--interrupt-budget=1000'], '11.3.244.8-node.33')).toEqual([
      '--single-threaded-gc'
    ])
    expect(v8Flags([], '12.4.254.21-node.33')).toEqual(['--single-threaded-gc'])
  })

  test('should watch: convert changes, remove outputs of deleted notes, survive invalid notes', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'md2data-watch-'))
    files(work, {'notes/a.md': good, 'notes/b.md': warn})
    const child = spawn(process.execPath, [bin, 'notes', '--out-dir', 'out', '--watch'], {
      cwd: work
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    await until(() => stderr.includes('watching 1 folder'))
    writeFileSync(path.join(work, 'notes/a.md'), '---\ntitle: Changed\n---\n')
    await until(() =>
      readFileSync(path.join(work, 'out/a.json'), 'utf8').includes('"title":"Changed"')
    )
    unlinkSync(path.join(work, 'notes/b.md'))
    await until(() => !existsSync(path.join(work, 'out/b.json')))
    writeFileSync(path.join(work, 'notes/c.md'), '---\ntitle: [broken\n---\n')
    await until(
      () => existsSync(path.join(work, 'out/c.json')) && stderr.includes('frontmatter-syntax')
    )
    const notes = () =>
      (
        JSON.parse(readFileSync(path.join(work, 'out/index.json'), 'utf8')) as {
          notes: Array<{path: string}>
        }
      ).notes
        .map((note) => note.path)
        .join(' ')
    await until(() => notes() === 'notes/a.md notes/c.md')
    child.kill('SIGINT')
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(130)
    rmSync(work, {recursive: true, force: true})
  })
})

describe('--watch with links', () => {
  test('should update the links, diagnostics and backlinks of notes when a note is renamed', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'md2data-watch-links-'))
    files(work, {
      'notes/a.md': '# A\n\nSee [[b]] and [c](c.md#part).\n',
      'notes/b.md': '# B\n',
      'notes/c.md': '# C\n\n## Part\n'
    })
    const args = [bin, 'notes', '--out-dir', 'out', '--watch', '--syntax', 'obsidian']
    const child = spawn(process.execPath, args, {cwd: work})
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    const read = (file: string) => readFileSync(path.join(work, 'out', file), 'utf8')
    const resolved = () =>
      (JSON.parse(read('a.json')) as NoteDocument).links.map((link) => link.resolved ?? null)
    const backlinks = () =>
      (
        JSON.parse(read('index.json')) as {
          links: {notes: Record<string, {backlinks: Array<string>}>}
        }
      ).links.notes
    await until(() => stderr.includes('watching 1 folder'))
    expect(resolved()).toEqual([
      {path: 'notes/b.md', anchor: null},
      {path: 'notes/c.md', anchor: 'part'}
    ])
    expect(backlinks()['notes/c.md']?.backlinks).toEqual(['notes/a.md'])

    // a.md did not change, but its link to c.md broke: it is written again.
    renameSync(path.join(work, 'notes/c.md'), path.join(work, 'notes/d.md'))
    await until(() => existsSync(path.join(work, 'out/d.json')) && resolved()[1] === null)
    expect(
      (JSON.parse(read('a.json')) as NoteDocument).diagnostics.map((item) => item.message)
    ).toEqual(['Unexpected link to missing file `c.md`, no note or file at `notes/c.md`'])
    expect(backlinks()['notes/d.md']?.backlinks).toEqual([])
    expect(stderr).toContain('link-broken')

    // The new name: the link resolves again, the anchor too.
    writeFileSync(path.join(work, 'notes/c.md'), '# C again\n\n## Part\n')
    await until(() => resolved()[1] !== null)
    expect(resolved()[1]).toEqual({path: 'notes/c.md', anchor: 'part'})
    child.kill('SIGINT')
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(130)
    rmSync(work, {recursive: true, force: true})
  })
})

describe('--watch with a config file', () => {
  test('should watch every collection and write its outputs and OUT/index.js again', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'md2data-watch-config-'))
    files(work, {
      'md2data.config.mjs': `export default {
  out: 'out',
  collections: {posts: {include: 'posts'}, notes: {include: 'vault/**/*.md', syntax: 'obsidian'}}
}
`,
      'posts/a.md': good,
      'vault/Home.md': '# Home\n\nSee [[Other]].\n',
      'vault/Other.md': '# Other\n'
    })
    const child = spawn(process.execPath, [bin, '--watch'], {cwd: work})
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    const read = (file: string) => readFileSync(path.join(work, 'out', file), 'utf8')
    // OUT/index.js as a module imports it (it imports nothing): each collection's titles or paths.
    let loaded = 0
    const index = async () =>
      (await import(
        `data:text/javascript,${encodeURIComponent(`${read('index.js')}//${loaded++}`)}`
      )) as Record<string, Array<{path: string; title: string | null}>>
    const titles = async () => (await index())['posts']?.map((note) => note.title)
    const paths = async () => (await index())['notes']?.map((note) => note.path)
    await until(() => stderr.includes('watching 2 folders'))
    expect(stderr).toMatch(/^md2data: collection `posts`\nmd2data: collection `notes`\n/)
    expect(await titles()).toEqual(['Good'])
    const types = statSync(path.join(work, 'out/index.d.ts')).mtimeMs

    // A change in one collection: its note alone is converted, and OUT/index.js has it.
    writeFileSync(path.join(work, 'posts/a.md'), '---\ntitle: Changed\n---\n')
    await until(async () => (await titles())?.[0] === 'Changed')
    expect(read('posts/a.json')).toContain('"title":"Changed"')
    await until(() => stderr.includes('md2data: 1 converted, 0 removed, 0 errors, 0 warnings'))

    // The other collection: a new note, its link resolved; a note removed, gone from OUT/index.js.
    writeFileSync(path.join(work, 'vault/New.md'), '# New\n\nBack [[Home]].\n')
    await until(async () => (await paths())?.includes('vault/New.md') === true)
    expect(JSON.parse(read('notes/New.json'))).toMatchObject({
      links: [{resolved: {path: 'vault/Home.md'}}]
    })
    unlinkSync(path.join(work, 'vault/Other.md'))
    await until(async () => (await paths())?.includes('vault/Other.md') === false)
    expect(existsSync(path.join(work, 'out/notes/Other.json'))).toBe(false)
    expect(
      (JSON.parse(read('notes.json')) as {notes: Array<{path: string}>}).notes.map(
        (note) => note.path
      )
    ).toEqual(['vault/Home.md', 'vault/New.md'])
    // The collections did not change: index.d.ts is as it was.
    expect(statSync(path.join(work, 'out/index.d.ts')).mtimeMs).toBe(types)
    child.kill('SIGINT')
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(130)
    rmSync(work, {recursive: true, force: true})
  })
})

describe('convertFiles', () => {
  test('should report a file that vanished between listing and reading, and go on', async () => {
    const results = []
    const missing = path.join(root, 'notes/vanished.md')
    for await (const result of convertFiles(
      [
        {path: 'notes/vanished.md', absolute: missing, relative: 'vanished.md'},
        {path: 'notes/good.md', absolute: path.join(root, 'notes/good.md'), relative: 'good.md'}
      ],
      {jobs: 1}
    )) {
      results.push(result)
    }
    expect(
      results.map((result) => [
        result.file.path,
        result.json === null,
        result.diagnostics.map((item) => item.message)
      ])
    ).toEqual([
      [
        'notes/vanished.md',
        true,
        ['Cannot read `notes/vanished.md`: it does not exist (or vanished) (ENOENT)']
      ],
      ['notes/good.md', false, []]
    ])
  })
})
