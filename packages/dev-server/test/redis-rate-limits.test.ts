/** Rate limits on Redis: one fixed one-minute window per agent, shared by every process. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, type SharedRedis } from '../src/redis/client';
import { redisRateLimiter } from '../src/redis/rate-limits';
import type { Agent } from '../src/state/ledger';
import { State } from '../src/state/store';
import { type RedisServer, startRedis } from './redis-fleet';

let redis: RedisServer;
const connections: SharedRedis[] = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const c of connections) await c.close();
  await redis?.stop();
});

let now = Date.UTC(2030, 0, 1, 0, 0, 10);
const limiter = async () => {
  const c = await connectRedis({ url: redis.url, keyPrefix: 'rl:' }, () => {});
  connections.push(c);
  return redisRateLimiter(new State(undefined as never, () => now), c);
};
const agent = (rate_limits: Agent['rate_limits']) => ({ id: 'limited', rate_limits }) as Agent;

describe('the redis rate limiter', () => {
  it('admits exactly the requests per minute over several processes, then says when to retry', async () => {
    const fleet = [await limiter(), await limiter(), await limiter()];
    const a = agent({ requests_per_minute: 5, tokens_per_minute: null });
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => fleet[i % 3]!.admit(a, 10)),
    );
    const refused = answers.filter((x) => 'retryAfterSeconds' in x);
    expect(answers.length - refused.length).toBe(5);
    expect(refused[0]).toEqual({ retryAfterSeconds: 50 });
    now += 50_000; // the next minute
    expect('settle' in (await fleet[0]!.admit(a, 10))).toBe(true);
  });

  it('counts tokens at the worst case and gives back what a call did not use', async () => {
    const [p, q] = [await limiter(), await limiter()];
    const a = { ...agent({ requests_per_minute: null, tokens_per_minute: 100 }), id: 'tokens' };
    const first = await p.admit(a, 80);
    expect('retryAfterSeconds' in (await q.admit(a, 30))).toBe(true);
    if (!('settle' in first)) throw new Error('the first call was refused');
    await first.settle(20);
    expect('settle' in (await q.admit(a, 80))).toBe(true);
  });
});
