import type { RequestVerifier } from '@tollgate/identity';
import type { IdempotencyStore } from './idempotency';
import type { State } from './state';
import type { UpstreamOptions } from './upstream';

/** What handlers share: the state, the server's own URL and its settings. */
export interface Deps {
  state: State;
  idempotency: IdempotencyStore;
  verifier: RequestVerifier;
  /** The server's public base URL (known once it listens). */
  url: () => string;
  /** OAuth token lifetime, in seconds. */
  tokenTtlSeconds: number;
  /** Key for signing evidence download links. */
  linkKey: Buffer;
  /** Delay before async service requests and allowed runs complete, in ms. */
  workDelayMs: number;
  /** Real providers to forward LLM calls to; the fake answers when unset. */
  upstream: UpstreamOptions;
  log: (message: string) => void;
}
