import { responseSchemas } from '@tollgate/api/schemas';
import { describe, expect, it } from 'vitest';
import {
  AbortError,
  CONTROL_PLANE_VERSION,
  ResponseValidationError,
  SDK_VERSION,
  TimeoutError,
  Tollgate,
} from '../src/index';

const agentBody = {
  id: 'a',
  name: 'A',
  description: null,
  status: 'active',
  metadata: {},
  budget: {
    agent_id: 'a',
    limit_micros: null,
    alert_threshold_pct: null,
    spent_micros: 0,
    remaining_micros: null,
    currency: 'USD',
    alerts: [],
    updated_at: '2026-11-22T10:00:00Z',
  },
  created_at: '2026-11-22T10:00:00Z',
  updated_at: '2026-11-22T10:00:00Z',
  suspended_at: null,
  suspended_reason: null,
  last_run_id: null,
};

/** A client whose fetch answers with `answer` and records requests and log lines. */
function client(
  answer: (r: Request) => Response | Promise<Response>,
  options: ConstructorParameters<typeof Tollgate>[0] = {},
) {
  const requests: Request[] = [];
  const logs: string[] = [];
  const sink = {
    debug: (m: string) => logs.push(m),
    info: (m: string) => logs.push(m),
    warn: (m: string) => logs.push(m),
    error: (m: string) => logs.push(m),
  };
  const tg = new Tollgate({
    baseUrl: 'http://127.0.0.1:9',
    apiKey: 'tg_test_supersecretkeyvalue',
    logger: sink,
    logLevel: 'debug',
    backoff: { initialDelay: 0, maxDelay: 0 },
    fetch: async (r) => {
      requests.push(r);
      return answer(r);
    },
    ...options,
  });
  return { tg, requests, logs };
}

const json = (body: unknown, headers: Record<string, string> = {}) =>
  Response.json(body, {
    headers: { 'x-request-id': 'req_t', 'x-tollgate-version': CONTROL_PLANE_VERSION, ...headers },
  });

describe('the request pipeline', () => {
  it('sends the API key, version headers and a generated idempotency key reused across retries', async () => {
    let n = 0;
    const { tg, requests } = client(() =>
      ++n === 1
        ? new Response('{}', {
            status: 503,
            headers: { 'content-type': 'application/problem+json' },
          })
        : json(agentBody),
    );
    await tg.agents.create({ name: 'A' });
    expect(requests).toHaveLength(2);
    const [first, second] = requests;
    expect(first!.headers.get('authorization')).toBe('Bearer tg_test_supersecretkeyvalue');
    expect(first!.headers.get('x-tollgate-sdk-version')).toBe(SDK_VERSION);
    expect(first!.headers.get('user-agent')?.split(' ').slice(0, 2)).toEqual([
      `tollgate-sdk-js/${SDK_VERSION}`,
      `control-plane/${CONTROL_PLANE_VERSION}`,
    ]);
    expect(first!.headers.get('idempotency-key')).toMatch(/^tg-/);
    expect(second!.headers.get('idempotency-key')).toBe(first!.headers.get('idempotency-key'));
    const pinned = client(() => json(agentBody));
    await pinned.tg.agents.create({ name: 'A' }, { idempotencyKey: 'mine' });
    expect(pinned.requests[0]!.headers.get('idempotency-key')).toBe('mine');
  });

  it('logs each attempt at debug level with secrets redacted', async () => {
    const { tg, logs } = client(() => json(agentBody));
    await tg.agents.get('a');
    expect(logs.join('\n')).toMatch(/GET http:\/\/127\.0\.0\.1:9\/v1\/agents\/a → 200/);
    expect(logs.join('\n')).not.toContain('supersecret');
  });

  it('validates responses: strict throws naming the path, warn logs once, off passes', async () => {
    // An unknown enum value is no break (a newer control plane may add one); a number is.
    const broken = { ...agentBody, status: 42 };
    await expect(client(() => json(broken)).tg.agents.get('a')).rejects.toThrow(
      ResponseValidationError,
    );
    const strictError = await client(() => json(broken))
      .tg.agents.get('a')
      .then(
        () => undefined,
        (e: unknown) => e as ResponseValidationError,
      );
    expect(strictError?.issues[0]?.path).toBe('status');
    const warn = client(() => json(broken), { validate: 'warn' });
    expect((await warn.tg.agents.get('a')).status).toBe(42);
    await warn.tg.agents.get('a');
    expect(warn.logs.filter((l) => l.includes('does not match the contract'))).toHaveLength(1);
    expect((await client(() => json(broken), { validate: 'off' }).tg.agents.get('a')).status).toBe(
      42,
    );
  });

  it('words a refused body itself: an issue at each path zod names, in zod order, with the SDK message', async () => {
    // Each body is run through its generated check (@tollgate/api/checks); a refused one is
    // walked by the check's explain walk, without zod: the paths are zod's, the words our own.
    const broken = {
      ...agentBody,
      status: 7,
      metadata: { team: 1 },
      budget: { ...agentBody.budget, spent_micros: -1, alerts: [{ threshold_pct: 1.5 }] },
      created_at: 'yesterday',
    };
    const zodPaths = responseSchemas.getAgent
      .safeParse(broken)
      .error!.issues.map((i) => i.path.map(String).join('.'));
    expect(zodPaths.length).toBeGreaterThan(5);
    const error = await client(() => json(broken))
      .tg.agents.get('a')
      .then(
        () => undefined,
        (e: unknown) => e as ResponseValidationError,
      );
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error!.issues.map((i) => i.path)).toEqual(zodPaths.slice(0, 10));
    expect(error!.issues[0]).toEqual({ path: 'status', message: 'expected a string' });
    expect(error!.issues.find((i) => i.path === 'created_at')?.message).toBe(
      'expected an ISO 8601 date-time',
    );
    const summary = error!.issues
      .slice(0, 5)
      .map((i) => `${i.path}: ${i.message}`)
      .join('; ');
    expect(error!.message).toBe(`getAgent response does not match the contract: ${summary}`);
    expect(error!.requestId).toBe('req_t');
    // A body zod accepts passes, its unknown fields kept.
    const newer = { ...agentBody, status: 'hibernating', added_in_2_21: { any: 'thing' } };
    expect(await client(() => json(newer)).tg.agents.get('a')).toEqual(newer);
  });

  it('warns once when the control plane reports another minor', async () => {
    // The next minor after the one these packages are bound to, and the packages bound to it.
    const [major, minor] = CONTROL_PLANE_VERSION.split('.').map(Number) as [number, number];
    const other = `${major}.${minor + 1}.3`;
    const { tg, logs } = client(() => json(agentBody, { 'x-tollgate-version': other }), {
      logLevel: 'warn',
    });
    await tg.agents.get('a');
    await tg.agents.get('a');
    const warnings = logs.filter((l) => l.includes(`reports version ${other}`));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`@tollgate/sdk@~1.${major * 100 + minor + 1}.0`);
  });

  it('honours AbortSignal and the per-call timeout', async () => {
    const hang = (r: Request) =>
      new Promise<Response>((_, reject) =>
        r.signal.addEventListener('abort', () => reject(r.signal.reason)),
      );
    const controller = new AbortController();
    // Aborted while the request is in flight.
    const abortInFlight = (r: Request) => {
      const pending = hang(r);
      controller.abort();
      return pending;
    };
    const call = client(abortInFlight).tg.agents.get('a', { signal: controller.signal });
    await expect(call).rejects.toBeInstanceOf(AbortError);
    await expect(
      client(hang).tg.agents.get('a', { timeout: 20, maxRetries: 0 }),
    ).rejects.toBeInstanceOf(TimeoutError);
  });

  it('percent-encodes path parameters', async () => {
    const { tg, requests } = client(() => json(agentBody));
    await tg.agents.get('a/b c?d#e%');
    expect(new URL(requests[0]!.url).pathname).toBe('/v1/agents/a%2Fb%20c%3Fd%23e%25');
  });

  it('refuses "." and ".." as path parameters', async () => {
    await expect(client(() => json(agentBody)).tg.agents.get('..')).rejects.toThrow(
      /must not be empty/,
    );
  });

  it('reads the base URL and API key from the environment', async () => {
    process.env.TOLLGATE_BASE_URL = 'http://127.0.0.1:7';
    process.env.TOLLGATE_API_KEY = 'tg_test_fromenv';
    try {
      const seen: Request[] = [];
      const tg = new Tollgate({
        fetch: async (r) => {
          seen.push(r);
          return json(agentBody);
        },
        logLevel: 'off',
      });
      await tg.agents.get('a');
      expect(seen[0]!.url).toBe('http://127.0.0.1:7/v1/agents/a');
      expect(seen[0]!.headers.get('authorization')).toBe('Bearer tg_test_fromenv');
    } finally {
      delete process.env.TOLLGATE_BASE_URL;
      delete process.env.TOLLGATE_API_KEY;
    }
  });
});
