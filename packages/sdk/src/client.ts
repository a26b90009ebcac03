import type { OperationId } from '@tollgate/api';
import type { APIPromise } from './core/api-promise';
import { TollgateError } from './core/errors';
import type { ResponseOf } from './core/operation-types';
import { resolveOptions, type TollgateOptions } from './core/options';
import type { PagePromise, Query } from './core/pagination';
import type { RequestOptions } from './core/request-options';
import type { CredentialStore } from './identity/credential-store';
import { MemoryCredentialStore } from './identity/credential-store';
import { Caller } from './internal/caller';
import { TokenManager } from './internal/oauth-token';
import { isOperationId, matchOperation, unknownOperation } from './internal/route-match';
import { Agents } from './resources/agents';
import { ApiKeys } from './resources/api-keys';
import { Approvals } from './resources/approvals';
import { AuditLog } from './resources/audit-log';
import { BudgetGroups } from './resources/budget-groups';
import { OAuthClients } from './resources/oauth-clients';
import { Runs } from './resources/runs';
import { ServiceRequests } from './resources/service-requests';
import { Services } from './resources/services';
import { Tools } from './resources/tools';
import { Triggers } from './resources/triggers';
import { Usage } from './resources/usage';

/** Options of the `tg.request()` escape hatch. */
export interface RawRequestOptions extends RequestOptions {
  query?: Query;
  body?: unknown;
}

/**
 * The Tollgate client. Construct it once and share it: it holds the retry budget, the OAuth2
 * token and the version check for every call made through it.
 *
 * @example
 * const tg = new Tollgate({ baseUrl: 'http://127.0.0.1:4010', apiKey: process.env.TOLLGATE_API_KEY });
 * for await (const agent of tg.agents.list()) console.log(agent.id);
 */
export class Tollgate {
  readonly agents: Agents;
  /** Budgets several agents draw on (control plane 2.20+). */
  readonly budgetGroups: BudgetGroups;
  readonly tools: Tools;
  readonly services: Services;
  readonly serviceRequests: ServiceRequests;
  readonly runs: Runs;
  readonly approvals: Approvals;
  readonly auditLog: AuditLog;
  readonly usage: Usage;
  readonly apiKeys: ApiKeys;
  readonly triggers: Triggers;
  readonly oauthClients: OAuthClients;
  /** The control-plane URL this client talks to. */
  readonly baseUrl: string;
  /** Where agent identities registered through this client are stored. */
  readonly credentialStore: CredentialStore;
  private readonly caller: Caller;

  constructor(options: TollgateOptions = {}) {
    const resolved = resolveOptions(options);
    const cc = resolved.clientCredentials;
    const tokens = cc
      ? new TokenManager(
          async () => {
            const body = {
              grant_type: 'client_credentials',
              client_id: cc.clientId,
              client_secret: cc.clientSecret,
            };
            const token = await this.caller.call<ResponseOf<'createOAuthToken'>>(
              'createOAuthToken',
              {
                body: cc.scope ? { ...body, scope: cc.scope } : body,
              },
            );
            resolved.redactor.remember(token.access_token);
            return { accessToken: token.access_token, expiresIn: token.expires_in };
          },
          resolved.tokenRefreshMargin,
          resolved.clock,
        )
      : undefined;
    this.caller = new Caller(resolved, { apiKey: resolved.apiKey, tokens });
    this.baseUrl = resolved.baseUrl;
    this.credentialStore = options.credentialStore ?? new MemoryCredentialStore();
    this.agents = new Agents(this.caller, this.credentialStore);
    this.budgetGroups = new BudgetGroups(this.caller);
    this.tools = new Tools(this.caller);
    this.services = new Services(this.caller);
    this.serviceRequests = new ServiceRequests(this.caller);
    this.runs = new Runs(this.caller);
    this.approvals = new Approvals(this.caller);
    this.auditLog = new AuditLog(this.caller);
    this.usage = new Usage(this.caller);
    this.apiKeys = new ApiKeys(this.caller);
    this.triggers = new Triggers(this.caller);
    this.oauthClients = new OAuthClients(this.caller);
  }

  /** The control plane's health and version. Needs no credential. */
  health(options?: RequestOptions) {
    return this.caller.call<ResponseOf<'getHealth'>>('getHealth', {}, options);
  }

  /** The CA's public keys (JWKS), to verify agent certificates. Needs no credential. */
  jwks(options?: RequestOptions) {
    return this.caller.call<ResponseOf<'getJwks'>>('getJwks', {}, options);
  }

  /** Who this client's credential belongs to, and its scopes. */
  whoami(options?: RequestOptions) {
    return this.caller.call<ResponseOf<'getWhoami'>>('getWhoami', {}, options);
  }

  /**
   * Any request, authenticated, retried and error-mapped like the typed methods. A path of
   * the contract gets that operation's credentials, idempotency and validation.
   */
  request<T = unknown>(
    method: string,
    path: string,
    options: RawRequestOptions = {},
  ): APIPromise<T> {
    const { query, body, ...requestOptions } = options;
    const op = { ...(matchOperation(method, path) ?? unknownOperation(method, path)), path };
    return this.caller.callOperation<T>(op, { query, body }, requestOptions);
  }

  /** Pages through any list operation, by operationId or by path. */
  paginate<Item = unknown>(
    operation: OperationId | string,
    query: Query = {},
    options?: RequestOptions,
  ): PagePromise<Item> {
    if (!operation.startsWith('/')) {
      if (!isOperationId(operation))
        throw new TollgateError(`${operation} is not an operation of the contract`);
      return this.caller.list<Item>(operation, query, {}, options);
    }
    const op = matchOperation('GET', operation);
    if (!op?.pagination)
      throw new TollgateError(`GET ${operation} is not a paginated operation of the contract`);
    return this.caller.listOperation<Item>({ ...op, path: operation }, query, {}, options);
  }
}
