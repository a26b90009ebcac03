import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode } from '../src/base64url';
import { IdentityError, PROOF_HEADER } from '../src/index';
import { RedisReplayCache } from '../src/redis';
import { DEFAULT_CLOCK_SKEW } from '../src/verify-certificate';
import { code, ORIGIN, setup } from './helpers';
import { type RedisServer, SKIP_REDIS, startRedis } from './redis-server';

// Far from the wall clock, so a TTL counted from Redis's own clock would show.
const NOW_MS = 2_000_000_000_000;
const now = () => NOW_MS;
const nowSec = NOW_MS / 1000;
const SPAWNING = 30_000;

async function nodeRedis(url: string, options: { disableOfflineQueue?: boolean } = {}) {
  const client = createClient({ url, ...options });
  client.on('error', () => {}); // reconnect errors once the server is stopped
  await client.connect();
  return client;
}

const expOf = (proof: string) =>
  (JSON.parse(new TextDecoder().decode(decode(proof.split('.')[1]!))) as { exp: number }).exp;

const reasonOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'stored';
  } catch (error) {
    return error instanceof IdentityError ? error.code : `not an IdentityError: ${error}`;
  }
};

describe.skipIf(SKIP_REDIS)('RedisReplayCache on a real redis-server', () => {
  let server: RedisServer;
  let client: Awaited<ReturnType<typeof nodeRedis>>;
  beforeAll(async () => {
    server = await startRedis();
    client = await nodeRedis(server.url);
  }, SPAWNING);
  afterAll(async () => {
    client?.destroy();
    await server?.stop();
  });

  it(
    'refuses a replay across verifiers, connections, clients and processes sharing Redis',
    async () => {
      const cache = () => new RedisReplayCache({ client });
      const { ca, request, verifier: a } = await setup({ now, verifier: { replayCache: cache() } });
      const second = await nodeRedis(server.url);
      const { createVerifier } = await import('../src/index');
      const b = createVerifier({
        ca: ca.jwks(),
        origin: ORIGIN,
        now,
        replayCache: new RedisReplayCache({ client: second }),
      });
      try {
        const [first, other, third] = [await request(), await request(), await request()];
        expect(await code(a.verify(first))).toBe('ok');
        expect(await code(b.verify(first))).toBe('proof_replayed');

        // Another process, through ioredis: sees `first`, stores `other`.
        const child = await promisify(execFile)(
          process.execPath,
          [
            '--import',
            'tsx',
            join(import.meta.dirname, 'redis-child.ts'),
            JSON.stringify({
              url: server.url,
              jwks: ca.jwks(),
              origin: ORIGIN,
              nowMs: NOW_MS,
              requests: [first, other],
            }),
          ],
          { cwd: join(import.meta.dirname, '..') },
        );
        expect(JSON.parse(child.stdout.trim())).toEqual(['proof_replayed', 'ok']);
        expect(await code(a.verify(other))).toBe('proof_replayed');
        expect(await code(b.verify(other))).toBe('proof_replayed');
        expect(await code(b.verify(third))).toBe('ok');
        expect(await code(a.verify(third))).toBe('proof_replayed');
      } finally {
        second.destroy();
      }
    },
    SPAWNING,
  );

  it("stores each proof id under its prefix until exp + skew, counted from the verifier's clock", async () => {
    const replayCache = new RedisReplayCache({ client, keyPrefix: 'fleet-a:' });
    const { request, verifier } = await setup({ now, verifier: { replayCache } });
    const signed = await request();
    const { jti } = await verifier.verify(signed);
    const exp = expOf(String((signed.headers as Record<string, string>)[PROOF_HEADER]));
    expect(exp - nowSec).toBe(60); // the SDK's default proof lifetime
    expect(await client.ttl(`fleet-a:${jti}`)).toBe(exp + DEFAULT_CLOCK_SKEW - nowSec);
    expect(await client.exists(`tollgate:jti:${jti}`)).toBe(0);

    // Called directly: `now` (verifier time, seconds) wins over the option clock.
    const direct = new RedisReplayCache({ client, now: () => 5_000_000_000 });
    expect(await direct.checkAndStore('direct-1', 1_000_045, 1_000_000)).toBe(true);
    expect(await client.ttl('tollgate:jti:direct-1')).toBe(45);
    expect(await direct.checkAndStore('direct-2', 5_000_007)).toBe(true);
    expect(await client.ttl('tollgate:jti:direct-2')).toBe(7);
    // Never without an expiry, even for an expiry already reached.
    expect(await direct.checkAndStore('direct-3', 4_000_000)).toBe(true);
    expect(await client.ttl('tollgate:jti:direct-3')).toBe(1);
    expect(await direct.checkAndStore('direct-1', 1_000_045, 1_000_000)).toBe(false);
  });

  it('fails closed with replay_cache_unavailable when Redis stops answering writes', async () => {
    const replayCache = new RedisReplayCache({ client, timeoutMs: 200 });
    const { request, verifier } = await setup({ now, verifier: { replayCache } });
    const admin = await nodeRedis(server.url);
    try {
      await admin.sendCommand(['CLIENT', 'PAUSE', '20000', 'WRITE']);
      expect(await code(verifier.verify(await request()))).toBe('replay_cache_unavailable');
    } finally {
      await admin.sendCommand(['CLIENT', 'UNPAUSE']);
      admin.destroy();
    }
    expect(await code(verifier.verify(await request()))).toBe('ok');
  });
});

describe.skipIf(SKIP_REDIS)('RedisReplayCache when Redis goes down', () => {
  it(
    'refuses every request with a typed error, whatever the client and its offline queue',
    async () => {
      const server = await startRedis();
      const queueing = await nodeRedis(server.url);
      const offline = await nodeRedis(server.url, { disableOfflineQueue: true });
      const io = new Redis(server.url, { lazyConnect: true });
      io.on('error', () => {});
      await io.connect();
      const caches = [
        new RedisReplayCache({ client: queueing, timeoutMs: 200 }),
        new RedisReplayCache({ client: offline, timeoutMs: 200 }),
        new RedisReplayCache({ client: io, timeoutMs: 200 }),
      ];
      const rigs = await Promise.all(
        caches.map((replayCache) => setup({ now, verifier: { replayCache } })),
      );
      try {
        for (const { request, verifier } of rigs)
          expect(await code(verifier.verify(await request()))).toBe('ok');
        await server.stop();
        for (const { request, verifier } of rigs)
          expect(await code(verifier.verify(await request()))).toBe('replay_cache_unavailable');
        // The error says why and carries the client's error, never the proof id.
        const error = await caches[1]!
          .checkAndStore('secret-jti', nowSec + 60, nowSec)
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(IdentityError);
        expect((error as IdentityError).cause).toBeInstanceOf(Error);
        expect((error as IdentityError).message).not.toContain('secret-jti');
      } finally {
        queueing.destroy();
        offline.destroy();
        io.disconnect();
        await server.stop();
      }
    },
    SPAWNING,
  );
});

describe('RedisReplayCache with any client', () => {
  it('fails closed on a reply other than OK or nil, and on a throwing client', async () => {
    const odd = new RedisReplayCache({ client: { sendCommand: async () => 'QUEUED' } });
    expect(await reasonOf(odd.checkAndStore('a', 10, 1))).toBe('replay_cache_unavailable');
    const throwing = new RedisReplayCache({
      client: {
        call: () => {
          throw new Error('synchronous');
        },
      },
    });
    expect(await reasonOf(throwing.checkAndStore('a', 10, 1))).toBe('replay_cache_unavailable');
  });

  it('sends one SET NX EX, through call() or sendCommand()', async () => {
    const sent: unknown[] = [];
    const io = new RedisReplayCache({
      client: {
        call: async (...args: string[]) => {
          sent.push(args);
          return 'OK';
        },
      },
    });
    const node = new RedisReplayCache({
      client: {
        sendCommand: async (args: string[]) => {
          sent.push(args);
          return null;
        },
      },
    });
    expect(await io.checkAndStore('j1', 130, 100)).toBe(true);
    expect(await node.checkAndStore('j2', 130, 100)).toBe(false);
    expect(sent).toEqual([
      ['SET', 'tollgate:jti:j1', '1', 'NX', 'EX', '30'],
      ['SET', 'tollgate:jti:j2', '1', 'NX', 'EX', '30'],
    ]);
  });

  it('rejects a client without either method, and a bad timeout', () => {
    expect(() => new RedisReplayCache({ client: {} as never })).toThrow(TypeError);
    const client = { sendCommand: async () => 'OK' };
    expect(() => new RedisReplayCache({ client, timeoutMs: 0 })).toThrow(RangeError);
  });
});
