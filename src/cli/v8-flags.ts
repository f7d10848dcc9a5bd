/** The flag that marks a relaunched process (`bin.ts`): never relaunch twice. */
export const relaunchFlag = '--single-threaded-gc'

/**
 * The child's V8 flags. `--single-threaded-gc`: no garbage-collector helper threads. On V8 11
 * (Node.js 20), `--interrupt-budget` at four times its default (132 KiB of bytecode run): a
 * function is optimized later, so the functions run only while a worker warms up are not compiled
 * by TurboFan, in every worker, on the cores the workers need (halves the compile time of a run;
 * 0.8x the wall time on hugo-docs). V8 12 (Node.js 22) replaced the flag, which it rejects: given
 * only where it exists, and never over the user's own.
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
