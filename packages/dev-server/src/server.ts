/**
 * startDevServer: the reference control plane on a loopback port, every operation of the
 * contract implemented in memory. Starts in milliseconds; one instance per test is cheap.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createCertificateAuthority,
  createVerifier,
  type PrivateJwk,
  type PublishedJwk,
} from '@tollgate/identity';
import { Chaos, type ChaosOptions } from './chaos';
import type { Deps } from './deps';
import { IdempotencyStore } from './idempotency';
import { nowIso, secret, sha256 } from './ids';
import { createRouter, type Handler } from './router';
import { agents } from './routes/agents';
import { approvals, audit } from './routes/approvals';
import { auth } from './routes/auth';
import { llm } from './routes/llm';
import { meta } from './routes/meta';
import { runs } from './routes/runs';
import { services } from './routes/services';
import { tools } from './routes/tools';
import { triggers } from './routes/triggers';
import { usage } from './routes/usage';
import { State } from './state';
import type { UpstreamOptions } from './upstream';

export interface DevServerOptions {
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to bind. Loopback only by default: this server has no real security. @default '127.0.0.1' */
  host?: string;
  /** The CA's private key, to keep certificates valid across restarts. Env TOLLGATE_DEV_CA_PRIVATE_JWK. @default generated */
  caPrivateJwk?: PrivateJwk;
  /** The admin API key to accept. @default generated */
  adminApiKey?: string;
  /** OAuth2 access-token lifetime in seconds. @default 3600 */
  tokenTtlSeconds?: number;
  /** Agent certificate lifetime in seconds. @default 3600 */
  certificateTtlSeconds?: number;
  /** Time allowed runs and async service requests take to finish, in ms. @default 50 */
  workDelayMs?: number;
  /** Forward LLM calls to these providers instead of the built-in fake. */
  upstream?: UpstreamOptions;
  /** Inject faults (seeded, deterministic). */
  chaos?: ChaosOptions;
  /** Pre-fill the audit log with this many synthetic entries (benchmarks of paging). @default 0 */
  seedAuditEntries?: number;
  /** Where internal errors are logged. @default console.error */
  log?: (message: string) => void;
}

export interface DevServer {
  /** Base URL, e.g. http://127.0.0.1:43121 */
  url: string;
  /** An API key with the admin scope. */
  adminApiKey: string;
  /** The CA's public key (pin it as TOLLGATE_CA_PUBLIC_KEY). */
  caPublicJwk: PublishedJwk;
  /** The faults injected so far, when chaos is on. */
  chaos: Chaos | undefined;
  close(): Promise<void>;
}

function envCaKey(): PrivateJwk | undefined {
  const value = process.env.TOLLGATE_DEV_CA_PRIVATE_JWK;
  return value ? (JSON.parse(value) as PrivateJwk) : undefined;
}

export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const ca = await createCertificateAuthority({
    kid: 'dev-ca-1',
    issuer: 'tollgate-dev-server',
    privateJwk: options.caPrivateJwk ?? envCaKey(),
    lifetimeSeconds: options.certificateTtlSeconds ?? 3600,
  });
  const state = new State(ca);
  const adminApiKey = options.adminApiKey ?? secret('tg_test_');
  const adminKey = {
    id: 'key_admin',
    name: 'dev-server admin',
    prefix: adminApiKey.slice(0, 12),
    scopes: ['admin'],
    created_at: nowIso(),
    expires_at: null,
    last_used_at: null,
    revoked_at: null,
    seq: state.nextSeq(),
  };
  state.apiKeys.set(sha256(adminApiKey), { key: adminKey, hash: sha256(adminApiKey) });

  for (let i = 0; i < (options.seedAuditEntries ?? 0); i++) {
    state.audit.push({
      id: `aud_seed_${i}`,
      action: 'seed.entry',
      actor: { type: 'system', id: 'seed' },
      agent_id: null,
      target: null,
      request_id: `req_seed_${i}`,
      data: { i },
      created_at: nowIso(),
    });
  }

  let url = '';
  const deps: Deps = {
    state,
    idempotency: new IdempotencyStore(),
    verifier: undefined as never,
    url: () => url,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    linkKey: randomBytes(32),
    workDelayMs: options.workDelayMs ?? 50,
    upstream: options.upstream ?? {},
    log: options.log ?? ((m) => console.error(`[tollgate-dev-server] ${m}`)),
  };
  const handlers = {
    ...meta,
    ...auth,
    ...agents,
    ...tools,
    ...services,
    ...runs,
    ...approvals,
    ...audit,
    ...usage,
    ...triggers,
    ...llm,
  } as Record<string, Handler>;
  const chaos = options.chaos ? new Chaos(options.chaos) : undefined;
  const server = createServer(createRouter(handlers as never, deps, chaos));
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `http://${host}:${address.port}`;
  deps.verifier = createVerifier({
    ca: ca.jwks(),
    origin: url,
    issuer: 'tollgate-dev-server',
    // Unknown serials (issued before a restart) count as revoked: the SDK refreshes them.
    isRevoked: ({ serial }) => state.certificates.get(serial)?.revoked ?? true,
  });
  return {
    url,
    adminApiKey,
    caPublicJwk: ca.publicJwk,
    chaos,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
