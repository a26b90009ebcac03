/**
 * The shared state through Redis's failures: killed mid-run (AOF, appendfsync always) and
 * restarted, nothing acknowledged is lost; while it is down, every request that needs it is a
 * typed 503 and nothing is admitted, charged or created.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../src/index';
import { harness } from './helpers';
import { type RedisServer, startRedis } from './redis-fleet';

const AOF = ['--appendonly', 'yes', '--appendfsync', 'always'];
const STATE_UNAVAILABLE = 'https://docs.tollgate.dev/errors/state_unavailable';
const dir = mkdtempSync(join(tmpdir(), 'tollgate-dev-redis-'));
let redis: RedisServer;
let h: Awaited<ReturnType<typeof harness>>;
let signer: Awaited<ReturnType<typeof h.agent>>['signer'];

beforeAll(async () => {
  redis = await startRedis({ dir, args: AOF });
  h = await harness({ redis: { url: redis.url, keyPrefix: 'durable:' } });
  ({ signer } = await h.agent('durable', { limit_micros: 1_000_000, alert_threshold_pct: 50 }));
});
afterAll(async () => {
  await h?.server.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const body = JSON.stringify({
  model: 'gpt-4o-mini',
  max_tokens: 50,
  messages: [{ role: 'user', content: 'hello' }],
});
/** A signed LLM call; the headers are returned so that the very same proof can be sent again. */
async function llm(headers?: Record<string, string>) {
  const url = h.urlOf('createChatCompletion');
  const signed = headers ?? (await signer.headers({ method: 'POST', url, body }));
  const r = await fetch(url, {
    method: 'POST',
    headers: { ...signed, 'content-type': 'application/json' },
    body,
  });
  return { status: r.status, headers: r.headers, body: await r.json(), signed };
}
const budget = async () => h.call('getAgentBudget', { path: { agent_id: 'durable' } });

/** Kills redis-server at once (no shutdown, no final fsync), as a crash would. */
async function crash() {
  const probe = new Redis(redis.url, { lazyConnect: true });
  await probe.connect();
  const info = await probe.info('server');
  probe.disconnect();
  process.kill(Number(/process_id:(\d+)/.exec(info)![1]), 'SIGKILL');
  await redis.stop();
}

describe('shared state through a Redis crash', () => {
  let acknowledged = 0;
  let answered: Awaited<ReturnType<typeof llm>>[] = [];

  it('acknowledges calls while Redis is up', async () => {
    answered = await Promise.all(Array.from({ length: 5 }, () => llm()));
    for (const r of answered) expect(r.status).toBe(200);
    acknowledged = answered.reduce(
      (s, r) => s + Number(r.headers.get('x-tollgate-cost-micros')),
      0,
    );
    expect((await budget()).body.spent_micros).toBe(acknowledged);
  });

  it('answers a typed 503 on every path that needs Redis while it is down, and admits nothing', async () => {
    await crash();
    const refused = [
      await llm(), // the proof's id cannot be recorded: refused before any budget is touched
      await h.call('getAgentBudget', { path: { agent_id: 'durable' } }),
      await h.call('setAgentBudget', { path: { agent_id: 'durable' }, body: { limit_micros: 1 } }),
      await h.call('checkAgentBudget', {
        path: { agent_id: 'durable' },
        body: { estimated_cost_micros: 1 },
      }),
      await h.call('createServiceRequest', {
        body: {
          agent_id: 'durable',
          service: 'email',
          operation: 'send',
          payload: { to: 'a@b.c' },
        },
      }),
      await h.call('createAgent', {
        body: { id: 'not-made', name: 'n' },
        headers: { 'Idempotency-Key': 'k1' },
      }),
      await h.call('createAgent', { body: { id: 'not-made-either', name: 'n' } }),
    ];
    for (const r of refused) {
      expect(r.status, JSON.stringify(r.body)).toBe(503);
      expect(r.body).toMatchObject({ code: 'service_unavailable', type: STATE_UNAVAILABLE });
      expect(r.headers.get('retry-after')).toBe('1');
    }
    for (const id of ['not-made', 'not-made-either'])
      expect((await h.call('getAgent', { path: { agent_id: id } })).status).toBe(404);
    const usage = await h.call('getUsage', { query: { agent_id: 'durable' } });
    expect(usage.body.request_count).toBe(5);
  });

  it('loses nothing acknowledged once Redis is back: spend, and every proof id', async () => {
    // The dev server reconnects on its own, and says so: it logs the outage once it notices it
    // and, from then on, the moment its connection is ready again (no polling for it).
    await h.logs(/^Redis is unreachable/);
    await startRedis({ port: redis.port, dir, args: AOF }).then((r) => (redis = r));
    await h.logs(/^Redis answers again$/);
    const back = await budget();
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({
      spent_micros: acknowledged,
      remaining_micros: 1_000_000 - acknowledged,
    });
    for (const r of answered) {
      const replay = await llm(r.signed);
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('proof_replayed');
    }
    const after = await llm();
    expect(after.status).toBe(200);
    expect((await budget()).body.spent_micros).toBe(
      acknowledged + Number(after.headers.get('x-tollgate-cost-micros')),
    );
  });
});

it('keeps the budget of an agent id in Redis when the agent is deleted and made again', async () => {
  const before = (await budget()).body;
  expect(before.spent_micros).toBeGreaterThan(0);
  expect((await h.call('deleteAgent', { path: { agent_id: 'durable' } })).status).toBe(204);
  const again = await h.call('createAgent', { body: { id: 'durable', name: 'again' } });
  expect(again.status).toBe(201);
  expect(again.body.budget).toMatchObject({
    limit_micros: before.limit_micros,
    spent_micros: before.spent_micros,
  });
});

it('refuses to start when Redis cannot be reached, saying so', async () => {
  const closed = await startRedis();
  const url = closed.url;
  await closed.stop();
  await expect(startDevServer({ redis: { url }, log: () => {} })).rejects.toThrow(
    /cannot reach Redis/,
  );
});
