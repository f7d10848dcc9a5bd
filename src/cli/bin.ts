#!/usr/bin/env node
/**
 * The `md2data` command: argv → exit code. It sets `process.exitCode` rather than calling
 * `process.exit()`, so output flushes. The first Ctrl-C stops cleanly (outputs already written are
 * complete: every write is atomic) and exits with 130; a second one exits at once.
 *
 * On POSIX systems the command first starts itself again in a child Node.js process with V8 flags
 * that can only be given when a process starts (`v8Flags`, BENCHMARKS.md has the measures): each
 * worker then collects its garbage on its own thread instead of on helper threads, and compiles
 * fewer functions with the optimizing compiler, so one worker a core does not oversubscribe the
 * cores. This parent only waits: the child shares its standard streams, gets its interrupts (as
 * messages, so that a Ctrl-C that the terminal sends to both counts once), and ends when the
 * parent is killed; the parent exits as the child did. `MD2DATA_RELAUNCH=0` runs everything in one
 * process, as does a run with a `--cache` folder that holds a pack (`worthRelaunching`); the latter
 * sets the flags that can be set at run time.
 */
import {fileURLToPath} from 'node:url'
import {relaunchFlag as flag, v8Flags, worthRelaunching} from './relaunch.js'

const interrupt = 'md2data:interrupt'

if (
  process.platform !== 'win32' &&
  !process.execArgv.includes(flag) &&
  process.env.MD2DATA_RELAUNCH !== '0' &&
  worthRelaunching(process.argv.slice(2), process.cwd())
) {
  await relaunch()
} else {
  await main()
}

async function main(): Promise<void> {
  if (!process.execArgv.includes(flag) && process.env.MD2DATA_RELAUNCH !== '0') {
    // Not relaunched (a warm cache, Windows): the relaunch's V8 flags that can be set at run time,
    // before the modules that run load (not the collector's, which are set up with the heap).
    const {setFlagsFromString} = await import('node:v8')
    for (const each of v8Flags(process.execArgv, process.versions.v8)) {
      if (each !== flag) setFlagsFromString(each)
    }
  }
  const {run} = await import('./run.js')
  const controller = new AbortController()
  let interrupted = false
  const stop = () => {
    if (interrupted) process.exit(130)
    interrupted = true
    controller.abort()
  }
  process.on('SIGINT', stop)
  if (process.channel) {
    // Started by `relaunch`: the parent relays interrupts; the terminal's own SIGINT, which the
    // parent also gets, is left to it so that one Ctrl-C is one interrupt.
    process.removeListener('SIGINT', stop)
    process.on('SIGINT', () => {})
    process.on('message', (message) => {
      if (message === interrupt) stop()
    })
    // The parent is gone (killed): stop as it did, at once. Outputs written so far are complete.
    process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'))
    process.channel.unref()
  }
  // A reader of standard output that goes away (`| head`) fails its writes with EPIPE: `run` stops
  // on it (exit code 141); it is not an uncaught error.
  process.stdout.on('error', () => {})
  process.exitCode = await run(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    signal: controller.signal
  })
}

async function relaunch(): Promise<void> {
  // (Loaded here: a run in one process does not need it.)
  const {spawn} = await import('node:child_process')
  const child = spawn(
    process.execPath,
    [
      ...process.execArgv,
      ...v8Flags(process.execArgv, process.versions.v8),
      fileURLToPath(import.meta.url),
      ...process.argv.slice(2)
    ],
    {stdio: ['inherit', 'inherit', 'inherit', 'ipc']}
  )
  process.on('SIGINT', () => {
    if (child.connected) child.send(interrupt)
  })
  for (const signal of ['SIGTERM', 'SIGHUP', 'SIGQUIT'] as const) {
    process.on(signal, () => child.kill(signal))
  }
  child.on('error', (error) => {
    process.stderr.write(`md2data: Cannot start: ${error.message}\n`)
    process.exitCode = 2
  })
  child.on('exit', (code, signal) => {
    if (signal) {
      // Die of the same signal, as a shell expects.
      process.removeAllListeners(signal)
      process.kill(process.pid, signal)
      return
    }
    process.exitCode = code ?? 2
  })
}
