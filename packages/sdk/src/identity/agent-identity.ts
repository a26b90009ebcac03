/**
 * An agent's run identity: its own key pair, the certificate the control plane's CA issued
 * for it, and a fetch that signs every request with a fresh proof. Registration generates
 * the key here; the private key never leaves this process or its credential store.
 */
import {
  type CaKeys,
  createRequestSigner,
  generateKeyPair,
  IdentityError,
  type PrivateJwk,
  type PublicJwk,
  publicOf,
  type RequestSigner,
  verifyIssuedCertificate,
} from '@tollgate/identity';
import type { AgentCredential } from '../core/auth';
import type { Caller, RequestOptions } from '../core/caller';
import {
  APIError,
  CertificateVerificationError,
  type Problem,
  TollgateError,
} from '../core/errors';
import type { ResponseOf } from '../core/operation-types';
import { Outgoing } from '../core/outgoing';
import { Runs } from '../resources/runs';
import { ServiceRequests } from '../resources/service-requests';
import type { CredentialStore, StoredCredentials } from './credential-store';

export interface RegisterOptions {
  /** The agent id: registering the same id again returns the same agent with a new run. */
  agentId: string;
  name?: string;
  description?: string;
  /** The budget to create the agent with, in micro-dollars (null = unlimited). */
  budget?: { limitMicros: number | null; alertThresholdPct?: number | null };
  /** Scopes the certificate should carry. */
  scope?: string[];
  /** Where to keep the key and certificate. @default the client's credentialStore */
  store?: CredentialStore;
  /** Reuse the stored key pair for this agent, if any. @default true */
  reuseKey?: boolean;
}

export type LlmProvider = 'openai' | 'anthropic';

const REFRESHABLE = new Set(['certificate_revoked', 'certificate_expired']);

export class AgentIdentity implements AgentCredential {
  /** Governed service requests made as this agent. */
  readonly serviceRequests: ServiceRequests;
  /** Governed runs made as this agent. */
  readonly runs: Runs;
  private readonly agentCaller: Caller;

  private constructor(
    private readonly operator: Caller,
    private readonly store: CredentialStore,
    private credentials: StoredCredentials,
    private readonly signer: RequestSigner,
  ) {
    this.agentCaller = operator.withCredentials({ agent: this });
    this.serviceRequests = new ServiceRequests(this.agentCaller);
    this.runs = new Runs(this.agentCaller);
  }

  static async register(
    operator: Caller,
    store: CredentialStore,
    o: RegisterOptions,
    requestOptions?: RequestOptions,
  ) {
    const existing = o.reuseKey === false ? undefined : await store.load(o.agentId);
    const reuse = existing && existing.baseUrl === operator.options.baseUrl;
    const keys = reuse
      ? {
          publicJwk: existing.publicJwk as PublicJwk,
          privateJwk: existing.privateJwk as PrivateJwk,
        }
      : await generateKeyPair();
    const body = {
      public_key: publicOf(keys.publicJwk),
      ...(o.name !== undefined && { name: o.name }),
      ...(o.description !== undefined && { description: o.description }),
      ...(o.scope !== undefined && { scope: o.scope }),
      ...(o.budget && {
        budget: {
          limit_micros: o.budget.limitMicros,
          alert_threshold_pct: o.budget.alertThresholdPct ?? null,
        },
      }),
    };
    const registration = await operator.call<ResponseOf<'registerAgentRun'>>(
      'registerAgentRun',
      { path: { agent_id: o.agentId }, body },
      requestOptions,
    );
    await checkCertificate(operator, registration.certificate, keys.publicJwk, o.agentId);
    const credentials: StoredCredentials = {
      agentId: o.agentId,
      baseUrl: operator.options.baseUrl,
      runId: registration.run_id,
      privateJwk: keys.privateJwk,
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
    const signer = await createRequestSigner(
      credentials.privateJwk as PrivateJwk,
      credentials.certificate,
    );
    return new AgentIdentity(operator, store, credentials, signer);
  }

  get agentId(): string {
    return this.credentials.agentId;
  }
  get runId(): string {
    return this.credentials.runId;
  }
  /** The current certificate (a JWT; not secret, but proof of nothing without the key). */
  get certificate(): string {
    return this.credentials.certificate;
  }
  get certificateExpiresAt(): string {
    return this.credentials.certificateExpiresAt;
  }
  get publicJwk(): PublicJwk {
    return this.credentials.publicJwk as PublicJwk;
  }

  /** The control-plane URL an LLM client should use as its base URL. */
  proxyUrl(provider: LlmProvider): string {
    const base = this.operator.options.baseUrl;
    return provider === 'openai' ? `${base}/v1/proxy/openai/v1` : `${base}/v1/proxy/anthropic`;
  }

  /**
   * A fetch that signs each request with this agent's certificate and a fresh proof, for
   * the control plane's origin only (it refuses any other, so a proof never leaks to a third
   * party). After a 401 certificate_revoked it renews the certificate once and retries once.
   */
  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const origin = new URL(this.operator.options.baseUrl).origin;
    if (new URL(request.url).origin !== origin) {
      throw new TollgateError(
        `agent.fetch signs requests for ${origin} only, not ${new URL(request.url).origin}`,
      );
    }
    const outgoing = new Outgoing(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body ? new Uint8Array(await request.arrayBuffer()) : null,
    });
    // LLM clients insist on an API key and send it as a bearer token: identity replaces it.
    outgoing.headers.delete('authorization');
    outgoing.headers.delete('x-api-key');
    // The caller's own signal: on Node 20 a Request's derived signal may stop following it.
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const send = async () => this.operator.options.send(await this.sign(outgoing), signal);
    const response = await send();
    if (response.status !== 401) return response;
    const problem = (await response
      .clone()
      .json()
      .catch(() => undefined)) as Problem | undefined;
    return (await this.refresh(problem)) ? send() : response;
  };

  /** Would a call of this estimated cost fit the budget? */
  checkBudget(estimatedCostMicros: number, options?: RequestOptions) {
    return this.agentCaller.call<ResponseOf<'checkAgentBudget'>>(
      'checkAgentBudget',
      { path: { agent_id: this.agentId }, body: { estimated_cost_micros: estimatedCostMicros } },
      options,
    );
  }

  /**
   * The official `openai` client (an optional peer dependency) routed through the proxy and
   * signed by this agent. Tollgate's answers (402 budget_exceeded, 403 agent_suspended, …)
   * surface as the SDK's typed errors, e.g. BudgetExceededError.
   */
  async openai<T = unknown>(options: Record<string, unknown> = {}): Promise<T> {
    const OpenAI = governedClient(await optionalImport('openai'));
    return new OpenAI({
      apiKey: 'tollgate-agent-identity',
      baseURL: this.proxyUrl('openai'),
      fetch: this.fetch,
      ...options,
    }) as T;
  }

  /** The official `@anthropic-ai/sdk` client, routed and signed the same way. */
  async anthropic<T = unknown>(options: Record<string, unknown> = {}): Promise<T> {
    const Anthropic = governedClient(await optionalImport('@anthropic-ai/sdk'));
    return new Anthropic({
      apiKey: 'tollgate-agent-identity',
      baseURL: this.proxyUrl('anthropic'),
      fetch: this.fetch,
      ...options,
    }) as T;
  }

  /** AgentCredential: sets the certificate and a fresh proof for the request's exact bytes. */
  async sign(request: Outgoing): Promise<Outgoing> {
    const { method, url, body } = await request.ready();
    const signed = await this.signer.headers({ method, url, body });
    for (const [name, value] of Object.entries(signed)) request.headers.set(name, value);
    return request;
  }

  /**
   * AgentCredential: renews a revoked or expired certificate, once, under the store's lock:
   * of several processes that find it revoked at once, one asks for a new certificate and
   * the others pick it up from the store.
   */
  async refresh(problem: Problem | undefined): Promise<boolean> {
    if (!problem?.code || !REFRESHABLE.has(problem.code)) return false;
    const stale = this.credentials.certificate;
    await this.store.withLock(this.agentId, async () => {
      const stored = await this.store.load(this.agentId);
      if (
        stored &&
        stored.certificate !== stale &&
        Date.parse(stored.certificateExpiresAt) > Date.now()
      ) {
        this.adopt(stored);
        return;
      }
      const renewed = await this.operator.call<ResponseOf<'refreshAgentCredentials'>>(
        'refreshAgentCredentials',
        {
          path: { agent_id: this.agentId },
          body: { public_key: publicOf(this.publicJwk), run_id: this.runId },
        },
      );
      await checkCertificate(this.operator, renewed.certificate, this.publicJwk, this.agentId);
      const next: StoredCredentials = {
        ...this.credentials,
        runId: renewed.run_id,
        certificate: renewed.certificate,
        certificateExpiresAt: renewed.certificate_expires_at,
        serial: renewed.serial,
        caKid: renewed.ca_kid,
      };
      await this.store.save(next);
      this.adopt(next);
    });
    return this.credentials.certificate !== stale;
  }

  private adopt(credentials: StoredCredentials) {
    this.credentials = credentials;
    this.signer.setCertificate(credentials.certificate);
  }
}

const warnedJwks = new WeakSet<Caller>();

/** Verifies an issued certificate against the pinned CA key, or the JWKS with a warning. */
async function checkCertificate(
  operator: Caller,
  certificate: string,
  key: PublicJwk,
  agentId: string,
) {
  let ca: CaKeys | undefined = operator.options.caPublicKey as CaKeys | undefined;
  if (!ca) {
    if (!warnedJwks.has(operator)) {
      warnedJwks.add(operator);
      operator.options.logger.warn(
        'no CA public key pinned (caPublicKey / TOLLGATE_CA_PUBLIC_KEY): verifying certificates against the JWKS the control plane serves; pin the key in production',
      );
    }
    ca = (await operator.call<ResponseOf<'getJwks'>>('getJwks')) as CaKeys;
  }
  try {
    const claims = await verifyIssuedCertificate(certificate, ca);
    if (claims.sub !== agentId || claims.cnf.jwk.x !== key.x) {
      throw new CertificateVerificationError(
        'the certificate was issued for another agent or key',
        'certificate_mismatch',
      );
    }
  } catch (error) {
    if (error instanceof IdentityError) {
      throw new CertificateVerificationError(
        `the issued certificate does not verify: ${error.message}`,
        error.code,
        { cause: error },
      );
    }
    throw error;
  }
}

type LlmClientClass = new (
  options: object,
) => {
  makeStatusError(
    status: number,
    error: unknown,
    message: string | undefined,
    headers: Headers,
  ): unknown;
};

/**
 * Subclasses an official LLM client so that problem details from Tollgate become the SDK's
 * typed errors; `makeStatusError` is the extension point both official SDKs expose.
 */
function governedClient(module: { default: unknown }): LlmClientClass {
  const Base = module.default as LlmClientClass;
  return class extends Base {
    override makeStatusError(
      status: number,
      error: unknown,
      message: string | undefined,
      headers: Headers,
    ) {
      const problem = error as Problem | undefined;
      if (problem && typeof problem.code === 'string' && typeof problem.request_id === 'string') {
        return APIError.from(status, problem, headers);
      }
      return super.makeStatusError(status, error, message, headers);
    }
  };
}

async function optionalImport(name: string): Promise<{ default: unknown }> {
  try {
    return (await import(/* @vite-ignore */ name)) as { default: unknown };
  } catch (cause) {
    throw new TollgateError(
      `${name} is not installed: add it to your dependencies to use this client`,
      { cause },
    );
  }
}
