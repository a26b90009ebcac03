/**
 * Authentication per operation, from the operation table's security requirements: operator
 * API keys and OAuth2 access tokens (bearer, scoped; `admin` implies every scope; 403 names
 * the missing scope) and agent identities (certificate + proof).
 */
import type { IncomingMessage } from 'node:http';
import type { OperationInfo } from '@tollgate/api';
import type { RequestVerifier } from '@tollgate/identity';
import type { Principal } from '../http';
import { sha256 } from '../ids';
import type { State } from '../state/store';
import { authenticateAgent } from './agent-identity';
import { HttpProblem } from './problem';

const PUBLIC: Principal = { type: 'public', id: 'public', name: 'public', scopes: [] };

function bearer(req: IncomingMessage): string | undefined {
  const value = req.headers.authorization;
  return value?.startsWith('Bearer ') ? value.slice(7).trim() : undefined;
}

/** Looks the bearer credential up by its hash: API key first, then OAuth access token. */
function operator(state: State, token: string): Principal {
  const now = state.now();
  const key = state.apiKeys.get(sha256(token))?.key;
  if (key) {
    if (key.revoked_at || (key.expires_at && Date.parse(key.expires_at) <= now)) {
      throw new HttpProblem(401, 'invalid_api_key', 'This API key is revoked or expired.');
    }
    key.last_used_at = state.nowIso();
    return { type: 'api_key', id: key.id, name: key.name, scopes: [...key.scopes] };
  }
  const issued = state.tokens.get(sha256(token));
  if (issued) {
    if (issued.expiresAt <= now)
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
    'The bearer credential is not a valid API key or access token.',
  );
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
  const hasCertificate = req.headers['x-tollgate-certificate'] !== undefined;
  let principal: Principal | undefined;
  for (const requirement of op.security) {
    if (requirement.schemes.includes('agentIdentity')) {
      if (hasCertificate) return authenticateAgent(state, verifier, req, body);
      continue;
    }
    if (!token) continue;
    principal ??= operator(state, token);
    const scheme = principal.type === 'api_key' ? 'apiKey' : 'oauth2';
    if (!requirement.schemes.includes(scheme)) continue;
    const { scopes } = principal;
    const missing = scopes.includes('admin')
      ? undefined
      : requirement.scopes.find((s) => !scopes.includes(s));
    if (missing) {
      throw new HttpProblem(
        403,
        'insufficient_scope',
        `This credential lacks the ${missing} scope.`,
        {
          missing_scope: missing,
        },
      );
    }
    return principal;
  }
  const accepted = [...new Set(op.security.flatMap((r) => r.schemes))];
  const names = accepted.map((s) =>
    s === 'agentIdentity'
      ? 'an agent certificate and proof'
      : s === 'apiKey'
        ? 'an API key'
        : 'an OAuth2 token',
  );
  throw new HttpProblem(401, 'unauthorized', `${op.id} needs ${names.join(' or ')}.`);
}
