/**
 * Polls until a resource leaves its in-progress states: the interval grows 1.5× per poll,
 * capped, jittered (the shared backoff policy), within a total timeout, abortable.
 */

import { sleep, systemTimers, type Timers } from '../internal/timers';
import { backoffDelay, pollPolicy } from './backoff';
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
  timers: Timers = systemTimers,
  random: () => number = Math.random,
): Promise<T> {
  const maxWait = options.maxWait ?? 300_000;
  const deadline = timers.now() + maxWait;
  const policy = pollPolicy(options.pollInterval ?? 1000, options.maxPollInterval ?? 10_000);
  let value = first;
  for (let poll = 0; !done(value); poll++) {
    const wait = backoffDelay(poll, policy, random);
    if (timers.now() + wait > deadline) {
      throw new TimeoutError(`still in progress after ${maxWait}ms`);
    }
    try {
      await sleep(wait, options.signal, timers);
    } catch {
      throw new AbortError('polling was aborted', { cause: options.signal?.reason });
    }
    value = await next();
  }
  return value;
}
