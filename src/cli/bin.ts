#!/usr/bin/env node
/**
 * The `md2data` command: argv → exit code. It sets `process.exitCode` rather than calling
 * `process.exit()`, so output flushes. The first Ctrl-C stops cleanly (outputs already written are
 * complete: every write is atomic) and exits with 130; a second one exits at once.
 */
import {run} from './run.js'

const controller = new AbortController()
let interrupted = false
process.on('SIGINT', () => {
  if (interrupted) process.exit(130)
  interrupted = true
  controller.abort()
})

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  signal: controller.signal
})
