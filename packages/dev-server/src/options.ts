import type { PrivateJwk, PublishedJwk } from '@tollgate/identity';
import type { Clock, Timers } from './clock';
import type { UpstreamOptions } from './llm/upstream';
import type { Chaos, ChaosOptions } from './middleware/chaos';
import type { RedisStateOptions } from './redis/client';

export interface DevServerOptions {
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to bind. Loopback only by default: this server has no real security. @default '127.0.0.1' */
  host?: string;
  /** The CA's private key, to keep certificates valid across restarts. @default env TOLLGATE_DEV_CA_PRIVATE_JWK, else generated */
  caPrivateJwk?: PrivateJwk;
  /** The admin API key to accept (scope `admin`). @default generated, `tg_test_…` */
  adminApiKey?: string;
  /** OAuth2 access-token lifetime in seconds (short in tests). @default 3600 */
  tokenTtlSeconds?: number;
  /** Agent certificate lifetime in seconds. @default 3600 */
  certificateTtlSeconds?: number;
  /** How long an approval stays pending before it expires, in seconds. @default 86400 */
  approvalTtlSeconds?: number;
  /** Time allowed runs and async service requests take to finish, in ms. @default 50 */
  workDelayMs?: number;
  /** Interval of SSE keep-alive comments, in ms. @default 15000 */
  keepAliveMs?: number;
  /** Forward LLM calls to these providers instead of the built-in fake. @default the fake */
  upstream?: UpstreamOptions;
  /**
   * The output cap of an LLM call that sets none (`max_tokens` / `max_completion_tokens`):
   * its budget reservation is priced at this many output tokens, and an upstream is asked
   * for no more. @default 4096
   */
  defaultMaxOutputTokens?: number;
  /**
   * How long a budget hold (an LLM call's reserved worst case) lives unsettled before it is
   * dropped and its amount freed: a process that died mid-call never settles. Longer than any
   * call may take. @default 600000 (10 minutes)
   */
  holdTtlMs?: number;
  /** Inject faults (seeded, deterministic). @default off */
  chaos?: ChaosOptions;
  /**
   * The server's time in ms; every expiry reads it, so tests can move time instead of
   * sleeping. Agents' proofs must be signed with the same clock. @default Date.now
   */
  clock?: Clock;
  /**
   * Where the server schedules what happens later: runs and asynchronous service requests
   * finishing after `workDelayMs`, the chaos `latency` fault, SSE keep-alives. Tests pass
   * timers driven by their own clock and move time instead of waiting. @default the platform's
   */
  timers?: Timers;
  /** Answer 500 instead of any response that breaks the contract (tests). @default false: log it */
  strictResponses?: boolean;
  /**
   * Live proof ids the replay cache holds; when full, agent requests get 503
   * `service_unavailable` (a live proof is never forgotten). @default 100000
   */
  replayCacheEntries?: number;
  /**
   * Keep budgets (limits, spend, reservations), proof ids and idempotency records in Redis, so
   * that several dev servers on the same Redis (and key prefix) share them, each step one
   * atomic script. Redis unreachable → 503 `service_unavailable` (type `…/state_unavailable`).
   * The CLI reads `--redis URL`, else env TOLLGATE_DEV_REDIS_URL. @default in memory
   */
  redis?: RedisStateOptions;
  /**
   * Refuse agent proofs without a certificate hash (`cth`) with 401 `proof_invalid`. A `cth`
   * that is present is checked either way. Off by default so that agents on SDKs before 1.220
   * (which send none) keep working against this server; the CLI reads
   * `--require-certificate-hash`. @default false
   */
  requireCertificateHash?: boolean;
  /** Pre-fill the audit log with this many synthetic entries (benchmarks of paging). @default 0 */
  seedAuditEntries?: number;
  /** Where internal errors and contract breaches are logged; never given a secret. @default console.error */
  log?: (message: string) => void;
}

export interface DevServer {
  /** Base URL, e.g. http://127.0.0.1:43121 */
  url: string;
  /** An API key with the admin scope. */
  adminApiKey: string;
  /** The CA's public key (pin it as TOLLGATE_CA_PUBLIC_KEY). */
  caPublicJwk: PublishedJwk;
  /** The fault injector, when chaos is on (its `injected` counts what struck). */
  chaos: Chaos | undefined;
  /** Stops listening and drops open connections (SSE streams included). */
  close(): Promise<void>;
}
