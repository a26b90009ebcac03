/**
 * The server's notion of now, in milliseconds since the epoch. Every expiry (tokens, keys,
 * certificates, proofs, idempotency records, approvals, links, trigger tolerance) reads it,
 * so a test can move time instead of sleeping.
 */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/** Unix seconds of a clock. */
export const unixSeconds = (clock: Clock) => Math.floor(clock() / 1000);

/**
 * Where the server schedules what happens later: runs and asynchronous service requests
 * finishing after the work delay, the `latency` fault, SSE keep-alive comments. A test passes
 * timers driven by its own clock and moves time instead of waiting for it.
 */
export interface Timers {
  /** Calls `fn` once, `ms` from now; the function returned cancels it. */
  setTimeout(fn: () => void, ms: number): () => void;
  /** Calls `fn` every `ms`; the function returned stops it. */
  setInterval(fn: () => void, ms: number): () => void;
}

/** The platform's timers; none of them keeps the process alive on its own. */
export const systemTimers: Timers = {
  setTimeout(fn, ms) {
    const timer = setTimeout(fn, ms).unref();
    return () => clearTimeout(timer);
  },
  setInterval(fn, ms) {
    const timer = setInterval(fn, ms).unref();
    return () => clearInterval(timer);
  },
};

/** Resolves `ms` from now on these timers. */
export const delay = (timers: Timers, ms: number) =>
  new Promise<void>((resolve) => void timers.setTimeout(resolve, ms));
