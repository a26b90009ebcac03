/**
 * followRevocations against a real SSE server on loopback: revocations learned, a dropped
 * stream resumed with Last-Event-ID after a jittered backoff, failures backing off further,
 * and a verifier refusing what it learned. Time is the test's: the reconnect waits go through
 * the `sleep` option, which records each delay and returns at once.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { followRevocations, type Revocation } from '../src/revocations';
import { code, setup, T0 } from './helpers';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** An SSE server answering connection n with `handlers[n]`; records each Last-Event-ID. */
async function sseServer(handlers: Handler[]) {
  const lastEventIds: (string | undefined)[] = [];
  const server = createServer((req, res) => {
    lastEventIds.push(req.headers['last-event-id'] as string | undefined);
    const handler = handlers[lastEventIds.length - 1];
    if (!handler) return void res.writeHead(503).end();
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/identity/revocations`,
    lastEventIds,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const revocation = (sequence: number, serial: string): Revocation => ({
  sequence,
  serial,
  agent_id: 'research-v1',
  revoked_at: new Date(T0).toISOString(),
  certificate_expires_at: new Date(T0 + 3_600_000).toISOString(),
});
const event = (r: Revocation) =>
  `id: ${r.sequence}\nevent: certificate.revoked\ndata: ${JSON.stringify(r)}\n\n`;
const sync = (sequence: number) => `event: sync\ndata: {"sequence":${sequence}}\n\n`;
const stream = (res: ServerResponse, text: string, end: boolean) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.write(text);
  if (end) res.end();
};

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** Resolves when `count` revocations have been learned. */
function learned(count: number) {
  const seen: Revocation[] = [];
  let done!: () => void;
  const all = new Promise<void>((r) => {
    done = r;
  });
  const onRevocation = (r: Revocation) => {
    seen.push(r);
    if (seen.length === count) done();
  };
  return { seen, all, onRevocation };
}

describe('followRevocations', () => {
  it('learns revocations, resumes a dropped stream with Last-Event-ID after a jittered wait', async () => {
    const server = await sseServer([
      (_req, res) => stream(res, event(revocation(1, 'aaa')) + sync(1), true),
      (_req, res) => stream(res, sync(1) + event(revocation(2, 'bbb')), false),
    ]);
    cleanup.push(server.close);
    const delays: number[] = [];
    const wait = learned(2);
    const feed = followRevocations(server.url, {
      now: () => T0,
      random: () => 0.5,
      sleep: async (ms) => void delays.push(ms),
      onRevocation: wait.onRevocation,
    });
    cleanup.push(feed.close);
    await feed.ready;
    await wait.all;
    expect(feed.isRevoked({ serial: 'aaa' })).toBe(true);
    expect(feed.isRevoked({ serial: 'bbb' })).toBe(true);
    expect(feed.isRevoked({ serial: 'ccc' })).toBe(false);
    expect(server.lastEventIds).toEqual([undefined, '1']);
    expect(feed.lastEventId).toBe('2');
    // Full jitter of the first delay (250 ms), as the SDK's reconnects.
    expect(delays).toEqual([125]);
  });

  it('backs off further while the stream fails, and starts over after a healthy one', async () => {
    const refuse: Handler = (_req, res) => void res.writeHead(503).end();
    const server = await sseServer([
      refuse,
      refuse,
      refuse,
      (_req, res) => stream(res, event(revocation(1, 'aaa')) + sync(1), true),
      (_req, res) => stream(res, sync(1), false),
    ]);
    cleanup.push(server.close);
    const delays: number[] = [];
    const errors: unknown[] = [];
    const feed = followRevocations(server.url, {
      random: () => 0.5,
      sleep: async (ms) => void delays.push(ms),
      onError: (e) => errors.push(e),
    });
    cleanup.push(feed.close);
    await feed.ready;
    await new Promise<void>((resolve) => {
      const check = () => (server.lastEventIds.length >= 5 ? resolve() : setImmediate(check));
      check();
    });
    expect(delays.slice(0, 4)).toEqual([125, 250, 500, 125]);
    expect(errors).toHaveLength(4);
    expect(String(errors[0])).toContain('HTTP 503');
    expect(server.lastEventIds).toEqual([undefined, undefined, undefined, undefined, '1']);
  });

  it('is a verifier’s revocation source: a revoked serial is refused with certificate_revoked', async () => {
    const s = await setup();
    let send!: (text: string) => void;
    const server = await sseServer([
      (_req, res) => {
        stream(res, sync(0), false);
        send = (text) => res.write(text);
      },
    ]);
    cleanup.push(server.close);
    const wait = learned(1);
    const feed = followRevocations(server.url, { now: () => T0, onRevocation: wait.onRevocation });
    cleanup.push(feed.close);
    const { createVerifier } = await import('../src/index');
    const verifier = createVerifier({
      ca: s.ca.jwks(),
      origin: 'https://cp.example.test',
      now: () => T0,
      revocations: feed,
    });
    await feed.ready;
    expect(await code(verifier.verify(await s.request()))).toBe('ok');
    send(event(revocation(1, s.claims.serial)));
    await wait.all;
    expect(await code(verifier.verify(await s.request()))).toBe('certificate_revoked');
  });

  it('forgets a serial once its certificate has long expired', async () => {
    let now = T0;
    const server = await sseServer([
      (_req, res) =>
        stream(res, event(revocation(1, 'old')) + event(revocation(2, 'new')) + sync(2), false),
    ]);
    cleanup.push(server.close);
    const feed = followRevocations(server.url, { now: () => now });
    cleanup.push(feed.close);
    await feed.ready;
    expect(feed.isRevoked({ serial: 'old' })).toBe(true);
    now = T0 + 2 * 3_600_000;
    expect(feed.isRevoked({ serial: 'old' })).toBe(false);
  });
});
