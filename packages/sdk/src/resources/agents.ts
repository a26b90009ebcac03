import type { BodyOf, ItemOf, QueryOf, ResponseOf } from '../core/operation-types';
import type { RequestOptions } from '../core/request-options';
import type { AgentIdentity, RegisterOptions } from '../identity/agent-identity';
import type { CredentialStore } from '../identity/credential-store';
import type { Caller } from '../internal/caller';
import { lazy } from '../internal/lazy';
import { APIResource } from './resource';

/** Agent identities (keys, proofs, certificates, LLM clients) load when the first one is made. */
const identities = lazy(() => import('../identity/agent-identity'));

export type Agent = ResponseOf<'getAgent'>;
export type Budget = ResponseOf<'getAgentBudget'>;

/** Agents: their records, status, budgets and identities. */
export class Agents extends APIResource {
  constructor(
    caller: Caller,
    private readonly store: CredentialStore,
  ) {
    super(caller);
  }

  list(query: QueryOf<'listAgents'> = {}, options?: RequestOptions) {
    return this.caller.list<ItemOf<'listAgents'>>('listAgents', query, {}, options);
  }

  create(body: BodyOf<'createAgent'>, options?: RequestOptions) {
    return this.caller.call<Agent>('createAgent', { body }, options);
  }

  get(agentId: string, options?: RequestOptions) {
    return this.caller.call<Agent>('getAgent', { path: { agent_id: agentId } }, options);
  }

  update(agentId: string, body: BodyOf<'updateAgent'>, options?: RequestOptions) {
    return this.caller.call<Agent>('updateAgent', { path: { agent_id: agentId }, body }, options);
  }

  delete(agentId: string, options?: RequestOptions) {
    return this.caller.call<void>('deleteAgent', { path: { agent_id: agentId } }, options);
  }

  /** Suspends the agent: its requests get 403 agent_suspended until resumed. */
  suspend(agentId: string, body: BodyOf<'suspendAgent'> = {}, options?: RequestOptions) {
    return this.caller.call<Agent>('suspendAgent', { path: { agent_id: agentId }, body }, options);
  }

  resume(agentId: string, options?: RequestOptions) {
    return this.caller.call<Agent>('resumeAgent', { path: { agent_id: agentId } }, options);
  }

  /**
   * Registers an agent run identity: a key pair generated here (the private key never leaves
   * this process or its store), a certificate issued by the control plane's CA and verified
   * against the pinned CA key or the JWKS, persisted in the store. Idempotent per agent id:
   * registering again returns the same agent with a fresh run id and certificate.
   */
  async register(
    options: RegisterOptions,
    requestOptions?: RequestOptions,
  ): Promise<AgentIdentity> {
    const { AgentIdentity } = await identities();
    return AgentIdentity.register(
      this.caller,
      options.store ?? this.store,
      options,
      requestOptions,
    );
  }

  /** An identity from the credential store, without a network call; undefined if none. */
  async load(agentId: string, options: Pick<RegisterOptions, 'store'> = {}) {
    const { AgentIdentity } = await identities();
    return AgentIdentity.load(this.caller, options.store ?? this.store, agentId);
  }

  /** Re-issues the certificate for the agent's current key (operator side). */
  refreshCredentials(
    agentId: string,
    body: BodyOf<'refreshAgentCredentials'>,
    options?: RequestOptions,
  ) {
    const path = { agent_id: agentId };
    return this.caller.call<ResponseOf<'refreshAgentCredentials'>>(
      'refreshAgentCredentials',
      { path, body },
      options,
    );
  }

  /** Revokes every certificate of the agent: its next request gets 401 certificate_revoked. */
  revokeCredentials(
    agentId: string,
    body: BodyOf<'revokeAgentCredentials'> = {},
    options?: RequestOptions,
  ) {
    const path = { agent_id: agentId };
    return this.caller.call<ResponseOf<'revokeAgentCredentials'>>(
      'revokeAgentCredentials',
      { path, body },
      options,
    );
  }

  /**
   * An operator's explicit key change: the agent's certified key becomes `public_key`, every
   * certificate issued so far is revoked, and the change is in the audit log. Registering or
   * refreshing with another key otherwise needs a proof by the agent's current key (403
   * key_continuity_required). Needs `agents:write`.
   */
  rotateKey(agentId: string, body: BodyOf<'rotateAgentKey'>, options?: RequestOptions) {
    const path = { agent_id: agentId };
    return this.caller.call<ResponseOf<'rotateAgentKey'>>(
      'rotateAgentKey',
      { path, body },
      options,
    );
  }

  /** A certificate's status by its serial: `valid`, `revoked` (with when) or `unknown`. */
  certificateStatus(serial: string, options?: RequestOptions) {
    return this.caller.call<ResponseOf<'getCertificateStatus'>>(
      'getCertificateStatus',
      { path: { serial } },
      options,
    );
  }

  getBudget(agentId: string, options?: RequestOptions) {
    return this.caller.call<Budget>('getAgentBudget', { path: { agent_id: agentId } }, options);
  }

  /** Sets the limit (micro-dollars; null = unlimited) and the alert threshold (percent). */
  setBudget(agentId: string, body: BodyOf<'setAgentBudget'>, options?: RequestOptions) {
    return this.caller.call<Budget>(
      'setAgentBudget',
      { path: { agent_id: agentId }, body },
      options,
    );
  }

  /** Would a call costing `estimated_cost_micros` fit the budget? Free, changes nothing. */
  checkBudget(agentId: string, body: BodyOf<'checkAgentBudget'>, options?: RequestOptions) {
    const path = { agent_id: agentId };
    return this.caller.call<ResponseOf<'checkAgentBudget'>>(
      'checkAgentBudget',
      { path, body },
      options,
    );
  }
}
