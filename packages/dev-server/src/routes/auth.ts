import type { components } from '@tollgate/api';
import { HttpProblem, noContent, notFound, ok } from '../http';
import { newId, nowIso, secret, sha256 } from '../ids';
import { cursorPage } from '../pagination';
import type { Handler } from '../router';
import { view } from '../state';

type S = components['schemas'];

export const auth: Record<
  | 'createOAuthToken'
  | 'createOAuthClient'
  | 'listOAuthClients'
  | 'deleteOAuthClient'
  | 'createApiKey'
  | 'listApiKeys'
  | 'revokeApiKey',
  Handler
> = {
  createOAuthToken: ({ body }, { state, tokenTtlSeconds }) => {
    const b = body as S['TokenRequest'];
    const client = state.oauthClients.get(b.client_id);
    if (!client || client.hash !== sha256(b.client_secret)) {
      throw new HttpProblem(401, 'invalid_client', 'Unknown client or wrong secret.');
    }
    const granted = client.client.scopes;
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
      clientId: client.client.id,
      scopes: asked,
      expiresAt: Date.now() + tokenTtlSeconds * 1000,
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
      created_at: nowIso(),
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
    if (!state.oauthClients.delete(path.client_id!))
      throw notFound(`OAuth client ${path.client_id}`);
    for (const [hash, token] of state.tokens)
      if (token.clientId === path.client_id) state.tokens.delete(hash);
    state.record(principal, 'oauth_client.deleted', requestId, {
      type: 'oauth_client',
      id: path.client_id!,
    });
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
      created_at: nowIso(),
      expires_at: b.expires_at ?? null,
      last_used_at: null,
      revoked_at: null,
      seq: state.nextSeq(),
    };
    state.apiKeys.set(sha256(value), { key, hash: sha256(value) });
    state.record(
      principal,
      'api_key.created',
      requestId,
      { type: 'api_key', id: key.id },
      { scopes: b.scopes },
    );
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
    found.key.revoked_at ??= nowIso();
    state.record(principal, 'api_key.revoked', requestId, { type: 'api_key', id: found.key.id });
    return ok(view(found.key));
  },
};
