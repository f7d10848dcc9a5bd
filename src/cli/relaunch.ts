import {readdirSync} from 'node:fs'
import path from 'node:path'

/**
 * `defaults.cache` (the folder of `--cache` alone), here so that deciding to relaunch loads no
 * other module (a test checks that the two agree).
 */
export const defaultCache = 'node_modules/.cache/md2data'

/** The flag that marks a relaunched process (`bin.ts`): never relaunch twice. */
export const relaunchFlag = '--single-threaded-gc'

/**
 * The child's V8 flags. `--single-threaded-gc`: no garbage-collector helper threads, so one worker
 * a core does not oversubscribe the cores. On V8 11 (Node.js 20), `--interrupt-budget` at four
 * times its default: a function is optimized later, so the functions run only while a worker warms
 * up are not compiled by TurboFan in every worker (BENCHMARKS.md has what the two earn). V8 12
 * (Node.js 22) replaced the flag, which it rejects: given only where it exists, and never over the
 * user's own.
 */
export function v8Flags(execArgv: readonly string[], v8Version: string): string[] {
  const flags = [relaunchFlag]
  if (
    Number(v8Version.split('.')[0]) <= 11 &&
    !execArgv.some((argument) => argument.startsWith('--interrupt-budget'))
  ) {
    flags.push('--interrupt-budget=528000')
  }
  return flags
}

/**
 * Whether the run is likely to convert notes, and so to gain from the relaunch: not for `--help`
 * or `--version`, nor when it reuses a cache folder that holds a pack already, where most notes
 * are usually hits and a second Node.js process would cost more than its flags save.
 */
export function worthRelaunching(argv: readonly string[], cwd: string): boolean {
  for (const argument of argv) {
    if (argument === '--') break
    if (['-h', '--help', '-v', '--version'].includes(argument)) return false
    if (argument !== '--cache' && !argument.startsWith('--cache=')) continue
    const folder = path.resolve(cwd, argument.slice('--cache='.length) || defaultCache)
    try {
      return !readdirSync(folder).some((name) => name.endsWith('.pack'))
    } catch {
      return true
    }
  }
  return true
}
