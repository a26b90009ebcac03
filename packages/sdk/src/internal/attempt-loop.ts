/**
 * One logical call, several attempts. It owns everything that must happen per attempt —
 * fresh credentials, a per-attempt timeout, reading the body (so a truncated or malformed
 * body is retried like a dropped connection), and the decision to retry — and turns
 * failures into typed errors.
 */

import { type BackoffPolicy, backoffDelay, retryAfterMs } from '../core/backoff';
import {
  AbortError,
  APIError,
  ConnectionError,
  type Problem,
  ResponseValidationError,
  TimeoutError,
} from '../core/errors';
import type { SdkLogger } from '../core/logger';
import type { RetryBudget } from '../core/retry-budget';
import type { Authorizer } from './auth';
import type { Outgoing, Send } from './outgoing';
import type { Redactor } from './redact';
import { sleep, type Timers } from './timers';

/**
 * What a successful attempt hands back: `read` parses the body; `stream` leaves a 2xx body
 * unread (SSE, LLM streams); `raw` leaves every body unread and returns the last answer
 * whatever its status, as fetch does (`agent.fetch`): only a failure to get an answer throws.
 */
export type ReadMode = 'read' | 'stream' | 'raw';

export interface AttemptOptions {
  /** How an attempt is sent unless the authorizer sends its own way. */
  send: Send;
  /** Sets each attempt's credentials (a fresh proof every time) and renews them after a 401. */
  auth: Authorizer;
  maxRetries: number;
  /** Repeating the request cannot double an effect (idempotent method or idempotency key). */
  safeToRepeat: boolean;
  /** Per attempt, in ms. */
  timeout: number;
  /** Epoch ms (by `timers`) after which no attempt starts and the running one is cut. */
  deadline: number | undefined;
  signal: AbortSignal | undefined;
  budget: RetryBudget;
  backoff: BackoffPolicy;
  /** Longest Retry-After the SDK waits for, in ms; a longer one ends the retries. */
  maxRetryAfter: number;
  mode: ReadMode;
  timers: Timers;
  /** The jitter's source. @default Math.random */
  random?: () => number;
  logger: SdkLogger;
  /** The client's redactor: every error made here is masked with its credentials. */
  redactor: Redactor;
}

export interface AttemptResult {
  response: Response;
  /** Parsed JSON, text, or undefined for an empty or unread body. */
  body: unknown;
}

/** Network failures where the request provably never reached the server. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

const RETRYABLE_STATUS = new Set([408, 500, 502, 503, 504]);

interface Failure {
  error: Error;
  retry: boolean;
  delay?: number | undefined;
  /** A 401: the authorizer may renew the credential once. */
  problem?: Problem | undefined;
  unauthorized?: boolean;
  /** In 'raw' mode, the answer to hand back when it is the last one. */
  response?: Response;
}

export async function runAttempts(request: Outgoing, o: AttemptOptions): Promise<AttemptResult> {
  let recovered = false;
  for (let retry = 0; ; retry++) {
    const outcome = await attempt(request, o);
    if (!('error' in outcome)) {
      o.budget.recordSuccess();
      return outcome;
    }
    if (outcome.unauthorized && !recovered && o.auth.recover) {
      recovered = true;
      if (await o.auth.recover(outcome.problem)) {
        await outcome.response?.body?.cancel();
        retry--;
        continue;
      }
    }
    const { error, retry: retryable, delay, response } = outcome;
    const wait = delay ?? backoffDelay(retry, o.backoff, o.random);
    const late = o.deadline !== undefined && o.timers.now() + wait >= o.deadline;
    if (!retryable || retry >= o.maxRetries || late || !o.budget.tryAcquire()) {
      if (response) return { response, body: undefined };
      throw error;
    }
    await response?.body?.cancel();
    o.logger.debug(`retrying ${request.method} in ${wait}ms after: ${error.message}`);
    try {
      await sleep(wait, o.signal, o.timers);
    } catch {
      throw new AbortError('the request was aborted', { cause: o.signal?.reason });
    }
  }
}

async function attempt(request: Outgoing, o: AttemptOptions): Promise<AttemptResult | Failure> {
  if (o.signal?.aborted)
    throw new AbortError('the request was aborted', { cause: o.signal.reason });
  const started = o.timers.now();
  const remaining = o.deadline === undefined ? Infinity : o.deadline - started;
  if (remaining <= 0) throw new TimeoutError('the call ran out of its total timeout');
  const unread = o.mode !== 'read';
  const { signal, timedOut, settle } = attemptSignal(Math.min(o.timeout, remaining), o);
  let reading = false;
  try {
    // The body is bytes or a string, so the same request is sent again as it is.
    const prepared = await o.auth.prepare(request);
    let response: Response;
    try {
      response = await (o.auth.send ?? o.send)(prepared, signal);
    } catch (cause) {
      return networkFailure(cause, o, timedOut(), 'the request failed');
    }
    if (o.logger.debugEnabled)
      o.logger.debug(
        `${prepared.method} ${redactUrl(prepared.url)} → ${response.status} (${o.timers.now() - started}ms)`,
      );
    if (!response.ok) return await failure(response, o);
    if (unread) {
      // The body is still to be read: the caller's signal must keep reaching it.
      reading = true;
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
    settle(reading);
  }
}

/**
 * The attempt's signal: it aborts on the caller's signal or when the attempt times out.
 * `settle(reading)` ends the timeout once the attempt is over and, unless a body is still
 * being read, stops following the caller's signal.
 */
function attemptSignal(ms: number, o: AttemptOptions) {
  const caller = o.signal;
  // A controller and a timer of our own, not AbortSignal.timeout: that costs 1.8× as much on
  // Node 20, 2.4× on 22 (bench/signals.bench.ts), and cannot be cancelled while a body is read.
  // Not AbortSignal.any: on Node 20 a Request may stop following a signal derived that way.
  const controller = new AbortController();
  let timedOut = false;
  const cancel = o.timers.schedule(ms, () => {
    timedOut = true;
    controller.abort(new TimeoutError(`the attempt timed out after ${ms}ms`));
  });
  const onAbort = () => controller.abort(caller?.reason);
  caller?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    settle(reading: boolean) {
      cancel();
      if (!reading) caller?.removeEventListener('abort', onAbort);
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

async function failure(response: Response, o: AttemptOptions): Promise<Failure> {
  const { status, headers } = response;
  // In 'raw' mode the answer may be handed back unread: read a copy, and only where the
  // problem's code decides something (a renewal after 401, a key still in use).
  const raw = o.mode === 'raw';
  const source = !raw ? response : status === 401 || status === 409 ? response.clone() : undefined;
  let problem: Problem | undefined;
  let body: string | undefined;
  try {
    body = await source?.text();
    const parsed: unknown = body === undefined ? undefined : JSON.parse(body);
    if (isProblem(parsed)) problem = parsed;
  } catch {
    // A non-JSON error body (a proxy's HTML page, a cut-off body) still maps by status.
  }
  const error = APIError.from(status, problem, headers, {
    body: problem ? undefined : body,
    redactor: o.redactor,
  });
  const asked = retryAfterMs(headers, o.timers.now());
  const tooLong = asked !== undefined && asked > o.maxRetryAfter;
  const inUse = problem?.code === 'idempotency_key_in_use';
  // 429 means the server did not act on the request, so even an unsafe request may repeat.
  const retry =
    !tooLong && (status === 429 || inUse || (RETRYABLE_STATUS.has(status) && o.safeToRepeat));
  const answer = raw ? { response } : {};
  return { error, retry, delay: asked, unauthorized: status === 401, problem, ...answer };
}

/** A problem body is a JSON object; its fields are read defensively where they are used. */
function isProblem(parsed: unknown): parsed is Problem {
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
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
  let current = cause;
  for (let depth = 0; typeof current === 'object' && current !== null && depth < 4; depth++) {
    if ('code' in current && typeof current.code === 'string') return current.code;
    current = 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}

/** Signed URLs carry their signature in the query: logs get the path only. */
function redactUrl(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : `${url.slice(0, q)}?…`;
}
