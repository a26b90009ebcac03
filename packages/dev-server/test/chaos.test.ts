import { describe, expect, it } from 'vitest';
import { Chaos, type ChaosOptions, type Fault } from '../src/index';
import { startTestServer } from '../src/testing';
import { manualClock } from './helpers';

async function withChaos(
  chaos: ChaosOptions,
  fn: (url: string, key: string) => Promise<void>,
  clock = manualClock(),
) {
  const server = await startTestServer({
    chaos,
    clock,
    timers: clock.timers,
    strictResponses: true,
  });
  try {
    await fn(server.url, server.adminApiKey);
  } finally {
    await server.close();
  }
}
const withFault = (
  fault: Fault,
  fn: (url: string, key: string) => Promise<void>,
  clock = manualClock(),
) => withChaos({ rate: 1, faults: [fault], routes: ['createAgent'], latencyMs: 50 }, fn, clock);

const create = (url: string, key: string, idempotencyKey?: string) =>
  fetch(`${url}/v1/agents`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      ...(idempotencyKey && { 'idempotency-key': idempotencyKey }),
    },
    body: JSON.stringify({ name: 'c' }),
  });
const count = async (url: string, key: string) =>
  (
    (await (
      await fetch(`${url}/v1/agents`, { headers: { authorization: `Bearer ${key}` } })
    ).json()) as { data: unknown[] }
  ).data.length;

/** What the client sees: a parsed body, a body that does not parse, or a lost connection. */
const outcome = (r: Promise<Response>) =>
  r.then(
    (res) =>
      res.json().then(
        () => 'parsed',
        () => 'bad body',
      ),
    () => 'reset',
  );

describe('chaos faults', () => {
  it('429 and 503 come with Retry-After and change nothing', async () => {
    for (const fault of ['429', '503'] as const) {
      await withChaos(
        { rate: 1, faults: [fault], routes: ['createAgent'], retryAfterSeconds: 2 },
        async (url, key) => {
          const r = await create(url, key);
          expect(r.status).toBe(Number(fault));
          expect(r.headers.get('retry-after')).toBe('2');
          expect(await r.json()).toMatchObject({
            code: fault === '429' ? 'rate_limited' : 'service_unavailable',
            retry_after: 2,
          });
          expect(await count(url, key)).toBe(0);
        },
      );
    }
  });

  it('reset-before drops the connection before any effect', async () => {
    await withFault('reset-before', async (url, key) => {
      expect(await outcome(create(url, key))).toBe('reset');
      expect(await count(url, key)).toBe(0);
    });
  });

  it('reset-after, truncate and malformed strike after the effect is committed', async () => {
    const expected = {
      'reset-after': 'reset',
      truncate: ['reset', 'bad body'],
      malformed: 'bad body',
    };
    for (const fault of ['reset-after', 'truncate', 'malformed'] as const) {
      await withFault(fault, async (url, key) => {
        const seen = await outcome(create(url, key));
        expect([expected[fault]].flat(), fault).toContain(seen);
        expect(await count(url, key), fault).toBe(1);
      });
    }
  });

  it('reset-after with an idempotency key: the retry replays the committed create', async () => {
    // A seed whose first draw resets and whose second does not (found, not hard-coded).
    const options = { rate: 0.5, faults: ['reset-after' as Fault], routes: ['createAgent'] };
    let seed = 1;
    for (; seed < 100; seed++) {
      const c = new Chaos({ ...options, seed });
      if (c.draw('createAgent', '/v1/agents') && !c.draw('createAgent', '/v1/agents')) break;
    }
    await withChaos({ ...options, seed }, async (url, key) => {
      let replayed = false;
      for (let attempt = 0; attempt < 20; attempt++) {
        const r = await create(url, key, 'once').catch(() => undefined);
        if (r?.status === 201) {
          replayed = r.headers.get('idempotent-replayed') === 'true';
          break;
        }
      }
      expect(await count(url, key)).toBe(1);
      // The first attempt was reset after its effect: the answer that got through is a replay.
      expect(replayed).toBe(true);
    });
  });

  it('latency holds the handler for latencyMs of the server time, then answers', async () => {
    const clock = manualClock();
    await withFault(
      'latency',
      async (url, key) => {
        const answer = create(url, key);
        await clock.pending();
        // Held before the handler: nothing is created yet.
        expect(await count(url, key)).toBe(0);
        clock.advance(49);
        expect(await count(url, key)).toBe(0);
        clock.advance(1);
        expect((await answer).status).toBe(201);
        expect(await count(url, key)).toBe(1);
      },
      clock,
    );
  });

  it('strikes only the selected routes: operation ids, id globs, path prefixes and globs', async () => {
    const hits = (routes: string[]) => {
      const chaos = new Chaos({ rate: 1, faults: ['503'], routes });
      return [
        ['createAgent', '/v1/agents'],
        ['getAgent', '/v1/agents/a1'],
        ['getAgentBudget', '/v1/agents/a1/budget'],
        ['listRuns', '/v1/runs'],
      ]
        .filter(([id, path]) => chaos.draw(id!, path!))
        .map(([id]) => id);
    };
    expect(hits(['createAgent'])).toEqual(['createAgent']);
    expect(hits(['get*'])).toEqual(['getAgent', 'getAgentBudget']);
    expect(hits(['/v1/agents'])).toEqual(['createAgent', 'getAgent', 'getAgentBudget']);
    expect(hits(['/v1/agents/*'])).toEqual(['getAgent']);
    expect(hits(['/v1/agents/**'])).toEqual(['getAgent', 'getAgentBudget']);
    expect(hits([])).toEqual([]);
    const everything = new Chaos({ rate: 1 });
    expect(everything.draw('getHealth', '/v1/health')).toBeUndefined();
    expect(everything.draw('listRuns', '/v1/runs')).toBeDefined();
  });

  it('is deterministic for a seed, over HTTP too', async () => {
    const draws = (seed: number) => {
      const chaos = new Chaos({ seed, rate: 0.3 });
      return Array.from({ length: 200 }, () => chaos.draw('createAgent', '/v1/agents') ?? '-').join(
        ',',
      );
    };
    expect(draws(7)).toBe(draws(7));
    expect(draws(7)).not.toBe(draws(8));
    const statuses = async () => {
      const seen: number[] = [];
      await withChaos({ seed: 11, rate: 0.5, faults: ['429', '503'] }, async (url, key) => {
        for (let i = 0; i < 12; i++) seen.push((await create(url, key)).status);
      });
      return seen;
    };
    const first = await statuses();
    expect(new Set(first).size).toBeGreaterThan(1);
    expect(await statuses()).toEqual(first);
  });

  it('rejects nonsense options', () => {
    expect(() => new Chaos({ rate: 2 })).toThrow(/rate/);
    expect(() => new Chaos({ rate: 0.5, faults: ['boom' as Fault] })).toThrow(/boom/);
  });
});
