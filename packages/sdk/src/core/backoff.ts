/** Full-jitter exponential backoff and Retry-After parsing. */

export interface BackoffOptions {
  /** First retry's upper bound, in ms. @default 500 */
  initialDelay?: number;
  /** Upper bound of any computed delay, in ms. @default 8000 */
  maxDelay?: number;
}

/** A random delay in [0, min(maxDelay, initial · 2^retry)): spreads retrying clients apart. */
export function fullJitter(retry: number, options: BackoffOptions = {}, random = Math.random) {
  const initial = options.initialDelay ?? 500;
  const max = options.maxDelay ?? 8000;
  return Math.floor(random() * Math.min(max, initial * 2 ** retry));
}

/**
 * The delay the server asked for, in ms: `retry-after-ms`, else `Retry-After` in seconds or
 * as an HTTP date. Undefined when absent or unparseable.
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms)) && Number(ms) >= 0) {
    return Number(ms);
  }
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
