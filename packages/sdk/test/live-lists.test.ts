/**
 * Iterating a list yields each item exactly once while the list grows: the audit log's offset
 * pages are pinned to the snapshot the first page reports; cursor pages continue below the
 * last row seen. Inserts happen between pages, during the walk, against the real dev server.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { devServer } from './setup-server';

const { server, tg } = await devServer({ seedAuditEntries: 240 });
afterAll(() => server.close());

/** Walks `list`, calling `insert` after every `every`-th item (a bounded number of times). */
async function walk<T extends { id: string }>(
  list: AsyncIterable<T>,
  every: number,
  insert: (n: number) => Promise<unknown>,
) {
  const ids: string[] = [];
  let inserted = 0;
  for await (const item of list) {
    ids.push(item.id);
    if (ids.length % every === 0 && inserted < 50) await insert(inserted++);
    if (ids.length > 2_000) throw new Error('the walk does not end');
  }
  return { ids, inserted };
}

function expectEachOnce(ids: string[], existing: Iterable<string>) {
  expect(ids.length - new Set(ids).size, 'duplicates').toBe(0);
  const seen = new Set(ids);
  expect(
    [...existing].filter((id) => !seen.has(id)),
    'missed',
  ).toEqual([]);
}

describe('lists that grow during a walk', () => {
  it('the audit log (offset pages): no duplicates, nothing that existed at the start missed', async () => {
    const first = await tg.auditLog.list({ limit: 500 });
    expect(first.hasNextPage()).toBe(false);
    const existing = first.data.map((e) => e.id);
    const { ids, inserted } = await walk(tg.auditLog.list({ limit: 30 }), 10, (n) =>
      tg.agents.create({ id: `audit-walk-${n}`, name: 'inserted during the walk' }),
    );
    expect(inserted).toBeGreaterThanOrEqual(20);
    expectEachOnce(ids, existing);
    // The pinned walk is the log as it was: what was inserted meanwhile is for the next walk.
    expect(ids).toHaveLength(existing.length);
    const after = await tg.auditLog.list({ limit: 500 });
    expect(after.body.total).toBe(existing.length + inserted);
  });

  it('a filtered audit walk is pinned too', async () => {
    const existing = (await tg.auditLog.list({ action: 'agent.created', limit: 500 })).data.map(
      (e) => e.id,
    );
    expect(existing.length).toBeGreaterThanOrEqual(20);
    const { ids } = await walk(tg.auditLog.list({ action: 'agent.created', limit: 4 }), 2, (n) =>
      tg.agents.create({ id: `filtered-walk-${n}`, name: 'inserted during the walk' }),
    );
    expectEachOnce(ids, existing);
    expect(ids).toHaveLength(existing.length);
  });

  it('runs and agents (cursor pages, newest first): no duplicates, none missed', async () => {
    for (let i = 0; i < 25; i++)
      await tg.runs.create({ agent_id: 'audit-walk-0', action: `r${i}` });
    const existingRuns = (await tg.runs.list({ limit: 200 })).data.map((r) => r.id);
    const runs = await walk(tg.runs.list({ limit: 7 }), 3, (n) =>
      tg.runs.create({ agent_id: 'audit-walk-0', action: `during-${n}` }),
    );
    expect(runs.inserted).toBeGreaterThanOrEqual(8);
    expectEachOnce(runs.ids, existingRuns);
    const existingAgents = (await tg.agents.list({ limit: 200 })).data.map((a) => a.id);
    const agents = await walk(tg.agents.list({ limit: 6 }), 4, (n) =>
      tg.agents.create({ id: `cursor-walk-${n}`, name: 'inserted during the walk' }),
    );
    expectEachOnce(agents.ids, existingAgents);
  });
});
