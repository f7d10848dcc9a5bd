import type {SingleBar} from 'cli-progress'
import {formatGithub, formatStylishFile, formatSummary} from '../batch/index.js'
import type {FileDiagnostics} from '../batch/index.js'

/** How diagnostics are reported (from the command line's flags). */
export interface ReportOptions {
  reporter: 'stylish' | 'json' | 'github'
  strict: boolean
  quiet: boolean
  silent: boolean
}

/** Collects diagnostics, prints them as they come (or at the end behind a progress bar), counts. */
export class Reporter {
  errors = 0
  warnings = 0
  infos = 0
  /** Diagnostics not shown (`--quiet`). */
  hidden = 0
  private readonly shown = {errors: 0, warnings: 0, infos: 0}
  /** Hold output back (while a progress bar draws on stderr). */
  buffer = false
  private readonly held: Array<FileDiagnostics> = []
  private opened = false

  constructor(
    readonly options: ReportOptions,
    readonly stderr: {write(text: string): unknown}
  ) {}

  add(file: FileDiagnostics): void {
    // `--quiet` shows errors only; with `--strict`, warnings fail, so they show too.
    const {quiet, strict, silent} = this.options
    const shown = file.diagnostics.filter(
      (item) => !quiet || item.severity === 'error' || (strict && item.severity === 'warning')
    )
    for (const item of file.diagnostics) {
      const severity =
        item.severity === 'error' ? 'errors' : item.severity === 'warning' ? 'warnings' : 'infos'
      this[severity]++
      if (shown.includes(item)) this.shown[severity]++
      else this.hidden++
    }
    if (silent || shown.length === 0) return
    const visible = {path: file.path, diagnostics: shown}
    if (this.buffer) this.held.push(visible)
    else this.print(visible)
  }

  /** Print what was held back (behind a progress bar). */
  flush(): void {
    this.buffer = false
    for (const file of this.held.splice(0)) this.print(file)
  }

  /** Print what was held back, then the stylish summary line, or close the JSON array. */
  finish(): void {
    this.flush()
    if (this.options.silent) return
    if (this.options.reporter === 'stylish') {
      this.stderr.write(formatSummary(this.shown))
    } else if (this.options.reporter === 'json') {
      this.stderr.write(this.opened ? ']\n' : '[]\n')
    }
  }

  /** Whether the run fails: errors, or warnings with `--strict`. */
  get failed(): boolean {
    return this.errors > 0 || (this.options.strict && this.warnings > 0)
  }

  private print(file: FileDiagnostics): void {
    if (this.options.reporter === 'stylish') {
      this.stderr.write(formatStylishFile(file))
    } else if (this.options.reporter === 'github') {
      this.stderr.write(formatGithub([file]))
    } else {
      // A JSON array streamed item by item, so memory stays flat.
      this.stderr.write(`${this.opened ? ',' : '['}${JSON.stringify(file)}`)
      this.opened = true
    }
  }
}

/** The run's last line: notes, errors, warnings, time. */
export function summary(
  notes: number,
  cached: number,
  reporter: Reporter,
  check: boolean,
  started: number
): string {
  const plural = (count: number, word: string) => `${count} ${count === 1 ? word : `${word}s`}`
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  return (
    `md2data: ${plural(notes, 'note')}${cached ? ` (${cached} from cache)` : ''}, ` +
    `${plural(reporter.errors, 'error')}, ${plural(reporter.warnings, 'warning')}` +
    (reporter.hidden ? ` (${reporter.hidden} not shown: --quiet)` : '') +
    ` in ${seconds} s` +
    (check ? ' (checked only: give --out-dir or --ndjson to write documents)' : '') +
    '\n'
  )
}

/** A progress bar on a terminal: notes done, notes a second, time left. */
export async function progressBar(
  stderr: NodeJS.WritableStream,
  total: number
): Promise<SingleBar> {
  const {SingleBar} = await import('cli-progress')
  const bar = new SingleBar({
    stream: stderr,
    format: 'md2data {bar} {value}/{total} notes | {rate} notes/s | ETA {eta_formatted}',
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 50,
    barCompleteChar: '█',
    barIncompleteChar: '░'
  })
  const start = performance.now()
  bar.start(total, 0, {rate: '0'})
  const update = bar.increment.bind(bar)
  bar.increment = ((step?: number) => {
    const seconds = (performance.now() - start) / 1000
    update(step ?? 1, {rate: ((bar.getProgress() * total) / seconds).toFixed(0)})
  }) as typeof bar.increment
  return bar
}
