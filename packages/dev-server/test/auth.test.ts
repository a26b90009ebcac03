import { afterAll, describe, expect, it } from 'vitest';
import { harness, manualClock } from './helpers';

const clock = manualClock();
const h = await harness({ tokenTtlSeconds: 60, clock });
afterAll(async () => {
  expect(h.logged).toEqual([]);
  await h.server.close();
});

async function oauthClient(scopes: string[]) {
  const client = await h.expectOk('createOAuthClient', { body: { name: 'c', scopes } });
  const form = {
    grant_type: 'client_credentials',
    client_id: client.body.client.id,
    client_secret: client.body.client_secret,
  };
  return { client: client.body.client, form };
}

describe('API keys', () => {
  it('answers 403 insufficient_scope naming the missing scope', async () => {
    const key = await h.expectOk('createApiKey', { body: { name: 'ro', scopes: ['runs:read'] } });
    expect(key.body.secret).toMatch(/^tg_test_/);
    expect(key.body.api_key.prefix).toBe(key.body.secret.slice(0, 12));
    const denied = await h.expectProblem(
      'createAgent',
      { token: key.body.secret, body: { name: 'x' } },
      403,
      'insufficient_scope',
    );
    expect(denied.body.missing_scope).toBe('agents:write');
    await h.expectOk('listRuns', { token: key.body.secret });
    const who = await h.expectOk('getWhoami', { token: key.body.secret });
    expect(who.body).toMatchObject({ principal_type: 'api_key', scopes: ['runs:read'] });
  });

  it('lets the admin scope stand for every scope', async () => {
    const admin = await h.expectOk('createApiKey', { body: { name: 'root', scopes: ['admin'] } });
    await h.expectOk('createAgent', { token: admin.body.secret, body: { name: 'by-admin' } });
    await h.expectOk('listAuditLog', { token: admin.body.secret });
  });

  it('refuses revoked and expired keys, missing and unknown credentials with 401', async () => {
    const key = await h.expectOk('createApiKey', { body: { name: 'gone', scopes: ['runs:read'] } });
    await h.expectOk('revokeApiKey', { path: { key_id: key.body.api_key.id } });
    await h.expectProblem('listRuns', { token: key.body.secret }, 401, 'invalid_api_key');
    const soon = new Date(clock() + 60_000).toISOString();
    const short = await h.expectOk('createApiKey', {
      body: { name: 'short', scopes: ['runs:read'], expires_at: soon },
    });
    await h.expectOk('listRuns', { token: short.body.secret });
    clock.advance(61_000);
    await h.expectProblem('listRuns', { token: short.body.secret }, 401, 'invalid_api_key');
    await h.expectProblem('listRuns', { token: null }, 401, 'unauthorized');
    await h.expectProblem('listRuns', { token: 'tg_test_nope' }, 401, 'invalid_api_key');
  });

  it('stores keys as hashes and lists them without secrets', async () => {
    const key = await h.expectOk('createApiKey', {
      body: { name: 'listed', scopes: ['runs:read'] },
    });
    const page = await h.expectOk('listApiKeys', { query: { limit: 200 } });
    const listed = page.body.data.find((k: { id: string }) => k.id === key.body.api_key.id);
    expect(listed).toBeDefined();
    expect(JSON.stringify(page.body)).not.toContain(key.body.secret);
  });
});

describe('OAuth2 client credentials', () => {
  it('issues tokens that expire after the configured lifetime', async () => {
    const { form } = await oauthClient(['agents:read']);
    const token = await h.expectOk('createOAuthToken', { token: null, form: true, body: form });
    expect(token.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 60,
      scope: 'agents:read',
    });
    await h.expectOk('listAgents', { token: token.body.access_token });
    const who = await h.expectOk('getWhoami', { token: token.body.access_token });
    expect(who.body.principal_type).toBe('oauth_client');
    clock.advance(60_000);
    await h.expectProblem('listAgents', { token: token.body.access_token }, 401, 'token_expired');
  });

  it('scopes tokens: narrower on request, never wider; 403 names what is missing', async () => {
    const { form } = await oauthClient(['agents:read', 'runs:read']);
    const narrow = await h.expectOk('createOAuthToken', {
      token: null,
      form: true,
      body: { ...form, scope: 'runs:read' },
    });
    const denied = await h.expectProblem(
      'listAgents',
      { token: narrow.body.access_token },
      403,
      'insufficient_scope',
    );
    expect(denied.body.missing_scope).toBe('agents:read');
    await h.expectProblem(
      'createOAuthToken',
      { token: null, form: true, body: { ...form, scope: 'agents:write' } },
      400,
      'bad_request',
    );
  });

  it('refuses a wrong secret, and tokens of a deleted client', async () => {
    const { client, form } = await oauthClient(['agents:read']);
    await h.expectProblem(
      'createOAuthToken',
      { token: null, form: true, body: { ...form, client_secret: 'nope' } },
      401,
      'invalid_client',
    );
    await h.expectProblem(
      'createOAuthToken',
      { token: null, form: true, body: { ...form, grant_type: 'password' } },
      422,
      'validation_failed',
    );
    const token = await h.expectOk('createOAuthToken', { token: null, form: true, body: form });
    await h.expectOk('deleteOAuthClient', { path: { client_id: client.id } });
    await h.expectProblem('listAgents', { token: token.body.access_token }, 401, 'invalid_api_key');
  });
});
