/**
 * `md2data/client`: the types of `?data` imports of the Vite plugin (`md2data/vite`), as
 * `vite/client` gives those of assets. Add `"types": ["vite/client", "md2data/client"]` to the
 * `compilerOptions` of `tsconfig.json`, or `/// <reference types="md2data/client" />` to a
 * declaration file of the app.
 */
declare module '*?data' {
  import type {NoteDocument} from 'md2data'

  const document: NoteDocument
  export default document
}
