#!/usr/bin/env node
/**
 * tollgate-dev-server: prints one JSON line {url, adminApiKey, caPublicJwk} and serves until
 * SIGINT/SIGTERM. `--help` lists the flags.
 */
import { parseArgs } from 'node:util';
import { ALL_FAULTS } from './middleware/chaos';
import { startDevServer } from './server';

const USAGE = `usage: tollgate-dev-server [options]
  --port N                 port (0 picks a free one)               default 4010
  --host H                 interface; keep it loopback             default 127.0.0.1
  --admin-api-key K        accept this admin key                   default generated
  --token-ttl S            OAuth2 token lifetime, seconds          default 3600
  --certificate-ttl S      agent certificate lifetime, seconds     default 3600
  --work-delay-ms MS       how long runs and async requests take   default 50
  --upstream-openai URL    forward OpenAI calls (key: OPENAI_API_KEY)
  --upstream-anthropic URL forward Anthropic calls (key: ANTHROPIC_API_KEY)
  --upstream-google URL    forward Gemini calls (key: GEMINI_API_KEY)
  --default-max-tokens N   output cap of LLM calls that set none   default 4096
  --redis URL              share budgets, proof ids and idempotency keys through
                           Redis with every dev server on it   default in memory
  --strict-responses       answer 500 rather than break the contract
  --require-certificate-hash  refuse agent proofs without cth (SDKs before 1.220 send none)
  --chaos-rate R           inject faults into this share of requests, 0..1
  --chaos-seed N           PRNG seed                               default 1
  --chaos-faults LIST      ${ALL_FAULTS.join(',')}
  --chaos-routes LIST      operation ids or paths (globs allowed)  default all but getHealth
  --chaos-latency-ms MS    delay of the latency fault              default 200
  --chaos-retry-after S    Retry-After of injected 429/503        default 0
env TOLLGATE_DEV_CA_PRIVATE_JWK: the CA's private JWK (certificates survive restarts)
env TOLLGATE_DEV_REDIS_URL: the Redis URL when --redis is not given`;

function fail(message: string): never {
  console.error(`tollgate-dev-server: ${message}\n${USAGE}`);
  process.exit(2);
}

function number(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) fail(`--${name} must be a non-negative number`);
  return n;
}

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      'admin-api-key': { type: 'string' },
      'token-ttl': { type: 'string' },
      'certificate-ttl': { type: 'string' },
      'work-delay-ms': { type: 'string' },
      'upstream-openai': { type: 'string' },
      'upstream-anthropic': { type: 'string' },
      'upstream-google': { type: 'string' },
      'default-max-tokens': { type: 'string' },
      redis: { type: 'string' },
      'strict-responses': { type: 'boolean' },
      'require-certificate-hash': { type: 'boolean' },
      'chaos-rate': { type: 'string' },
      'chaos-seed': { type: 'string' },
      'chaos-faults': { type: 'string' },
      'chaos-routes': { type: 'string' },
      'chaos-latency-ms': { type: 'string' },
      'chaos-retry-after': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const str = (name: string) => {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
};

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const faultNames = list(str('chaos-faults'));
const faults = faultNames?.flatMap((name) => ALL_FAULTS.filter((f) => f === name));
const unknown = faultNames?.filter((name) => !ALL_FAULTS.some((f) => f === name));
if (unknown?.length) fail(`unknown chaos faults: ${unknown.join(', ')}`);
const rate = number('chaos-rate', str('chaos-rate'));
if (rate !== undefined && rate > 1) fail('--chaos-rate must be within 0..1');

const redisUrl = str('redis') ?? process.env.TOLLGATE_DEV_REDIS_URL;
const server = await startDevServer({
  redis: redisUrl ? { url: redisUrl } : undefined,
  port: number('port', str('port')),
  host: str('host'),
  adminApiKey: str('admin-api-key'),
  tokenTtlSeconds: number('token-ttl', str('token-ttl')),
  certificateTtlSeconds: number('certificate-ttl', str('certificate-ttl')),
  workDelayMs: number('work-delay-ms', str('work-delay-ms')),
  strictResponses: Boolean(values['strict-responses']),
  requireCertificateHash: Boolean(values['require-certificate-hash']),
  upstream: {
    openai: str('upstream-openai'),
    anthropic: str('upstream-anthropic'),
    google: str('upstream-google'),
  },
  defaultMaxOutputTokens: number('default-max-tokens', str('default-max-tokens')),
  chaos:
    rate === undefined
      ? undefined
      : {
          rate,
          seed: number('chaos-seed', str('chaos-seed')),
          faults,
          routes: list(str('chaos-routes')),
          latencyMs: number('chaos-latency-ms', str('chaos-latency-ms')),
          retryAfterSeconds: number('chaos-retry-after', str('chaos-retry-after')),
        },
});
console.log(
  JSON.stringify({
    url: server.url,
    adminApiKey: server.adminApiKey,
    caPublicJwk: server.caPublicJwk,
  }),
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void server.close().then(() => process.exit(0)));
}
