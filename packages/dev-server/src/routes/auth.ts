/** OAuth2 client credentials (clients, tokens) and operator API keys. Secrets are shown once. */
import { type Handlers, noContent, ok, reply } from '../http';
import { newId, sha256 } from '../ids';
import { HttpProblem, notFound } from '../middleware/problem';
import { addApiKey, mintSecret } from '../state/credentials';
import { cursorPage } from '../state/pagination';
import { view } from '../state/store';

export const auth = {
  createOAuthToken: ({ body }, { state, tokenTtlSeconds }) => {
    const b = body;
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
    const token = mintSecret('tgat_');
    state.tokens.set(token.hash, {
      clientId: record.client.id,
      scopes: asked,
      expiresAt: state.now() + tokenTtlSeconds * 1000,
    });
    return ok({
      access_token: token.value,
      token_type: 'Bearer',
      expires_in: tokenTtlSeconds,
      scope: asked.join(' '),
    });
  },
  createOAuthClient: ({ body, principal, requestId }, { state }) => {
    const client = {
      id: newId('cli'),
      name: body.name,
      scopes: body.scopes,
      created_at: state.nowIso(),
      seq: state.nextSeq(),
    };
    const clientSecret = mintSecret('tgcs_');
    state.oauthClients.set(client.id, { client, hash: clientSecret.hash });
    state.record(principal, 'oauth_client.created', requestId, {
      type: 'oauth_client',
      id: client.id,
    });
    return reply(201, { client: view(client), client_secret: clientSecret.value });
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
    const id = path.client_id;
    if (!state.oauthClients.delete(id)) throw notFound(`OAuth client ${id}`);
    // Its tokens die with it.
    for (const [hash, token] of state.tokens) if (token.clientId === id) state.tokens.delete(hash);
    state.record(principal, 'oauth_client.deleted', requestId, { type: 'oauth_client', id });
    return noContent();
  },
  createApiKey: ({ body, principal, requestId }, { state }) => {
    const { value } = mintSecret('tg_test_');
    const key = addApiKey(state, value, body);
    const target = { type: 'api_key', id: key.id };
    state.record(principal, 'api_key.created', requestId, target, { scopes: body.scopes });
    return reply(201, { api_key: view(key), secret: value });
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
