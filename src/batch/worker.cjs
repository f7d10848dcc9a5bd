'use strict'
/**
 * The file piscina loads in each worker thread: it loads the worker itself (`worker.js`, an ES
 * module) through `import()`. Piscina loads its file with `require()` first, and on Node.js
 * versions whose `require()` loads ES modules (20.19 and later), a worker terminated while
 * `require()` instantiated it (stopped by the watchdog, or by the pool's end) aborted the whole
 * process: "FATAL ERROR: v8::Module::IsGraphAsync must be used on an instantiated module". A
 * termination during `import()` ends the worker, and nothing else.
 */
const worker = import('./worker.js').then((module) => module.default)
// A worker that cannot load fails its first task with the error (not an unhandled rejection).
worker.catch(() => {})

module.exports = async function convertInWorker(task) {
  return (await worker)(task)
}
