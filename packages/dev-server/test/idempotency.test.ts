import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../src/testing';
import { harness, manualClock } from './helpers';

const clock = manualClock();
const h = await harness({ clock });
afterAll(async () => {
  expect(h.logged).toEqual([]);
  await h.server.close();
});

const key = (k: string) => ({ 'Idempotency-Key': k });
const agentCount = async () =>
  (await h.expectOk('listAgents', { query: { limit: 200 } })).body.data.length;

describe('idempotency keys', () => {
  it('replays the stored response with Idempotent-Replayed: true, and creates once', async () => {
    const before = await agentCount();
    const first = await h.expectOk('createAgent', { headers: key('a-1'), body: { name: 'Idem' } });
    const again = await h.expectOk('createAgent', { headers: key('a-1'), body: { name: 'Idem' } });
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
    expect(await agentCount()).toBe(before + 1);
  });

  it('answers 409 idempotency_key_reused for the same key with another body', async () => {
    await h.expectOk('createAgent', { headers: key('a-2'), body: { name: 'One' } });
    await h.expectProblem(
      'createAgent',
      { headers: key('a-2'), body: { name: 'Two' } },
      409,
      'idempotency_key_reused',
    );
  });

  it('scopes keys to the credential, and forgets refused requests', async () => {
    const other = await h.expectOk('createApiKey', {
      body: { name: 'w', scopes: ['agents:write'] },
    });
    const mine = await h.expectOk('createAgent', {
      headers: key('shared'),
      body: { name: 'Mine' },
    });
    const theirs = await h.expectOk('createAgent', {
      token: other.body.secret,
      headers: key('shared'),
      body: { name: 'Mine' },
    });
    expect(theirs.body.id).not.toBe(mine.body.id);
    await h.expectProblem(
      'createAgent',
      { headers: key('retry-me'), body: { id: mine.body.id, name: 'Dup' } },
      409,
      'conflict',
    );
    // The refusal was not stored: the same key with a corrected body goes through.
    await h.expectOk('createAgent', { headers: key('retry-me'), body: { name: 'Fixed' } });
  });

  it('keeps records for 24 hours', async () => {
    const first = await h.expectOk('createAgent', { headers: key('day'), body: { name: 'Day' } });
    clock.advance(23 * 3600_000);
    const replay = await h.expectOk('createAgent', { headers: key('day'), body: { name: 'Day' } });
    expect(replay.body.id).toBe(first.body.id);
    clock.advance(2 * 3600_000);
    const fresh = await h.expectOk('createAgent', { headers: key('day'), body: { name: 'Day' } });
    expect(fresh.body.id).not.toBe(first.body.id);
  });

  it('validates the key: 1 to 255 characters', async () => {
    const r = await h.expectProblem(
      'createAgent',
      { headers: key('k'.repeat(256)), body: { name: 'x' } },
      422,
      'validation_failed',
    );
    expect(r.body.errors[0].path).toBe('header.Idempotency-Key');
  });

  it('answers 409 idempotency_key_in_use with Retry-After while the first is in flight', async () => {
    // The latency fault holds the first request inside its handler, key taken, until the
    // server's clock moves on.
    const clock = manualClock();
    const slow = await startTestServer({
      strictResponses: true,
      clock,
      timers: clock.timers,
      chaos: { rate: 1, faults: ['latency'], routes: ['createAgent'], latencyMs: 300 },
    });
    try {
      const create = () =>
        fetch(`${slow.url}/v1/agents`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${slow.adminApiKey}`,
            'content-type': 'application/json',
            'idempotency-key': 'busy',
          },
          body: JSON.stringify({ name: 'Busy' }),
        });
      const first = create();
      await clock.pending();
      const second = await create();
      expect(second.status).toBe(409);
      expect(second.headers.get('retry-after')).toBe('1');
      expect(await second.json()).toMatchObject({ code: 'idempotency_key_in_use', retry_after: 1 });
      clock.advance(300);
      expect((await first).status).toBe(201);
      const replay = await create();
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
    } finally {
      await slow.close();
    }
  });

  it('makes registration replayable too: the same run and certificate come back', async () => {
    const body = {
      public_key: { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' },
    };
    const path = { agent_id: 'replayed' };
    const first = await h.expectOk('registerAgentRun', { path, body, headers: key('reg') });
    const again = await h.expectOk('registerAgentRun', { path, body, headers: key('reg') });
    expect(again.status).toBe(201);
    expect(again.body.run_id).toBe(first.body.run_id);
    const other = await h.expectOk('registerAgentRun', { path, body, headers: key('reg-2') });
    expect(other.status).toBe(200);
    expect(other.body.run_id).not.toBe(first.body.run_id);
  });
});
