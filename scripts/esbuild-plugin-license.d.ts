// esbuild-plugin-license 1.2 ships types, but its `exports` do not point at them (NodeNext cannot
// resolve them): the part of its API that tsup.config.ts uses.
declare module 'esbuild-plugin-license' {
  import type {Plugin} from 'esbuild'

  export interface Dependency {
    packageJson: {
      name: string
      version: string
      license?: string
      licenses?: Array<{type: string; url: string}>
    }
    licenseText: string
  }

  interface Options {
    banner?: string
    thirdParty?: {
      includePrivate?: boolean
      output?: {file?: string; template?: string | ((dependencies: Dependency[]) => string)}
    }
  }

  export default function esbuildPluginLicense(options?: Options): Plugin
}
