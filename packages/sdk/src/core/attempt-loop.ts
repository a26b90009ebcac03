/**
 * The fetch beneath openapi-fetch: one logical call, several attempts. It owns everything
 * that must happen per attempt — fresh credentials, a per-attempt timeout, reading the body
 * (so a truncated or malformed body is retried like a dropped connection), and the decision
 * to retry — and turns failures into typed errors.
 */
import { type BackoffOptions, fullJitter, retryAfterMs, sleep } from './backoff';
import {
  AbortError,
  APIError,
  ConnectionError,
  type Problem,
  ResponseValidationError,
  TimeoutError,
} from './errors';
import type { SdkLogger } from './logger';
import type { Outgoing, Send } from './outgoing';
import type { Redactor } from './redact';
import type { RetryBudget } from './retry-budget';

export interface AttemptOptions {
  send: Send;
  maxRetries: number;
  /** Repeating the request cannot double an effect (idempotent method or idempotency key). */
  safeToRepeat: boolean;
  /** Per attempt, in ms. */
  timeout: number;
  /** Epoch ms after which no attempt starts and the running one is cut. */
  deadline: number | undefined;
  signal: AbortSignal | undefined;
  budget: RetryBudget;
  backoff: BackoffOptions;
  /** Longest Retry-After the SDK waits for, in ms; a longer one ends the retries. */
  maxRetryAfter: number;
  /** Sets each attempt's credentials on the request (a fresh proof every time). */
  prepare: (request: Outgoing) => Promise<Outgoing> | Outgoing;
  /** Called once per call on a 401; true means credentials were renewed: try again. */
  recover?: (problem: Problem | undefined) => Promise<boolean>;
  /** Leave a successful body unread (SSE, LLM streams). */
  stream: boolean;
  logger: SdkLogger;
  /** The client's redactor: every error made here is masked with its credentials. */
  redactor: Redactor;
}

export interface AttemptResult {
  response: Response;
  /** Parsed JSON, text, or undefined for an empty or streamed body. */
  body: unknown;
}

/** Network failures where the request provably never reached the server. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

const RETRYABLE_STATUS = new Set([408, 500, 502, 503, 504]);

type Failure = { error: Error; retry: boolean; delay?: number };

export async function runAttempts(original: Outgoing, o: AttemptOptions): Promise<AttemptResult> {
  await original.ready();
  let recovered = false;
  for (let retry = 0; ; retry++) {
    const outcome = await attempt(original, o);
    if ('response' in outcome) {
      o.budget.recordSuccess();
      return outcome;
    }
    if (outcome.recover && !recovered && o.recover) {
      recovered = true;
      if (await o.recover(outcome.problem)) {
        retry--;
        continue;
      }
    }
    const { error, retry: retryable, delay } = outcome;
    if (!retryable || retry >= o.maxRetries || !o.budget.tryAcquire()) throw error;
    const wait = delay ?? fullJitter(retry, o.backoff);
    if (o.deadline !== undefined && Date.now() + wait >= o.deadline) throw error;
    o.logger.debug(`retrying ${original.method} in ${wait}ms after: ${error.message}`);
    try {
      await sleep(wait, o.signal);
    } catch {
      throw new AbortError('the request was aborted', { cause: o.signal?.reason });
    }
  }
}

async function attempt(
  original: Outgoing,
  o: AttemptOptions,
): Promise<AttemptResult | (Failure & { recover?: boolean; problem?: Problem })> {
  if (o.signal?.aborted)
    throw new AbortError('the request was aborted', { cause: o.signal.reason });
  const remaining = o.deadline === undefined ? Infinity : o.deadline - Date.now();
  if (remaining <= 0) throw new TimeoutError('the call ran out of its total timeout');
  const limit = Math.min(o.timeout, remaining);
  const { signal, timedOut, settle } = attemptSignal(limit, o.signal, o.stream);
  const started = Date.now();
  let streaming = false;
  try {
    // The body is bytes or a string, so the same request is sent again as it is.
    const request = await o.prepare(original);
    let response: Response;
    try {
      response = await o.send(request, signal);
    } catch (cause) {
      return networkFailure(cause, o, timedOut(), 'the request failed');
    }
    if (o.logger.debugEnabled)
      o.logger.debug(
        `${request.method} ${redactUrl(request.url)} → ${response.status} (${Date.now() - started}ms)`,
      );
    if (!response.ok) return await failure(response, o);
    if (o.stream) {
      // The body is still to be read: the caller's signal must keep reaching it.
      streaming = true;
      return { response, body: undefined };
    }
    let text: string;
    try {
      text = await response.text();
    } catch (cause) {
      return networkFailure(cause, o, timedOut(), 'the response body was cut off');
    }
    return { response, body: parseBody(response, text) };
  } catch (error) {
    if (error instanceof ResponseValidationError) return { error, retry: o.safeToRepeat };
    throw error;
  } finally {
    settle(streaming);
  }
}

const MAX_TIMER = 2 ** 31 - 1;

/**
 * The attempt's signal: it aborts on the caller's signal or when the attempt times out.
 * `settle(streaming)` ends the timeout once the attempt is over and, unless a stream is still
 * being read, stops following the caller's signal.
 */
function attemptSignal(ms: number, caller: AbortSignal | undefined, stream: boolean) {
  if (!caller && !stream) {
    // Nothing to follow and nothing read after the attempt: the runtime's own timeout signal
    // (no controller, no timer to clear; it goes with the signal). A measurable share of a
    // loopback round trip on Node, where every AbortController is costly.
    const signal = ms <= MAX_TIMER ? AbortSignal.timeout(ms) : undefined;
    return { signal, timedOut: () => signal?.aborted === true, settle: (_: boolean) => {} };
  }
  // Not AbortSignal.any: on Node 20 a Request may stop following a signal derived that way.
  const controller = new AbortController();
  let timedOut = false;
  const handle =
    ms <= MAX_TIMER
      ? setTimeout(() => {
          timedOut = true;
          controller.abort(new TimeoutError(`the attempt timed out after ${ms}ms`));
        }, ms)
      : undefined;
  const onAbort = () => controller.abort(caller?.reason);
  caller?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    settle(streaming: boolean) {
      clearTimeout(handle);
      if (!streaming) caller?.removeEventListener('abort', onAbort);
    },
  };
}

function networkFailure(
  cause: unknown,
  o: AttemptOptions,
  timedOut: boolean,
  what: string,
): Failure {
  if (o.signal?.aborted)
    throw new AbortError('the request was aborted', { cause: o.signal.reason });
  if (timedOut) {
    return {
      error: new TimeoutError(`the attempt timed out after ${o.timeout}ms`),
      retry: o.safeToRepeat,
    };
  }
  const code = errorCode(cause);
  const error = new ConnectionError(`${what}${code ? ` (${code})` : ''}`, {
    cause,
    redactor: o.redactor,
  });
  return { error, retry: o.safeToRepeat || (code !== undefined && NOT_SENT.has(code)) };
}

async function failure(response: Response, o: AttemptOptions) {
  let problem: Problem | undefined;
  let body: string | undefined;
  try {
    body = await response.text();
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object') problem = parsed as Problem;
  } catch {
    // A non-JSON error body (a proxy's HTML page, a cut-off body) still maps by status.
  }
  const error = APIError.from(response.status, problem, response.headers, {
    body: problem ? undefined : body,
    redactor: o.redactor,
  });
  const asked = retryAfterMs(response.headers);
  const tooLong = asked !== undefined && asked > o.maxRetryAfter;
  const inUse = problem?.code === 'idempotency_key_in_use';
  // 429 means the server did not act on the request, so even an unsafe request may repeat.
  const retryable =
    !tooLong &&
    (response.status === 429 || inUse || (RETRYABLE_STATUS.has(response.status) && o.safeToRepeat));
  return { error, retry: retryable, delay: asked, recover: response.status === 401, problem };
}

function parseBody(response: Response, text: string): unknown {
  if (text === '') return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return text;
  try {
    return JSON.parse(text);
  } catch {
    throw new ResponseValidationError(
      'the response body is not valid JSON',
      [{ path: '', message: 'malformed JSON' }],
      response.headers.get('x-request-id') ?? undefined,
    );
  }
}

function errorCode(cause: unknown): string | undefined {
  let current = cause as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 4; depth++) {
    if (typeof current.code === 'string') return current.code;
    current = current.cause as typeof current;
  }
  return undefined;
}

/** Signed URLs carry their signature in the query: logs get the path only. */
function redactUrl(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : `${url.slice(0, q)}?…`;
}
