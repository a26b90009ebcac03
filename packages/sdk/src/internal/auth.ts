/**
 * Picks the credential for an operation from the operation table's security requirements
 * and applies it to each attempt. An operation lists alternatives (API key, OAuth2 token,
 * agent identity); the first one this client holds wins, agent identity first on an agent's
 * client. No match is a MissingCredentialError that says what would do.
 */
import type { OperationInfo, SecurityScheme } from '@tollgate/api';
import { MissingCredentialError, type Problem } from '../core/errors';
import { CERTIFICATE_HEADER } from '../identity/lazy-crypto';
import type { TokenManager } from './oauth-token';
import type { Outgoing, Send } from './outgoing';

/** An agent's signing credential: certificate + per-request proof. */
export interface AgentCredential {
  /** Sets X-Tollgate-Certificate and a fresh X-Tollgate-Proof for the request's exact bytes. */
  sign(request: Outgoing): Outgoing | Promise<Outgoing>;
  /** Sends a signed request; a redirect is followed only within its origin, signed anew. */
  send(request: Outgoing, signal: AbortSignal | undefined): Promise<Response>;
  /**
   * After a 401 certificate_revoked: renews `failed` (the certificate the request carried)
   * unless a newer one is already at hand; true when the request may repeat.
   */
  refresh(problem: Problem | undefined, failed: string | undefined): Promise<boolean>;
}

export interface Credentials {
  apiKey?: string | undefined;
  tokens?: TokenManager | undefined;
  agent?: AgentCredential | undefined;
}

export interface Authorizer {
  prepare(request: Outgoing): Promise<Outgoing> | Outgoing;
  recover?(problem: Problem | undefined): Promise<boolean>;
  /** How this credential's requests are sent, when not as they are. */
  send?: Send;
}

const NONE: Authorizer = { prepare: (request) => request };

const DESCRIBE: Record<SecurityScheme, string> = {
  apiKey: 'an API key (apiKey option or TOLLGATE_API_KEY)',
  oauth2:
    'OAuth2 client credentials (clientCredentials option or TOLLGATE_CLIENT_ID/TOLLGATE_CLIENT_SECRET)',
  agentIdentity: 'an agent identity (call it through the AgentIdentity from agents.register())',
};

function holds(credentials: Credentials, scheme: SecurityScheme): boolean {
  if (scheme === 'apiKey') return credentials.apiKey !== undefined;
  if (scheme === 'oauth2') return credentials.tokens !== undefined;
  return credentials.agent !== undefined;
}

export function authorizerFor(op: OperationInfo, credentials: Credentials): Authorizer {
  if (op.security.length === 0) return NONE;
  const usable = op.security.filter((r) => r.schemes.every((s) => holds(credentials, s)));
  const chosen =
    (credentials.agent && usable.find((r) => r.schemes.includes('agentIdentity'))) ?? usable[0];
  if (!chosen) {
    const options = op.security.map((r) => {
      const scopes = r.scopes.length ? ` with scope ${r.scopes.join(', ')}` : '';
      return `${r.schemes.map((s) => DESCRIBE[s]).join(' + ')}${scopes}`;
    });
    throw new MissingCredentialError(`${op.id} needs ${[...new Set(options)].join(', or ')}`);
  }
  const scheme = chosen.schemes[0];
  if (scheme === 'agentIdentity' && credentials.agent) return agentAuthorizer(credentials.agent);
  if (scheme === 'apiKey' && credentials.apiKey !== undefined) return bearer(credentials.apiKey);
  if (scheme === 'oauth2' && credentials.tokens) return tokenAuthorizer(credentials.tokens);
  throw new MissingCredentialError(`${op.id}: no credential for ${scheme ?? 'its security'}`);
}

/**
 * Signs every attempt anew; after a 401 certificate_revoked it renews the certificate that
 * attempt carried (see AgentIdentity.refresh). Used by SDK methods and by `agent.fetch`.
 */
export function agentAuthorizer(agent: AgentCredential): Authorizer {
  let signed: Outgoing | undefined;
  return {
    prepare(request) {
      signed = request;
      return agent.sign(request);
    },
    send: (request, signal) => agent.send(request, signal),
    recover: (p) => agent.refresh(p, signed?.headers.get(CERTIFICATE_HEADER) ?? undefined),
  };
}

function bearer(apiKey: string): Authorizer {
  const header = `Bearer ${apiKey}`;
  return {
    prepare(request) {
      request.headers.set('authorization', header);
      return request;
    },
  };
}

function tokenAuthorizer(tokens: TokenManager): Authorizer {
  let used: string | undefined;
  return {
    async prepare(request) {
      used = await tokens.get();
      request.headers.set('authorization', `Bearer ${used}`);
      return request;
    },
    async recover(problem) {
      // An expired or revoked token: drop it and try once with a fresh one.
      if (used === undefined || problem?.code === 'insufficient_scope') return false;
      tokens.invalidate(used);
      return true;
    },
  };
}
