#!/usr/bin/env node
/**
 * The `md2data` command: argv → exit code. It sets `process.exitCode` rather than calling
 * `process.exit()`, so output flushes. The first Ctrl-C stops cleanly (outputs already written are
 * complete: every write is atomic) and exits with 130; a second one exits at once.
 */
import {run} from './run.js'

const controller = new AbortController()
process.on('SIGINT', () => {
  if (controller.signal.aborted) process.exit(130)
  controller.abort()
})
// A reader of standard output that goes away (`| head`) fails writes with EPIPE: `run` stops on it
// (exit code 141); it is not an uncaught error.
process.stdout.on('error', () => {})
process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  signal: controller.signal
})
