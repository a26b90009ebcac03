/**
 * Per-agent rate limits on proxied LLM calls: requests and tokens per minute, counted in fixed
 * one-minute windows of the server's clock (a window is the minute `floor(now / 60 s)`). A
 * call is counted at admission with its worst case in tokens (request bytes plus its output
 * cap), corrected to the reported usage when it settles; a call over either limit is refused
 * with the seconds left in the window. In memory here; on Redis (src/redis/rate-limits.ts) the
 * check and the count are one atomic script over a key named by the agent and the window.
 */
import type { Agent } from './ledger';
import type { State } from './store';

export const WINDOW_MS = 60_000;

/** An admitted call: `settle` corrects its token count to what it really used. */
export interface Admitted {
  settle(tokens: number): Promise<void>;
}
export type Admission = Admitted | { retryAfterSeconds: number };

export interface RateLimiter {
  /** Counts a call of (at most) `tokens` for the agent now, or says when to try again. */
  admit(agent: Agent, tokens: number): Promise<Admission>;
}

/** Seconds until the window `now` falls in ends (at least 1). */
export const secondsLeft = (now: number) =>
  Math.max(1, Math.ceil((WINDOW_MS - (now % WINDOW_MS)) / 1000));

/** Whether a window already holding `requests` and `used` tokens takes one call of `tokens` more. */
export function takes(agent: Agent, requests: number, used: number, tokens: number) {
  const rpm = agent.rate_limits?.requests_per_minute ?? null;
  const tpm = agent.rate_limits?.tokens_per_minute ?? null;
  return (rpm === null || requests + 1 <= rpm) && (tpm === null || used + tokens <= tpm);
}

const unlimited = (agent: Agent) =>
  (agent.rate_limits?.requests_per_minute ?? null) === null &&
  (agent.rate_limits?.tokens_per_minute ?? null) === null;

export const NOTHING_TO_SETTLE: Admitted = { settle: async () => {} };

export function memoryRateLimiter(state: State): RateLimiter {
  const windows = new Map<string, { window: number; requests: number; tokens: number }>();
  return {
    async admit(agent, tokens) {
      if (unlimited(agent)) return NOTHING_TO_SETTLE;
      const now = state.now();
      const window = Math.floor(now / WINDOW_MS);
      let w = windows.get(agent.id);
      if (!w || w.window !== window) {
        w = { window, requests: 0, tokens: 0 };
        windows.set(agent.id, w);
      }
      if (!takes(agent, w.requests, w.tokens, tokens))
        return { retryAfterSeconds: secondsLeft(now) };
      w.requests += 1;
      w.tokens += tokens;
      const counted = w;
      return {
        settle: async (used) => {
          counted.tokens -= Math.max(0, tokens - used);
        },
      };
    },
  };
}
