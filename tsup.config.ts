import esbuildPluginLicense from 'esbuild-plugin-license'
import type {Dependency} from 'esbuild-plugin-license'
import {copyFileSync, mkdirSync} from 'node:fs'
import path from 'node:path'
import type {Plugin} from 'esbuild'
import {defineConfig} from 'tsup'

/** Bundled CommonJS packages (yaml, ajv, picomatch) `require` Node.js built-ins: give them a `require`. */
const requireBanner =
  "import {createRequire as md2dataCreateRequire} from 'node:module'\nconst require = md2dataCreateRequire(import.meta.url)"

export default defineConfig([
  {
    // The library and the command line.
    entry: {index: 'src/index.ts', batch: 'src/batch/index.ts', cli: 'src/cli/bin.ts'},
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    dts: {entry: {index: 'src/index.ts', batch: 'src/batch/index.ts'}},
    sourcemap: true,
    // Shared chunks, and lazy ones for what only some runs need (the parser, ajv, the pool).
    splitting: true,
    // The file walk's two CommonJS packages, bundled: loading them through Node.js's CommonJS
    // loader took ~24 ms of every command line run (a warm `--cache` run is ~0.2 s; BENCHMARKS.md).
    // Their licenses are in `licenses.txt`.
    noExternal: ['picomatch', 'ignore'],
    banner: {js: requireBanner},
    esbuildPlugins: licenses('md2data', 'licenses.txt')
  },
  {
    // The worker the batch layer runs notes in, with its dependencies in one file: each worker
    // loads it when it starts, in 0.04 s instead of 0.17 s for some 80 packages' modules
    // (BENCHMARKS.md). Their licenses are in `worker.licenses.txt`, beside it.
    entry: {worker: 'src/batch/worker.ts'},
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    sourcemap: true,
    splitting: false,
    banner: {js: requireBanner},
    // Not piscina: its worker-side `workerData` must be the one its own worker bootstrap set.
    noExternal: [/^(?!piscina$)/],
    esbuildPlugins: [
      ...licenses('md2data worker', 'worker.licenses.txt'),
      copy('src/batch/worker.cjs', 'worker.cjs')
    ]
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
