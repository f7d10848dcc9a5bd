/**
 * `md2data/remark`: md2data as a unified plugin. `remarkMd2data` builds the md2data document from
 * the mdast tree a remark pipeline parsed (it does not parse again), puts it on
 * `file.data.md2data`, and reports each diagnostic on `file.messages` as a `VFileMessage`.
 * `remarkMd2dataSyntax` adds what md2data's own parser has beyond remark-gfm: CJK-friendly
 * emphasis and, with `syntax: 'obsidian'`, Obsidian's syntax.
 */
import type {Root} from 'mdast'
import remarkCjkFriendly from 'remark-cjk-friendly'
import type {Processor} from 'unified'
import type {VFile} from 'vfile'
import type {Front} from './convert.js'
import {blank, finish, readFront, resolveOptions, validates} from './convert.js'
import {obsidian} from './parse/index.js'
import type {Diagnostic, NoteDocument, Options} from './types.js'
import type {Validation} from './validate/index.js'
import {AsyncSchemaError, validateAsync, validateSync} from './validate/index.js'

/** `remarkMd2data`'s options: `convert`'s, but `path`, which is the file's. */
export type RemarkMd2dataOptions = Omit<Options, 'path'>

/** `remarkMd2dataSyntax`'s options: the parse options of `convert` (pass the same object). */
export type RemarkMd2dataSyntaxOptions = Pick<Options, 'syntax' | 'cjkFriendly'>

declare module 'vfile' {
  interface DataMap {
    /** The md2data document of the file, set by `remarkMd2data`. */
    md2data: NoteDocument
  }
}

type Transformer = (tree: Root, file: VFile) => undefined | Promise<undefined>

/**
 * Build the md2data document from the tree (`file.data.md2data`) and report its diagnostics on
 * `file.messages`: errors `fatal: true`, warnings `fatal: false`, info `fatal: undefined` (as
 * `file.message` and `file.info` make them). Never throws on the note's content. Synchronous but
 * with a schema that validates asynchronously (then use `process`/`run`, not their `Sync` forms).
 */
export function remarkMd2data(this: Processor, options?: RemarkMd2dataOptions | null): Transformer {
  // Check the options once, when the plugin is used (`path` is the file's).
  resolveOptions({...options, path: null})
  return (tree, file) => {
    const settings = resolveOptions({...options, path: file.path ?? null})
    const front = readFront(file.toString(), settings)
    const done = (validation: Validation | null): undefined => {
      const body = () => withoutFrontmatter(tree, front, this)
      const document = finish(front, settings, validation, body)
      file.data.md2data = document
      report(file, document.diagnostics)
    }
    if (!settings.schema || !validates(front)) return done(null)
    let validation: Validation
    try {
      validation = validateSync(settings.schema, front.data, front.place, settings.path, 'convert')
    } catch (error) {
      if (!(error instanceof AsyncSchemaError)) throw error
      return validateAsync(settings.schema, front.data, front.place, settings.path).then(done)
    }
    return done(validation)
  }
}

export default remarkMd2data

/**
 * md2data's parse extensions beyond remark-gfm, for trees that convert as `convert()` parses them:
 * CJK-friendly emphasis (remark-cjk-friendly; unless `cjkFriendly: false`) and, with
 * `syntax: 'obsidian'`, wikilinks and embeds, tags, `%%comments%%`, `==highlights==` and math.
 * Use it after remark-gfm and remark-frontmatter, with the options given to `remarkMd2data`.
 */
export function remarkMd2dataSyntax(
  this: Processor,
  options?: RemarkMd2dataSyntaxOptions | null
): undefined {
  const settings = resolveOptions({
    syntax: options?.syntax ?? 'gfm',
    cjkFriendly: options?.cjkFriendly ?? true
  })
  if (settings.syntax === 'obsidian') obsidian.call(this)
  if (settings.cjkFriendly) remarkCjkFriendly.call(this)
}

/** A diagnostic as a `VFileMessage` on the file. */
function report(file: VFile, diagnostics: ReadonlyArray<Diagnostic>): void {
  for (const diagnostic of diagnostics) {
    const options = {
      ruleId: diagnostic.ruleId,
      source: diagnostic.source,
      place: diagnostic.position ?? undefined
    }
    if (diagnostic.severity === 'info') {
      file.info(diagnostic.message, options)
    } else {
      const message = file.message(diagnostic.message, options)
      // `file.fail` would throw: an error is a message marked fatal.
      if (diagnostic.severity === 'error') message.fatal = true
    }
  }
}

/**
 * The tree without what the front matter block became: `convert` parses the note with the block
 * blanked when remark-frontmatter does not take it (JSON, or after blank lines), and a pipeline
 * may lack remark-frontmatter. The top-level nodes inside the block are left out (the tree is not
 * changed); in the rare case of a node running on past the block (JSON front matter with text on
 * the very next line), the note is parsed again, blanked, with the pipeline's own parser.
 */
function withoutFrontmatter(tree: Root, front: Front, processor: Processor): Root {
  const {block, text} = front
  if (!block) return tree
  const children: Root['children'] = []
  for (const child of tree.children) {
    const start = child.position?.start.offset
    const end = child.position?.end.offset
    if (start === undefined || end === undefined || start >= block.end) children.push(child)
    else if (end > block.end) {
      return processor.parse(blank(text, block.end)) as Root
    }
  }
  return children.length === tree.children.length ? tree : {...tree, children}
}
