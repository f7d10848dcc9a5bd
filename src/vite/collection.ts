import {createHash} from 'node:crypto'
import {readFile} from 'node:fs/promises'
import {convertFiles, createConverter, findNotes, resolveLinks} from '../batch/index.js'
import type {BatchOptions, Converter, Diagnostic, FileResult, NoteFile} from '../batch/index.js'
import type {LoadedCollection} from '../config/index.js'

/**
 * A collection as the Vite plugin keeps it: every note's own conversion, converted once, then one
 * note again each time it changes; its documents with links resolved across the collection.
 */
export class LiveCollection {
  /** How many notes were converted (not taken from the cache), since the start. */
  conversions = 0
  /** Each note's result before link resolution, by absolute path, in path order. */
  private held = new Map<string, FileResult>()
  private attachments: Array<string> = []
  /** Problems of the walk (unreadable folders, links not followed…), as diagnostics. */
  problems: Array<Diagnostic> = []
  /** Patterns that matched no note. */
  unmatched: Array<string> = []
  /** The results with links resolved, by absolute path, in path order (made when asked). */
  private resolved: Map<string, FileResult> | null = null
  private converter: Promise<Converter> | null = null
  private ready: Promise<void> | null = null
  private updates: Promise<unknown> = Promise.resolve()
  /** The digest of each note's bytes when it was last converted on an update. */
  private digests = new Map<string, string>()

  constructor(readonly collection: LoadedCollection) {}

  /** Find and convert the notes, the first time only. */
  build(): Promise<void> {
    this.ready ??= this.convertAll()
    return this.ready
  }

  /** Whether a file (absolute) is a note of the collection. */
  has(file: string): boolean {
    return this.held.has(file)
  }

  /** The notes (absolute paths). */
  files(): Array<string> {
    return [...this.held.keys()]
  }

  /** A note's result (links resolved), by absolute path. */
  result(file: string): FileResult | undefined {
    return this.resolve().get(file)
  }

  /** The documents (JSON) with their diagnostics, links resolved, in path order. */
  results(): Array<FileResult> {
    return [...this.resolve().values()]
  }

  /**
   * A file changed, was created or deleted: convert that note alone, or (a file created or
   * deleted) walk again and convert only the notes that are new. Whether the collection changed.
   */
  update(file: string, type: 'create' | 'update' | 'delete'): Promise<boolean> {
    // One at a time, in the order of the events: a later save is never overwritten by an earlier.
    const next = this.updates.then(() => this.apply(file, type))
    this.updates = next.catch(() => {})
    return next
  }

  private async apply(file: string, type: 'create' | 'update' | 'delete'): Promise<boolean> {
    await this.build()
    if (type === 'update') {
      const result = this.held.get(file)
      if (!result) return false
      // (An editor's save is often two events, truncation and writing: the same bytes once.)
      const digest = await digestOf(file)
      if (digest !== null && this.digests.get(file) === digest) return false
      if (digest !== null) this.digests.set(file, digest)
      this.held.set(file, await this.convertOne(result.file))
      this.resolved = null
      return true
    }
    const before = this.held
    const attachments = this.attachments.join('\n')
    const found = await this.find()
    // (Filled aside: the documents are served meanwhile.)
    const held = new Map<string, FileResult>()
    for (const note of found.files) {
      const kept = note.absolute === file ? undefined : before.get(note.absolute)
      held.set(note.absolute, kept ?? (await this.convertOne(note)))
    }
    this.held = held
    // (A file besides the notes, created or deleted, may be a link's target.)
    const changed =
      this.held.has(file) || before.has(file) || this.attachments.join('\n') !== attachments
    if (changed) this.resolved = null
    return changed
  }

  /** Stop the workers kept for updates. */
  async close(): Promise<void> {
    const converter = this.converter
    this.converter = null
    if (converter) await (await converter).close()
  }

  private resolve(): Map<string, FileResult> {
    if (this.resolved) return this.resolved
    const held = [...this.held.values()]
    const {links, frontmatterOnly} = this.collection.options
    const results =
      links === false || frontmatterOnly ? held : resolveLinks(held, this.attachments).results
    this.resolved = new Map(results.map((result) => [result.file.absolute, result]))
    return this.resolved
  }

  private async convertAll(): Promise<void> {
    const found = await this.find()
    for await (const result of convertFiles(found.files, {
      ...this.collection.options,
      links: false
    })) {
      if (!result.cached) this.conversions++
      this.held.set(result.file.absolute, result)
    }
  }

  private async find() {
    const {patterns, find} = this.collection
    const found = await findNotes(patterns, find)
    this.attachments = found.attachments
    this.problems = found.problems
    this.unmatched = found.unmatched
    return found
  }

  private async convertOne(note: NoteFile): Promise<FileResult> {
    const options: BatchOptions = {...this.collection.options, jobs: 1}
    this.converter ??= createConverter(options)
    const result = await (await this.converter).convert(note)
    if (!result.cached) this.conversions++
    return result
  }
}

/** The SHA-256 of a file's bytes, or `null` when it cannot be read. */
export function digestOf(file: string): Promise<string | null> {
  return readFile(file).then(
    (bytes) => createHash('sha256').update(bytes).digest('hex'),
    () => null
  )
}
