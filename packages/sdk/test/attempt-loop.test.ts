import { describe, expect, it } from 'vitest';
import { type AttemptOptions, runAttempts } from '../src/core/attempt-loop';
import {
  AbortError,
  AuthenticationError,
  BudgetExceededError,
  ConnectionError,
  InternalServerError,
  RateLimitError,
  ResponseValidationError,
  TimeoutError,
  ValidationError,
} from '../src/core/errors';
import { createLogger } from '../src/core/logger';
import { createSend, Outgoing } from '../src/core/outgoing';
import { patternRedactor } from '../src/core/redact';
import { RetryBudget } from '../src/core/retry-budget';

type Answer = Response | Error | (() => Promise<Response>);

/** A fetch that answers from a script, one entry per attempt, and records each request. */
function scripted(...answers: Answer[]) {
  const seen: Request[] = [];
  const fetch = async (request: Request) => {
    seen.push(request);
    const next = answers.shift();
    if (!next) throw new Error('script exhausted');
    if (next instanceof Error) throw next;
    return typeof next === 'function' ? next() : next;
  };
  return { fetch, seen };
}

const problem = (status: number, code: string, headers: Record<string, string> = {}) =>
  Response.json(
    { status, code, title: code, request_id: 'req_1' },
    {
      status,
      headers: { 'content-type': 'application/problem+json', 'x-request-id': 'req_1', ...headers },
    },
  );

function options(
  fetch: (request: Request) => Promise<Response>,
  extra: Partial<AttemptOptions> = {},
): AttemptOptions {
  return {
    // A custom fetch sees one Request per attempt, built from the call's Outgoing.
    send: createSend(fetch),
    maxRetries: 2,
    safeToRepeat: true,
    timeout: 1000,
    deadline: undefined,
    signal: undefined,
    budget: new RetryBudget(),
    backoff: { initialDelay: 1, maxDelay: 2 },
    maxRetryAfter: 60_000,
    prepare: (r) => r,
    stream: false,
    logger: createLogger('off'),
    redactor: patternRedactor,
    ...extra,
  };
}

const post = () => new Outgoing('http://127.0.0.1/v1/agents', { method: 'POST', body: '{"a":1}' });
const reset = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });

describe('runAttempts', () => {
  it('retries 503 and 5xx for safe requests, then returns the parsed body', async () => {
    const { fetch, seen } = scripted(
      problem(503, 'service_unavailable'),
      problem(500, 'internal_error'),
      Response.json({ ok: 1 }),
    );
    const result = await runAttempts(post(), options(fetch));
    expect(result.body).toEqual({ ok: 1 });
    expect(seen).toHaveLength(3);
    expect(await seen[2]!.text()).toBe('{"a":1}');
  });

  it('never retries a 5xx or a reset for an unsafe request that may have reached the server', async () => {
    const a = scripted(problem(500, 'internal_error'));
    await expect(
      runAttempts(post(), options(a.fetch, { safeToRepeat: false })),
    ).rejects.toBeInstanceOf(InternalServerError);
    const b = scripted(reset());
    await expect(
      runAttempts(post(), options(b.fetch, { safeToRepeat: false })),
    ).rejects.toBeInstanceOf(ConnectionError);
    expect(a.seen.length + b.seen.length).toBe(2);
  });

  it('retries a refused connection even when unsafe: it never reached the server', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: { code: 'ECONNREFUSED' },
    });
    const { fetch, seen } = scripted(refused, Response.json({}));
    await runAttempts(post(), options(fetch, { safeToRepeat: false }));
    expect(seen).toHaveLength(2);
  });

  it('retries 429 honouring Retry-After, and gives up when it is longer than the cap', async () => {
    const { fetch, seen } = scripted(
      problem(429, 'rate_limited', { 'retry-after-ms': '5' }),
      Response.json({}),
    );
    await runAttempts(post(), options(fetch, { safeToRepeat: false }));
    expect(seen).toHaveLength(2);
    const slow = scripted(problem(429, 'rate_limited', { 'retry-after': '120' }));
    const error = await runAttempts(post(), options(slow.fetch)).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfter).toBe(120);
    expect(slow.seen).toHaveLength(1);
  });

  it('never retries 400-class answers: 401, 402, 403, 422', async () => {
    for (const [status, code, Class] of [
      [401, 'unauthorized', AuthenticationError],
      [402, 'budget_exceeded', BudgetExceededError],
      [422, 'validation_failed', ValidationError],
    ] as const) {
      const { fetch, seen } = scripted(problem(status, code));
      const error = await runAttempts(post(), options(fetch)).catch((e) => e);
      expect(error).toBeInstanceOf(Class);
      expect(error.requestId).toBe('req_1');
      expect(seen).toHaveLength(1);
    }
  });

  it('gives up after maxRetries and throws the last error', async () => {
    const { fetch, seen } = scripted(problem(503, 'a'), problem(503, 'b'), problem(503, 'c'));
    const error = await runAttempts(post(), options(fetch)).catch((e) => e);
    expect(error.code).toBe('c');
    expect(seen).toHaveLength(3);
  });

  it('retries idempotency_key_in_use (the first attempt is still running)', async () => {
    const { fetch, seen } = scripted(
      problem(409, 'idempotency_key_in_use', { 'retry-after': '0' }),
      Response.json({ id: 1 }),
    );
    await runAttempts(post(), options(fetch));
    expect(seen).toHaveLength(2);
  });

  it('treats a truncated or malformed body as retryable when safe', async () => {
    const truncated = () =>
      Promise.resolve(
        new Response(
          new ReadableStream({
            start(c) {
              c.enqueue(new TextEncoder().encode('{"id":'));
              c.error(new TypeError('terminated'));
            },
          }),
          { headers: { 'content-type': 'application/json' } },
        ),
      );
    const malformed = new Response('{"id":', { headers: { 'content-type': 'application/json' } });
    const { fetch, seen } = scripted(truncated, malformed, Response.json({ id: 1 }));
    expect((await runAttempts(post(), options(fetch))).body).toEqual({ id: 1 });
    expect(seen).toHaveLength(3);
    const once = scripted(
      new Response('nope', { headers: { 'content-type': 'application/json' } }),
    );
    await expect(
      runAttempts(post(), options(once.fetch, { safeToRepeat: false })),
    ).rejects.toBeInstanceOf(ResponseValidationError);
  });

  it('times out each attempt and retries, and stops at the total deadline', async () => {
    const hang = (r?: Request) =>
      new Promise<Response>((_, reject) =>
        r?.signal.addEventListener('abort', () => reject(r.signal.reason)),
      );
    let calls = 0;
    const fetch = async (r: Request) => (++calls < 3 ? hang(r) : Response.json({ ok: true }));
    const result = await runAttempts(post(), options(fetch, { timeout: 20 }));
    expect(result.body).toEqual({ ok: true });
    const never = async (r: Request) => hang(r);
    const error = await runAttempts(post(), options(never, { timeout: 20, maxRetries: 0 })).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(TimeoutError);
    const total = await runAttempts(
      post(),
      options(never, { timeout: 1000, deadline: Date.now() + 30 }),
    ).catch((e) => e);
    expect(total).toBeInstanceOf(TimeoutError);
  });

  it('stops at once when the caller aborts, during an attempt or a backoff', async () => {
    const controller = new AbortController();
    const fetch = async (r: Request) => {
      setTimeout(() => controller.abort(), 5);
      return new Promise<Response>((_, reject) =>
        r.signal.addEventListener('abort', () => reject(r.signal.reason)),
      );
    };
    await expect(
      runAttempts(post(), options(fetch, { signal: controller.signal })),
    ).rejects.toBeInstanceOf(AbortError);
    const c2 = new AbortController();
    const slow = scripted(problem(503, 'x', { 'retry-after': '30' }));
    setTimeout(() => c2.abort(), 10);
    await expect(
      runAttempts(post(), options(slow.fetch, { signal: c2.signal })),
    ).rejects.toBeInstanceOf(AbortError);
  });

  it('prepares credentials on every attempt and recovers once from a 401', async () => {
    const { fetch, seen } = scripted(
      problem(401, 'certificate_revoked'),
      problem(503, 'x'),
      Response.json({}),
    );
    let n = 0;
    let recovered = 0;
    await runAttempts(
      post(),
      options(fetch, {
        prepare: (r) => {
          r.headers.set('x-attempt', String(++n));
          return r;
        },
        recover: async () => {
          recovered++;
          return true;
        },
      }),
    );
    expect(seen.map((r) => r.headers.get('x-attempt'))).toEqual(['1', '2', '3']);
    expect(recovered).toBe(1);
    const twice = scripted(
      problem(401, 'certificate_revoked'),
      problem(401, 'certificate_revoked'),
    );
    await expect(
      runAttempts(post(), options(twice.fetch, { recover: async () => true })),
    ).rejects.toBeInstanceOf(AuthenticationError);
    expect(twice.seen).toHaveLength(2);
  });

  it('stops retrying when the client-wide retry budget is spent', async () => {
    const budget = new RetryBudget({ capacity: 2 });
    const { fetch, seen } = scripted(...Array.from({ length: 10 }, () => problem(503, 'down')));
    for (let i = 0; i < 3; i++)
      await runAttempts(post(), options(fetch, { budget })).catch(() => undefined);
    // 3 calls, 2 retries in the bucket: 5 requests, not 9.
    expect(seen).toHaveLength(5);
  });
});
