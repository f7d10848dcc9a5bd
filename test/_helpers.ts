import {mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {Writable} from 'node:stream'
import {Ajv} from 'ajv'
import {createLineIndex} from '../src/_lines.js'
import addFormats from 'ajv-formats'
import {run} from '../src/cli/run.js'

const schema = JSON.parse(
  readFileSync(new URL('../schema/document.schema.json', import.meta.url), 'utf8')
) as object

const ajv = new Ajv({allErrors: true, strict: true})
addFormats.default(ajv)

/** Validate a value against `schema/document.schema.json`; returns ajv's errors as text, or ''. */
export const validateDocument = ajv.compile(schema)

export function schemaErrors(value: unknown): string {
  return validateDocument(value) ? '' : ajv.errorsText(validateDocument.errors, {separator: '\n'})
}

interface Point {
  line: number
  column: number
  offset: number
}

/** Every `position` in a value, with the JSON path that leads to it. */
export function* positions(
  value: unknown,
  at = '$'
): Generator<[string, {start: Point; end: Point}]> {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* positions(item, `${at}[${index}]`)
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'position' && item) yield [at, item as {start: Point; end: Point}]
      else yield* positions(item, `${at}.${key}`)
    }
  }
}

/** Problems with positions: outside the text, start after end, or line/column not the offset's. */
export function positionProblems(document: unknown, text: string): Array<string> {
  const lines = createLineIndex(text)
  const problems: Array<string> = []
  for (const [at, position] of positions(document)) {
    for (const point of [position.start, position.end]) {
      const expected = lines.point(point.offset)
      if (
        point.offset < 0 ||
        point.offset > text.length ||
        expected.line !== point.line ||
        expected.column !== point.column
      ) {
        problems.push(`${at}: ${JSON.stringify(point)} is not ${JSON.stringify(expected)}`)
      }
    }
    if (position.start.offset > position.end.offset) problems.push(`${at}: start after end`)
  }
  return problems
}

/**
 * A consumer's `node_modules` in `folder`: `md2data` is this package (as built: `dist/`), each of
 * `names` the repository's own copy.
 */
export function linkPackages(folder: string, names: ReadonlyArray<string> = []): void {
  const repository = path.join(import.meta.dirname, '..')
  mkdirSync(path.join(folder, 'node_modules'), {recursive: true})
  symlinkSync(repository, path.join(folder, 'node_modules', 'md2data'), 'dir')
  for (const name of names) {
    const target = path.join(folder, 'node_modules', name)
    symlinkSync(path.join(repository, 'node_modules', name), target, 'dir')
  }
}

/** Write files under a folder: `{'a/b.md': 'text'}`. */
export function files(root: string, tree: Record<string, string>): void {
  for (const [name, content] of Object.entries(tree)) {
    mkdirSync(path.dirname(path.join(root, name)), {recursive: true})
    writeFileSync(path.join(root, name), content)
  }
}

/** Every file under a folder, relative, sorted. */
export function list(root: string): Array<string> {
  return readdirSync(root, {recursive: true, withFileTypes: true})
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort()
}

/**
 * The command line in this process: `run()` with a fake I/O object (the process-level tests, with
 * signals, pipes and the built `dist/cli.js`, are in `test/slow/cli-process.test.ts`); the time in the summary is
 * `X s`.
 */
export async function runCli(
  args: Array<string>,
  cwd: string
): Promise<{code: number; stdout: string; stderr: string}> {
  let stdout = ''
  let stderr = ''
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        append(String(chunk))
        callback()
      }
    })
  const code = await run(args, {
    stdout: sink((text) => (stdout += text)),
    stderr: sink((text) => (stderr += text)),
    cwd
  })
  return {code, stdout, stderr: stderr.replace(/ in \d+\.\d s/g, ' in X s')}
}
