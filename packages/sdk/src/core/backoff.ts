/**
 * One jittered backoff policy for every wait that repeats: retries, SSE reconnects and
 * polling. Clients that wait the same fixed delays after one outage come back in lockstep;
 * a random share of each delay spreads them apart.
 */

export interface BackoffOptions {
  /** First retry's upper bound, in ms. @default 500 */
  initialDelay?: number;
  /** Upper bound of any computed delay, in ms. @default 8000 */
  maxDelay?: number;
}

export interface BackoffPolicy {
  /** The delay before the first repeat, in ms (before jitter). */
  initialDelay: number;
  /** Cap of the delay before jitter, in ms. */
  maxDelay: number;
  /** Each repeat multiplies the delay by this. */
  factor: number;
  /**
   * The random share of each delay: 1 is full jitter, a delay anywhere in [0, d); 0.2 keeps
   * it within [0.8·d, d). Never longer than d, so deadlines computed from d hold.
   */
  jitter: number;
}

/** Retries: full jitter, 500 ms doubling to 8 s (or the client's `backoff` option). */
export function retryPolicy(options: BackoffOptions = {}): BackoffPolicy {
  return {
    initialDelay: options.initialDelay ?? 500,
    maxDelay: options.maxDelay ?? 8000,
    factor: 2,
    jitter: 1,
  };
}

/** SSE reconnects after a dropped stream: full jitter, 250 ms doubling to 5 s. */
export const RECONNECT_POLICY: BackoffPolicy = {
  initialDelay: 250,
  maxDelay: 5000,
  factor: 2,
  jitter: 1,
};

/**
 * Polling: the interval grows 1.5× from `pollInterval` to `maxPollInterval`; a fifth of each
 * wait is random, so pollers started together drift apart but never wait longer than asked.
 */
export function pollPolicy(initialDelay: number, maxDelay: number): BackoffPolicy {
  return { initialDelay, maxDelay, factor: 1.5, jitter: 0.2 };
}

/** The wait before repeat number `attempt` (0 for the first repeat), in whole ms. */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelay, policy.initialDelay * policy.factor ** attempt);
  return Math.floor(ceiling * (1 - policy.jitter + policy.jitter * random()));
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
