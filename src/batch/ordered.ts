/** Bounds of `ordered`. */
export interface Window<R> {
  /** Most items in flight at once. */
  concurrency: number
  /** Most items started past the next one to yield. */
  ahead: number
  /** Most memory held by finished items waiting to be yielded (as `size` counts it). */
  held: number
  size: (result: R) => number
  signal?: AbortSignal | undefined
}

/**
 * Run `work` on `items`, several at a time, and yield the results in the order of `items`. Memory
 * stays bounded however many items there are: at most `concurrency` in flight, none started more
 * than `ahead` past the next one to yield, and results waiting for a slow one hold at most `held`.
 * A rejection is thrown when its item's turn comes. Stops starting items once `signal` aborts.
 */
export async function* ordered<T, R>(
  items: Iterable<T>,
  work: (item: T) => Promise<R>,
  window: Window<R>
): AsyncGenerator<R, void, undefined> {
  const iterator = items[Symbol.iterator]()
  const results = new Map<number, Promise<R>>()
  let started = 0
  let yielded = 0
  let inFlight = 0
  let held = 0
  let done = false
  let wake: (() => void) | null = null

  const fill = () => {
    while (
      !done &&
      inFlight < window.concurrency &&
      started - yielded < window.ahead &&
      held < window.held &&
      !window.signal?.aborted
    ) {
      const next = iterator.next()
      if (next.done) {
        done = true
        break
      }
      inFlight++
      const promise = work(next.value)
      const settled = (result?: R) => {
        if (result !== undefined) held += window.size(result)
        inFlight--
        fill()
        wake?.()
      }
      promise.then(settled, () => settled())
      results.set(started++, promise)
    }
  }

  fill()
  while ((yielded < started || !done) && !window.signal?.aborted) {
    const promise = results.get(yielded)
    if (!promise) {
      // Nothing to yield yet, and no room to start the next item: wait for room.
      await new Promise<void>((resolve) => (wake = resolve))
      wake = null
      fill()
      continue
    }
    const result = await promise
    results.delete(yielded)
    held -= window.size(result)
    yielded++
    fill()
    yield result
  }
}
