/**
 * Polls until a resource leaves its in-progress states: interval × 1.5 each time, capped,
 * within a total timeout, abortable.
 */
import { sleep } from './backoff';
import { AbortError, TimeoutError } from './errors';

export interface PollOptions {
  /** First wait between polls, in ms. @default 1000 */
  pollInterval?: number;
  /** Longest wait between polls, in ms. @default 10000 */
  maxPollInterval?: number;
  /** Give up waiting after this many ms with a TimeoutError. @default 300000 */
  maxWait?: number;
  signal?: AbortSignal;
}

export async function pollUntil<T>(
  first: T,
  next: () => Promise<T>,
  done: (value: T) => boolean,
  options: PollOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.maxWait ?? 300_000);
  let interval = options.pollInterval ?? 1000;
  let value = first;
  while (!done(value)) {
    if (Date.now() + interval > deadline) {
      throw new TimeoutError(`still in progress after ${options.maxWait ?? 300_000}ms`);
    }
    try {
      await sleep(interval, options.signal);
    } catch {
      throw new AbortError('polling was aborted', { cause: options.signal?.reason });
    }
    value = await next();
    interval = Math.min(interval * 1.5, options.maxPollInterval ?? 10_000);
  }
  return value;
}
