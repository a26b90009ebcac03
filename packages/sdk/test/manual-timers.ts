/**
 * A clock for tests: time moves only when the test says so. `run(promise)` settles a promise
 * that waits on these timers by jumping from one due timer to the next whenever the code
 * under test has nothing else to do, so timeouts, backoff and polling take no real time and
 * cannot race. For code driven by in-process fakes only (no real I/O): with a real socket
 * "nothing else to do" cannot be told from "waiting for the network".
 */
import type { Timers } from '../src/internal/timers';

export interface ManualTimers extends Timers {
  /** Moves time forward by `ms`, firing what falls due, in order. */
  advance(ms: number): Promise<void>;
  /** Settles `promise`, moving time to each next timer while nothing else can happen. */
  run<T>(promise: Promise<T>): Promise<T>;
  /** The delays asked for, in order (what a backoff chose). */
  readonly scheduled: number[];
}

/** Lets every pending promise callback (and I/O already done) run: no time passes. */
const idle = () => new Promise<void>((resolve) => setImmediate(resolve));

export function manualTimers(start = 1_000_000): ManualTimers {
  let now = start;
  let seq = 0;
  const queue: { at: number; seq: number; fn: () => void }[] = [];
  const scheduled: number[] = [];
  const fireNext = () => {
    queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const next = queue.shift();
    if (!next) return false;
    now = Math.max(now, next.at);
    next.fn();
    return true;
  };
  return {
    now: () => now,
    scheduled,
    schedule(ms, fn) {
      scheduled.push(ms);
      const timer = { at: now + ms, seq: seq++, fn };
      queue.push(timer);
      return () => {
        const i = queue.indexOf(timer);
        if (i !== -1) queue.splice(i, 1);
      };
    },
    async advance(ms) {
      const until = now + ms;
      await idle();
      while (queue.some((t) => t.at <= until)) {
        fireNext();
        await idle();
      }
      now = until;
    },
    async run(promise) {
      let settled = false;
      const done = promise.then(
        () => {
          settled = true;
        },
        () => {
          settled = true;
        },
      );
      // Only when nothing else can happen does time jump to the next timer. With no timer
      // due, the code may be loading a module (a lazy chunk): give it real time, boundedly.
      for (let quiet = 0; quiet < 2000; ) {
        await (quiet < 50 ? idle() : new Promise((r) => setTimeout(r, 1)));
        if (settled) return promise;
        quiet = fireNext() ? 0 : quiet + 1;
      }
      void done;
      throw new Error('manualTimers.run: the promise waits on something other than these timers');
    },
  };
}
