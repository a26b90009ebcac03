/**
 * An agent's run identity: its own key pair, the certificate the control plane's CA issued
 * for it, and a fetch that signs every request with a fresh proof. Registration generates
 * the key here; the private key never leaves this process or its credential store, and
 * nothing printable about an identity (inspect, JSON, its parts) carries it or a credential.
 */
import type { PrivateJwk, PublicJwk, RequestSigner } from '@tollgate/identity';
import type { Problem } from '../core/errors';
import type { AgentView, ResponseOf } from '../core/operation-types';
import type { RequestOptions } from '../core/request-options';
import type { AgentCredential } from '../internal/auth';
import type { Caller } from '../internal/caller';
import type { Outgoing } from '../internal/outgoing';
import { APPROVAL_OPERATIONS, Approvals } from '../resources/approvals';
import { RUN_OPERATIONS, Runs } from '../resources/runs';
import { SERVICE_REQUEST_OPERATIONS, ServiceRequests } from '../resources/service-requests';
import { SERVICE_OPERATIONS, Services } from '../resources/services';
import { TOOL_OPERATIONS, Tools } from '../resources/tools';
import { type AgentFetch, createAgentFetch } from './agent-fetch';
import { agentView } from './agent-view';
import {
  type CredentialStore,
  INSPECT,
  plain,
  type StoredCredentials,
  sealed,
} from './credential-store';
import { AgentIdentityBase } from './identity-class';
import { loadCrypto } from './lazy-crypto';
import {
  type LlmClientFactory,
  type LlmProvider,
  llmClientFactory,
  proxyUrlOf,
} from './llm-clients';
import { type RegisterOptions, registrationBody } from './registration';
import { sendSigned } from './signed-send';

export type { LlmProvider } from './llm-clients';
export type { RegisterOptions } from './registration';

/** An agent's governed runs: what its identity may call (create, get, wait, …). */
export type AgentRuns = AgentView<Runs, typeof RUN_OPERATIONS>;
/** An agent's governed service requests. */
export type AgentServiceRequests = AgentView<ServiceRequests, typeof SERVICE_REQUEST_OPERATIONS>;
/** The service catalog as an agent reads it: the operations it may request. */
export type AgentServices = AgentView<Services, typeof SERVICE_OPERATIONS>;
/** The tools this agent may call: list, find by a framework's tool name, get, check. */
export type AgentTools = AgentView<Tools, typeof TOOL_OPERATIONS>;
/** This agent's approvals: list, get, claim. */
export type AgentApprovals = AgentView<Approvals, typeof APPROVAL_OPERATIONS>;

const REFRESHABLE = new Set(['certificate_revoked', 'certificate_expired']);

export class AgentIdentity extends AgentIdentityBase implements AgentCredential {
  /** Governed service requests made as this agent. */
  readonly serviceRequests: AgentServiceRequests;
  /** The service catalog (services, their operations, policies, prices and input schemas). */
  readonly services: AgentServices;
  /** Governed runs made as this agent: only the operations an agent identity may call. */
  readonly runs: AgentRuns;
  /** The catalog as this agent sees it: the tools it may call, and a decision before it calls one. */
  readonly tools: AgentTools;
  /** This agent's approvals: read them, and claim an approved call (once, with the held input). */
  readonly approvals: AgentApprovals;
  /**
   * A fetch that signs each request with this agent's certificate and a fresh proof, for
   * the control plane's origin only; redirects are followed within that origin only, each
   * hop signed anew. After a 401 certificate_revoked it renews the certificate and retries once.
   */
  readonly fetch: AgentFetch;
  /**
   * The official `openai` client, routed through the proxy and signed by this agent; pass the
   * class you import: `agent.openai(OpenAI, { maxRetries: 0 })` is an `OpenAI`. Tollgate's
   * answers (402 budget_exceeded, 403 agent_suspended, …) surface as the SDK's typed errors.
   * Without a class, `openai` is loaded from the project in `process.cwd()` (Node, Bun, Deno):
   * `await agent.openai<typeof OpenAI>()`.
   */
  readonly openai: LlmClientFactory;
  /** The official `@anthropic-ai/sdk` client, the same way: `agent.anthropic(Anthropic)`. */
  readonly anthropic: LlmClientFactory;
  // ES private fields: inspect and JSON never see them (the store, the key, the operator's key).
  readonly #operator: Caller;
  readonly #store: CredentialStore;
  readonly #signer: RequestSigner;
  readonly #agentCaller: Caller;
  #credentials: StoredCredentials;
  /** Refreshes in flight, by the certificate that failed: one per certificate. */
  readonly #refreshing = new Map<string, Promise<void>>();

  private constructor(
    operator: Caller,
    store: CredentialStore,
    credentials: StoredCredentials,
    signer: RequestSigner,
  ) {
    super();
    this.#operator = operator;
    this.#store = store;
    this.#credentials = sealed(credentials);
    this.#signer = signer;
    // Set here, not as a `[INSPECT]()` method: bundlers count a computed method name as a side
    // effect and would keep this class (and what it imports) in bundles that never use it.
    Object.defineProperty(this, INSPECT, { value: inspectIdentity });
    this.#agentCaller = operator.withCredentials({ agent: this });
    this.serviceRequests = agentView(
      new ServiceRequests(this.#agentCaller),
      SERVICE_REQUEST_OPERATIONS,
    );
    this.services = agentView(new Services(this.#agentCaller), SERVICE_OPERATIONS);
    this.runs = agentView(new Runs(this.#agentCaller), RUN_OPERATIONS);
    this.tools = agentView(new Tools(this.#agentCaller), TOOL_OPERATIONS);
    this.approvals = agentView(new Approvals(this.#agentCaller), APPROVAL_OPERATIONS);
    this.fetch = createAgentFetch(this.#agentCaller, this);
    const { baseUrl, redactor } = operator.options;
    const routed = { baseUrl, fetch: this.fetch, redactor };
    this.openai = llmClientFactory('openai', routed);
    this.anthropic = llmClientFactory('anthropic', routed);
  }

  static async register(
    operator: Caller,
    store: CredentialStore,
    o: RegisterOptions,
    requestOptions?: RequestOptions,
  ) {
    const { checkCertificate, createRequestSigner, generateKeyPair, publicOf } = await loadCrypto();
    const existing = o.reuseKey === false ? undefined : await store.load(o.agentId);
    const reuse = existing && existing.baseUrl === operator.options.baseUrl;
    const keys = reuse
      ? {
          publicJwk: existing.publicJwk as PublicJwk,
          privateJwk: existing.privateJwk as PrivateJwk,
        }
      : await generateKeyPair();
    const registration = await operator.call<ResponseOf<'registerAgentRun'>>(
      'registerAgentRun',
      { path: { agent_id: o.agentId }, body: registrationBody(o, publicOf(keys.publicJwk)) },
      requestOptions,
    );
    await checkCertificate(operator, registration.certificate, keys.publicJwk, o.agentId);
    const credentials: StoredCredentials = {
      agentId: o.agentId,
      baseUrl: operator.options.baseUrl,
      runId: registration.run_id,
      privateJwk: { ...keys.privateJwk },
      publicJwk: publicOf(keys.publicJwk),
      certificate: registration.certificate,
      certificateExpiresAt: registration.certificate_expires_at,
      serial: registration.serial,
      caKid: registration.ca_kid,
    };
    await store.save(credentials);
    const signer = await createRequestSigner(keys.privateJwk, credentials.certificate);
    return new AgentIdentity(operator, store, credentials, signer);
  }

  /** The stored identity of `agentId`, or undefined. Makes no request. */
  static async load(operator: Caller, store: CredentialStore, agentId: string) {
    const credentials = await store.load(agentId);
    if (!credentials) return undefined;
    const { createRequestSigner } = await loadCrypto();
    const signer = await createRequestSigner(
      credentials.privateJwk as PrivateJwk,
      credentials.certificate,
    );
    return new AgentIdentity(operator, store, credentials, signer);
  }

  get agentId(): string {
    return this.#credentials.agentId;
  }
  get runId(): string {
    return this.#credentials.runId;
  }
  /** The current certificate (a JWT; not secret, but proof of nothing without the key). */
  get certificate(): string {
    return this.#credentials.certificate;
  }
  get certificateExpiresAt(): string {
    return this.#credentials.certificateExpiresAt;
  }
  /** The current certificate's serial: what revocations and `agents.certificateStatus` name. */
  get serial(): string {
    return this.#credentials.serial;
  }
  get publicJwk(): PublicJwk {
    return this.#credentials.publicJwk as PublicJwk;
  }

  /** The control-plane URL an LLM client should use as its base URL. */
  proxyUrl(provider: LlmProvider): string {
    return proxyUrlOf(this.#operator.options.baseUrl, provider);
  }

  /** Would a call of this estimated cost fit the budget? */
  checkBudget(estimatedCostMicros: number, options?: RequestOptions) {
    return this.#agentCaller.call<ResponseOf<'checkAgentBudget'>>(
      'checkAgentBudget',
      { path: { agent_id: this.agentId }, body: { estimated_cost_micros: estimatedCostMicros } },
      options,
    );
  }

  /** AgentCredential: sets the certificate and a fresh proof for the request's exact bytes. */
  sign(request: Outgoing): Outgoing | Promise<Outgoing> {
    const { method, url, body } = request;
    // Synchronous on node:crypto: no await on every signed request's path.
    const signed = this.#signer.headersNow({ method, url, body });
    return signed instanceof Promise
      ? signed.then((h) => signedWith(request, h))
      : signedWith(request, signed);
  }

  /** AgentCredential: sends a signed request; redirects are followed within its origin only. */
  send(request: Outgoing, signal: AbortSignal | undefined): Promise<Response> {
    const { send, logger } = this.#operator.options;
    return sendSigned(request, (r) => this.sign(r), send, signal, logger);
  }

  /**
   * AgentCredential: renews the certificate `failed` (the one a request got its 401 with),
   * once for any number of concurrent calls: a call whose certificate was already replaced
   * just retries with the current one. Across processes the store's lock serialises renewals
   * and the store is read again under it: a newer certificate found there is used as it is.
   */
  async refresh(problem: Problem | undefined, failed = this.certificate): Promise<boolean> {
    if (!problem?.code || !REFRESHABLE.has(problem.code)) return false;
    if (this.certificate !== failed) return true;
    let renewal = this.#refreshing.get(failed);
    if (!renewal) {
      renewal = this.#renew(failed).finally(() => this.#refreshing.delete(failed));
      this.#refreshing.set(failed, renewal);
    }
    await renewal;
    return this.certificate !== failed;
  }

  #renew(failed: string): Promise<void> {
    return this.#store.withLock(this.agentId, async () => {
      const { checkCertificate, publicOf } = await loadCrypto();
      const stored = await this.#store.load(this.agentId);
      if (
        stored &&
        stored.certificate !== failed &&
        Date.parse(stored.certificateExpiresAt) > Date.now()
      ) {
        this.#adopt(stored);
        return;
      }
      const renewed = await this.#operator.call<ResponseOf<'refreshAgentCredentials'>>(
        'refreshAgentCredentials',
        {
          path: { agent_id: this.agentId },
          body: { public_key: publicOf(this.publicJwk), run_id: this.runId },
        },
      );
      await checkCertificate(this.#operator, renewed.certificate, this.publicJwk, this.agentId);
      const next: StoredCredentials = {
        ...this.#credentials,
        runId: renewed.run_id,
        certificate: renewed.certificate,
        certificateExpiresAt: renewed.certificate_expires_at,
        serial: renewed.serial,
        caKid: renewed.ca_kid,
      };
      await this.#store.save(plain(next));
      this.#adopt(next);
    });
  }

  #adopt(credentials: StoredCredentials) {
    this.#credentials = sealed(credentials);
    this.#signer.setCertificate(credentials.certificate);
  }

  /** What inspect and JSON show: who the agent is, never its key or the operator's credential. */
  toJSON() {
    return { agentId: this.agentId, runId: this.runId, expiresAt: this.certificateExpiresAt };
  }
}

function inspectIdentity(
  this: AgentIdentity,
  _depth: number,
  options: object,
  inspect?: (value: unknown, o: object) => string,
) {
  return `AgentIdentity ${inspect ? inspect(this.toJSON(), options) : JSON.stringify(this)}`;
}

/** The request with its certificate and proof, sent without following redirects itself. */
function signedWith(request: Outgoing, headers: Record<string, string>): Outgoing {
  for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
  request.redirect = 'manual';
  return request;
}
