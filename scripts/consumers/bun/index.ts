// Bun, as its users write it: TypeScript run as is, packages from bun install (its own
// lockfile, bun.lock), the registry scoped by .npmrc.
import { MemoryCredentialStore, NotFoundError, SDK_VERSION, Tollgate } from '@tollgate/sdk';

const [baseUrl, apiKey, ca] = process.argv.slice(2) as [string, string, string];
const tg = new Tollgate({ baseUrl, apiKey, caPublicKey: JSON.parse(ca) as JsonWebKey });
const health = await tg.health();
await tg.agents.create({ id: 'bun-1', name: 'Bun', budget: { limit_micros: 1_000_000 } });
const missing = await tg.agents.get('nobody').catch((e: unknown) => e);
if (!(missing instanceof NotFoundError)) throw new Error(`expected NotFoundError, got ${missing}`);
const agent = await tg.agents.register({
  agentId: 'bun-agent',
  budget: { limitMicros: 1_000 },
  store: new MemoryCredentialStore(),
});
const check = await agent.checkBudget(100);
let entries = 0;
for await (const entry of tg.auditLog.list({ limit: 1 })) if (entry.id) entries++;
console.log(
  JSON.stringify({
    ok: true,
    runtime: `bun ${Bun.version}`,
    sdk: SDK_VERSION,
    health: health.status,
    run: agent.runId.startsWith('run_'),
    allowed: check.allowed,
    notFound: missing.code,
    entries,
  }),
);
