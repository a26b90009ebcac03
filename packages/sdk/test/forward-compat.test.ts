/**
 * A newer control plane may add enum values (the contract check calls that compatible): a
 * client reading them under strict validation must not throw, while what it sends stays
 * held to the contract's closed enums.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import { type Agent, Tollgate, ValidationError } from '../src/index';
import { devServer } from './setup-server';

const newerAgent = {
  id: 'a',
  name: 'A',
  description: null,
  status: 'hibernating',
  metadata: {},
  budget: {
    agent_id: 'a',
    limit_micros: null,
    alert_threshold_pct: null,
    spent_micros: 0,
    remaining_micros: null,
    currency: 'EUR',
    alerts: [],
    updated_at: '2026-11-22T10:00:00Z',
  },
  created_at: '2026-11-22T10:00:00Z',
  updated_at: '2026-11-22T10:00:00Z',
  suspended_at: null,
  suspended_reason: null,
  last_run_id: null,
};

/** A loopback control plane from the future: every agent it knows is hibernating. */
const newer = createServer((req, res) => {
  const body = /^\/v1\/agents(\?|$)/.test(req.url ?? '')
    ? { data: [newerAgent], next_cursor: null, has_more: false }
    : newerAgent;
  res.writeHead(200, { 'content-type': 'application/json', 'x-tollgate-version': '2.19.7' });
  res.end(JSON.stringify(body));
});
await new Promise<void>((resolve) => newer.listen(0, '127.0.0.1', resolve));
const dev = await devServer();
afterAll(async () => {
  await new Promise((resolve) => newer.close(resolve));
  await dev.server.close();
});

describe('forward compatibility of enums', () => {
  const tg = new Tollgate({
    baseUrl: `http://127.0.0.1:${(newer.address() as AddressInfo).port}`,
    apiKey: 'tg_test_k',
    validate: 'strict',
    logLevel: 'off',
  });

  it('reads a response enum value the contract does not know yet, under strict validation', async () => {
    const agent = await tg.agents.get('a');
    expect(agent.status).toBe('hibernating');
    expect(agent.budget.currency).toBe('EUR');
    const listed = [];
    for await (const a of tg.agents.list()) listed.push(a.status);
    expect(listed).toEqual(['hibernating']);
    // Typed as the known values plus any string: branching on known ones still narrows.
    expectTypeOf(agent.status).toEqualTypeOf<Agent['status']>();
    expectTypeOf<Agent['status']>().toEqualTypeOf<'active' | 'suspended' | (string & {})>();
    const status: string = agent.status;
    expect(status).toBe('hibernating');
  });

  it('still sends only the enum values the contract has: the server refuses others (422)', async () => {
    const error = await dev.tg.agents.list({ status: 'hibernating' as 'active' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).status).toBe(422);
    expect((error as ValidationError).problem?.errors?.[0]?.path).toBe('query.status');
    await expect(dev.tg.agents.list({ status: 'suspended' })).resolves.toBeDefined();
  });
});
