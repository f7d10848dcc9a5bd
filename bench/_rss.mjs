// Preloaded with `node --import` by bench/cli.ts: report the peak resident set size of the whole
// process (main thread and worker threads) when it exits.
process.on('exit', () =>
  process.stderr.write(`\nmd2data-bench-maxrss ${process.resourceUsage().maxRSS}\n`)
)
