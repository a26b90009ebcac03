/** Proof replay across loopback spellings, and a replay cache that is full. */
import { request } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { harness, manualClock } from './helpers';

const clock = manualClock();
const h = await harness({ clock, certificateTtlSeconds: 600 });
afterAll(async () => {
  expect(h.logged).toEqual([]);
  await h.server.close();
});

describe('loopback spellings', () => {
  it('verifies proofs made for localhost as well as for 127.0.0.1, replays refused across both', async () => {
    const a = await h.agent('spelling');
    const port = new URL(h.server.url).port;
    const url = `http://localhost:${port}/v1/services`;
    const headers = await a.signer.headers({ method: 'GET', url });
    // Node's fetch would resolve localhost itself; send to 127.0.0.1 with the Host it names.
    const get = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port, path: '/v1/services', headers: { ...headers, host } },
          (res) => {
            res.resume();
            resolve(res.statusCode!);
          },
        );
        req.on('error', reject);
        req.end();
      });
    expect(await get(`localhost:${port}`)).toBe(200);
    expect(await get(`localhost:${port}`)).toBe(401);
    const other = await a.signer.headers({ method: 'GET', url });
    const mismatch = await fetch(`${h.server.url}/v1/services`, { headers: other });
    expect((await mismatch.json()).code).toBe('binding_mismatch');
  });
});

describe('a full replay cache', () => {
  it('answers 503 service_unavailable rather than forget a live proof, and recovers as proofs expire', async () => {
    const small = await harness({ clock, replayCacheEntries: 2 });
    try {
      const a = await small.agent('busy');
      const url = `${small.server.url}/v1/services`;
      const first = await a.signer.headers({ method: 'GET', url });
      expect((await fetch(url, { headers: first })).status).toBe(200);
      expect(
        (await fetch(url, { headers: await a.signer.headers({ method: 'GET', url }) })).status,
      ).toBe(200);
      await small.expectProblem(
        'listServices',
        { agent: a.signer, token: null },
        503,
        'service_unavailable',
      );
      const replay = await fetch(url, { headers: first });
      expect(replay.status).toBe(401);
      expect((await replay.json()).code).toBe('proof_replayed');
      clock.advance(91_000); // past the proofs' 60 s and the 30 s skew
      await small.expectOk('listServices', { agent: a.signer, token: null });
      expect(small.logged).toEqual([]);
    } finally {
      await small.server.close();
    }
  });
});
