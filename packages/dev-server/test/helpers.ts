import { type OperationId, operations } from '@tollgate/api';
import { operationSchemas } from '@tollgate/api/schemas';
import { createRequestSigner, generateKeyPair, type RequestSigner } from '@tollgate/identity';
import { expect } from 'vitest';
import { type DevServer, type DevServerOptions, startDevServer } from '../src/index';

export interface Call {
  path?: Record<string, string>;
  query?: Record<string, string | number>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Bearer token; the admin key when omitted. `null` sends none. */
  token?: string | null;
  /** Sign as this agent instead of a bearer token. */
  agent?: RequestSigner;
  form?: boolean;
}

/** A dev server plus a raw-fetch caller that knows the operation table. */
export async function harness(options: DevServerOptions = {}) {
  const server = await startDevServer({ log: () => {}, ...options });
  const called = new Set<string>();

  async function call(id: OperationId, c: Call = {}) {
    const op = operations[id];
    called.add(id);
    let path: string = op.path;
    for (const [k, v] of Object.entries(c.path ?? {}))
      path = path.replace(`{${k}}`, encodeURIComponent(v));
    const qs = new URLSearchParams(
      Object.entries(c.query ?? {}).map(([k, v]) => [k, String(v)]),
    ).toString();
    const url = `${server.url}${path}${qs ? `?${qs}` : ''}`;
    const headers: Record<string, string> = { ...c.headers };
    let body: string | undefined;
    if (c.body !== undefined) {
      body = c.form
        ? new URLSearchParams(c.body as Record<string, string>).toString()
        : JSON.stringify(c.body);
      headers['content-type'] = c.form ? 'application/x-www-form-urlencoded' : 'application/json';
    }
    if (c.agent) Object.assign(headers, await c.agent.headers({ method: op.method, url, body }));
    else if (c.token !== null) headers.authorization = `Bearer ${c.token ?? server.adminApiKey}`;
    const response = await fetch(url, { method: op.method, headers, body });
    const text = await response.text();
    const json =
      text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
    return { status: response.status, headers: response.headers, body: json };
  }

  /** Calls and checks the answer against the contract: status, X-Request-Id, schema. */
  async function expectOk(id: OperationId, c: Call = {}) {
    const result = await call(id, c);
    const op = operations[id];
    expect(
      op.successStatuses as readonly number[],
      `${id} answered ${result.status}: ${JSON.stringify(result.body)}`,
    ).toContain(result.status);
    expect(result.headers.get('x-request-id'), `${id} X-Request-Id`).toMatch(/^req_/);
    expect(result.headers.get('x-tollgate-version'), `${id} X-Tollgate-Version`).toBe('2.19.0');
    const schema = (
      operationSchemas as Record<
        string,
        { response: { safeParse(v: unknown): { success: boolean; error?: unknown } } }
      >
    )[id]!.response;
    if (result.status !== 204 && !op.streaming) {
      const parsed = schema.safeParse(result.body);
      expect(parsed.error, `${id} body matches the contract`).toBeUndefined();
    }
    return result;
  }

  /** Registers an agent identity and returns a signer for it. */
  async function agent(
    agentId: string,
    budget?: { limit_micros: number | null; alert_threshold_pct?: number },
  ) {
    const keys = await generateKeyPair();
    const reg = await expectOk('registerAgentRun', {
      path: { agent_id: agentId },
      body: { public_key: keys.publicJwk, name: agentId, ...(budget && { budget }) },
    });
    const signer = await createRequestSigner(keys.privateJwk, reg.body.certificate);
    return { keys, signer, registration: reg.body };
  }

  return { server: server as DevServer, call, expectOk, agent, called };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
