#!/usr/bin/env node
/**
 * tollgate-dev-server --port N [--host 127.0.0.1] [--chaos-rate R --chaos-seed S
 * --chaos-faults 429,503 --chaos-routes createServiceRequest] — prints one JSON line
 * {url, adminApiKey, caPublicJwk} and serves until SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { ALL_FAULTS, type Fault } from './chaos';
import { startDevServer } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    host: { type: 'string', default: '127.0.0.1' },
    'admin-api-key': { type: 'string' },
    'token-ttl': { type: 'string' },
    'chaos-rate': { type: 'string' },
    'chaos-seed': { type: 'string' },
    'chaos-faults': { type: 'string' },
    'chaos-routes': { type: 'string' },
    'upstream-openai': { type: 'string' },
    'upstream-anthropic': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log(
    'usage: tollgate-dev-server [--port 4010] [--host 127.0.0.1] [--admin-api-key K] [--token-ttl S]\n' +
      '  [--upstream-openai URL] [--upstream-anthropic URL]\n' +
      `  [--chaos-rate 0.2 --chaos-seed 1 --chaos-faults ${ALL_FAULTS.join(',')} --chaos-routes opId,/v1/path]`,
  );
  process.exit(0);
}

const faults = values['chaos-faults']?.split(',').filter(Boolean) as Fault[] | undefined;
const unknown = faults?.filter((f) => !ALL_FAULTS.includes(f));
if (unknown?.length) {
  console.error(`unknown chaos faults: ${unknown.join(', ')} (known: ${ALL_FAULTS.join(', ')})`);
  process.exit(2);
}
const server = await startDevServer({
  port: Number(values.port),
  host: values.host,
  adminApiKey: values['admin-api-key'],
  tokenTtlSeconds: values['token-ttl'] ? Number(values['token-ttl']) : undefined,
  upstream: { openai: values['upstream-openai'], anthropic: values['upstream-anthropic'] },
  chaos: values['chaos-rate']
    ? {
        rate: Number(values['chaos-rate']),
        seed: Number(values['chaos-seed'] ?? 1),
        faults,
        routes: values['chaos-routes']?.split(','),
      }
    : undefined,
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
