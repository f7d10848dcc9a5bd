import esbuildPluginLicense from 'esbuild-plugin-license'
import type {Dependency} from 'esbuild-plugin-license'
import {defineConfig} from 'tsup'

export default defineConfig([
  {
    // The library and the command line.
    entry: {index: 'src/index.ts', cli: 'src/cli/bin.ts'},
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    dts: {entry: {index: 'src/index.ts'}},
    sourcemap: true,
    // Shared chunks, and lazy ones for what only some runs need (the parser, ajv, the pool).
    splitting: true
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
    // Bundled CommonJS packages (yaml, ajv) `require` Node.js built-ins: give them a `require`.
    banner: {
      js: "import {createRequire as md2dataCreateRequire} from 'node:module'\nconst require = md2dataCreateRequire(import.meta.url)"
    },
    // Not piscina: its worker-side `workerData` must be the one its own worker bootstrap set.
    noExternal: [/^(?!piscina$)/],
    esbuildPlugins: [
      esbuildPluginLicense({
        banner:
          '/*! md2data worker; bundled dependencies and their licenses: worker.licenses.txt */',
        thirdParty: {
          output: {
            file: 'worker.licenses.txt',
            template: (dependencies) => dependencies.map(notice).join(`\n${'-'.repeat(80)}\n\n`)
          }
        }
      })
    ]
  }
])

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
