/**
 * The default transport (globalThis.fetch called with a URL and init, no Request copies)
 * against a real loopback socket that misbehaves: per-attempt timeouts must still cut a
 * request that never answers and a body that stalls, and close the connection.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TimeoutError, Tollgate } from '../src/index';
import { Outgoing } from '../src/internal/outgoing';

const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the default transport', () => {
  it('times out an attempt that never answers, retries a GET, and closes each connection', async () => {
    let seen = 0;
    let closed = 0;
    const baseUrl = await serve((req) => {
      seen++;
      req.socket.on('close', () => closed++);
    });
    const tg = new Tollgate({
      baseUrl,
      apiKey: 'k',
      // Long enough for each attempt to reach the server on a loaded machine.
      timeout: 1_000,
      maxRetries: 1,
      backoff: { initialDelay: 0, maxDelay: 0 },
      logLevel: 'off',
    });
    const error = await tg.agents.get('a').catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(seen).toBe(2);
    await expect.poll(() => closed, { timeout: 5_000 }).toBe(2);
  });

  it('times out a body that stalls after the headers', async () => {
    const baseUrl = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":"a","na');
    });
    const tg = new Tollgate({ baseUrl, apiKey: 'k', timeout: 150, maxRetries: 0, logLevel: 'off' });
    await expect(tg.agents.get('a')).rejects.toBeInstanceOf(TimeoutError);
  });

  it('sends the same bytes on every attempt', async () => {
    const bodies: string[] = [];
    const baseUrl = await serve((req, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        bodies.push(`${req.headers['idempotency-key']} ${text}`);
        res.writeHead(bodies.length < 3 ? 503 : 201, { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    const tg = new Tollgate({
      baseUrl,
      apiKey: 'k',
      maxRetries: 2,
      backoff: { initialDelay: 0, maxDelay: 0 },
      logLevel: 'off',
      validate: 'off',
    });
    await tg.agents.create({ id: 'x', name: 'X' });
    expect(bodies).toHaveLength(3);
    expect(new Set(bodies).size).toBe(1);
    expect(bodies[0]).toMatch(/^\S+ \{"id":"x","name":"X"\}$/);
  });
});

describe('Outgoing', () => {
  it('reads a FormData or stream body once into bytes, keeping its content type', async () => {
    const form = new FormData();
    form.set('a', '1');
    const fromForm = await Outgoing.from('http://127.0.0.1/x', { method: 'post', body: form });
    expect(fromForm.method).toBe('POST');
    expect(fromForm.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    expect(new TextDecoder().decode(fromForm.body as Uint8Array)).toContain('name="a"');
    const stream = new Blob(['streamed']).stream();
    const fromStream = await Outgoing.from('http://127.0.0.1/x', { method: 'PUT', body: stream });
    expect(new TextDecoder().decode(fromStream.body as Uint8Array)).toBe('streamed');
  });

  it('sends URLSearchParams as a form string', async () => {
    const o = await Outgoing.from('http://127.0.0.1/x', {
      method: 'POST',
      body: new URLSearchParams({ a: '1', b: 'x y' }),
    });
    expect(o.body).toBe('a=1&b=x+y');
    expect(o.headers.get('content-type')).toContain('application/x-www-form-urlencoded');
  });
});
