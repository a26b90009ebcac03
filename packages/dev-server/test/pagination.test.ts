import { afterAll, describe, expect, it } from 'vitest';
import { harness } from './helpers';

const h = await harness({ seedAuditEntries: 30 });
afterAll(async () => {
  expect(h.logged).toEqual([]);
  await h.server.close();
});

describe('cursor pagination', () => {
  it('keeps pages stable while rows are inserted between them', async () => {
    for (let i = 0; i < 7; i++)
      await h.expectOk('createAgent', { body: { id: `p-${i}`, name: `p${i}` } });
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const r = await h.expectOk('listAgents', { query: { limit: 3, ...(cursor && { cursor }) } });
      seen.push(...r.body.data.map((a: { id: string }) => a.id));
      // A new row on every page: it is newer than the cursor, so it never shows up or shifts.
      await h.expectOk('createAgent', { body: { id: `new-${page}`, name: 'new' } });
      expect(r.body.has_more).toBe(r.body.next_cursor !== null);
      if (!r.body.next_cursor) break;
      cursor = r.body.next_cursor;
    }
    expect(seen).toEqual(['p-6', 'p-5', 'p-4', 'p-3', 'p-2', 'p-1', 'p-0']);
  });

  it('pages run events oldest first and refuses foreign cursors', async () => {
    const run = await h.expectOk('createRun', { body: { agent_id: 'p-0', action: 'x' } });
    const first = await h.expectOk('listRunEvents', {
      path: { run_id: run.body.run.id },
      query: { limit: 2 },
    });
    expect(first.body.data.map((e: { sequence: number }) => e.sequence)).toEqual([1, 2]);
    const next = await h.expectOk('listRunEvents', {
      path: { run_id: run.body.run.id },
      query: { limit: 2, cursor: first.body.next_cursor },
    });
    expect(next.body.data[0].sequence).toBe(3);
    const bad = await h.expectProblem(
      'listAgents',
      { query: { cursor: 'garbage' } },
      422,
      'validation_failed',
    );
    expect(bad.body.errors[0].path).toBe('query.cursor');
    const big = await h.expectProblem(
      'listAgents',
      { query: { limit: 201 } },
      422,
      'validation_failed',
    );
    expect(big.body.errors[0].path).toBe('query.limit');
  });

  it('filters with the page: agent id filters stay strings', async () => {
    await h.expectOk('createAgent', { body: { id: '42', name: 'numeric' } });
    await h.expectOk('createRun', { body: { agent_id: '42', action: 'x' } });
    const runs = await h.expectOk('listRuns', { query: { agent_id: '42' } });
    expect(runs.body.data).toHaveLength(1);
  });
});

describe('offset pagination (audit log)', () => {
  it('pages newest first with the total', async () => {
    const all = await h.expectOk('listAuditLog', { query: { limit: 500 } });
    const total = all.body.total;
    expect(all.body.data).toHaveLength(total);
    const page = await h.expectOk('listAuditLog', { query: { offset: 5, limit: 4 } });
    expect(page.body).toMatchObject({ offset: 5, limit: 4, total });
    expect(page.body.data).toEqual(all.body.data.slice(5, 9));
    const past = await h.expectOk('listAuditLog', { query: { offset: total + 10 } });
    expect(past.body).toMatchObject({ data: [], total });
    const seeded = await h.expectOk('listAuditLog', { query: { action: 'seed.entry', limit: 5 } });
    expect(seeded.body.total).toBe(30);
    expect(seeded.body.data[0].id).toBe('aud_seed_29');
    const created = await h.expectOk('listAuditLog', {
      query: { action: 'agent.created', actor: 'key_admin' },
    });
    expect(created.body.total).toBe(7 + 3 + 1);
  });

  it('pins a walk to the snapshot of its first page while entries are recorded', async () => {
    const first = await h.expectOk('listAuditLog', { query: { limit: 5 } });
    const { snapshot, total } = first.body;
    expect(snapshot).toEqual(expect.any(String));
    const seen: string[] = first.body.data.map((e: { id: string }) => e.id);
    for (let offset = 5; offset < total; offset += 5) {
      // Two entries recorded before every page: without the snapshot each would shift it.
      for (let i = 0; i < 2; i++)
        await h.expectOk('createAgent', { body: { id: `snap-${offset}-${i}`, name: 'n' } });
      const page = await h.expectOk('listAuditLog', { query: { limit: 5, offset, snapshot } });
      expect(page.body).toMatchObject({ total, snapshot });
      seen.push(...page.body.data.map((e: { id: string }) => e.id));
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    const now = await h.expectOk('listAuditLog', { query: { limit: 1 } });
    expect(now.body.total).toBeGreaterThan(total);
    expect(now.body.snapshot).not.toBe(snapshot);
    const filtered = await h.expectOk('listAuditLog', {
      query: { action: 'agent.created', snapshot },
    });
    expect(filtered.body.data.some((e: { id: string }) => seen.includes(e.id))).toBe(true);
    expect(filtered.body.data.every((e: { id: string }) => seen.includes(e.id))).toBe(true);
  });

  it('refuses a snapshot it did not issue', async () => {
    for (const snapshot of ['garbage', Buffer.from('{"h":999999}').toString('base64url')]) {
      const bad = await h.expectProblem(
        'listAuditLog',
        { query: { snapshot } },
        422,
        'validation_failed',
      );
      expect(bad.body.errors[0].path).toBe('query.snapshot');
    }
  });
});
