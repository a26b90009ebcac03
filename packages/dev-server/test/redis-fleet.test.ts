/**
 * Four dev servers, each its own process, on one Redis: one control plane for budgets,
 * reservations, proof ids and idempotency keys. Each process certifies the agent for itself
 * (agents and certificates are per process), with the same key; the budget is the agent id's.
 */
import { randomUUID } from 'node:crypto';
import type { RequestSigner } from '@tollgate/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costMicros } from '../src/index';
import { condition } from './helpers';
import {
  type Child,
  client,
  headersWithJti,
  newKeys,
  type RedisServer,
  startChild,
  startRedis,
} from './redis-fleet';
import { stubProvider } from './stub-provider';

let redis: RedisServer;
let provider: Awaited<ReturnType<typeof stubProvider>>;
const children: Child[] = [];
let fleet: ReturnType<typeof client>[] = [];

beforeAll(async () => {
  redis = await startRedis();
  provider = await stubProvider();
  const upstream = ['--upstream-openai', provider.openai];
  // Two by the flag, two by the environment; two at a time (cold `tsx` starts crowd 2 cores).
  children.push(
    ...(await Promise.all([
      startChild(['--redis', redis.url, ...upstream]),
      startChild(['--redis', redis.url, ...upstream]),
    ])),
  );
  const env = { TOLLGATE_DEV_REDIS_URL: redis.url };
  children.push(...(await Promise.all([startChild(upstream, env), startChild(upstream, env)])));
  fleet = children.map((c) => client(c.url, c.adminApiKey));
});
afterAll(async () => {
  await Promise.all(children.map((c) => c.stop()));
  await provider?.close();
  await redis?.stop();
});

const model = 'gpt-4o-mini';
const chat = { model, max_tokens: 50, messages: [{ role: 'user', content: 'hello' }] };
const worstCase = costMicros(model, Buffer.byteLength(JSON.stringify(chat)), 50);

describe('a fleet of dev servers on one Redis', () => {
  it('admits only what the budget can reserve: 200 concurrent calls over 4 processes, budget for 10', async () => {
    const limit = 10 * worstCase;
    const keys = await newKeys();
    const signers: RequestSigner[] = [];
    for (const c of fleet)
      signers.push(await c.register('fleet-10', keys, { limit_micros: limit }));
    const held = provider.hold(); // no answer settles until every call has been decided
    const sentBefore = provider.received.length;
    let refused = 0;
    // Every call is decided (refused, or waiting upstream) before any answer settles.
    const sent = () => provider.received.length - sentBefore;
    const decided = condition(() => refused + sent() === 200);
    const stopObserving = provider.observe(decided.recheck);
    const calls = Array.from({ length: 200 }, (_, i) =>
      fleet[i % 4]!.call('createChatCompletion', { agent: signers[i % 4], body: chat }).then(
        (r) => {
          if (r.status === 402) refused++;
          decided.recheck();
          return r;
        },
      ),
    );
    await decided.met;
    stopObserving();
    expect(sent()).toBe(10);
    held.open();
    const results = await Promise.all(calls);
    const admitted = results.filter((r) => r.status === 200);
    expect(admitted).toHaveLength(10);
    for (const r of results.filter((r) => r.status !== 200)) {
      expect(r.status).toBe(402);
      expect(r.body.code).toBe('budget_exceeded');
    }
    const charged = admitted.reduce(
      (s, r) => s + Number(r.headers.get('x-tollgate-cost-micros')),
      0,
    );
    // Every process sees the same budget: at most the limit spent, nothing left held.
    for (const c of fleet) {
      const { body } = await c.call('getAgentBudget', { path: { agent_id: 'fleet-10' } });
      expect(body.spent_micros).toBe(charged);
      expect(body.spent_micros).toBeLessThanOrEqual(limit);
      expect(body.spent_micros + body.remaining_micros).toBe(limit);
    }
  });

  it('admits 10 of 200 concurrent calls of two agents on 4 processes sharing a group budget for 10', async () => {
    const limit = 10 * worstCase;
    const keys = [await newKeys(), await newKeys()];
    const signers: RequestSigner[] = [];
    // Group and agent records are per process: each process learns them; the budgets are shared.
    for (const [i, c] of fleet.entries()) {
      const group = { id: 'fleet-team', name: 'team', limit_micros: limit, period: 'monthly' };
      expect((await c.call('createBudgetGroup', { body: group })).status).toBe(201);
      const member = `team-${i % 2}`;
      signers.push(await c.register(member, keys[i % 2]!));
      const put = await c.call('updateAgent', {
        path: { agent_id: member },
        body: { budget_group_id: 'fleet-team' },
      });
      expect(put.status).toBe(200);
    }
    const held = provider.hold();
    const sentBefore = provider.received.length;
    let refused = 0;
    const sent = () => provider.received.length - sentBefore;
    const decided = condition(() => refused + sent() === 200);
    const stopObserving = provider.observe(decided.recheck);
    const calls = Array.from({ length: 200 }, (_, i) =>
      fleet[i % 4]!.call('createChatCompletion', { agent: signers[i % 4], body: chat }).then(
        (r) => {
          if (r.status === 402) refused++;
          decided.recheck();
          return r;
        },
      ),
    );
    await decided.met;
    stopObserving();
    expect(sent()).toBe(10);
    held.open();
    const results = await Promise.all(calls);
    const admitted = results.filter((r) => r.status === 200);
    expect(admitted).toHaveLength(10);
    for (const r of results.filter((r) => r.status !== 200))
      expect(r.body).toMatchObject({ status: 402, code: 'budget_exceeded' });
    const charged = admitted.reduce(
      (s, r) => s + Number(r.headers.get('x-tollgate-cost-micros')),
      0,
    );
    for (const c of fleet) {
      const { body } = await c.call('getBudgetGroup', { path: { group_id: 'fleet-team' } });
      expect(body.spent_micros).toBe(charged);
      expect(body.spent_micros + body.remaining_micros).toBe(limit);
    }
  });

  it('releases on every process the reservations of 50 streams abandoned mid-answer', async () => {
    const limit = 1_000_000;
    const keys = await newKeys();
    const signers: (RequestSigner & { runId: string })[] = [];
    for (const c of fleet)
      signers.push(await c.register('fleet-quitter', keys, { limit_micros: limit }));
    // Each process settles its calls in Redis, then appends `llm.called` to its own run.
    const runs = fleet.map((c, i) => c.followRun(signers[i]!.runId));
    provider.setMode('first-chunk-then-wait');
    const droppedBefore = provider.dropped();
    const body = JSON.stringify({ ...chat, stream: true });
    try {
      await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const url = fleet[i % 4]!.urlOf('createChatCompletion');
          const headers = await signers[i % 4]!.headers({ method: 'POST', url, body });
          const abort = new AbortController();
          const response = await fetch(url, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body,
            signal: abort.signal,
          });
          expect(response.status).toBe(200);
          const reader = response.body!.getReader();
          await reader.read(); // the first piece of the answer, then the agent hangs up
          abort.abort();
          await reader.read().catch(() => undefined);
        }),
      );
      // Each process stops its upstream call and settles its reservation in Redis: calls
      // i, i + 4, i + 8, … went to process i.
      await provider.droppedCount(droppedBefore + 50);
      await Promise.all(runs.map((run, i) => run.count('llm.called', Math.ceil((50 - i) / 4))));
      expect(provider.dropped() - droppedBefore).toBe(50);
    } finally {
      provider.setMode('answer');
      await Promise.all(runs.map((run) => run.close()));
    }
    for (const c of fleet) {
      const { body: budget } = await c.call('getAgentBudget', {
        path: { agent_id: 'fleet-quitter' },
      });
      expect(budget.spent_micros + budget.remaining_micros).toBe(limit);
      // What was generated before the hang-ups is charged: far less than 50 worst cases.
      expect(budget.spent_micros).toBeGreaterThan(0);
      expect(budget.spent_micros).toBeLessThan(50 * worstCase);
    }
  });

  it('refuses on every process a proof id already seen by one', async () => {
    const keys = await newKeys();
    const [a, b] = fleet as [ReturnType<typeof client>, ReturnType<typeof client>];
    const [onA, onB] = [await a.register('replayer', keys), await b.register('replayer', keys)];
    const body = JSON.stringify({ estimated_cost_micros: 1 });
    const check = async (c: typeof a, certificate: string, jti: string) => {
      const url = c.urlOf('checkAgentBudget', { agent_id: 'replayer' });
      const request = { method: 'POST', url, body };
      const headers = await headersWithJti(keys, certificate, request, jti);
      const r = await fetch(url, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body,
      });
      return { status: r.status, body: (await r.json()) as { code?: string } };
    };
    const jti = randomUUID();
    expect((await check(a, onA.certificate, jti)).status).toBe(200);
    // B's own certificate, B's own URL, a valid signature: refused only for the proof id.
    const replayed = await check(b, onB.certificate, jti);
    expect(replayed.status).toBe(401);
    expect(replayed.body.code).toBe('proof_replayed');
    expect((await check(b, onB.certificate, randomUUID())).status).toBe(200);
    expect((await check(a, onA.certificate, jti)).body.code).toBe('proof_replayed');
  });

  it('answers an idempotency key reused on another process with the first response', async () => {
    const key = randomUUID();
    const create = (c: ReturnType<typeof client>, name: string) =>
      c.call('createAgent', {
        body: { id: 'made-once', name, budget: { limit_micros: 5 } },
        headers: { 'Idempotency-Key': key },
      });
    const first = await create(fleet[0]!, 'once');
    expect(first.status).toBe(201);
    const again = await create(fleet[1]!, 'once');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    // The effect happened once, where it ran: agents are per process.
    expect((await fleet[1]!.call('getAgent', { path: { agent_id: 'made-once' } })).status).toBe(
      404,
    );
    const other = await create(fleet[2]!, 'another request');
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('idempotency_key_reused');
  });
});
