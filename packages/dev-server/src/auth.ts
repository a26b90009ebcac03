/**
 * Authentication per operation, from the operation table's security: operator API keys and
 * OAuth2 tokens (bearer, scoped; 403 names the missing scope) and agent identities
 * (certificate + proof, verified by @tollgate/identity; suspended agents get 403).
 */
import type { IncomingMessage } from 'node:http';
import type { OperationInfo } from '@tollgate/api';
import { IdentityError, type RequestVerifier } from '@tollgate/identity';
import { HttpProblem, type Principal } from './http';
import { nowIso, sha256 } from './ids';
import type { State } from './state';

const PUBLIC: Principal = { type: 'public', id: 'public', name: 'public', scopes: [] };

function bearer(req: IncomingMessage): string | undefined {
  const value = req.headers.authorization;
  return value?.startsWith('Bearer ') ? value.slice(7).trim() : undefined;
}

function operator(state: State, token: string): Principal {
  const key = state.apiKeys.get(sha256(token));
  if (key) {
    const k = key.key;
    if (k.revoked_at || (k.expires_at && Date.parse(k.expires_at) <= Date.now())) {
      throw new HttpProblem(401, 'invalid_api_key', 'This API key is revoked or expired.');
    }
    k.last_used_at = nowIso();
    return { type: 'api_key', id: k.id, name: k.name, scopes: [...k.scopes] };
  }
  const issued = state.tokens.get(sha256(token));
  if (issued) {
    if (issued.expiresAt <= Date.now())
      throw new HttpProblem(401, 'token_expired', 'The access token has expired.');
    const client = state.oauthClients.get(issued.clientId);
    if (!client) throw new HttpProblem(401, 'invalid_client', 'The OAuth client no longer exists.');
    return {
      type: 'oauth_client',
      id: issued.clientId,
      name: client.client.name,
      scopes: issued.scopes,
    };
  }
  throw new HttpProblem(
    401,
    'invalid_api_key',
    'The bearer credential is not a valid API key or token.',
  );
}

async function agent(
  state: State,
  verifier: RequestVerifier,
  req: IncomingMessage,
  body: Buffer,
): Promise<Principal> {
  let verified: Awaited<ReturnType<RequestVerifier['verify']>>;
  try {
    verified = await verifier.verify({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      body,
      headers: req.headers as Record<string, string>,
    });
  } catch (error) {
    if (error instanceof IdentityError) throw new HttpProblem(401, error.code, error.message);
    throw error;
  }
  const record = state.agents.get(verified.agentId);
  if (!record)
    throw new HttpProblem(401, 'agent_deleted', 'The agent of this certificate no longer exists.');
  if (record.status === 'suspended')
    throw new HttpProblem(403, 'agent_suspended', 'The agent is suspended.');
  return {
    type: 'agent',
    id: verified.agentId,
    name: record.name,
    scopes: verified.scope,
    agentId: verified.agentId,
    runId: verified.runId,
  };
}

export async function authenticate(
  op: OperationInfo,
  req: IncomingMessage,
  body: Buffer,
  state: State,
  verifier: RequestVerifier,
): Promise<Principal> {
  if (op.security.length === 0) return PUBLIC;
  const token = bearer(req);
  const hasCert = typeof req.headers['x-tollgate-certificate'] === 'string';
  for (const requirement of op.security) {
    if (requirement.schemes.includes('agentIdentity')) {
      if (hasCert) return agent(state, verifier, req, body);
      continue;
    }
    if (!token) continue;
    const principal = operator(state, token);
    const schemeOk =
      principal.type === 'api_key'
        ? requirement.schemes.includes('apiKey')
        : requirement.schemes.includes('oauth2');
    if (!schemeOk) continue;
    const missing = principal.scopes.includes('admin')
      ? undefined
      : requirement.scopes.find((s) => !principal.scopes.includes(s));
    if (missing) {
      throw new HttpProblem(
        403,
        'insufficient_scope',
        `This credential lacks the scope ${missing}.`,
        { missing_scope: missing },
      );
    }
    return principal;
  }
  const accepted = [...new Set(op.security.flatMap((r) => r.schemes))].join(' or ');
  throw new HttpProblem(401, 'unauthorized', `${op.id} needs ${accepted} credentials.`);
}
