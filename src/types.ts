import type {StandardSchemaV1} from '@standard-schema/spec'

/**
 * The md2data document model: the one place its types are declared.
 *
 * `schema/document.schema.json` is generated from these declarations
 * (`npm run schema`), and a test fails when the committed schema differs.
 */

/** One place in the source: 1-based `line` and `column`, 0-based `offset` (UTF-16 code units). */
export interface Point {
  /**
   * @asType integer
   * @minimum 1
   */
  line: number
  /**
   * @asType integer
   * @minimum 1
   */
  column: number
  /**
   * @asType integer
   * @minimum 0
   */
  offset: number
}

/** A range in the source, as in unist: `start` is inclusive, `end` is exclusive. */
export interface Position {
  start: Point
  end: Point
}

/** How sure a diagnostic is that something is wrong. */
export type Severity = 'error' | 'warning' | 'info'

/** A problem found in a note: data, never an exception. */
export interface Diagnostic {
  /** `error` fails a build, `warning` fails only with `--strict`, `info` never. */
  severity: Severity
  /** Kebab-case rule id, documented in `docs/rules.md`. */
  ruleId: string
  /** What is wrong, in Markdown (code in backticks). */
  message: string
  /** The note's path as given by the caller, or `null`. */
  path: string | null
  /** Where in the note, or `null` when the problem concerns the whole file. */
  position: Position | null
  source: 'md2data'
}

// ---------------------------------------------------------------------------
// Inline nodes

/** Literal text. */
export interface Text {
  type: 'text'
  value: string
  position?: Position
}

/** `*emphasis*` or `_emphasis_`. */
export interface Emphasis {
  type: 'emphasis'
  children: Array<Inline>
  position?: Position
}

/** `**strong**` or `__strong__`. */
export interface Strong {
  type: 'strong'
  children: Array<Inline>
  position?: Position
}

/** GFM strikethrough: `~~deleted~~`. */
export interface Delete {
  type: 'delete'
  children: Array<Inline>
  position?: Position
}

/** `` `code` `` in running text. */
export interface InlineCode {
  type: 'inlineCode'
  value: string
  position?: Position
}

/** A hard line break (two trailing spaces or a backslash before a line ending). */
export interface Break {
  type: 'break'
  position?: Position
}

/** Raw HTML, as a block or inline. */
export interface Html {
  type: 'html'
  value: string
  position?: Position
}

/** An inline link `[text](url "title")` or an autolink (`<https://…>`, `www.…`, `a@b.c`). */
export interface Link {
  type: 'link'
  url: string
  title: string | null
  children: Array<Inline>
  position?: Position
}

/** An inline image `![alt](url "title")`. */
export interface Image {
  type: 'image'
  url: string
  title: string | null
  alt: string
  position?: Position
}

/** How a reference names its definition: `[a][b]` full, `[a][]` collapsed, `[a]` shortcut. */
export type ReferenceType = 'full' | 'collapsed' | 'shortcut'

/** A reference link `[text][label]`; `url` and `title` come from its definition. */
export interface LinkReference {
  type: 'linkReference'
  /** The label normalized as CommonMark matches it (case-folded, whitespace collapsed). */
  identifier: string
  /** The label as written. */
  label: string
  referenceType: ReferenceType
  url: string | null
  title: string | null
  children: Array<Inline>
  position?: Position
}

/** A reference image `![alt][label]`; `url` and `title` come from its definition. */
export interface ImageReference {
  type: 'imageReference'
  identifier: string
  label: string
  referenceType: ReferenceType
  url: string | null
  title: string | null
  alt: string
  position?: Position
}

/** A GFM footnote call `[^label]`. */
export interface FootnoteReference {
  type: 'footnoteReference'
  identifier: string
  label: string
  position?: Position
}

/**
 * `[[target#anchor|alias]]` (`obsidian` syntax): a link to a note by name or path. `target` is `''`
 * for a heading of the note itself (`[[#Heading]]`); `anchor` keeps `^` for a block (`^id`).
 */
export interface WikiLink {
  type: 'wikiLink'
  target: string
  anchor: string | null
  alias: string | null
  position?: Position
}

/** `![[target#anchor|alias]]` (`obsidian` syntax): a note, image or file shown in place. */
export interface Embed {
  type: 'embed'
  target: string
  anchor: string | null
  /** The text after `|`, unless it is a size. */
  alias: string | null
  /** `![[image.png|300]]`, `![[image.png|300x200]]`: the size in pixels, else `null`. */
  width: number | null
  height: number | null
  position?: Position
}

/** `#tag`, `#nested/tag` (`obsidian` syntax); `value` is without `#`. */
export interface Tag {
  type: 'tag'
  value: string
  position?: Position
}

/** `%%…%%` (`obsidian` syntax): left out of `text` and the statistics. Inline or a block. */
export interface Comment {
  type: 'comment'
  value: string
  position?: Position
}

/** `==text==` (`obsidian` syntax). */
export interface Highlight {
  type: 'highlight'
  children: Array<Inline>
  position?: Position
}

/** `$…$` (`obsidian` syntax): TeX, as written. */
export interface InlineMath {
  type: 'inlineMath'
  value: string
  position?: Position
}

/** Every inline node, by `type`. */
export interface InlineMap {
  text: Text
  emphasis: Emphasis
  strong: Strong
  delete: Delete
  inlineCode: InlineCode
  break: Break
  html: Html
  link: Link
  image: Image
  linkReference: LinkReference
  imageReference: ImageReference
  footnoteReference: FootnoteReference
  wikiLink: WikiLink
  embed: Embed
  tag: Tag
  comment: Comment
  highlight: Highlight
  inlineMath: InlineMath
}

/**
 * Phrasing content.
 *
 * @discriminator type
 */
export type Inline = InlineMap[keyof InlineMap]

// ---------------------------------------------------------------------------
// Block nodes

/** A heading; `id` is its anchor, unique in the document. */
export interface Heading {
  type: 'heading'
  depth: 1 | 2 | 3 | 4 | 5 | 6
  /** Plain text, as mdast-util-to-string gives it. */
  text: string
  /** Anchor id (github-slugger, or the normalized mode), unique in the document. */
  id: string
  children: Array<Inline>
  position?: Position
}

/** A paragraph: its plain text and its inline children. */
export interface Paragraph {
  type: 'paragraph'
  text: string
  children: Array<Inline>
  /** `obsidian` syntax: the id of a `^id` marker ending the paragraph (left out of its text). */
  blockId?: string
  position?: Position
}

/** `---`, `***` or `___` on a line of its own. */
export interface ThematicBreak {
  type: 'thematicBreak'
  position?: Position
}

/** A block quote (`> …`). */
export interface Blockquote {
  type: 'blockquote'
  children: Array<Block>
  /** `obsidian` syntax: the id of a `^id` line right after the block. */
  blockId?: string
  position?: Position
}

/** A bullet or ordered list. */
export interface List {
  type: 'list'
  ordered: boolean
  /** The number of the first item of an ordered list, `null` for a bullet list. */
  start: number | null
  /** Whether items are separated by blank lines (a loose list). */
  spread: boolean
  items: Array<ListItem>
  /** `obsidian` syntax: the id of a `^id` line right after the block. */
  blockId?: string
  position?: Position
}

/** A list item; `checked` is `null` unless it is a GFM task (`- [x]`). */
export interface ListItem {
  type: 'listItem'
  /** The item's own text: its blocks but nested lists, joined by line feeds. */
  text: string
  checked: boolean | null
  spread: boolean
  children: Array<Block>
  /** `obsidian` syntax: the id of a `^id` marker ending the item's first paragraph. */
  blockId?: string
  position?: Position
}

/** A fenced or indented code block. */
export interface Code {
  type: 'code'
  /** The info string's first word, or `null`. */
  lang: string | null
  /** The rest of the info string, or `null`. */
  meta: string | null
  value: string
  /** `obsidian` syntax: the id of a `^id` line right after the block. */
  blockId?: string
  position?: Position
}

/** A `$$` math block (`obsidian` syntax): TeX, as written. */
export interface Math {
  type: 'math'
  meta: string | null
  value: string
  /** `obsidian` syntax: the id of a `^id` line right after the block. */
  blockId?: string
  position?: Position
}

/** The kinds of GitHub alert. */
export type AlertKind = 'note' | 'tip' | 'important' | 'warning' | 'caution'

/** A GitHub alert: a block quote opening with `[!NOTE]` (`TIP`, `IMPORTANT`, `WARNING`, `CAUTION`) alone on its line. */
export interface Alert {
  type: 'alert'
  kind: AlertKind
  /** The quote's blocks after the marker. */
  children: Array<Block>
  position?: Position
}

/** An Obsidian callout (`obsidian` syntax): `> [!type]+ Title`, then its blocks. */
export interface Callout {
  type: 'callout'
  /** The type, lowercased (`warning`, `tip`, or any custom type). */
  kind: string
  /** The title's plain text, or `null` when the marker has none. */
  title: string | null
  /** `-`: folded, `+`: foldable and open, no marker: `null`. */
  folded: boolean | null
  children: Array<Block>
  /** `obsidian` syntax: the id of a `^id` line right after the block. */
  blockId?: string
  position?: Position
}

/** Column alignment of a GFM table. */
export type AlignType = 'left' | 'right' | 'center' | null

/** A GFM table; `rows[0]` is the header row. */
export interface Table {
  type: 'table'
  align: Array<AlignType>
  rows: Array<TableRow>
  /** `obsidian` syntax: the id of a `^id` line right after the block. */
  blockId?: string
  position?: Position
}

/** A table row. */
export interface TableRow {
  type: 'tableRow'
  cells: Array<TableCell>
  position?: Position
}

/** A table cell. */
export interface TableCell {
  type: 'tableCell'
  text: string
  children: Array<Inline>
  position?: Position
}

/** A link reference definition `[label]: url "title"`, where it stands. */
export interface Definition {
  type: 'definition'
  identifier: string
  label: string
  url: string
  title: string | null
  position?: Position
}

/** A GFM footnote definition `[^label]: …`, where it stands. */
export interface FootnoteDefinition {
  type: 'footnoteDefinition'
  identifier: string
  label: string
  children: Array<Block>
  position?: Position
}

/** Every block node, by `type`. */
export interface BlockMap {
  paragraph: Paragraph
  heading: Heading
  thematicBreak: ThematicBreak
  blockquote: Blockquote
  list: List
  code: Code
  html: Html
  table: Table
  definition: Definition
  footnoteDefinition: FootnoteDefinition
  math: Math
  comment: Comment
  alert: Alert
  callout: Callout
}

/**
 * Flow content. A heading is a block only inside a container (block quote, list item, footnote).
 *
 * @discriminator type
 */
export type Block = BlockMap[keyof BlockMap]

// ---------------------------------------------------------------------------
// The document

/** Front matter: the block at the top of a note, valid (with a schema: validated) or not. */
export type Frontmatter<Data = Record<string, unknown>> =
  ValidFrontmatter<Data> | InvalidFrontmatter

/** Front matter that parsed and, with a schema, passed it: `data` is the schema's output. */
export interface ValidFrontmatter<Data = Record<string, unknown>> {
  format: 'yaml' | 'toml' | 'json'
  /** The text between the fences, as written (for JSON: the whole object). */
  raw: string
  /** The parsed value, or with a schema the schema's output (transformed, defaults applied). */
  data: Data
  valid: true
  /** The whole block, fences included. */
  position?: Position
}

/** Front matter with errors: it did not parse, is not a mapping, or failed the schema. */
export interface InvalidFrontmatter {
  format: 'yaml' | 'toml' | 'json'
  /** The text between the fences, as written (for JSON: the whole object). */
  raw: string
  /** The data as parsed, not validated; `{}` when the block cannot be parsed or is not a mapping. */
  data: Record<string, unknown>
  valid: false
  /** The whole block, fences included. */
  position?: Position
}

/** A heading and everything up to the next heading of the same or a shallower depth. */
export interface Section {
  /** The heading's id; `null` for the content before the first heading. */
  id: string | null
  /** The heading's depth; `0` for the content before the first heading. */
  depth: 0 | 1 | 2 | 3 | 4 | 5 | 6
  heading: Heading | null
  /** The blocks between the heading and the next heading, in order. */
  blocks: Array<Block>
  /** Deeper headings' sections, in order. */
  sections: Array<Section>
  /** From the heading (or the first block) to the end of the last nested block. */
  position?: Position
}

/** A use of a definition or footnote in the text. */
export interface Citation {
  /** The plain text of the reference (`The Official Board`), or the footnote label. */
  text: string
  /** The id of the section the citation stands in (`null` before the first heading). */
  section: string | null
  position?: Position
}

/** A link reference definition with every reference that uses it. */
export interface Reference {
  identifier: string
  label: string
  url: string
  title: string | null
  position?: Position
  citations: Array<Citation>
}

/** A GFM footnote definition with every call to it. */
export interface Footnote {
  identifier: string
  label: string
  /** Order of first citation, as GitHub numbers footnotes; `null` when never cited. */
  number: number | null
  text: string
  children: Array<Block>
  position?: Position
  citations: Array<Citation>
}

/** A link or an image, whatever its syntax. */
export interface LinkEntry {
  /** `embed`: `![[…]]` (`obsidian` syntax). */
  kind: 'link' | 'image' | 'embed'
  /** `wikilink`: `[[…]]` and `![[…]]` (`obsidian` syntax). */
  syntax: 'inline' | 'reference' | 'autolink' | 'wikilink'
  /**
   * The URL as written (for references: as the definition wrote it; for wikilinks: what is between
   * the brackets before `|`).
   */
  url: string
  /** `url` without tracking parameters (`utm_*`, `fbclid`, `gclid`, …). */
  normalizedUrl: string
  /** Link text, or an image's alt text. */
  text: string
  title: string | null
  /** The definition identifier of a reference, else `null`. */
  reference: string | null
  /**
   * For a local target (no scheme, not `//host`): the path as written, without anchor and query
   * (`''` for an anchor in the note itself), else `null`.
   */
  target: string | null
  /** For a local target: the anchor as written, without `#`, or `null`. */
  anchor: string | null
  /**
   * Set by cross-note resolution (the batch API and the CLI) on local links: the file the link
   * reaches (a path as the run names it) and the id of the heading (or `^id` block) it points to;
   * `anchor` is `null` when there is none or it is missing. `null`: no such file, or ambiguous.
   */
  resolved?: Resolved | null
  section: string | null
  position?: Position
}

/** Where a local link leads, once resolved across the notes of a run. */
export interface Resolved {
  path: string
  anchor: string | null
}

/** Text statistics of the body (code and URLs excluded). */
export interface Stats {
  characters: number
  words: number
  cjkCharacters: number
  readingMinutes: number
}

/** The JSON document md2data makes of one note. */
export interface NoteDocument<Data = Record<string, unknown>> {
  schemaVersion: 1
  /** The path given by the caller, as given (the batch layer gives `/`-separated paths), or `null`. */
  path: string | null
  /** Front matter `title` (a string), else the first depth-1 heading's text, else `null`. */
  title: string | null
  /** Front matter `lang` (a string), else the `lang` option, else `null`. */
  lang: string | null
  frontmatter: Frontmatter<Data> | null
  /** Every heading, in document order, containers included. */
  headings: Array<Heading>
  /** The body as a tree: every block is in exactly one section. */
  sections: Array<Section>
  references: Array<Reference>
  footnotes: Array<Footnote>
  links: Array<LinkEntry>
  /**
   * Front matter `tags` (a list, or a string of tags separated by commas or spaces), then, with the
   * `obsidian` syntax, inline `#tags`: without `#`, each once, in order.
   */
  tags: Array<string>
  /** Front matter `aliases` (a list or a string): other names wikilinks may use for the note. */
  aliases: Array<string>
  stats: Stats
  /**
   * With the `body` option: the Markdown after the front matter, as written (from the line after
   * its closing fence; the whole note when there is none). `''` when the body is left out.
   */
  body?: string
  /**
   * With the `excerpt` option: the plain text before a `<!-- more -->` marker, else the first
   * paragraph's text, else `''`.
   */
  excerpt?: string
  diagnostics: Array<Diagnostic>
}

/** The document as the JSON Schema describes it (front matter data of any shape). */
export type Document = NoteDocument

/** Options of `convert()`. */
export interface Options {
  /** The note's path, kept in the output and in diagnostics (`\` becomes `/`). Default: `null`. */
  path?: string | null | undefined
  /** The note's language when front matter has no `lang` (a BCP 47 tag such as `ja`). Default: `null`. */
  lang?: string | null | undefined
  /** Keep `position` on every node. Default: `true`. */
  positions?: boolean | undefined
  /** CJK-friendly emphasis: `**「重要」**です` is strong (remark-cjk-friendly). Default: `true`. */
  cjkFriendly?: boolean | undefined
  /** Heading ids: `github` (github-slugger) or `normalized` (NFKC first). Default: `github`. */
  headingIds?: 'github' | 'normalized' | undefined
  /**
   * Largest note converted, in bytes (UTF-8); a larger one gets `document-too-large` and an empty
   * body (its front matter is still read). Default: 2 MiB. `Infinity` turns the check off.
   */
  maxSize?: number | undefined
  /**
   * Deepest nesting of block containers (block quotes, lists) and of inlines (brackets, emphasis)
   * converted; deeper gets `document-too-deep` at the line where the limit is crossed, and an empty
   * body. Default: 100 (as markdown-it's `maxNesting`).
   */
  maxDepth?: number | undefined
  /** Largest front matter block read, in bytes; larger gets `frontmatter-too-large`. Default: 64 KiB. */
  maxFrontmatterSize?: number | undefined
  /**
   * `leadingBlankLines`: read front matter that opens after blank lines (as Zola does): `true` for
   * `+++` TOML and `---` YAML, `false` for neither. Default: `+++` TOML only.
   */
  frontmatter?: {leadingBlankLines?: boolean | undefined} | null | undefined
  /**
   * A Standard Schema (zod 4, valibot 1, arktype 2, or `jsonSchema()`) for the front matter. With
   * one, valid front matter's `data` is the schema's output, and each issue is a
   * `frontmatter-schema` diagnostic at the key or value it names. Default: none.
   */
  schema?: StandardSchemaV1 | undefined
  /** Add `body`: the Markdown after the front matter, as written. Default: `false`. */
  body?: boolean | undefined
  /** Add `excerpt`: the text before `<!-- more -->`, else the first paragraph's. Default: `false`. */
  excerpt?: boolean | undefined
  /**
   * The Markdown flavour: `gfm` (CommonMark, GFM, GitHub alerts) or `obsidian` (also wikilinks,
   * embeds, callouts, tags, block ids, comments, highlights, math). Default: `gfm`.
   */
  syntax?: Syntax | undefined
}

/** The Markdown flavours md2data reads. */
export type Syntax = 'gfm' | 'obsidian'

/** Options with a schema, for inferring the type of the front matter data from it. */
export type SchemaOptions<Schema extends StandardSchemaV1> = Omit<Options, 'schema'> & {
  schema: Schema
}
