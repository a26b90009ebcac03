import { CONTROL_PLANE_VERSION, operations } from '@tollgate/api';
import { CONTRACT_YAML } from '@tollgate/api/contract';
import { afterAll, describe, expect, it } from 'vitest';
import { checkResponse } from '../src/middleware/response-check';
import { harness, manualClock } from './helpers';

const h = await harness();
afterAll(async () => {
  expect(h.logged).toEqual([]);
  await h.server.close();
});

describe('problem details and validation', () => {
  it('names every invalid field: body, query and path', async () => {
    const r = await h.expectProblem(
      'createAgent',
      { body: { name: 42, metadata: { a: 1 } } },
      422,
      'validation_failed',
    );
    expect(r.body).toMatchObject({
      type: expect.stringContaining('validation_failed'),
      title: expect.any(String),
    });
    const paths = r.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.metadata.a']));
    const q = await h.expectProblem(
      'listRuns',
      { query: { status: 'sleeping' } },
      422,
      'validation_failed',
    );
    expect(q.body.errors[0].path).toBe('query.status');
    const empty = await h.expectProblem(
      'updateAgent',
      { path: { agent_id: 'x' }, body: {} },
      422,
      'validation_failed',
    );
    expect(empty.body.errors[0].path).toMatch(/^body/);
  });

  it('answers 400 for a body that is not JSON and 404 for unknown routes', async () => {
    const r = await fetch(`${h.server.url}/v1/agents`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${h.server.adminApiKey}`,
        'content-type': 'application/json',
      },
      body: '{"name":',
    });
    expect(r.status).toBe(400);
    expect((await r.json()).code).toBe('bad_request');
    const none = await fetch(`${h.server.url}/v1/nope`);
    expect(none.status).toBe(404);
    expect(none.headers.get('x-request-id')).toMatch(/^req_/);
    expect(none.headers.get('x-tollgate-version')).toBe(CONTROL_PLANE_VERSION);
    const method = await fetch(`${h.server.url}/v1/health`, { method: 'DELETE' });
    expect(method.status).toBe(404);
  });

  it('answers 404 not_found for unknown resources of every kind', async () => {
    const cases = [
      ['getAgent', { agent_id: 'ghost' }],
      ['getTool', { tool_id: 'tool_ghost' }],
      ['getRun', { run_id: 'run_ghost' }],
      ['getApproval', { approval_id: 'apr_ghost' }],
      ['getTrigger', { trigger_id: 'trg_ghost' }],
      ['getServiceRequest', { request_id: 'srq_ghost' }],
      ['deleteOAuthClient', { client_id: 'cli_ghost' }],
      ['revokeApiKey', { key_id: 'key_ghost' }],
    ] as const;
    for (const [id, path] of cases) await h.expectProblem(id, { path }, 404, 'not_found');
  });
});

describe('HTTP niceties', () => {
  it('answers CORS preflights and exposes the Tollgate headers', async () => {
    const pre = await fetch(`${h.server.url}/v1/agents`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, idempotency-key',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-headers')).toContain('idempotency-key');
    const health = await fetch(`${h.server.url}/v1/health`);
    expect(health.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
  });

  it('exposes to browser apps every response header the contract declares', async () => {
    const declared = new Set(
      [...CONTRACT_YAML.matchAll(/([\w-]+): \{\$ref: '#\/components\/headers\//g)].map((m) => m[1]),
    );
    expect(declared).toContain('X-Tollgate-Budget-Remaining-Micros');
    const health = await fetch(`${h.server.url}/v1/health`);
    const exposed = health.headers.get('access-control-expose-headers')?.split(', ');
    expect(exposed?.sort()).toEqual([...declared].sort());
  });

  it('starts without waiting for time to pass: up and answering on a clock that never moves', async () => {
    const { startDevServer } = await import('../src/index');
    const clock = manualClock();
    const s = await startDevServer({ log: () => {}, clock, timers: clock.timers });
    expect((await fetch(`${s.url}/v1/health`)).status).toBe(200);
    await s.close();
  });
});

describe('the contract self-check', () => {
  it('catches a success body or a problem that breaks the contract', () => {
    const broken = checkResponse(operations.getHealth, { status: 200, body: { status: 'sleepy' } });
    expect(broken?.status).toBe(500);
    expect(broken?.message).toContain('response.');
    const problem = checkResponse(operations.getHealth, {
      status: 418,
      body: { code: 'teapot' },
      headers: { 'Content-Type': 'application/problem+json' },
    });
    expect(problem).toBeDefined();
    expect(checkResponse(operations.getHealth, { status: 204 })).toBeUndefined();
  });

  it('holds its responses to the exact contract: clients read enums open, the server sends known values', () => {
    const health = {
      status: 'ok',
      version: '2.19.0',
      api_version: 'v1',
      time: '2026-11-22T10:00:00Z',
    };
    expect(checkResponse(operations.getHealth, { status: 200, body: health })).toBeUndefined();
    const sleepy = checkResponse(operations.getHealth, {
      status: 200,
      body: { ...health, status: 'sleepy' },
    });
    expect(sleepy?.status).toBe(500);
    expect(sleepy?.extra.errors).toEqual([expect.objectContaining({ path: 'response.status' })]);
  });
});
