import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { APIError, ConnectionError, Tollgate } from '../src/index';

// Secrets no pattern recognises: only knowing the client's own credentials can catch them.
const API_KEY = 'plainkey0123456789abcdef';
const CLIENT_SECRET = 'plainclientsecret0123456789';
const ACCESS_TOKEN = 'plainaccesstoken0123456789';
const SECRETS = [API_KEY, CLIENT_SECRET, ACCESS_TOKEN];
const JWK_D = 'cHJpdmF0ZS1rZXktbWF0ZXJpYWwtMDEyMzQ1Njc4OQ';

/**
 * A hostile control plane on loopback: it echoes what the client sent (its Authorization
 * header, the raw credential, the token request's form body) in the detail, in other problem
 * fields at every depth, in response headers, and in a non-JSON body.
 */
async function echoServer() {
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const authorization = req.headers.authorization ?? '';
    const raw = authorization.replace(/^Bearer /, '');
    const mode = new URL(req.url ?? '/', 'http://x').pathname.split('/').at(-1);
    const problem = (status: number, fields: Record<string, unknown>) => {
      res.writeHead(status, {
        'content-type': 'application/problem+json',
        'x-request-id': 'req_echo',
        'x-echo-authorization': authorization,
        'www-authenticate': `Bearer error="invalid_token", token="${raw}"`,
      });
      res.end(JSON.stringify({ title: 'Echo', status, ...fields }));
    };
    if (mode === 'token') {
      if (body.includes('client_id=good')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 3600 }),
        );
        return;
      }
      return problem(401, {
        code: 'invalid_client',
        detail: `bad client: ${body}; secret was ${new URLSearchParams(body).get('client_secret')}`,
        received: Object.fromEntries(new URLSearchParams(body)),
      });
    }
    if (mode === 'detail') {
      return problem(401, {
        code: 'unauthorized',
        detail: `refused Authorization: ${authorization} (credential ${raw})`,
      });
    }
    if (mode === 'fields') {
      return problem(400, {
        code: 'bad_request',
        detail: 'see the fields',
        errors: [{ path: 'header.authorization', message: `was ${raw}` }],
        missing_scope: raw,
        echo: { headers: req.headers, deeper: { list: [{ again: [raw, { authorization }] }] } },
        jwk: { kty: 'OKP', crv: 'Ed25519', x: 'cHVibGlj', d: JWK_D },
        [raw]: 'the secret as a field name',
      });
    }
    res.writeHead(502, { 'content-type': 'text/html', 'x-echo-authorization': authorization });
    res.end(`<h1>Bad gateway</h1><pre>${JSON.stringify(req.headers)} ${raw}</pre>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

const echo = await echoServer();
afterAll(() => echo.close());

function client(options: ConstructorParameters<typeof Tollgate>[0]) {
  const logs: string[] = [];
  const line = (m: string) => logs.push(m);
  const tg = new Tollgate({
    baseUrl: echo.url,
    logLevel: 'debug',
    logger: { debug: line, info: line, warn: line, error: line },
    maxRetries: 0,
    validate: 'off',
    ...options,
  });
  return { tg, logs };
}

/** Every way an error gets printed, logged or shipped somewhere. */
function printed(error: unknown): string[] {
  const e = error as APIError;
  return [
    String(e),
    e.message,
    String(e.stack),
    JSON.stringify(e),
    inspect(e, { depth: Number.POSITIVE_INFINITY }),
    String(JSON.stringify(e.problem)),
    inspect(e.problem, { depth: Number.POSITIVE_INFINITY }),
    inspect(e.headers),
    JSON.stringify([...(e.headers ?? [])]),
    inspect(e.cause, { depth: Number.POSITIVE_INFINITY }),
  ];
}

function expectNoSecret(texts: string[]) {
  for (const text of texts) {
    for (const secret of [...SECRETS, JWK_D]) expect(text).not.toContain(secret);
  }
}

describe('errors never carry a credential a server echoes', () => {
  it.each(['detail', 'fields', 'html'])('API key echoed in %s', async (mode) => {
    const { tg, logs } = client({ apiKey: API_KEY });
    const error = await tg.request('GET', `/v1/echo/${mode}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expectNoSecret(printed(error));
    expectNoSecret(logs);
    // What is not secret survives: status, code, the redacted shape of the problem.
    if (mode === 'fields') {
      expect((error as APIError).code).toBe('bad_request');
      expect((error as APIError).problem?.errors?.[0]?.path).toBe('header.authorization');
      expect((error as APIError).headers.get('x-request-id')).toBe('req_echo');
    }
    if (mode === 'html') expect((error as APIError).message).toContain('Bad gateway');
  });

  it('the client secret echoed by the token endpoint, and the token echoed afterwards', async () => {
    const refused = client({ clientCredentials: { clientId: 'bad', clientSecret: CLIENT_SECRET } });
    const error = await refused.tg.request('GET', '/v1/agents/detail').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).code).toBe('invalid_client');
    expectNoSecret(printed(error));
    expectNoSecret(refused.logs);

    const ok = client({ clientCredentials: { clientId: 'good', clientSecret: CLIENT_SECRET } });
    for (const mode of ['detail', 'fields', 'html']) {
      const echoed = await ok.tg.request('GET', `/v1/agents/${mode}`).catch((e: unknown) => e);
      expect(echoed).toBeInstanceOf(APIError);
      expectNoSecret(printed(echoed));
    }
    expectNoSecret(ok.logs);
  });

  it('a transport error whose message and causes carry the credential', async () => {
    const { tg, logs } = client({
      apiKey: API_KEY,
      fetch: async (request) => {
        const inner = Object.assign(
          new Error(`socket closed; sent ${request.headers.get('authorization')}`),
          {
            code: 'ECONNRESET',
            sent: { authorization: request.headers.get('authorization') },
          },
        );
        throw new TypeError(`fetch failed for key ${API_KEY}`, {
          cause: new Error('wrapped', { cause: inner }),
        });
      },
    });
    const error = await tg.agents.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toContain('ECONNRESET');
    expectNoSecret(printed(error));
    expectNoSecret(logs);
  });
});
