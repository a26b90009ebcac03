/**
 * The same budget rules whichever ledger keeps them: each case runs on the memory ledger (the
 * default, budget.ts) and on the Redis one (atomic scripts), through the Ledger seam.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, type SharedRedis } from '../src/redis/client';
import { redisLedger } from '../src/redis/ledger';
import { createAgentRecord } from '../src/state/agents';
import { createGroupRecord } from '../src/state/budget-groups';
import { type Agent, type Ledger, memoryLedger } from '../src/state/ledger';
import { State } from '../src/state/store';
import { type RedisServer, startRedis } from './redis-fleet';

const STATE = 'https://docs.tollgate.dev/errors/state_unavailable';
let redis: RedisServer;
const connections: SharedRedis[] = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const c of connections) await c.close();
  await redis?.stop();
});

const connect = async () => {
  const c = await connectRedis({ url: redis.url, keyPrefix: 'ledger:' }, () => {});
  connections.push(c);
  return c;
};
// Budgets need no CA; time stands still (unless a test moves it), so both ledgers stamp the
// same instants.
const newState = (clock = () => Date.UTC(2030, 0, 1)) => new State(undefined as never, clock);
type Kind = 'memory' | 'redis';
const HOLD_TTL = { holdTtlMs: 600_000 };
const ledgerFor = async (kind: Kind, state: State, options = HOLD_TTL): Promise<Ledger> =>
  kind === 'memory' ? memoryLedger(state, options) : redisLedger(state, await connect(), options);
/** A clock the test moves. */
const movable = (iso: string) => {
  let now = Date.parse(iso);
  const advance = (ms: number) => {
    now += ms;
  };
  return Object.assign(() => now, { advance });
};

async function agentOn(kind: Kind, id: string, budget?: { limit_micros: number | null }) {
  const state = newState();
  const ledger = await ledgerFor(kind, state);
  const agent = await createAgentRecord(state, ledger, `${kind}-${id}`, { budget });
  return { state, ledger, agent, budget: () => agent.budget };
}

describe.each(['memory', 'redis'] as const)('the %s ledger', (kind) => {
  it('holds the worst case until settled, charges at most it, and settles once', async () => {
    const { ledger, agent, budget } = await agentOn(kind, 'a', { limit_micros: 100 });
    const first = (await ledger.reserve(agent, 60))!;
    expect(budget().remaining_micros).toBe(40);
    expect(await ledger.reserve(agent, 41)).toBeUndefined();
    expect(await first.settle(25)).toBe(25);
    expect(budget()).toMatchObject({ spent_micros: 25, remaining_micros: 75 });
    // A settlement applied twice, or a release after it, changes nothing.
    expect(await first.settle(25)).toBeUndefined();
    await first.release();
    expect(budget()).toMatchObject({ spent_micros: 25, remaining_micros: 75 });
    // A provider reporting more than was reserved is charged the reservation, never more.
    expect(await (await ledger.reserve(agent, 75))!.settle(500)).toBe(75);
    expect(budget()).toMatchObject({ spent_micros: 100, remaining_micros: 0 });
    // An exhausted budget fits nothing, not even a free call.
    expect(await ledger.reserve(agent, 0)).toBeUndefined();
    expect(await ledger.fits(agent, 0)).toBe(false);
  });

  it('gives a released reservation back whole, once', async () => {
    const { ledger, agent, budget } = await agentOn(kind, 'b', { limit_micros: 10 });
    const r = (await ledger.reserve(agent, 10))!;
    expect(budget().remaining_micros).toBe(0);
    await r.release();
    await r.release();
    expect(budget()).toMatchObject({ spent_micros: 0, remaining_micros: 10 });
    expect(await r.settle(10)).toBeUndefined();
    expect(budget().spent_micros).toBe(0);
  });

  it('never limits an unlimited budget', async () => {
    const { ledger, agent, budget } = await agentOn(kind, 'c');
    const r = (await ledger.reserve(agent, 1e12))!;
    expect(budget().remaining_micros).toBeNull();
    expect(await r.settle(5)).toBe(5);
    expect(await ledger.chargeIfFits(agent, 7)).toBe(true);
    expect(budget().spent_micros).toBe(12);
  });

  it('records the first crossing of the alert threshold once; a new limit keeps spend', async () => {
    const { state, ledger, agent, budget } = await agentOn(kind, 'd');
    await ledger.set(agent, { limit_micros: 1000, alert_threshold_pct: 50 });
    expect(await ledger.chargeIfFits(agent, 400)).toBe(true);
    expect(budget().alerts).toEqual([]);
    expect(await ledger.chargeIfFits(agent, 200)).toBe(true);
    expect(await ledger.chargeIfFits(agent, 100)).toBe(true);
    expect(await ledger.chargeIfFits(agent, 301)).toBe(false);
    const crossed = {
      threshold_pct: 50,
      crossed_at: '2030-01-01T00:00:00.000Z',
      spent_micros: 600,
    };
    expect(budget().alerts).toEqual([crossed]);
    expect(state.audit.filter((e) => e.action === 'budget.alert').map((e) => e.data)).toEqual([
      crossed,
    ]);
    await ledger.set(agent, { limit_micros: 2000 });
    expect(budget()).toMatchObject({
      limit_micros: 2000,
      alert_threshold_pct: 50,
      spent_micros: 700,
      remaining_micros: 1300,
    });
    await ledger.set(agent, { limit_micros: null, alert_threshold_pct: null });
    expect(budget()).toMatchObject({ limit_micros: null, alert_threshold_pct: null });
  });

  it('restores the budget at the period boundary in its time zone (month end, Paris)', async () => {
    const clock = movable('2026-11-30T22:55:00Z'); // 23:55 in Paris, 30 November
    const state = newState(clock);
    const ledger = await ledgerFor(kind, state);
    const budget = { limit_micros: 100, alert_threshold_pct: 50, period: 'monthly' as const };
    const agent = await createAgentRecord(state, ledger, `${kind}-monthly`, {
      budget: { ...budget, time_zone: 'Europe/Paris' },
    });
    expect(await ledger.chargeIfFits(agent, 70)).toBe(true);
    const open = (await ledger.reserve(agent, 30))!;
    expect(await ledger.reserve(agent, 1)).toBeUndefined();
    expect(agent.budget).toMatchObject({
      spent_micros: 70,
      remaining_micros: 0,
      alerts: [{ threshold_pct: 50 }],
      period_start: '2026-10-31T23:00:00.000Z',
      period_end: '2026-11-30T23:00:00.000Z',
    });
    clock.advance(5 * 60_000); // midnight in Paris: December
    await ledger.refresh([agent]);
    // Spend and alerts start again; the open hold still counts until it settles.
    expect(agent.budget).toMatchObject({
      spent_micros: 0,
      remaining_micros: 70,
      alerts: [],
      period_start: '2026-11-30T23:00:00.000Z',
      period_end: '2026-12-31T23:00:00.000Z',
    });
    expect(await open.settle(10)).toBe(10); // charged to the period it settles in
    expect(await ledger.reserve(agent, 90)).toBeDefined();
    expect(agent.budget).toMatchObject({ spent_micros: 10, remaining_micros: 0 });
  });

  it('drops a hold whose process died once it expires, by the ledger clock', async () => {
    const clock = movable('2030-01-01T00:00:00Z');
    const state = newState(clock);
    const ledger = await ledgerFor(kind, state, { holdTtlMs: 30_000 });
    const agent = await createAgentRecord(state, ledger, `${kind}-leak`, {
      budget: { limit_micros: 100 },
    });
    const leaked = (await ledger.reserve(agent, 100))!; // never settled: its process died
    clock.advance(29_999);
    expect(await ledger.reserve(agent, 1)).toBeUndefined();
    clock.advance(1);
    const next = (await ledger.reserve(agent, 100))!;
    expect(next).toBeDefined();
    // The dead call's hold is gone: settling it later charges nothing, frees nothing.
    expect(await leaked.settle(100)).toBeUndefined();
    expect(await next.settle(40)).toBe(40);
    expect(agent.budget).toMatchObject({ spent_micros: 40, remaining_micros: 60 });
  });

  it('checks, holds and charges an agent and its group at once', async () => {
    const state = newState();
    const ledger = await ledgerFor(kind, state);
    const group = await createGroupRecord(state, ledger, `${kind}-team`, {
      name: 'team',
      limit_micros: 100,
    });
    const [a, b] = [
      await createAgentRecord(state, ledger, `${kind}-ga`, {
        budget: { limit_micros: 80 },
        budget_group_id: group.id,
      }),
      await createAgentRecord(state, ledger, `${kind}-gb`, { budget_group_id: group.id }),
    ];
    const onA = (await ledger.reserve(a, 60))!;
    expect(group).toMatchObject({ remaining_micros: 40 });
    // b's own budget is unlimited; the group's is what refuses it.
    expect(await ledger.reserve(b, 41)).toBeUndefined();
    expect(await ledger.fits(b, 40)).toBe(true);
    expect(await ledger.chargeIfFits(b, 40)).toBe(true);
    expect(await onA.settle(30)).toBe(30);
    await ledger.refresh([a, b, group]);
    expect(a.budget).toMatchObject({ spent_micros: 30, remaining_micros: 50 });
    expect(b.budget).toMatchObject({ spent_micros: 40, remaining_micros: null });
    expect(group).toMatchObject({ spent_micros: 70, remaining_micros: 30 });
    // a's own budget refuses before the group's does.
    await ledger.set(a, { limit_micros: 40 });
    expect(await ledger.reserve(a, 11)).toBeUndefined();
  });
});

describe('the redis ledger across processes', () => {
  it('holds exactly 10 of 200 concurrent reservations from 4 connections on a budget for 10', async () => {
    const fleet: { ledger: Ledger; agent: Agent }[] = [];
    for (let i = 0; i < 4; i++) {
      const state = newState();
      const ledger = redisLedger(state, await connect(), HOLD_TTL);
      const budget = { limit_micros: 1000 };
      fleet.push({ ledger, agent: await createAgentRecord(state, ledger, 'shared', { budget }) });
    }
    const holds = await Promise.all(
      Array.from({ length: 200 }, (_, i) => fleet[i % 4]!.ledger.reserve(fleet[i % 4]!.agent, 100)),
    );
    const held = holds.filter((h) => h !== undefined);
    expect(held).toHaveLength(10);
    await Promise.all(held.map((h, i) => (i % 2 ? h.settle(100) : h.release())));
    const { ledger, agent } = fleet[3]!;
    await ledger.refresh([agent]);
    expect(agent.budget).toMatchObject({ spent_micros: 500, remaining_micros: 500 });
  });

  it('admits 10 of 200 concurrent reservations of two agents sharing a group budget for 10', async () => {
    const fleet: {
      ledger: Ledger;
      agent: Agent;
      group: Parameters<Ledger['refresh']>[0][number];
    }[] = [];
    for (let i = 0; i < 4; i++) {
      const state = newState();
      const ledger = redisLedger(state, await connect(), HOLD_TTL);
      const group = await createGroupRecord(state, ledger, 'shared-team', {
        name: 'team',
        limit_micros: 1000,
      });
      const agent = await createAgentRecord(state, ledger, `member-${i % 2}`, {
        budget: { limit_micros: 100_000 },
        budget_group_id: group.id,
      });
      fleet.push({ ledger, agent, group });
    }
    const holds = await Promise.all(
      Array.from({ length: 200 }, (_, i) => fleet[i % 4]!.ledger.reserve(fleet[i % 4]!.agent, 100)),
    );
    const held = holds.filter((h) => h !== undefined);
    expect(held).toHaveLength(10);
    await Promise.all(held.map((h) => h.settle(100)));
    const { ledger, group } = fleet[0]!;
    await ledger.refresh([group]);
    expect(group).toMatchObject({ spent_micros: 1000, remaining_micros: 0 });
  });

  it('resets the spend in a process whose copy of the period is stale (another set it)', async () => {
    const clock = movable('2030-01-01T12:00:00Z');
    const [a, b] = [newState(clock), newState(clock)];
    const [la, lb] = [
      redisLedger(a, await connect(), HOLD_TTL),
      redisLedger(b, await connect(), HOLD_TTL),
    ];
    const budget = { limit_micros: 100 };
    const onA = await createAgentRecord(a, la, 'repriced', { budget });
    const onB = await createAgentRecord(b, lb, 'repriced', {});
    expect(await lb.chargeIfFits(onB, 60)).toBe(true);
    await la.set(onA, { limit_micros: 100, period: 'daily' });
    clock.advance(86_400_000);
    // B still believes the budget never resets; Redis tells it otherwise, in the same call.
    expect(onB.budget.period).toBe('none');
    expect(await lb.reserve(onB, 100)).toBeDefined();
    expect(onB.budget).toMatchObject({ period: 'daily', spent_micros: 0, remaining_micros: 0 });
  });

  it('never moves a period back for a process whose clock lags', async () => {
    const ahead = movable('2030-01-02T00:00:01Z');
    const behind = movable('2030-01-01T23:59:59Z');
    const [a, b] = [newState(ahead), newState(behind)];
    const [la, lb] = [
      redisLedger(a, await connect(), HOLD_TTL),
      redisLedger(b, await connect(), HOLD_TTL),
    ];
    const budget = { limit_micros: 100, period: 'daily' as const };
    const onB = await createAgentRecord(b, lb, 'lagging', { budget });
    expect(await lb.chargeIfFits(onB, 70)).toBe(true);
    const onA = await createAgentRecord(a, la, 'lagging', {});
    expect(await la.chargeIfFits(onA, 10)).toBe(true); // a new day: 70 is yesterday's
    expect(await lb.chargeIfFits(onB, 20)).toBe(true); // still yesterday by B's clock: no reset
    await la.refresh([onA]);
    expect(onA.budget).toMatchObject({ spent_micros: 30, remaining_micros: 70 });
  });

  it('adopts the budget an agent id already has when another process creates the agent', async () => {
    const [a, b] = [newState(), newState()];
    const [la, lb] = [
      redisLedger(a, await connect(), HOLD_TTL),
      redisLedger(b, await connect(), HOLD_TTL),
    ];
    const onA = await createAgentRecord(a, la, 'adopted', { budget: { limit_micros: 50 } });
    expect(await la.chargeIfFits(onA, 20)).toBe(true);
    const onB = await createAgentRecord(b, lb, 'adopted', {});
    expect(onB.budget).toMatchObject({ limit_micros: 50, spent_micros: 20, remaining_micros: 30 });
    // Created with a limit: that limit applies, to every process; the spend stays.
    const c = newState();
    const lc = redisLedger(c, await connect(), HOLD_TTL);
    await createAgentRecord(c, lc, 'adopted', { budget: { limit_micros: 80 } });
    await lb.refresh([onB]);
    expect(onB.budget).toMatchObject({ limit_micros: 80, spent_micros: 20, remaining_micros: 60 });
  });

  it('refuses with a typed 503 when a budget is missing from Redis, and never recreates it', async () => {
    const state = newState();
    const shared = await connect();
    const ledger = redisLedger(state, shared, HOLD_TTL);
    const agent = await createAgentRecord(state, ledger, 'forgotten', {
      budget: { limit_micros: 9 },
    });
    const hold = (await ledger.reserve(agent, 5))!;
    await shared.client.del('ledger:budget:forgotten'); // as a Redis without persistence, restarted
    const unavailable = { status: 503, code: 'service_unavailable', extra: { type: STATE } };
    for (const step of [
      () => ledger.reserve(agent, 1),
      () => ledger.chargeIfFits(agent, 1),
      () => ledger.refresh([agent]),
      () => ledger.fits(agent, 1),
    ])
      await expect(step()).rejects.toMatchObject(unavailable);
    // Recreated without its limit it would be unlimited: settling leaves it missing.
    await expect(hold.settle(5)).rejects.toMatchObject(unavailable);
    expect(await shared.client.exists('ledger:budget:forgotten')).toBe(0);
  });
});
