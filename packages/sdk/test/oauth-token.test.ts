import { describe, expect, it } from 'vitest';
import { TokenManager } from '../src/core/oauth-token';

describe('TokenManager', () => {
  it('makes exactly one token request for 200 concurrent calls', async () => {
    let requests = 0;
    const manager = new TokenManager(async () => {
      requests++;
      await new Promise((r) => setTimeout(r, 10));
      return { accessToken: `t${requests}`, expiresIn: 3600 };
    }, 60_000);
    const tokens = await Promise.all(Array.from({ length: 200 }, () => manager.get()));
    expect(requests).toBe(1);
    expect(new Set(tokens)).toEqual(new Set(['t1']));
  });

  it('refreshes `margin` before expiry, once, however many callers find it stale', async () => {
    let now = 0;
    let requests = 0;
    const manager = new TokenManager(
      async () => ({ accessToken: `t${++requests}`, expiresIn: 120 }),
      60_000,
      () => now,
    );
    expect(await manager.get()).toBe('t1');
    now = 59_000;
    expect(await manager.get()).toBe('t1');
    now = 61_000;
    const again = await Promise.all(Array.from({ length: 50 }, () => manager.get()));
    expect(new Set(again)).toEqual(new Set(['t2']));
    expect(requests).toBe(2);
  });

  it('forgets a refused token, and a failed request does not poison later ones', async () => {
    let requests = 0;
    const manager = new TokenManager(async () => {
      requests++;
      if (requests === 2) throw new Error('token endpoint down');
      return { accessToken: `t${requests}`, expiresIn: 3600 };
    }, 0);
    expect(await manager.get()).toBe('t1');
    manager.invalidate('t1');
    await expect(manager.get()).rejects.toThrow('token endpoint down');
    expect(await manager.get()).toBe('t3');
  });
});
