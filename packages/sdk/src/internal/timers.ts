/**
 * Time as the pipeline sees it: what time it is, and "call me back in ms". Every wait the SDK
 * makes (attempt timeouts, backoff between retries, SSE reconnects, polling) goes through one
 * of these, so tests drive time with a manual clock instead of sleeping.
 */

export interface Timers {
  /** Epoch ms. */
  now(): number;
  /** Calls `fn` after `ms`; the returned function cancels it. */
  schedule(ms: number, fn: () => void): () => void;
}

/** Longer than this, setTimeout fires at once: such a wait is treated as none at all. */
export const MAX_TIMER = 2 ** 31 - 1;

/** The runtime's own clock and timers. */
export const systemTimers: Timers = {
  now: Date.now,
  schedule(ms, fn) {
    if (ms > MAX_TIMER) return () => {};
    const handle = setTimeout(fn, ms);
    return () => clearTimeout(handle);
  },
};

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal, timers = systemTimers): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      cancel();
      reject(signal?.reason);
    };
    const cancel = timers.schedule(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Resolves on a later turn of the event loop (a macrotask), after pending I/O had its turn:
 * a request just handed to fetch goes out on the wire there (undici writes it after several
 * ticks), so work that follows cannot hold it back. Not a wait for time: no clock involved.
 */
export function nextTurn(): Promise<void> {
  // setImmediate is Node's (Bun's, Deno's); browsers have none.
  return new Promise((resolve) =>
    typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0),
  );
}
