import {lstatSync, readFileSync, readdirSync, realpathSync, statSync} from 'node:fs'
import type {Dirent, Stats} from 'node:fs'
import path from 'node:path'
import type {Ignore} from 'ignore'
import {createDiagnostic} from '../diagnostics/create.js'
import type {Diagnostic} from '../types.js'

/** A note found on disk. */
export interface NoteFile {
  /** The path shown in diagnostics and kept in the output: relative to `cwd` when inside it, `/`-separated. */
  path: string
  /** The absolute path. */
  absolute: string
  /** The path relative to its pattern's base folder, `/`-separated: what `--out-dir` mirrors. */
  relative: string
}

/** Options of `findNotes`. */
export interface FindOptions {
  /** Where relative patterns start. Default: `process.cwd()`. */
  cwd?: string | undefined
  /** Skip what `.gitignore` files ignore (up to the repository root). Default: `true`. */
  gitignore?: boolean | undefined
  /** Patterns of paths to leave out (relative to `cwd`), as `!pattern` among the patterns. */
  ignore?: ReadonlyArray<string> | undefined
  /** Extensions taken as Markdown besides `markdownExtensions` (`.mdx`), from folders and `**` globs. */
  extensions?: ReadonlyArray<string> | undefined
  /** Follow symbolic links (each target once, never out of its pattern's base). Default: `false`. */
  followSymlinks?: boolean | undefined
}

interface FindSettings {
  cwd: string
  gitignore: boolean
  /** Whether a file name is a note's (by its extension). */
  markdown: (name: string) => boolean
  followSymlinks: boolean
}

/** What `findNotes` finds. */
export interface Found {
  /** The notes, sorted by path, each once. */
  files: Array<NoteFile>
  /** Problems met on the way (unreadable folders, links not followed, FIFOs…), by path. */
  problems: Array<Diagnostic>
  /** Patterns that matched no note. */
  unmatched: Array<string>
  /**
   * The other regular files met in the walked folders (images, PDFs…), sorted, with paths as the
   * notes': what links may reach besides notes (`BatchOptions.otherFiles`).
   */
  attachments: Array<string>
}

/** Extensions a folder walk takes as Markdown (any case). */
export const markdownExtensions = ['.md', '.markdown', '.mdown', '.mkd', '.mkdn']

interface Level {
  dir: string
  rules: Ignore
}

interface Walk {
  base: string
  match: (relative: string) => boolean
  options: FindSettings
  found: Map<string, NoteFile>
  problems: Array<Diagnostic>
  /** Files walked that are not notes, by their path as shown. */
  other: Set<string>
  /** Real paths of folders already walked (loops, links to the same place). */
  seen: Set<string>
  baseReal: string
}

/**
 * Find notes from patterns: folders (every Markdown file under them), files (taken whatever
 * their extension), or globs (`notes/**\/*.md`, matched with picomatch from the glob's static
 * base). `node_modules`, `.git` and dot-folders are not walked; `.gitignore`d paths are skipped;
 * symbolic links are not followed unless asked; only regular files are taken (a FIFO named `x.md`
 * is reported, never read). A folder that cannot be read is a `file-unreadable` diagnostic and the
 * walk goes on. (The walk uses synchronous file system calls: for many small folders they are
 * several times faster than a round trip through the thread pool each.)
 */
export async function findNotes(
  patterns: ReadonlyArray<string>,
  options: FindOptions = {}
): Promise<Found> {
  const extensions = [...markdownExtensions, ...(options.extensions ?? [])].map((item) =>
    (item.startsWith('.') ? item : `.${item}`).toLowerCase()
  )
  const settings: FindSettings = {
    cwd: path.resolve(options.cwd ?? process.cwd()),
    gitignore: options.gitignore ?? true,
    markdown: (name) => extensions.some((extension) => name.toLowerCase().endsWith(extension)),
    followSymlinks: options.followSymlinks ?? false
  }
  const found = new Map<string, NoteFile>()
  const other = new Set<string>()
  const problems: Array<Diagnostic> = []
  const unmatched: Array<string> = []
  const negated = patterns.filter((pattern) => pattern.startsWith('!'))
  const positive = patterns.filter((pattern) => !pattern.startsWith('!'))
  // (Only exclusions: everything else under `cwd`.)
  if (positive.length === 0 && negated.length > 0) positive.push('.')
  const ignore = [...negated.map((pattern) => pattern.slice(1)), ...(options.ignore ?? [])]
  const excluded = await exclusions(settings.cwd, ignore)

  for (const pattern of positive) {
    const before = found.size
    // (picomatch is loaded only for a pattern that may be a glob: a run on folders does without.)
    const picomatch = globCharacter.test(pattern) ? (await import('picomatch')).default : null
    const scan = picomatch?.scan(pattern)
    const absolute = path.resolve(settings.cwd, pattern)
    if (picomatch && scan?.isGlob) {
      const base = path.resolve(settings.cwd, scan.base || '.')
      const glob = picomatch(scan.glob, {dot: false})
      // A glob that names no extension (`notes/**`) takes notes only.
      const named = /\.[^/*?]+$/.test(scan.glob)
      const matcher = (relative: string) => glob(relative) && (named || settings.markdown(relative))
      // A glob whose folder does not exist matches nothing (it is not an error).
      if (await exists(base)) await walkBase(base, matcher, settings, {found, other, problems})
    } else {
      let info
      try {
        info = statSync(absolute)
      } catch (error) {
        // (A path that is not there matches nothing, as a glob that matches nothing.)
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') unmatched.push(pattern)
        else problems.push(unreadable(display(settings.cwd, absolute), error))
        continue
      }
      if (info.isDirectory()) {
        await walkBase(absolute, settings.markdown, settings, {found, other, problems})
      } else if (info.isFile()) {
        const file = note(settings.cwd, absolute, path.basename(absolute))
        found.set(file.absolute, file)
      } else {
        problems.push(skipped(display(settings.cwd, absolute), kind(info)))
      }
    }
    if (found.size === before) unmatched.push(pattern)
  }

  const files = [...found.values()]
    .filter((file) => !excluded(file.path))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  for (const file of files) other.delete(file.path)
  const attachments = [...other].filter((item) => !excluded(item)).sort()
  return {
    files,
    problems: problems.filter((item) => !excluded(item.path ?? '')),
    unmatched,
    attachments
  }
}

/**
 * Whether a path (relative to `cwd`, `/`-separated) is left out: by a pattern of `ignore` (a glob,
 * or a path: itself and what is under it), or by `cwd`'s `.md2dataignore` (`.gitignore` syntax).
 */
async function exclusions(cwd: string, ignore: Array<string>): Promise<(file: string) => boolean> {
  const rules = await readRules(cwd, '.md2dataignore')
  if (ignore.length === 0 && !rules) return () => false
  const {default: picomatch} = await import('picomatch')
  const globs = ignore.flatMap((pattern) => {
    const clean = pattern.replace(/^\.\//, '').replace(/\/+$/, '')
    return [clean, `${clean}/**`]
  })
  const matches = globs.length > 0 ? picomatch(globs, {dot: true}) : () => false
  return (file) =>
    !file.startsWith('/') &&
    !file.startsWith('../') &&
    (matches(file) || (rules?.ignores(file) ?? false))
}

/** A character that may make a pattern a glob for picomatch (else it is a path). */
const globCharacter = /[*?[\]{}()!+@\\]/

async function walkBase(
  base: string,
  match: (relative: string) => boolean,
  options: FindSettings,
  into: Pick<Walk, 'found' | 'other' | 'problems'>
): Promise<void> {
  const baseReal = real(base, options.cwd, into.problems)
  if (baseReal === null) return
  const walk: Walk = {base, match, options, ...into, seen: new Set(), baseReal}
  const levels = options.gitignore ? await ancestorRules(base) : []
  await walkDir(walk, base, '', levels)
}

/** Walk `dir`, whose path relative to the base is `prefix` (`/`-separated, `''` for the base). */
async function walkDir(
  walk: Walk,
  dir: string,
  prefix: string,
  levels: Array<Level>
): Promise<void> {
  // Only a walk that follows links can meet a folder twice (a loop, two links to one place).
  if (walk.options.followSymlinks) {
    const dirReal = real(dir, walk.options.cwd, walk.problems)
    if (dirReal === null || walk.seen.has(dirReal)) return
    walk.seen.add(dirReal)
  }

  let entries: Array<Dirent>
  try {
    entries = readdirSync(dir, {withFileTypes: true})
  } catch (error) {
    walk.problems.push(unreadable(display(walk.options.cwd, dir), error))
    return
  }

  let here = levels
  // (Only a folder that lists a `.gitignore` or `.md2dataignore` is asked for one.)
  for (const name of walk.options.gitignore
    ? ['.gitignore', '.md2dataignore']
    : ['.md2dataignore']) {
    const rules = entries.some((entry) => entry.name === name) ? await readRules(dir, name) : null
    if (rules) here = [...here, {dir, rules}]
  }

  if (entries.some((entry) => entry.name.includes('\uFFFD'))) await reportBadNames(walk, dir)

  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  // (`dir` is absolute and normalized: joined without `path.join`'s normalizing, once an entry.)
  const parent = dir.endsWith(path.sep) ? dir : dir + path.sep
  for (const entry of entries) {
    const name = entry.name
    if (name.includes('\uFFFD') || name === 'node_modules' || name.startsWith('.')) continue
    const full = parent + name
    const relative = prefix ? `${prefix}/${name}` : name
    let isDirectory = entry.isDirectory()
    let isFile = entry.isFile()

    if (entry.isSymbolicLink()) {
      const target = linked(walk, full, relative)
      if (!target) continue
      isDirectory = target.isDirectory()
      isFile = target.isFile()
    }

    if (ignored(here, full, isDirectory)) continue

    if (isDirectory) {
      await walkDir(walk, full, relative, here)
    } else if (walk.match(relative)) {
      if (isFile) {
        const file = note(walk.options.cwd, full, relative)
        walk.found.set(file.absolute, file)
      } else {
        walk.problems.push(skipped(display(walk.options.cwd, full), await describe(full)))
      }
    } else if (isFile) {
      walk.other.add(display(walk.options.cwd, full))
    }
  }
}

/** What a link in the walk leads to: `null` (after a problem, when one is due) to skip it. */
function linked(walk: Walk, full: string, relative: string): Stats | null {
  if (!walk.options.followSymlinks) {
    if (walk.match(relative)) {
      const why = 'a symbolic link (use `--follow-symlinks` to follow links)'
      walk.problems.push(skipped(display(walk.options.cwd, full), why, 'info'))
    }
    return null
  }
  let target
  try {
    target = statSync(full)
  } catch (error) {
    if (walk.match(relative)) walk.problems.push(unreadable(display(walk.options.cwd, full), error))
    return null
  }
  // Never leave the base through a link.
  const targetReal = real(full, walk.options.cwd, walk.problems)
  if (targetReal === null) return null
  if (!inside(walk.baseReal, targetReal)) {
    const why = 'a symbolic link out of the folder walked'
    walk.problems.push(skipped(display(walk.options.cwd, full), why))
    return null
  }
  return target
}

/** `file`'s real path, or `null` after a `file-unreadable` problem when it has none. */
function real(file: string, cwd: string, problems: Array<Diagnostic>): string | null {
  try {
    return realpathSync(file)
  } catch (error) {
    problems.push(unreadable(display(cwd, file), error))
    return null
  }
}

/** `.gitignore` rules of the folders above `base`, up to the repository root (a folder with `.git`). */
async function ancestorRules(base: string): Promise<Array<Level>> {
  const chain: Array<string> = []
  let dir = path.dirname(base)
  let root: string | null = null
  // Is `base` itself a repository root? Then nothing above applies.
  if (await exists(path.join(base, '.git'))) return []
  for (;;) {
    chain.push(dir)
    if (await exists(path.join(dir, '.git'))) {
      root = dir
      break
    }
    const parent = path.dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  if (!root) return []
  const levels: Array<Level> = []
  for (const folder of chain.reverse()) {
    const rules = await readRules(folder, '.gitignore')
    if (rules) levels.push({dir: folder, rules})
  }
  return levels
}

async function readRules(dir: string, name: string): Promise<Ignore | null> {
  let text: string
  try {
    text = readFileSync(path.join(dir, name), 'utf8')
  } catch {
    return null
  }
  // (Loaded with the first `.gitignore`.)
  const {default: ignore} = await import('ignore')
  try {
    return ignore().add(text)
  } catch {
    return null
  }
}

function ignored(levels: Array<Level>, full: string, isDirectory: boolean): boolean {
  for (const level of levels) {
    const relative = relativePath(level.dir, full)
    if (!relative || relative.startsWith('..')) continue
    if (level.rules.ignores(isDirectory ? `${relative}/` : relative)) return true
  }
  return false
}

async function exists(file: string): Promise<boolean> {
  try {
    lstatSync(file)
    return true
  } catch {
    return false
  }
}

/** Report entries whose names are not valid UTF-8 (Node reads them with U+FFFD; they cannot be opened). */
async function reportBadNames(walk: Walk, dir: string): Promise<void> {
  let raw: Array<Buffer> = []
  try {
    raw = readdirSync(dir, {encoding: 'buffer'})
  } catch {
    // Vanished meanwhile.
  }
  const decoder = new TextDecoder('utf-8', {fatal: true})
  for (const name of raw) {
    try {
      decoder.decode(name)
    } catch {
      const hex = [...name].map((byte) => byte.toString(16).padStart(2, '0')).join(' ')
      walk.problems.push(
        createDiagnostic(
          'file-unreadable',
          'error',
          `Cannot read a file whose name is not valid UTF-8 (bytes \`${hex}\`), skipped`,
          display(walk.options.cwd, dir),
          null
        )
      )
    }
  }
}

function note(cwd: string, absolute: string, relative: string): NoteFile {
  return {path: display(cwd, absolute), absolute, relative: toSlash(relative)}
}

/** The folder a note's pattern started from (`path` without `relative`), `''` for `cwd`. */
export function rootOf(file: NoteFile): string {
  const {path: shown, relative} = file
  return shown.endsWith(relative)
    ? shown.slice(0, shown.length - relative.length).replace(/\/$/, '')
    : ''
}

/** A path for people: relative to `cwd` when inside it, else absolute; `/`-separated. */
export function display(cwd: string, absolute: string): string {
  // Outside `cwd` (on POSIX, where paths compare as they are).
  if (path.sep === '/' && !absolute.startsWith(cwd)) return absolute
  const relative = relativePath(cwd, absolute)
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative)
    ? relative
    : toSlash(absolute)
}

/**
 * `path.relative(from, to)`, `/`-separated; a slice when `to` is a normalized path inside `from`
 * (every path of a walk: `path.relative` resolves both paths, which a walk of thousands of files
 * notices).
 */
function relativePath(from: string, to: string): string {
  if (to.startsWith(from) && to.charAt(from.length) === path.sep && !from.endsWith(path.sep))
    return toSlash(to.slice(from.length + 1))
  return toSlash(path.relative(from, to))
}

function toSlash(value: string): string {
  return path.sep === '\\' ? value.replace(/\\/g, '/') : value
}

/** Whether `child` is `parent` or inside it. */
export function inside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child)
  return (
    relative === '' ||
    (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative))
  )
}

function kind(info: {
  isFIFO(): boolean
  isSocket(): boolean
  isCharacterDevice(): boolean
  isBlockDevice(): boolean
}): string {
  if (info.isFIFO()) return 'a FIFO (named pipe), not a regular file'
  if (info.isSocket()) return 'a socket, not a regular file'
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device, not a regular file'
  return 'not a regular file'
}

async function describe(file: string): Promise<string> {
  try {
    return kind(lstatSync(file))
  } catch {
    return 'not a regular file'
  }
}

/** A `file-unreadable` error for a path and the error that stopped reading it. */
export function unreadable(displayPath: string, error: unknown): Diagnostic {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const reason =
    code === 'ENOENT'
      ? 'it does not exist (or vanished)'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'ELOOP'
          ? 'too many symbolic links (a loop)'
          : code === 'ENOTDIR'
            ? 'a part of the path is not a folder'
            : code === 'EISDIR'
              ? 'it is a folder'
              : ((error as Error | undefined)?.message ?? String(error))
  return createDiagnostic(
    'file-unreadable',
    'error',
    `Cannot read \`${displayPath}\`: ${reason}${code ? ` (${code})` : ''}`,
    displayPath,
    null
  )
}

/** A `file-skipped` diagnostic: something matched but is not a regular file md2data reads. */
export function skipped(
  displayPath: string,
  why: string,
  severity: 'warning' | 'info' = 'warning'
): Diagnostic {
  return createDiagnostic(
    'file-skipped',
    severity,
    `Skipped \`${displayPath}\`: ${why}`,
    displayPath,
    null
  )
}
