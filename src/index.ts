export {convert, convertAsync} from './convert.js'
export {readFrontmatter, readFrontmatterAsync} from './read-frontmatter.js'
export type {FrontmatterResult} from './read-frontmatter.js'
export {AsyncSchemaError} from './validate/index.js'
export {convertFile, convertFiles} from './batch/convert-files.js'
export type {BatchOptions, FileResult} from './batch/convert-files.js'
export {findNotes} from './batch/files.js'
export type {FindOptions, Found, NoteFile} from './batch/files.js'
export {formatGithub, formatJson, formatStylish} from './diagnostics/format.js'
export type {FileDiagnostics} from './diagnostics/format.js'
export {serialize} from './serialize.js'
export {jsonSchema, loadJsonSchema} from './validate/json-schema.js'
export type {JsonSchema, JsonSchemaData} from './validate/json-schema.js'
export type {
  AlignType,
  Block,
  BlockMap,
  Blockquote,
  Break,
  Citation,
  Code,
  Definition,
  Delete,
  Diagnostic,
  Emphasis,
  Footnote,
  FootnoteDefinition,
  FootnoteReference,
  Frontmatter,
  Heading,
  Html,
  Image,
  ImageReference,
  Inline,
  InlineCode,
  InlineMap,
  InvalidFrontmatter,
  Link,
  LinkEntry,
  LinkReference,
  List,
  ListItem,
  NoteDocument,
  Options,
  Paragraph,
  Point,
  Position,
  Reference,
  ReferenceType,
  SchemaOptions,
  Section,
  Severity,
  Stats,
  Strong,
  Table,
  TableCell,
  TableRow,
  Text,
  ThematicBreak,
  ValidFrontmatter
} from './types.js'
