import type { RequestVerifier } from '@tollgate/identity';
import type { Timers } from './clock';
import type { UpstreamOptions } from './llm/upstream';
import type { Idempotency } from './middleware/idempotency';
import type { Ledger } from './state/ledger';
import type { RateLimiter } from './state/rate-limits';
import type { State } from './state/store';

/** What handlers share: the state, the server's own URL and its settings. */
export interface Deps {
  state: State;
  idempotency: Idempotency;
  /** Where budgets are kept: this process's memory, or Redis shared by a fleet. */
  budgets: Ledger;
  /** Per-agent requests and tokens per minute on LLM calls, in the same place as budgets. */
  rateLimits: RateLimiter;
  verifier: RequestVerifier;
  /** The server's public base URL (known once it listens). */
  url: () => string;
  /** OAuth token lifetime, in seconds. */
  tokenTtlSeconds: number;
  /** How long an approval may stay pending before it expires, in seconds. */
  approvalTtlSeconds: number;
  /** Key for signing evidence download links (random per server). */
  linkKey: Buffer;
  /** Where delayed work is scheduled (work delay, latency fault, keep-alives). */
  timers: Timers;
  /** Delay before async service requests and allowed runs complete, in ms. */
  workDelayMs: number;
  /** Interval of SSE keep-alive comments, in ms. */
  keepAliveMs: number;
  /** Real providers to forward LLM calls to; the fake answers when unset. */
  upstream: UpstreamOptions;
  /** Output tokens reserved (and asked of an upstream) for an LLM call that sets no cap. */
  defaultMaxOutputTokens: number;
  log: (message: string) => void;
}
