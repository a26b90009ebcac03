// A web app's view of Tollgate: bundled for the browser, run in a page, calling a control plane
// on another origin (CORS). The control plane's address comes in the page's fragment.
import { MemoryCredentialStore, NotFoundError, SDK_VERSION, Tollgate } from '@tollgate/sdk';

// The dev server's own announcement line: { url, adminApiKey, caPublicJwk }.
type Settings = { url: string; adminApiKey: string; caPublicJwk: JsonWebKey };

async function main({ url, adminApiKey, caPublicJwk }: Settings) {
  const tg = new Tollgate({ baseUrl: url, apiKey: adminApiKey, caPublicKey: caPublicJwk });
  const health = await tg.health();
  await tg.agents.create({ id: 'web-1', name: 'Web', budget: { limit_micros: 1_000_000 } });
  const missing = await tg.agents.get('nobody').catch((e: unknown) => e);
  if (!(missing instanceof NotFoundError)) throw new Error(`expected NotFoundError: ${missing}`);
  // Identity in the page: a key pair by WebCrypto, a certificate checked against the CA key.
  const agent = await tg.agents.register({
    agentId: 'web-agent',
    budget: { limitMicros: 1_000 },
    store: new MemoryCredentialStore(),
  });
  const check = await agent.checkBudget(100);
  let entries = 0;
  for await (const entry of tg.auditLog.list({ limit: 1 })) if (entry.id) entries++;
  return {
    ok: true,
    sdk: SDK_VERSION,
    health: health.status,
    run: agent.runId.startsWith('run_'),
    allowed: check.allowed,
    notFound: missing.code,
    entries,
  };
}

const settings = JSON.parse(decodeURIComponent(location.hash.slice(1))) as Settings;
(globalThis as { result?: Promise<unknown> }).result = main(settings).catch((e: unknown) => ({
  ok: false,
  error: String(e),
}));
