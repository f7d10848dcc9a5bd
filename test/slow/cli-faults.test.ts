import {spawn, spawnSync} from 'node:child_process'
import type {SpawnSyncOptions} from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync
} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterEach, describe, expect, test} from 'vitest'

/**
 * Faults of the file system and the process, as automated tests (RELIABILITY.md §2.4, checklist
 * D). Tests run as root here, and root reads anything: the CLI runs as `nobody` then, so that
 * permissions are real, not simulated.
 */
const bin = fileURLToPath(new URL('../../dist/cli.js', import.meta.url))
const asUser: Pick<SpawnSyncOptions, 'uid' | 'gid'> =
  process.getuid?.() === 0 ? {uid: 65534, gid: 65534} : {}
const note = '---\ntitle: Note\n---\n\n# Note\n\nText.\n'

let work: string
afterEach(() => {
  if (work) {
    spawnSync('chmod', ['-R', 'u+rwx', work])
    rmSync(work, {recursive: true, force: true})
  }
})

function workspace(tree: Record<string, string>): string {
  work = mkdtempSync(path.join(tmpdir(), 'md2data-faults-'))
  chmodSync(work, 0o777)
  for (const [name, content] of Object.entries(tree)) {
    const file = path.join(work, name)
    mkdirSync(path.dirname(file), {recursive: true, mode: 0o777})
    writeFileSync(file, content)
    chmodSync(file, 0o666)
  }
  return work
}

function md2data(args: Array<string>, options: Pick<SpawnSyncOptions, 'uid' | 'gid'> = asUser) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: work,
    encoding: 'utf8',
    timeout: 60_000,
    ...options
  })
  return {code: result.status, stdout: String(result.stdout), stderr: String(result.stderr)}
}

/** The processes (pids) whose working folder is `folder` (Linux: read from `/proc`). */
function processesIn(folder: string): Array<number> {
  if (process.platform !== 'linux') return []
  const pids: Array<number> = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      if (readlinkSync(`/proc/${name}/cwd`) === folder) pids.push(Number(name))
    } catch {
      // Gone, or not ours to read.
    }
  }
  return pids
}

async function until(check: () => boolean): Promise<void> {
  for (let tries = 0; tries < 200 && !check(); tries++)
    await new Promise((resolve) => setTimeout(resolve, 25))
  expect(check()).toBe(true)
}

function outputs(folder: string): Array<string> {
  return readdirSync(folder, {recursive: true, withFileTypes: true})
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)))
    .sort()
}

describe('md2data (CLI) under faults', () => {
  test('should report an unreadable file and an unreadable folder, and convert the rest', () => {
    workspace({'a.md': note, 'secret.md': note, 'private/b.md': note, 'z.md': note})
    chmodSync(path.join(work, 'secret.md'), 0o000)
    chmodSync(path.join(work, 'private'), 0o000)
    const result = md2data(['.', '--ndjson'])
    expect(result.code).toBe(1)
    expect(
      result.stdout
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as {path: string}).path)
    ).toEqual(['a.md', 'z.md'])
    expect(result.stderr).toContain(
      '0:0  error  Cannot read `private`: permission denied (EACCES)  file-unreadable'
    )
    expect(result.stderr).toContain(
      '0:0  error  Cannot read `secret.md`: permission denied (EACCES)  file-unreadable'
    )
  })

  test('should walk a folder named x.md as a folder', () => {
    workspace({'x.md/inside.md': note})
    const result = md2data(['x.md', '--ndjson'])
    expect(result.code).toBe(0)
    expect((JSON.parse(result.stdout) as {path: string}).path).toBe('x.md/inside.md')
  })

  test('should survive a symlink loop and never follow a link out of the folder', () => {
    workspace({'notes/a.md': note, 'notes/sub/b.md': note, 'outside/c.md': note})
    symlinkSync('..', path.join(work, 'notes/sub/loop'))
    symlinkSync(path.join(work, 'outside'), path.join(work, 'notes/out'))
    const plain = md2data(['notes', '--ndjson'])
    expect(plain.stdout.trimEnd().split('\n')).toHaveLength(2)
    const followed = md2data(['notes', '--ndjson', '--follow-symlinks'])
    expect(followed.code).toBe(0)
    expect(
      followed.stdout
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as {path: string}).path)
    ).toEqual(['notes/a.md', 'notes/sub/b.md'])
    expect(followed.stderr).toContain(
      'warning  Skipped `notes/out`: a symbolic link out of the folder walked  file-skipped'
    )
  })

  test('should report a file name that is not UTF-8, and go on', () => {
    workspace({'good.md': note})
    writeFileSync(
      Buffer.concat([Buffer.from(`${work}/caf`), Buffer.from([0xe9]), Buffer.from('.md')]),
      note
    )
    const result = md2data(['.', '--ndjson'])
    expect(result.code).toBe(1)
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(1)
    expect(result.stderr).toContain(
      'error  Cannot read a file whose name is not valid UTF-8 (bytes `63 61 66 e9 2e 6d 64`), skipped  file-unreadable'
    )
  })

  test('should exit 2 with a clear message when the output folder is not writable', () => {
    workspace({'a.md': note})
    mkdirSync(path.join(work, 'out'), {mode: 0o555})
    chmodSync(path.join(work, 'out'), 0o555)
    const result = md2data(['a.md', '--out-dir', 'out'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(
      /^md2data: Cannot write `out(\/a\.json)?`: permission denied \(EACCES\)\n/m
    )
  })

  test('should exit 2 with a clear message, and not hang, when the cache cannot be written', () => {
    workspace({'a.md': note, 'b.md': note})
    mkdirSync(path.join(work, 'cache'), {mode: 0o555})
    chmodSync(path.join(work, 'cache'), 0o555)
    for (const jobs of ['1', '2']) {
      expect(md2data(['.', '--cache=cache', '--jobs', jobs, '--silent'])).toEqual({
        code: 2,
        stdout: '',
        stderr: `md2data: Cannot write the cache in \`${path.join(work, 'cache')}\`: permission denied (EACCES)\n`
      })
    }
  })

  test('should leave no half-written output when killed (SIGKILL), and clean up after', async () => {
    const corpus = path.resolve(
      import.meta.dirname,
      '../../../shared/corpora/hugo-docs/content/en/functions'
    )
    workspace({})
    // In a process group of its own, killed as a whole, as a CI runner kills a job.
    const child = spawn(process.execPath, [bin, corpus, '--out-dir', 'out', '--jobs', '1'], {
      cwd: work,
      detached: true
    })
    for (
      let tries = 0;
      tries < 200 &&
      (!existsSync(path.join(work, 'out')) ||
        outputs(path.join(work, 'out')).filter((name) => name.endsWith('.json')).length < 10);
      tries++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    process.kill(-(child.pid as number), 'SIGKILL')
    await new Promise((resolve) => child.on('exit', resolve))
    await until(() => processesIn(work).length === 0)
    const written = outputs(path.join(work, 'out')).filter((name) => name.endsWith('.json'))
    expect(written.length).toBeGreaterThanOrEqual(10)
    for (const name of written)
      expect(
        () => JSON.parse(readFileSync(path.join(work, 'out', name), 'utf8')),
        name
      ).not.toThrow()
    // The next run completes the outputs; it removes what the killed run left behind once that
    // has not changed for 10 minutes (a run in another container could still be writing it).
    for (const name of outputs(path.join(work, 'out'))) {
      if (name.endsWith('.tmp')) utimesSync(path.join(work, 'out', name), 1000, 1000)
    }
    const again = md2data([corpus, '--out-dir', 'out'], {})
    expect(again.code).toBe(0)
    expect(outputs(path.join(work, 'out')).filter((name) => name.endsWith('.tmp'))).toEqual([])
    expect(outputs(path.join(work, 'out'))).toContain('index.json')
  })

  test.runIf(process.platform === 'linux')(
    'should stop the relaunched process when the parent alone is killed (SIGKILL)',
    async () => {
      const corpus = path.resolve(
        import.meta.dirname,
        '../../../shared/corpora/hugo-docs/content/en/functions'
      )
      workspace({})
      const child = spawn(process.execPath, [bin, corpus, '--out-dir', 'out', '--jobs', '1'], {
        cwd: work
      })
      await until(() => processesIn(work).length === 2)
      child.kill('SIGKILL')
      await new Promise((resolve) => child.on('exit', resolve))
      await until(() => processesIn(work).length === 0)
    }
  )

  test('should let two runs write the same output folder at once', async () => {
    const corpus = path.resolve(
      import.meta.dirname,
      '../../../shared/corpora/hugo-docs/content/en/methods/page'
    )
    workspace({})
    const run = () =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, [bin, corpus, '--out-dir', 'out', '--jobs', '1'], {
          cwd: work,
          stdio: 'ignore'
        })
        child.on('exit', resolve)
      })
    const codes = await Promise.all([run(), run()])
    expect(codes).toEqual([0, 0])
    const files = outputs(path.join(work, 'out'))
    expect(files.filter((name) => name.endsWith('.tmp'))).toEqual([])
    for (const name of files)
      expect(
        () => JSON.parse(readFileSync(path.join(work, 'out', name), 'utf8')),
        name
      ).not.toThrow()
    const index = JSON.parse(readFileSync(path.join(work, 'out/index.json'), 'utf8')) as {
      notes: Array<unknown>
    }
    expect(index.notes.length).toBe(files.length - 1)
  })

  // Node.js 20.19+ loads ES modules in `require()`, and piscina loads its file so: a worker
  // terminated while `require()` instantiates an ES module aborts the whole process ("FATAL
  // ERROR: v8::Module::IsGraphAsync ..."; about one termination in 700 at random points, measured
  // on dist/worker.js). The watchdog and the pool's end terminate workers, so the pool loads
  // dist/worker.cjs, which imports the worker with `import()`.
  test('should not abort the process when workers are terminated while they load', () => {
    const loader = fileURLToPath(new URL('../../dist/worker.cjs', import.meta.url))
    const script = `
      const {Worker} = require('node:worker_threads')
      const code = 'try { require(' + JSON.stringify(process.argv[1]) + ') } catch {}'
      const settings = {convert: {}, frontmatterOnly: false, pretty: false, schemaFile: null}
      ;(async () => {
        for (let round = 0; round < 300; round++) {
          const worker = new Worker(code, {eval: true, workerData: settings})
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 50))
          await worker.terminate()
        }
        console.log('300 workers terminated')
      })()
    `
    const result = spawnSync(process.execPath, ['-e', script, loader], {
      encoding: 'utf8',
      timeout: 120_000
    })
    expect([result.status, result.stdout, result.stderr]).toEqual([
      0,
      '300 workers terminated\n',
      ''
    ])
  })

  test('should give document-too-large for a huge document and go on, never abort (exit 1)', () => {
    // Each note: one 10 KiB definition used by 10,000 references, a 50 KiB note that makes a
    // document of about 300 MiB (the URL copied into each reference and link entry). Three at once
    // took the worker out of memory inside \`postMessage\`, and V8 aborted the process (exit 134).
    const url = `https://example.com/${'a'.repeat(10 * 1024)}`
    const tree: Record<string, string> = {'ok.md': note}
    for (const name of ['n1.md', 'n2.md', 'n3.md'])
      tree[name] = `# Note\n\n${'[x] '.repeat(10_000)}\n\n[x]: ${url}\n`
    workspace(tree)
    const result = md2data(['.', '--ndjson', 'out.ndjson', '--reporter', 'github'], {})
    expect(result.code).toBe(1)
    expect(result.stderr.split('\n').filter((line) => line.startsWith('::'))).toEqual(
      ['n1.md', 'n2.md', 'n3.md'].map(
        (name) =>
          `::error file=${name},title=document-too-large::Cannot write a document this large: 302.1 MiB of JSON, the limit is 64.0 MiB (\`--max-output\`); its body is left out`
      )
    )
    const lines = readFileSync(path.join(work, 'out.ndjson'), 'utf8').trimEnd().split('\n')
    expect(lines.map((line) => (JSON.parse(line) as {path: string}).path)).toEqual([
      'n1.md',
      'n2.md',
      'n3.md',
      'ok.md'
    ])
    expect(readdirSync(work).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })
})
