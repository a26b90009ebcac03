import { CONTROL_PLANE_VERSION, type OperationId, operations } from '@tollgate/api';
import { operationSchemas } from '@tollgate/api/schemas';
import { createRequestSigner, generateKeyPair, type RequestSigner } from '@tollgate/identity';
import { expect } from 'vitest';
import type { DevServer, DevServerOptions, Timers } from '../src/index';
import { startTestServer } from '../src/testing';

export interface Call {
  path?: Record<string, string>;
  query?: Record<string, string | number>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Bearer token; the admin key when omitted. `null` sends none. */
  token?: string | null;
  /** Sign as this agent; no bearer token then, unless `token` names one (both are sent). */
  agent?: RequestSigner;
  form?: boolean;
}

export interface Result {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON came back
  body: any;
}

/**
 * A clock tests move by hand; the server and the agents' signers share it. Its `timers` run on
 * it: what the server schedules (work delay, latency, keep-alives) happens when `advance`
 * moves past it, in order, and never on its own.
 */
export function manualClock(start = Date.now()) {
  let now = start;
  let nextId = 0;
  const due = new Map<number, { at: number; fn: () => void; every?: number }>();
  const scheduled: (() => void)[] = [];
  const schedule = (fn: () => void, ms: number, every?: number) => {
    const id = nextId++;
    due.set(id, { at: now + ms, fn, every });
    for (const notify of scheduled.splice(0)) notify();
    return () => void due.delete(id);
  };
  const timers: Timers = {
    setTimeout: (fn, ms) => schedule(fn, ms),
    setInterval: (fn, ms) => schedule(fn, ms, Math.max(1, ms)),
  };
  const clock = () => now;
  /** Moves time on by `ms`, running every timer that falls due on the way, earliest first. */
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const [id, next] = [...due].sort(([, a], [, b]) => a.at - b.at)[0] ?? [];
      if (id === undefined || !next || next.at > end) break;
      now = next.at;
      if (next.every) next.at += next.every;
      else due.delete(id);
      next.fn();
    }
    now = end;
  };
  /** Resolves once the server has scheduled something (a timer is pending). */
  const pending = () =>
    due.size > 0 ? Promise.resolve() : new Promise<void>((r) => void scheduled.push(r));
  return Object.assign(clock, { advance, timers, pending });
}

/**
 * A dev server (strict: a response that breaks the contract becomes a 500) and a raw-fetch
 * caller that knows the operation table.
 */
export async function harness(options: DevServerOptions = {}) {
  const logged: string[] = [];
  const listeners = new Set<() => void>();
  const server = await startTestServer({
    strictResponses: true,
    log: (m) => {
      logged.push(m);
      for (const listener of [...listeners]) listener();
    },
    ...options,
  });
  /** Resolves once the server has logged a line matching `pattern` (already, or later). */
  const logs = (pattern: RegExp) =>
    new Promise<string>((resolve) => {
      const look = () => {
        const line = logged.find((m) => pattern.test(m));
        if (line === undefined) return;
        listeners.delete(look);
        resolve(line);
      };
      listeners.add(look);
      look();
    });
  const called = new Set<string>();

  function urlOf(id: OperationId, c: Call = {}) {
    let path: string = operations[id].path;
    for (const [k, v] of Object.entries(c.path ?? {}))
      path = path.replace(`{${k}}`, encodeURIComponent(v));
    const qs = new URLSearchParams(
      Object.entries(c.query ?? {}).map(([k, v]) => [k, String(v)]),
    ).toString();
    return `${server.url}${path}${qs ? `?${qs}` : ''}`;
  }

  async function call(id: OperationId, c: Call = {}): Promise<Result> {
    const op = operations[id];
    called.add(id);
    const url = urlOf(id, c);
    const headers: Record<string, string> = { ...c.headers };
    let body: string | undefined;
    if (c.body !== undefined) {
      body = c.form
        ? new URLSearchParams(c.body as Record<string, string>).toString()
        : JSON.stringify(c.body);
      headers['content-type'] = c.form ? 'application/x-www-form-urlencoded' : 'application/json';
    }
    if (c.agent) Object.assign(headers, await c.agent.headers({ method: op.method, url, body }));
    if (c.agent ? typeof c.token === 'string' : c.token !== null)
      headers.authorization = `Bearer ${c.token ?? server.admin.apiKey}`;
    const response = await fetch(url, { method: op.method, headers, body });
    const text = await response.text();
    const json =
      text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
    return { status: response.status, headers: response.headers, body: json };
  }

  /** Calls and checks the answer against the contract: status, headers, schema. */
  async function expectOk(id: OperationId, c: Call = {}) {
    const result = await call(id, c);
    const op = operations[id];
    expect(
      op.successStatuses as readonly number[],
      `${id} answered ${result.status}: ${JSON.stringify(result.body)}`,
    ).toContain(result.status);
    expect(result.headers.get('x-request-id'), `${id} X-Request-Id`).toMatch(/^req_/);
    expect(result.headers.get('x-tollgate-version'), `${id} X-Tollgate-Version`).toBe(
      CONTROL_PLANE_VERSION,
    );
    const schema = (
      operationSchemas as Record<
        string,
        { response: { safeParse(v: unknown): { success: boolean; error?: unknown } } }
      >
    )[id]!.response;
    if (result.status !== 204 && typeof result.body !== 'string') {
      expect(
        schema.safeParse(result.body).error,
        `${id} body matches the contract`,
      ).toBeUndefined();
    }
    return result;
  }

  /** Expects a problem with this status and code. */
  async function expectProblem(id: OperationId, c: Call, status: number, code: string) {
    const result = await call(id, c);
    expect(result.status, `${id}: ${JSON.stringify(result.body)}`).toBe(status);
    expect(result.headers.get('content-type')).toContain('application/problem+json');
    expect(result.body).toMatchObject({
      status,
      code,
      request_id: result.headers.get('x-request-id'),
    });
    return result;
  }

  /** Registers an agent identity (its own key pair, or `keys`) and returns a signer for it. */
  async function agent(
    agentId: string,
    budget?: {
      limit_micros: number | null;
      alert_threshold_pct?: number;
      period?: 'none' | 'daily' | 'weekly' | 'monthly';
      time_zone?: string;
    },
    given?: Awaited<ReturnType<typeof generateKeyPair>>,
  ) {
    const keys = given ?? (await generateKeyPair());
    const reg = await expectOk('registerAgentRun', {
      path: { agent_id: agentId },
      body: { public_key: keys.publicJwk, name: agentId, ...(budget && { budget }) },
    });
    const signer = await createRequestSigner(keys.privateJwk, reg.body.certificate, {
      now: options.clock,
    });
    return { keys, signer, registration: reg.body };
  }

  return {
    server: server as DevServer,
    call,
    expectOk,
    expectProblem,
    agent,
    urlOf,
    called,
    logged,
    logs,
  };
}

/**
 * A wait for `check` to hold, without polling: it is checked now and again at every
 * `recheck()`, which the handlers that move what it reads call. A test's timeout bounds it.
 */
export function condition(check: () => boolean) {
  let recheck = () => {};
  const met = new Promise<void>((resolve) => {
    recheck = () => {
      if (check()) resolve();
    };
  });
  recheck();
  return { met, recheck };
}
