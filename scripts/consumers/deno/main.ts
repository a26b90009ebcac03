// Deno, as its users write it: npm: specifiers, no package.json, no node_modules. Run with
// network access to the control plane only (`--allow-net=<host:port>`).
import {
  MemoryCredentialStore,
  NotFoundError,
  SDK_VERSION,
  Tollgate,
} from 'npm:@tollgate/sdk@~1.220.0';

const [baseUrl, apiKey, ca] = Deno.args as [string, string, string];
const tg = new Tollgate({ baseUrl, apiKey, caPublicKey: JSON.parse(ca) as JsonWebKey });
const health = await tg.health();
await tg.agents.create({ id: 'deno-1', name: 'Deno', budget: { limit_micros: 1_000_000 } });
const missing = await tg.agents.get('nobody').catch((e: unknown) => e);
if (!(missing instanceof NotFoundError)) throw new Error(`expected NotFoundError, got ${missing}`);
const agent = await tg.agents.register({
  agentId: 'deno-agent',
  budget: { limitMicros: 1_000 },
  store: new MemoryCredentialStore(),
});
const check = await agent.checkBudget(100);
let entries = 0;
for await (const entry of tg.auditLog.list({ limit: 1 })) if (entry.id) entries++;
console.log(
  JSON.stringify({
    ok: true,
    runtime: `deno ${Deno.version.deno}`,
    sdk: SDK_VERSION,
    health: health.status,
    run: agent.runId.startsWith('run_'),
    allowed: check.allowed,
    notFound: missing.code,
    entries,
  }),
);
