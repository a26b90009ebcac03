/**
 * startDevServer: the reference control plane on a loopback port, every operation of the
 * contract implemented in memory. Starts in milliseconds; one instance per test is cheap.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import {
  createCertificateAuthority,
  createVerifier,
  type IncomingRequest,
  MemoryReplayCache,
  type PrivateJwk,
  type RequestVerifier,
} from '@tollgate/identity';
import { systemClock, systemTimers } from './clock';
import type { Deps } from './deps';
import { type AllHandlers, boundAddress } from './http';
import { secret } from './ids';
import { Chaos } from './middleware/chaos';
import { IdempotencyStore } from './middleware/idempotency';
import type { DevServer, DevServerOptions } from './options';
import { connectRedis, redisReplayCache } from './redis/client';
import { redisIdempotency } from './redis/idempotency';
import { redisLedger } from './redis/ledger';
import { redisRateLimiter } from './redis/rate-limits';
import { createRouter } from './router';
import { agentCredentials } from './routes/agent-credentials';
import { agents } from './routes/agents';
import { approvals } from './routes/approvals';
import { audit } from './routes/audit';
import { auth } from './routes/auth';
import { budgetGroups } from './routes/budget-groups';
import { evidence } from './routes/evidence';
import { llm } from './routes/llm';
import { meta } from './routes/meta';
import { revocations } from './routes/revocations';
import { runEvents } from './routes/run-events';
import { runs } from './routes/runs';
import { services } from './routes/services';
import { toolCalls } from './routes/tool-calls';
import { tools } from './routes/tools';
import { triggers } from './routes/triggers';
import { usage } from './routes/usage';
import { addApiKey } from './state/credentials';
import { type Ledger, memoryLedger } from './state/ledger';
import { memoryRateLimiter } from './state/rate-limits';
import { State } from './state/store';

const ISSUER = 'tollgate-dev-server';

function envCaKey(): PrivateJwk | undefined {
  const value = process.env.TOLLGATE_DEV_CA_PRIVATE_JWK;
  // Checked where it is imported: the CA refuses anything but an Ed25519 private JWK.
  return value ? (JSON.parse(value) as PrivateJwk) : undefined;
}

/** The Host header of a request as node:http or Fetch hands it over ('' without one). */
function hostOf(headers: IncomingRequest['headers']): string {
  const host = headers instanceof Headers ? headers.get('host') : headers.host;
  return typeof host === 'string' ? host : '';
}

function seedAudit(state: State, count: number) {
  const at = state.nowIso();
  for (let i = 0; i < count; i++) {
    state.audit.push({
      id: `aud_seed_${i}`,
      action: 'seed.entry',
      actor: { type: 'system', id: 'seed' },
      agent_id: null,
      target: null,
      request_id: `req_seed_${i}`,
      data: { i },
      created_at: at,
    });
  }
}

/** Internal seams, for the benchmarks: not part of the package's API (index.ts). */
export interface Seams {
  /** Wraps the ledger the options chose (e.g. one that meters nothing, as a baseline). */
  ledger?: (chosen: Ledger) => Ledger;
}

export function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  return startServer(options);
}

export async function startServer(
  options: DevServerOptions,
  seams: Seams = {},
): Promise<DevServer> {
  const clock = options.clock ?? systemClock;
  const ca = await createCertificateAuthority({
    kid: 'dev-ca-1',
    issuer: ISSUER,
    privateJwk: options.caPrivateJwk ?? envCaKey(),
    lifetimeSeconds: options.certificateTtlSeconds ?? 3600,
    now: clock,
  });
  const state = new State(ca, clock);
  const log = options.log ?? ((m: string) => console.error(`[tollgate-dev-server] ${m}`));
  // Shared with every dev server on the same Redis: budgets, reservations, proof ids and
  // idempotency records. Everything else stays in this process (see the README).
  const redis = options.redis ? await connectRedis(options.redis, log) : undefined;
  const adminApiKey = options.adminApiKey ?? secret('tg_test_');
  addApiKey(state, adminApiKey, { id: 'key_admin', name: 'dev-server admin', scopes: ['admin'] });
  seedAudit(state, options.seedAuditEntries ?? 0);
  const host = options.host ?? '127.0.0.1';
  if (!['127.0.0.1', '::1', 'localhost'].includes(host))
    log(`listening on ${host}: this server has no real security, keep it off networks`);

  let url = '';
  // Proofs are bound to this server's own origin, known once it listens (set below).
  let verifiers: { main: RequestVerifier; byHost: Map<string, RequestVerifier> } | undefined;
  const verifier: RequestVerifier = {
    verify: async (request) => {
      if (!verifiers) throw new Error('the dev server is not listening yet');
      return (verifiers.byHost.get(hostOf(request.headers)) ?? verifiers.main).verify(request);
    },
  };
  const ledgerOptions = { holdTtlMs: options.holdTtlMs ?? 600_000 };
  const deps: Deps = {
    state,
    idempotency: redis ? redisIdempotency(redis, clock, log) : new IdempotencyStore(clock),
    budgets: (seams.ledger ?? ((l: Ledger) => l))(
      redis ? redisLedger(state, redis, ledgerOptions) : memoryLedger(state, ledgerOptions),
    ),
    rateLimits: redis ? redisRateLimiter(state, redis) : memoryRateLimiter(state),
    verifier,
    url: () => url,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    approvalTtlSeconds: options.approvalTtlSeconds ?? 86_400,
    linkKey: randomBytes(32),
    timers: options.timers ?? systemTimers,
    workDelayMs: options.workDelayMs ?? 50,
    keepAliveMs: options.keepAliveMs ?? 15_000,
    upstream: options.upstream ?? {},
    defaultMaxOutputTokens: options.defaultMaxOutputTokens ?? 4096,
    log,
  };
  const chaos = options.chaos ? new Chaos(options.chaos) : undefined;
  const handlers: AllHandlers = {
    ...meta,
    ...auth,
    ...agents,
    ...budgetGroups,
    ...agentCredentials,
    ...tools,
    ...toolCalls,
    ...services,
    ...runs,
    ...runEvents,
    ...revocations,
    ...evidence,
    ...approvals,
    ...audit,
    ...usage,
    ...triggers,
    ...llm,
  };
  const router = createRouter(handlers, deps, {
    chaos,
    strictResponses: options.strictResponses ?? false,
  });
  const server = createServer((req, res) => void router(req, res));
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const address = boundAddress(server);
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `http://${shownHost}:${address.port}`;
  // Proofs are bound to the URL the agent called. On loopback, 127.0.0.1 and localhost are
  // the same server: one verifier per spelling (picked by Host, sharing one replay cache),
  // each checking against its own fixed origin, never one taken from the request.
  const replayCache = redis
    ? await redisReplayCache(redis, clock)
    : new MemoryReplayCache({ now: clock, maxEntries: options.replayCacheEntries });
  const verifierFor = (origin: string) =>
    createVerifier({
      ca: ca.jwks(),
      origin,
      issuer: ISSUER,
      now: clock,
      replayCache,
      requireCertificateHash: options.requireCertificateHash ?? false,
      // Unknown serials (issued before a restart) count as revoked: the SDK refreshes them.
      isRevoked: ({ serial }) => state.certificates.get(serial)?.revoked ?? true,
    });
  const main = verifierFor(url);
  const byHost = new Map<string, RequestVerifier>([[new URL(url).host, main]]);
  if (address.address === '127.0.0.1' || address.address === '::1')
    byHost.set(`localhost:${address.port}`, verifierFor(`http://localhost:${address.port}`));
  verifiers = { main, byHost };
  return {
    url,
    adminApiKey,
    caPublicJwk: ca.publicJwk,
    chaos,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }).then(() => redis?.close()),
  };
}
