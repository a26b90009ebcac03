/** OAuth2 client credentials (clients, tokens) and operator API keys. Secrets are shown once. */
import type { components } from '@tollgate/api';
import { noContent, ok } from '../http';
import { newId, secret, sha256 } from '../ids';
import { HttpProblem, notFound } from '../middleware/problem';
import type { Handlers } from '../router';
import { cursorPage } from '../state/pagination';
import { view } from '../state/store';

type S = components['schemas'];

export const auth = {
  createOAuthToken: ({ body }, { state, tokenTtlSeconds }) => {
    const b = body as S['TokenRequest'];
    const record = state.oauthClients.get(b.client_id);
    if (!record || record.hash !== sha256(b.client_secret)) {
      throw new HttpProblem(401, 'invalid_client', 'Unknown client or wrong secret.');
    }
    const granted = record.client.scopes;
    const asked = b.scope ? b.scope.split(' ').filter(Boolean) : granted;
    const refused = asked.filter((s) => !granted.includes(s) && !granted.includes('admin'));
    if (refused.length)
      throw new HttpProblem(
        400,
        'bad_request',
        `The client may not ask for ${refused.join(', ')}.`,
      );
    const token = secret('tgat_');
    state.tokens.set(sha256(token), {
      clientId: record.client.id,
      scopes: asked,
      expiresAt: state.now() + tokenTtlSeconds * 1000,
    });
    return ok({
      access_token: token,
      token_type: 'Bearer',
      expires_in: tokenTtlSeconds,
      scope: asked.join(' '),
    });
  },
  createOAuthClient: ({ body, principal, requestId }, { state }) => {
    const b = body as S['OAuthClientCreate'];
    const client = {
      id: newId('cli'),
      name: b.name,
      scopes: b.scopes,
      created_at: state.nowIso(),
      seq: state.nextSeq(),
    };
    const clientSecret = secret('tgcs_');
    state.oauthClients.set(client.id, { client, hash: sha256(clientSecret) });
    state.record(principal, 'oauth_client.created', requestId, {
      type: 'oauth_client',
      id: client.id,
    });
    return ok({ client: view(client), client_secret: clientSecret }, 201);
  },
  listOAuthClients: ({ query }, { state }) =>
    ok(
      cursorPage(
        [...state.oauthClients.values()].map((c) => c.client),
        query,
        'newest',
        view,
      ),
    ),
  deleteOAuthClient: ({ path, principal, requestId }, { state }) => {
    const id = path.client_id!;
    if (!state.oauthClients.delete(id)) throw notFound(`OAuth client ${id}`);
    // Its tokens die with it.
    for (const [hash, token] of state.tokens) if (token.clientId === id) state.tokens.delete(hash);
    state.record(principal, 'oauth_client.deleted', requestId, { type: 'oauth_client', id });
    return noContent();
  },
  createApiKey: ({ body, principal, requestId }, { state }) => {
    const b = body as S['ApiKeyCreate'];
    const value = secret('tg_test_');
    const key = {
      id: newId('key'),
      name: b.name,
      prefix: value.slice(0, 12),
      scopes: b.scopes,
      created_at: state.nowIso(),
      expires_at: b.expires_at ?? null,
      last_used_at: null,
      revoked_at: null,
      seq: state.nextSeq(),
    };
    state.apiKeys.set(sha256(value), { key, hash: sha256(value) });
    const target = { type: 'api_key', id: key.id };
    state.record(principal, 'api_key.created', requestId, target, { scopes: b.scopes });
    return ok({ api_key: view(key), secret: value }, 201);
  },
  listApiKeys: ({ query }, { state }) =>
    ok(
      cursorPage(
        [...state.apiKeys.values()].map((k) => k.key),
        query,
        'newest',
        view,
      ),
    ),
  revokeApiKey: ({ path, principal, requestId }, { state }) => {
    const found = [...state.apiKeys.values()].find((k) => k.key.id === path.key_id);
    if (!found) throw notFound(`API key ${path.key_id}`);
    found.key.revoked_at ??= state.nowIso();
    state.record(principal, 'api_key.revoked', requestId, { type: 'api_key', id: found.key.id });
    return ok(view(found.key));
  },
} satisfies Handlers;
