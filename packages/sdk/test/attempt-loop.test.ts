import { describe, expect, it } from 'vitest';
import { retryPolicy } from '../src/core/backoff';
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
import { RetryBudget } from '../src/core/retry-budget';
import { type AttemptOptions, runAttempts } from '../src/internal/attempt-loop';
import { HeaderMap } from '../src/internal/headers';
import { createSend, Outgoing } from '../src/internal/outgoing';
import { patternRedactor } from '../src/internal/redact';
import { type ManualTimers, manualTimers } from './manual-timers';

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

type Options = AttemptOptions & { timers: ManualTimers };

function options(
  fetch: (request: Request) => Promise<Response>,
  extra: Partial<AttemptOptions> = {},
): Options {
  return {
    send: createSend(fetch), // one Request per attempt, as a custom fetch gets
    auth: { prepare: (r) => r },
    maxRetries: 2,
    safeToRepeat: true,
    timeout: 1000,
    deadline: undefined,
    signal: undefined,
    budget: new RetryBudget(),
    backoff: retryPolicy(),
    maxRetryAfter: 60_000,
    mode: 'read',
    logger: createLogger('off'),
    redactor: patternRedactor,
    ...extra,
    // Time moves only as the loop waits: backoff and timeouts take no real time.
    timers: manualTimers(),
  };
}

/** Runs the attempts on the options' manual clock. */
const run = (request: Outgoing, o: Options) => o.timers.run(runAttempts(request, o));

const post = () => new Outgoing('http://127.0.0.1/v1/agents', 'POST', new HeaderMap(), '{"a":1}');
const reset = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });

describe('runAttempts', () => {
  it('retries 503 and 5xx for safe requests, then returns the parsed body', async () => {
    const { fetch, seen } = scripted(
      problem(503, 'service_unavailable'),
      problem(500, 'internal_error'),
      Response.json({ ok: 1 }),
    );
    const result = await run(post(), options(fetch));
    expect(result.body).toEqual({ ok: 1 });
    expect(seen).toHaveLength(3);
    expect(await seen[2]!.text()).toBe('{"a":1}');
  });

  it('never retries a 5xx or a reset for an unsafe request that may have reached the server', async () => {
    const a = scripted(problem(500, 'internal_error'));
    await expect(run(post(), options(a.fetch, { safeToRepeat: false }))).rejects.toBeInstanceOf(
      InternalServerError,
    );
    const b = scripted(reset());
    await expect(run(post(), options(b.fetch, { safeToRepeat: false }))).rejects.toBeInstanceOf(
      ConnectionError,
    );
    expect(a.seen.length + b.seen.length).toBe(2);
  });

  it('retries a refused connection even when unsafe: it never reached the server', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: { code: 'ECONNREFUSED' },
    });
    const { fetch, seen } = scripted(refused, Response.json({}));
    await run(post(), options(fetch, { safeToRepeat: false }));
    expect(seen).toHaveLength(2);
  });

  it('retries 429 honouring Retry-After, and gives up when it is longer than the cap', async () => {
    const { fetch, seen } = scripted(
      problem(429, 'rate_limited', { 'retry-after-ms': '5' }),
      Response.json({}),
    );
    await run(post(), options(fetch, { safeToRepeat: false }));
    expect(seen).toHaveLength(2);
    const slow = scripted(problem(429, 'rate_limited', { 'retry-after': '120' }));
    const error = await run(post(), options(slow.fetch)).catch((e) => e);
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
      const error = await run(post(), options(fetch)).catch((e) => e);
      expect(error).toBeInstanceOf(Class);
      expect(error.requestId).toBe('req_1');
      expect(seen).toHaveLength(1);
    }
  });

  it('gives up after maxRetries and throws the last error', async () => {
    const { fetch, seen } = scripted(problem(503, 'a'), problem(503, 'b'), problem(503, 'c'));
    const error = await run(post(), options(fetch)).catch((e) => e);
    expect(error.code).toBe('c');
    expect(seen).toHaveLength(3);
  });

  it('retries idempotency_key_in_use (the first attempt is still running)', async () => {
    const { fetch, seen } = scripted(
      problem(409, 'idempotency_key_in_use', { 'retry-after': '0' }),
      Response.json({ id: 1 }),
    );
    await run(post(), options(fetch));
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
    expect((await run(post(), options(fetch))).body).toEqual({ id: 1 });
    expect(seen).toHaveLength(3);
    const once = scripted(
      new Response('nope', { headers: { 'content-type': 'application/json' } }),
    );
    await expect(run(post(), options(once.fetch, { safeToRepeat: false }))).rejects.toBeInstanceOf(
      ResponseValidationError,
    );
  });

  it('times out each attempt and retries, and stops at the total deadline', async () => {
    const hang = (r?: Request) =>
      new Promise<Response>((_, reject) =>
        r?.signal.addEventListener('abort', () => reject(r.signal.reason)),
      );
    let calls = 0;
    const fetch = async (r: Request) => (++calls < 3 ? hang(r) : Response.json({ ok: true }));
    const result = await run(post(), options(fetch, { timeout: 20 }));
    expect(result.body).toEqual({ ok: true });
    const never = async (r: Request) => hang(r);
    const once = options(never, { timeout: 20, maxRetries: 0 });
    const error = await run(post(), once).catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(once.timers.now()).toBe(1_000_020);
    const capped = options(never, { timeout: 1000, maxRetries: 5 });
    capped.deadline = capped.timers.now() + 30;
    const total = await run(post(), capped).catch((e) => e);
    expect(total).toBeInstanceOf(TimeoutError);
    // The attempt was cut at the deadline, not at its own 1 000 ms timeout.
    expect(capped.timers.now()).toBe(1_000_030);
  });

  it('stops at once when the caller aborts, during an attempt or a backoff', async () => {
    const controller = new AbortController();
    const fetch = async (r: Request) => {
      const hung = new Promise<Response>((_, reject) =>
        r.signal.addEventListener('abort', () => reject(r.signal.reason)),
      );
      controller.abort();
      return hung;
    };
    await expect(run(post(), options(fetch, { signal: controller.signal }))).rejects.toBeInstanceOf(
      AbortError,
    );
    const c2 = new AbortController();
    const slow = scripted(problem(503, 'x', { 'retry-after': '30' }));
    // Aborted as the loop starts its 30 s wait for the retry.
    const logger = { ...createLogger('off'), debugEnabled: true, debug: () => c2.abort() };
    const waiting = options(slow.fetch, { signal: c2.signal, logger });
    await expect(run(post(), waiting)).rejects.toBeInstanceOf(AbortError);
    expect(waiting.timers.now()).toBe(1_000_000);
  });

  it('waits a jittered backoff between retries, from the injected random', async () => {
    const { fetch } = scripted(problem(503, 'a'), problem(503, 'b'), Response.json({}));
    const o = options(fetch, { random: () => 0.5, backoff: retryPolicy({ initialDelay: 100 }) });
    await run(post(), o);
    // Each attempt's 1 000 ms timeout, and between them half of 100, then half of 200.
    expect(o.timers.scheduled).toEqual([1000, 50, 1000, 100, 1000]);
  });

  it('prepares credentials on every attempt and recovers once from a 401', async () => {
    const { fetch, seen } = scripted(
      problem(401, 'certificate_revoked'),
      problem(503, 'x'),
      Response.json({}),
    );
    let n = 0;
    let recovered = 0;
    await run(
      post(),
      options(fetch, {
        auth: {
          prepare: (r) => {
            r.headers.set('x-attempt', String(++n));
            return r;
          },
          recover: async () => {
            recovered++;
            return true;
          },
        },
      }),
    );
    expect(seen.map((r) => r.headers.get('x-attempt'))).toEqual(['1', '2', '3']);
    expect(recovered).toBe(1);
    const twice = scripted(
      problem(401, 'certificate_revoked'),
      problem(401, 'certificate_revoked'),
    );
    const renewing = { prepare: (r: Outgoing) => r, recover: async () => true };
    await expect(run(post(), options(twice.fetch, { auth: renewing }))).rejects.toBeInstanceOf(
      AuthenticationError,
    );
    expect(twice.seen).toHaveLength(2);
  });

  it("'raw' hands back the last answer unread, whatever its status, as fetch does", async () => {
    const { fetch, seen } = scripted(problem(503, 'a'), problem(503, 'b'), problem(503, 'c'));
    const result = await run(post(), options(fetch, { mode: 'raw' }));
    expect(result.response.status).toBe(503);
    expect(result.response.bodyUsed).toBe(false);
    expect((await result.response.json()).code).toBe('c');
    expect(seen).toHaveLength(3);
    // A 401 is read from a copy to renew the credential; the answer after it is handed back.
    const renewed = scripted(problem(401, 'certificate_revoked'), problem(402, 'budget_exceeded'));
    let problemSeen: unknown;
    const auth = {
      prepare: (r: Outgoing) => r,
      recover: async (p: unknown) => {
        problemSeen = p;
        return true;
      },
    };
    const last = await run(post(), options(renewed.fetch, { mode: 'raw', auth }));
    expect(problemSeen).toMatchObject({ code: 'certificate_revoked' });
    expect(last.response.status).toBe(402);
    expect((await last.response.json()).code).toBe('budget_exceeded');
  });

  it('stops retrying when the client-wide retry budget is spent', async () => {
    const budget = new RetryBudget({ capacity: 2 });
    const { fetch, seen } = scripted(...Array.from({ length: 10 }, () => problem(503, 'down')));
    for (let i = 0; i < 3; i++)
      await run(post(), options(fetch, { budget })).catch(() => undefined);
    // 3 calls, 2 retries in the bucket: 5 requests, not 9.
    expect(seen).toHaveLength(5);
  });
});
