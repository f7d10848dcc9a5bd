/**
 * `npm start`: build md2data if needed, then run its command line on the example notes in
 * `fixtures/` into `out/`: one JSON per note, `out/index.json`, and the diagnostics on stderr.
 * Some fixtures are broken on purpose, so exit code 1 (errors in the notes) counts as success
 * here; anything else (2: usage or crash) fails.
 */
import {spawnSync} from 'node:child_process'
import {existsSync, readdirSync, statSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const cli = new URL('../dist/cli.js', import.meta.url)
const source = new URL('../src/', import.meta.url)
const stale = !existsSync(cli) || statSync(cli).mtimeMs < newest(source)
if (stale) {
  const build = spawnSync('npm', ['run', 'build', '--silent'], {stdio: 'inherit'})
  if (build.status !== 0) process.exit(build.status ?? 2)
}

const result = spawnSync(
  process.execPath,
  [fileURLToPath(cli), 'fixtures', '--out-dir', 'out', '--pretty'],
  {stdio: 'inherit'}
)
if (result.status === 0 || result.status === 1) {
  console.log(
    '\nWrote out/ (one JSON per note, and out/index.json). Exit code 1 above is expected: some fixtures are broken on purpose.'
  )
  process.exitCode = 0
} else {
  process.exitCode = result.status ?? 2
}

function newest(folder: URL): number {
  let latest = 0
  for (const entry of readdirSync(folder, {recursive: true, withFileTypes: true})) {
    if (entry.isFile())
      latest = Math.max(latest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs)
  }
  return latest
}
