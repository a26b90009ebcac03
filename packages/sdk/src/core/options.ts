import type { CredentialStore } from '../identity/credential-store';
import { createSend, type Send } from '../internal/outgoing';
import { Redactor } from '../internal/redact';
import { env } from '../internal/runtime';
import { systemTimers, type Timers } from '../internal/timers';
import type { BackoffOptions } from './backoff';
import { TollgateError } from './errors';
import { createLogger, type Logger, type LogLevel, parseLogLevel, type SdkLogger } from './logger';
import { RetryBudget, type RetryBudgetOptions } from './retry-budget';
import type { CallTracing } from './tracing';

export type ValidationMode = 'strict' | 'warn' | 'off';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes to ask for; the client's own scopes when omitted. */
  scope?: string;
}

/**
 * Options of `new Tollgate()`. Each falls back to an environment variable, then to its
 * default. The CLI's config file is read only when asked, on Node: `loadConfig()` from
 * `@tollgate/sdk/node` gives its active profile as options to spread in.
 */
export interface TollgateOptions {
  /** Control-plane URL. Env `TOLLGATE_BASE_URL`. Required. */
  baseUrl?: string;
  /** Operator API key (`tg_live_…`). Env `TOLLGATE_API_KEY`. */
  apiKey?: string;
  /** OAuth2 client credentials. Env `TOLLGATE_CLIENT_ID` + `TOLLGATE_CLIENT_SECRET`. */
  clientCredentials?: ClientCredentials;
  /** Where `agents.register()` keeps agent keys and certificates. @default MemoryCredentialStore */
  credentialStore?: CredentialStore;
  /**
   * The CA public key certificates must verify against: an Ed25519 JWK or its base64url `x`.
   * Env `TOLLGATE_CA_PUBLIC_KEY`. Without it the SDK verifies against the served JWKS and says so.
   */
  caPublicKey?: string | JsonWebKey;
  /** Retries after the first attempt. @default 2 */
  maxRetries?: number;
  /** Per-attempt timeout in ms. @default 60000 */
  timeout?: number;
  /** Timeout of a whole call, retries and waits included, in ms. @default none */
  totalTimeout?: number;
  /** Longest `Retry-After` the SDK waits for, in ms; longer ends the retries. @default 60000 */
  maxRetryAfter?: number;
  /** Backoff between retries (full jitter). @default { initialDelay: 500, maxDelay: 8000 } */
  backoff?: BackoffOptions;
  /** Client-wide retry budget, shared by every call of this client. @default capacity 50 */
  retryBudget?: RetryBudgetOptions | RetryBudget;
  /**
   * Refresh OAuth2 tokens this many ms before expiry; at most half a token's lifetime, so a
   * short-lived token is still reused. @default 60000
   */
  tokenRefreshMargin?: number;
  /**
   * The client's time in ms; token expiry reads it, so tests can move time instead of
   * sleeping (the dev server takes the same `clock`). @default Date.now
   */
  clock?: () => number;
  /**
   * The fetch to send requests with; it receives one Request per attempt (`globalThis.fetch`
   * works as is). @default globalThis.fetch, called as fetch(url, init)
   */
  fetch?: (request: Request) => Promise<Response>;
  /** Where logs go. @default console, filtered by `logLevel` */
  logger?: Logger;
  /** Env `TOLLGATE_LOG`. @default 'warn' */
  logLevel?: LogLevel;
  /** Response validation against the contract's zod schemas. @default 'strict' */
  validate?: ValidationMode;
  /** Headers sent with every request; a per-call header of the same name (any case) replaces one. */
  defaultHeaders?: HeadersInit;
  /**
   * A span per call, W3C `traceparent` sent: `otelTracing()` from `@tollgate/sdk/otel`.
   * @default none (no tracing code runs or loads)
   */
  tracing?: CallTracing;
}

export interface ResolvedOptions {
  baseUrl: string;
  apiKey: string | undefined;
  clientCredentials: ClientCredentials | undefined;
  caPublicKey: string | JsonWebKey | undefined;
  maxRetries: number;
  timeout: number;
  totalTimeout: number | undefined;
  maxRetryAfter: number;
  retryBudget: RetryBudget;
  backoff: BackoffOptions;
  tokenRefreshMargin: number;
  clock: () => number;
  /** What the pipeline waits with (timeouts, backoff, reconnects, polling). */
  timers: Timers;
  /** The jitter's source for every backoff. */
  random: () => number;
  /** Sends one attempt: the custom fetch, or globalThis.fetch. */
  send: Send;
  logger: SdkLogger;
  /** Masks this client's credentials (and credential-shaped text) in errors and logs. */
  redactor: Redactor;
  validate: ValidationMode;
  defaultHeaders: HeadersInit | undefined;
  tracing: CallTracing | undefined;
}

export function resolveOptions(options: TollgateOptions): ResolvedOptions {
  const baseUrl = options.baseUrl ?? env('TOLLGATE_BASE_URL');
  if (!baseUrl) {
    throw new TollgateError(
      "no control-plane URL: pass baseUrl, set TOLLGATE_BASE_URL, or on Node spread in loadConfig() from @tollgate/sdk/node (the CLI's profile)",
    );
  }
  const clientId = env('TOLLGATE_CLIENT_ID');
  const clientSecret = env('TOLLGATE_CLIENT_SECRET');
  const level = options.logLevel ?? parseLogLevel(env('TOLLGATE_LOG')) ?? 'warn';
  const budget = options.retryBudget;
  const apiKey = options.apiKey ?? env('TOLLGATE_API_KEY');
  const clientCredentials =
    options.clientCredentials ??
    (clientId && clientSecret ? { clientId, clientSecret } : undefined);
  const redactor = new Redactor([apiKey, clientCredentials?.clientSecret]);
  return {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    apiKey,
    clientCredentials,
    caPublicKey: options.caPublicKey ?? env('TOLLGATE_CA_PUBLIC_KEY'),
    maxRetries: options.maxRetries ?? 2,
    timeout: options.timeout ?? 60_000,
    totalTimeout: options.totalTimeout,
    maxRetryAfter: options.maxRetryAfter ?? 60_000,
    retryBudget: budget instanceof RetryBudget ? budget : new RetryBudget(budget),
    backoff: options.backoff ?? {},
    tokenRefreshMargin: options.tokenRefreshMargin ?? 60_000,
    clock: options.clock ?? Date.now,
    timers: systemTimers,
    random: Math.random,
    send: createSend(options.fetch),
    logger: createLogger(level, options.logger ?? console, redactor),
    redactor,
    validate: options.validate ?? 'strict',
    defaultHeaders: options.defaultHeaders,
    tracing: options.tracing,
  };
}
