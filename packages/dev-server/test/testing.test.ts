import { afterEach, describe, expect, it, vi } from 'vitest';
import { startScriptedModel, startTestServer, type TestServer } from '../src/testing';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  vi.restoreAllMocks();
});

describe('@tollgate/dev-server/testing', () => {
  it('starts on an ephemeral loopback port and hands over what an admin client needs', async () => {
    const printed = vi.spyOn(console, 'error');
    server = await startTestServer();
    const { admin, env } = server;
    expect(new URL(admin.baseUrl).hostname).toBe('127.0.0.1');
    expect(Number(new URL(admin.baseUrl).port)).toBeGreaterThan(0);
    expect(admin).toEqual({
      baseUrl: server.url,
      apiKey: server.adminApiKey,
      caPublicKey: server.caPublicJwk.x,
      logLevel: 'off',
    });
    expect(env).toEqual({ TOLLGATE_BASE_URL: server.url, TOLLGATE_API_KEY: server.adminApiKey });
    const agents = await fetch(`${admin.baseUrl}/v1/agents`, {
      headers: { authorization: `Bearer ${admin.apiKey}` },
    });
    expect(agents.status).toBe(200);
    const jwks = (await (await fetch(`${admin.baseUrl}/v1/identity/jwks`)).json()) as {
      keys: { x: string }[];
    };
    expect(jwks.keys.map((k) => k.x)).toContain(admin.caPublicKey);
    expect(printed, 'quiet unless asked').not.toHaveBeenCalled();
  });

  it('passes every dev server option on', async () => {
    server = await startTestServer({ seedAuditEntries: 3 });
    const page = await fetch(`${server.url}/v1/audit-log?limit=10`, {
      headers: { authorization: `Bearer ${server.admin.apiKey}` },
    });
    expect(page.status).toBe(200);
    expect(await page.json()).toMatchObject({ total: 3 });
  });

  it('startScriptedModel: an upstream that calls the tools a user line names, then answers', async () => {
    const model = await startScriptedModel();
    const ask = async (messages: unknown[]) => {
      const response = await fetch(`${model.url}/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: 'gpt-4o-mini', messages }),
      });
      return ((await response.json()) as { choices: { message: Record<string, unknown> }[] })
        .choices[0]?.message;
    };
    try {
      const user = { role: 'user', content: 'call lookup {"id":1}' };
      const call = await ask([user]);
      expect(call).toMatchObject({
        content: null,
        tool_calls: [{ type: 'function', function: { name: 'lookup', arguments: '{"id":1}' } }],
      });
      expect(await ask([user, call, { role: 'tool', content: 'found' }])).toMatchObject({
        content: 'Done: found',
      });
      expect(await ask([{ role: 'user', content: 'hi' }])).toMatchObject({ content: 'Echo: hi' });
      expect(model.requests()).toBe(3);
    } finally {
      await model.close();
    }
  });
});
