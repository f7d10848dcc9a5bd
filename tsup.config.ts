import esbuildPluginLicense from 'esbuild-plugin-license'
import type {Dependency} from 'esbuild-plugin-license'
import {copyFileSync, mkdirSync} from 'node:fs'
import path from 'node:path'
import type {Plugin} from 'esbuild'
import {defineConfig} from 'tsup'

/** Bundled CommonJS packages (yaml, picomatch) `require` Node.js built-ins: give them a `require`. */
const requireBanner =
  "import {createRequire as md2dataCreateRequire} from 'node:module'\nconst require = md2dataCreateRequire(import.meta.url)"

export default defineConfig([
  {
    // The library, the command line and the worker the batch layer runs notes in, with their
    // dependencies bundled (but piscina: its worker-side `workerData` must be the one its own worker
    // bootstrap set), so each package's code ships once, in `dist/`, and is not installed a second
    // time as a dependency. A worker loads its modules when it starts: from a few files of `dist/`
    // in 0.14–0.38 s, from some 80 packages in node_modules in 0.31–0.66 s (`bench/worker-start.mjs`,
    // BENCHMARKS.md); the command line starts faster too (the CommonJS loader took ~24 ms of every
    // run for picomatch and ignore alone). Their licenses are in `licenses.txt`.
    entry: {
      index: 'src/index.ts',
      batch: 'src/batch/index.ts',
      config: 'src/config/index.ts',
      remark: 'src/remark.ts',
      vite: 'src/vite/index.ts',
      cli: 'src/cli/bin.ts',
      worker: 'src/batch/worker.ts'
    },
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    dts: {
      entry: {
        index: 'src/index.ts',
        batch: 'src/batch/index.ts',
        config: 'src/config/index.ts',
        remark: 'src/remark.ts',
        vite: 'src/vite/index.ts'
      }
    },
    // No source maps: they would point at sources the package does not ship.
    sourcemap: false,
    // Shared chunks, and lazy ones for what only some runs need (the parser, the pool).
    splitting: true,
    // (jiti, which loads `md2data.config.ts`, stays a dependency: it is loaded only for such configs.)
    noExternal: [/^(?!piscina$|@standard-schema\/spec$|jiti$)/],
    banner: {js: requireBanner},
    esbuildPlugins: [
      ...licenses('md2data', 'licenses.txt'),
      copy('src/batch/worker.cjs', 'worker.cjs')
    ]
  },
  {
    // ajv and ajv-formats, which `jsonSchema()` requires (synchronously) the first time a JSON
    // Schema is used, so that `import 'md2data'` does not load them (`src/validate/ajv.cjs`).
    entry: {ajv: 'src/validate/ajv.cjs'},
    format: ['cjs'],
    outExtension: () => ({js: '.cjs'}),
    target: 'node20',
    platform: 'node',
    sourcemap: false,
    noExternal: [/./],
    esbuildPlugins: licenses('md2data ajv', 'ajv.licenses.txt')
  },
  {
    // `md2data/browser`: convert, readFrontmatter, jsonSchema (ajv imported), in one file that
    // imports nothing from `node:` (test/browser-bundle.test.ts). The `worker` condition before
    // `browser`: a package with a DOM variant (decode-named-character-reference decodes entities
    // with `document`) gives its plain one, which runs in web workers too and decodes as in Node.js.
    entry: {browser: 'src/browser.ts'},
    format: ['esm'],
    target: 'es2022',
    platform: 'browser',
    dts: {entry: {browser: 'src/browser.ts'}},
    sourcemap: false,
    noExternal: [/./],
    esbuildOptions(options) {
      options.conditions = ['worker']
    },
    esbuildPlugins: licenses('md2data/browser', 'browser.licenses.txt')
  }
])

/**
 * Notices of the packages bundled into a build's files, in `file` beside them. (The plugin writes
 * when esbuild ends, before tsup writes the build: the folder is made first.)
 */
function licenses(what: string, file: string): Array<Plugin> {
  const folder: Plugin = {
    name: 'md2data-outdir',
    setup(build) {
      build.onEnd(() => {
        mkdirSync(build.initialOptions.outdir ?? '.', {recursive: true})
      })
    }
  }
  const notices = esbuildPluginLicense({
    banner: `/*! ${what}; bundled dependencies and their licenses: ${file} */`,
    thirdParty: {
      output: {
        file,
        template: (dependencies) => dependencies.map(notice).join(`\n${'-'.repeat(80)}\n\n`)
      }
    }
  })
  return [folder, notices]
}

/** Copy a file as it is into the build's folder (after `licenses`, which makes the folder). */
function copy(from: string, to: string): Plugin {
  return {
    name: 'md2data-copy',
    setup(build) {
      build.onEnd(() => {
        copyFileSync(from, path.join(build.initialOptions.outdir ?? '.', to))
      })
    }
  }
}

/** One bundled package's notice: name, version, license, and the license text it ships. */
function notice({packageJson, licenseText}: Dependency): string {
  // Old packages (`format`) name their license in a `licenses` array and ship no license file.
  const legacy = packageJson.licenses ?? []
  const license = packageJson.license ?? legacy.map((entry) => entry.type).join(' OR ')
  const text =
    licenseText.trim() ||
    `The package ships no license file; its license: ${legacy.map((entry) => entry.url).join(', ')}`
  return `${packageJson.name}@${packageJson.version} (${license})\n\n${text}\n`
}
