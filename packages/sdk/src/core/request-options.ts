/** Per-call options, accepted as the last argument of every SDK method. */
export interface RequestOptions {
  /** Cancels the call, its retries and waits included. */
  signal?: AbortSignal;
  /** Per-attempt timeout in ms; overrides the client's. */
  timeout?: number;
  /** Whole-call timeout in ms; overrides the client's. */
  totalTimeout?: number;
  /** Retries after the first attempt; overrides the client's. */
  maxRetries?: number;
  /** Pins the idempotency key of a creating call (one is generated otherwise). */
  idempotencyKey?: string;
  /** Extra headers for this call; names are case-insensitive and replace the client's. */
  headers?: HeadersInit;
}
