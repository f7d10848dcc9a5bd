export {convert, convertAsync} from './convert.js'
export {readFrontmatter, readFrontmatterAsync} from './read-frontmatter.js'
export type {FrontmatterResult} from './read-frontmatter.js'
export {AsyncSchemaError} from './validate/index.js'
export {convertFile, convertFiles} from './batch/convert-files.js'
export type {BatchOptions} from './batch/convert-files.js'
export type {FileResult} from './batch/result.js'
export {findNotes} from './batch/files.js'
export {resolveLinks} from './batch/resolve-links.js'
export type {LinkGraphJson} from './links/graph.js'
export type {FindOptions, Found, NoteFile} from './batch/files.js'
export {formatGithub, formatJson, formatStylish} from './diagnostics/format.js'
export type {FileDiagnostics} from './diagnostics/format.js'
export {serialize} from './serialize.js'
export {jsonSchema, loadJsonSchema} from './validate/json-schema.js'
export type {JsonSchema, JsonSchemaData} from './validate/json-schema.js'
export type {
  Alert,
  AlertKind,
  AlignType,
  Block,
  BlockMap,
  Blockquote,
  Break,
  Callout,
  Citation,
  Code,
  Comment,
  Definition,
  Delete,
  Diagnostic,
  Embed,
  Emphasis,
  Footnote,
  FootnoteDefinition,
  FootnoteReference,
  Frontmatter,
  Heading,
  Highlight,
  Html,
  Image,
  ImageReference,
  Inline,
  InlineCode,
  InlineMap,
  InlineMath,
  InvalidFrontmatter,
  Link,
  LinkEntry,
  LinkReference,
  List,
  ListItem,
  Math,
  NoteDocument,
  Options,
  Paragraph,
  Point,
  Position,
  Reference,
  ReferenceType,
  Resolved,
  SchemaOptions,
  Section,
  Severity,
  Stats,
  Strong,
  Syntax,
  Table,
  TableCell,
  TableRow,
  Tag,
  Text,
  ThematicBreak,
  ValidFrontmatter,
  WikiLink
} from './types.js'
