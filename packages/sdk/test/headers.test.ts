import { afterAll, describe, expect, it } from 'vitest';
import { Tollgate } from '../src/index';
import { devServer } from './setup-server';

const { server, tg } = await devServer();
afterAll(() => server.close());

/** A client for the suite's server that records the headers of every request it sends. */
function recording(options: ConstructorParameters<typeof Tollgate>[0] = {}) {
  const sent: Headers[] = [];
  const client = new Tollgate({
    baseUrl: server.url,
    apiKey: server.adminApiKey,
    logLevel: 'off',
    fetch: (request) => {
      sent.push(request.headers);
      return fetch(request);
    },
    ...options,
  });
  return { client, sent };
}

describe('header merging', () => {
  it.each(['Idempotency-Key', 'idempotency-key', 'IDEMPOTENCY-KEY'])(
    "the caller's %s header is the key the server records",
    async (spelling) => {
      const { client, sent } = recording();
      const key = `caller-${spelling}`;
      const body = { name: `Keyed ${spelling}` };
      const first = await client.agents.create(body, { headers: { [spelling]: key } });
      expect(sent.at(-1)!.get('idempotency-key')).toBe(key);
      // The same key, pinned the documented way: the server answers from its record of the first.
      const again = await tg.agents.create(body, { idempotencyKey: key }).withResponse();
      expect(again.response.headers.get('idempotent-replayed')).toBe('true');
      expect(again.data.id).toBe(first.id);
    },
  );

  it('a header spelled differently in defaultHeaders and per call is sent once, the call winning', async () => {
    const { client, sent } = recording({ defaultHeaders: { 'X-Trace': 'client' } });
    await client.agents.list({ limit: 1 }, { headers: { 'x-trace': 'call' } });
    expect(sent.at(-1)!.get('x-trace')).toBe('call');
    await client.agents.list({ limit: 1 }, { headers: new Headers({ 'X-TRACE': 'headers' }) });
    expect(sent.at(-1)!.get('x-trace')).toBe('headers');
  });

  it('the idempotencyKey option wins over a header, and either makes a POST safe to retry', async () => {
    let n = 0;
    const { client, sent } = recording({
      backoff: { initialDelay: 0, maxDelay: 0 },
      fetch: (request) => {
        sent.push(request.headers);
        // The first attempt is lost after it may have reached the server.
        if (++n === 1) return Promise.resolve(new Response(null, { status: 503 }));
        return fetch(request);
      },
    });
    await client.agents.create(
      { name: 'Pinned' },
      { idempotencyKey: 'option-key', headers: { 'Idempotency-Key': 'header-key' } },
    );
    expect(sent.map((h) => h.get('idempotency-key'))).toEqual(['option-key', 'option-key']);
    // An operation the contract does not mark idempotent repeats only with the caller's key.
    n = 0;
    sent.length = 0;
    await client
      .request('POST', '/v1/agents/keyed-raw/unknown-action', {
        headers: { 'IDEMPOTENCY-KEY': 'raw-key' },
        maxRetries: 1,
      })
      .catch(() => undefined);
    expect(sent.map((h) => h.get('idempotency-key'))).toEqual(['raw-key', 'raw-key']);
  });
});
