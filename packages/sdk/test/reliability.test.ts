import { describe, expect, it } from 'vitest';
import { devServer } from './setup-server';

describe('reliability through injected faults', () => {
  it('2 000 idempotent creates through 20% faults (resets after commit included) make exactly 2 000 agents', async () => {
    const { server, tg } = await devServer(
      {
        chaos: {
          seed: 42,
          rate: 0.2,
          faults: ['429', '503', 'reset-before', 'reset-after', 'truncate', 'malformed'],
          routes: ['createAgent'],
        },
      },
      { maxRetries: 8, backoff: { initialDelay: 0, maxDelay: 0 } },
    );
    try {
      const total = 2000;
      const workers = 20;
      let next = 0;
      await Promise.all(
        Array.from({ length: workers }, async () => {
          while (next < total) {
            const i = next++;
            await tg.agents.create({ name: `bulk-${i}` });
          }
        }),
      );
      const names: string[] = [];
      for await (const agent of tg.agents.list({ limit: 200 })) names.push(agent.name);
      expect(names).toHaveLength(total);
      expect(new Set(names).size).toBe(total);
      const injected = server.chaos!.injected;
      expect(Object.values(injected).reduce((a, b) => a + (b ?? 0), 0)).toBeGreaterThan(
        total * 0.15,
      );
      expect(injected['reset-after']).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  }, 180_000);
});
