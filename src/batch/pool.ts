import {existsSync} from 'node:fs'
import type {Piscina} from 'piscina'
import type {FrontmatterResult} from '../read-frontmatter.js'
import type {WorkerResult} from './result.js'
import type {WorkerOutput, WorkerSettings} from './worker.js'

/** What became of a note sent to the pool. */
export type Outcome =
  | {front: FrontmatterResult}
  | {failure: 'output'; length: number | null}
  | {result: WorkerResult}
  | {failure: 'timeout' | 'memory' | 'failed'; message: string}

/** Limits of the pool. */
export interface PoolOptions {
  jobs: number
  /** Time budget of one note, in milliseconds. */
  timeout: number
  /** Heap limit of each worker, in MiB. */
  maxMemory: number
  signal?: AbortSignal | undefined
}

interface Pending {
  path: string
  bytes: Uint8Array
  front: boolean
  resolve: (outcome: Outcome) => void
  reject: (error: Error) => void
}

/** Most notes, and bytes, sent to a worker in one task. */
const batchNotes = 8
const batchBytes = 128 * 1024

/**
 * Worker threads that convert notes, each note under a time budget and a memory limit. Notes go
 * to the workers a few at a time (one round trip for several small notes). A watchdog stops a
 * worker whose current note has run longer than the budget (each worker writes when it starts a
 * note, and which, into its task's clock); the other notes of that task are converted again. A
 * note that runs out of time is tried once more alone, with no other note converting (so a busy
 * machine does not change its result); only a note that runs out of time alone gets a timeout.
 */
export class WorkerPool {
  private pool: Promise<Piscina> | null = null
  /** Set when a worker cannot start (a broken install): every note fails with it. */
  private broken: Error | null = null
  private converted = false
  private batch: Array<Pending> = []
  private batchSize = 0
  private readonly waiting: Array<{notes: Array<Pending>; alone: boolean}> = []
  private readonly retries: Array<Pending> = []
  private readonly running = new Set<{clock: Float64Array; controller: AbortController}>()
  private readonly watchdog: NodeJS.Timeout

  constructor(
    private readonly settings: WorkerSettings,
    private readonly options: PoolOptions
  ) {
    const {timeout} = options
    this.watchdog = setInterval(
      () => {
        for (const task of this.running) {
          const started = task.clock[0] as number
          if (started > 0 && Date.now() - started > timeout) task.controller.abort()
        }
      },
      Math.max(10, Math.min(100, timeout / 4))
    )
    this.watchdog.unref()
  }

  /**
   * Convert one note (with `front`, read its front matter only); rejects only when the run is
   * stopped or no worker can start.
   */
  convert(path: string, bytes: Uint8Array, front = false): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      this.batch.push({path, bytes, front, resolve, reject})
      this.batchSize += bytes.byteLength
      if (this.batch.length >= batchNotes || this.batchSize >= batchBytes) this.flush()
      else if (this.batch.length === 1) setImmediate(() => this.flush())
    })
  }

  async destroy(): Promise<void> {
    clearInterval(this.watchdog)
    if (this.pool) await (await this.pool).destroy()
  }

  private flush(): void {
    if (this.batch.length === 0) return
    this.waiting.push({notes: this.batch, alone: false})
    this.batch = []
    this.batchSize = 0
    this.pump()
  }

  /** Start what may start: two tasks a worker, or a retry once nothing else runs. */
  private pump(): void {
    if (this.retries.length > 0) {
      if (this.running.size === 0) void this.run([this.retries.shift() as Pending], true)
      return
    }
    while (this.waiting.length > 0 && this.running.size < this.options.jobs * 2) {
      const task = this.waiting.shift() as {notes: Array<Pending>; alone: boolean}
      void this.run(task.notes, task.alone)
    }
  }

  private async run(notes: Array<Pending>, alone: boolean): Promise<void> {
    const controller = new AbortController()
    // [the time the current note started (0: none yet), its index in `notes`]
    const clock = new Float64Array(new SharedArrayBuffer(16))
    const task = {clock, controller}
    const stop = () => controller.abort()
    this.running.add(task)
    this.options.signal?.addEventListener('abort', stop)
    try {
      const workers = await (this.pool ??= this.start())
      if (this.broken) throw this.broken
      const input = {notes: notes.map(({path, bytes, front}) => ({path, bytes, front})), clock}
      const results = (await workers.run(input, {signal: controller.signal})) as Array<WorkerOutput>
      this.converted = true
      notes.forEach((note, index) => {
        const result = results[index] as WorkerOutput
        if ('tooLarge' in result) note.resolve({failure: 'output', length: result.tooLarge})
        else note.resolve('front' in result ? result : {result})
      })
    } catch (error) {
      this.failed(notes, error, clock, controller.signal.aborted, alone)
    } finally {
      this.running.delete(task)
      this.options.signal?.removeEventListener('abort', stop)
      this.pump()
    }
  }

  /** A task that failed: who gets the failure, who is converted again. */
  private failed(
    notes: Array<Pending>,
    error: unknown,
    clock: Float64Array,
    timedOut: boolean,
    alone: boolean
  ): void {
    if (this.options.signal?.aborted) {
      for (const note of notes) note.reject(new Error('Aborted'))
      return
    }
    // A worker that fails before its first note when none has converted one cannot start at all.
    if (!this.converted && (clock[0] as number) === 0 && !timedOut)
      this.broken ??= error instanceof Error ? error : new Error(String(error))
    if (this.broken) {
      const broken = new Error(`Cannot start a conversion worker: ${this.broken.message}`, {
        cause: this.broken
      })
      for (const note of notes) note.reject(broken)
      return
    }
    // The note the worker was converting gets the failure; the others are converted again, alone.
    const current = notes.length === 1 ? 0 : (clock[0] as number) > 0 ? (clock[1] as number) : -1
    notes.forEach((note, index) => {
      if (index !== current) this.waiting.push({notes: [note], alone: false})
      else if (timedOut && !alone) this.retries.push(note)
      else note.resolve(outcome(error, timedOut, this.options))
    })
  }

  private async start(): Promise<Piscina> {
    // From the sources (vitest, tsx) the worker is TypeScript, loaded through tsx; with
    // `MD2DATA_BUILT_WORKER=1` (the fast test tier, which builds first) the built one, which
    // starts several times faster.
    const built = new URL('../../dist/worker.cjs', import.meta.url)
    const typescript =
      import.meta.url.endsWith('.ts') &&
      !(process.env.MD2DATA_BUILT_WORKER === '1' && existsSync(built))
    const {Piscina} = await import('piscina')
    const pool = new Piscina({
      // (`worker.cjs` imports `worker.js`: see there why.)
      filename: (typescript
        ? new URL('./worker.ts', import.meta.url)
        : import.meta.url.endsWith('.ts')
          ? built
          : new URL('./worker.cjs', import.meta.url)
      ).href,
      minThreads: this.options.jobs,
      maxThreads: this.options.jobs,
      idleTimeout: 1000,
      workerData: this.settings,
      resourceLimits: {
        maxOldGenerationSizeMb: this.options.maxMemory,
        maxYoungGenerationSizeMb: 96
      },
      // In development (vitest, tsx) the worker is TypeScript: it loads through tsx.
      ...(typescript ? {execArgv: ['--import', 'tsx']} : {})
    })
    // Piscina reports here a worker that failed to load, and then leaves the tasks waiting.
    pool.on('error', (error: Error) => {
      this.broken ??= error
      for (const task of this.running) task.controller.abort()
    })
    return pool
  }
}

function outcome(error: unknown, timedOut: boolean, options: PoolOptions): Outcome {
  if (timedOut) {
    return {
      failure: 'timeout',
      message: `Cannot convert in time: parsing took longer than ${options.timeout} ms (\`--timeout\`); the input looks pathological, its body is left out`
    }
  }
  if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return {
      failure: 'memory',
      message: `Cannot convert within ${options.maxMemory} MiB of memory (\`--max-memory\`), its body is left out`
    }
  }
  return {
    failure: 'failed',
    message: `Cannot convert: ${(error as Error).message ?? String(error)}`
  }
}
