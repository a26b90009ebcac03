import { describe, expect, it } from 'vitest';
import { Chaos } from '../src/chaos';
import { type Fault, startDevServer } from '../src/index';

async function withFault(fault: Fault, fn: (url: string, key: string) => Promise<void>) {
  const server = await startDevServer({
    chaos: { rate: 1, faults: [fault], routes: ['createAgent'], latencyMs: 50 },
    log: () => {},
  });
  try {
    await fn(server.url, server.adminApiKey);
  } finally {
    await server.close();
  }
}

const create = (url: string, key: string, name = 'c') =>
  fetch(`${url}/v1/agents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
const count = async (url: string, key: string) =>
  (
    (await (
      await fetch(`${url}/v1/agents`, { headers: { authorization: `Bearer ${key}` } })
    ).json()) as { data: unknown[] }
  ).data.length;

describe('chaos', () => {
  it('429 and 503 come with Retry-After and change nothing', async () => {
    for (const fault of ['429', '503'] as const) {
      await withFault(fault, async (url, key) => {
        const r = await create(url, key);
        expect(r.status).toBe(Number(fault));
        expect(r.headers.get('retry-after')).toBe('0');
        expect(await count(url, key)).toBe(0);
      });
    }
  });

  it('reset-before drops the connection before any effect', async () => {
    await withFault('reset-before', async (url, key) => {
      await expect(create(url, key)).rejects.toThrow();
      expect(await count(url, key)).toBe(0);
    });
  });

  it('reset-after, truncate and malformed strike after the effect is committed', async () => {
    for (const fault of ['reset-after', 'truncate', 'malformed'] as const) {
      await withFault(fault, async (url, key) => {
        const outcome = await create(url, key).then(
          (r) =>
            r.json().then(
              () => 'parsed',
              () => 'bad body',
            ),
          () => 'reset',
        );
        expect(outcome, fault).not.toBe('parsed');
        expect(await count(url, key), fault).toBe(1);
      });
    }
  });

  it('latency delays but answers', async () => {
    await withFault('latency', async (url, key) => {
      const t0 = Date.now();
      expect((await create(url, key)).status).toBe(201);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
    });
  });

  it('is deterministic for a seed', () => {
    const draws = (seed: number) => {
      const chaos = new Chaos({ seed, rate: 0.3 });
      return Array.from({ length: 200 }, () => chaos.draw('createAgent', '/v1/agents') ?? '-').join(
        ',',
      );
    };
    expect(draws(7)).toBe(draws(7));
    expect(draws(7)).not.toBe(draws(8));
  });
});
