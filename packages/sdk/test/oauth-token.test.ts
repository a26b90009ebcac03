import { describe, expect, it } from 'vitest';
import { Tollgate } from '../src/index';
import { TokenManager } from '../src/internal/oauth-token';
import { devServer } from './setup-server';

describe('TokenManager', () => {
  it('makes exactly one token request for 200 concurrent calls', async () => {
    let requests = 0;
    let answer!: () => void;
    const answered = new Promise<void>((r) => {
      answer = r;
    });
    const manager = new TokenManager(async () => {
      requests++;
      await answered;
      return { accessToken: `t${requests}`, expiresIn: 3600 };
    }, 60_000);
    // All 200 ask while the token request is still unanswered.
    const pending = Promise.all(Array.from({ length: 200 }, () => manager.get()));
    answer();
    const tokens = await pending;
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

describe('a token that lives less than tokenRefreshMargin', () => {
  it('is reused for half its lifetime (8 s tokens, 60 s margin: 10 calls, 1 token request)', async () => {
    let now = 0;
    let requests = 0;
    const manager = new TokenManager(
      async () => ({ accessToken: `t${++requests}`, expiresIn: 8 }),
      60_000,
      () => now,
    );
    for (let i = 0; i < 10; i++) expect(await manager.get()).toBe('t1');
    now = 3_999;
    expect(await manager.get()).toBe('t1');
    now = 4_000;
    expect(await manager.get()).toBe('t2');
    expect(requests).toBe(2);
  });

  it('against the dev server: one token request per half lifetime, moved by the shared clock', async () => {
    let now = Date.parse('2026-11-22T10:00:00Z');
    const clock = () => now;
    const { server, tg } = await devServer({ tokenTtlSeconds: 8, clock });
    try {
      const created = await tg.oauthClients.create({ name: 'short', scopes: ['agents:read'] });
      let tokenRequests = 0;
      const oauth = new Tollgate({
        baseUrl: server.url,
        clientCredentials: { clientId: created.client.id, clientSecret: created.client_secret },
        logLevel: 'off',
        clock,
        fetch: (request) => {
          if (request.url.endsWith('/v1/oauth/token')) tokenRequests++;
          return fetch(request);
        },
      });
      for (let i = 0; i < 10; i++) await oauth.agents.list({ limit: 1 });
      expect(tokenRequests).toBe(1);
      now += 3_000;
      await oauth.agents.list({ limit: 1 });
      expect(tokenRequests).toBe(1);
      now += 1_500; // past half of the 8 s lifetime: renewed before the server would refuse it
      for (let i = 0; i < 5; i++) await oauth.agents.list({ limit: 1 });
      expect(tokenRequests).toBe(2);
      expect((await oauth.whoami()).principal_type).toBe('oauth_client');
    } finally {
      await server.close();
    }
  });
});
