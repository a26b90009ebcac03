/**
 * One scenario, run unchanged on every runtime (Node, Bun, Deno, Chromium) against the dev
 * server, with the browser bundle of the SDK's root entry. It returns what it observed; the
 * Node test compares the runtimes' answers. Plain JavaScript: no build step anywhere.
 */
export async function scenario(sdk, { baseUrl, adminApiKey, caPublicKey, suffix }) {
  const { Tollgate, NotFoundError, MemoryCredentialStore, signWebhook, verifyWebhook } = sdk;
  const tg = new Tollgate({ baseUrl, apiKey: adminApiKey, caPublicKey, validate: 'strict' });
  const out = {};
  const id = `rt-${suffix}`;

  // An idempotent create, a validated read, and a page walked item by item.
  const created = await tg.agents.create({
    id,
    name: `Runtime ${suffix}`,
    budget: { limit_micros: 5_000 },
  });
  const { data: got, requestId } = await tg.agents.get(id).withResponse();
  out.agent = { created: created.id, got: got.name, requestId: typeof requestId === 'string' };
  let listed = 0;
  for await (const agent of tg.agents.list({ limit: 2 })) if (agent.id === id) listed++;
  out.listed = listed;

  // A typed error with the problem's status, code and request id.
  const missing = await tg.agents.get(`missing-${suffix}`).catch((e) => e);
  out.notFound = {
    typed: missing instanceof NotFoundError,
    status: missing.status,
    code: missing.code,
    requestId: typeof missing.requestId === 'string',
  };

  // Agent identity: a key pair made here, a certificate verified against the pinned CA key,
  // and requests signed per call (certificate + proof) that the server accepts.
  const agent = await tg.agents.register({
    agentId: `agent-${suffix}`,
    budget: { limitMicros: 10_000 },
    store: new MemoryCredentialStore(),
  });
  const check = await agent.checkBudget(100);
  out.identity = { runId: agent.runId.startsWith('run_'), allowed: check.allowed };
  const signed = await agent.fetch(`${baseUrl}/v1/agents/agent-${suffix}/budget/check`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ estimated_cost_micros: 1 }),
  });
  out.identity.signedStatus = signed.status;

  // Webhooks: sign and verify with WebCrypto HMAC; a tampered body is refused.
  const payload = JSON.stringify({ type: 'run.succeeded', id });
  const header = await signWebhook(payload, 'whsec_runtime');
  out.webhook = {
    valid: await verifyWebhook(payload, header, 'whsec_runtime').then(
      () => true,
      () => false,
    ),
    tampered: await verifyWebhook(`${payload} `, header, 'whsec_runtime').then(
      () => true,
      () => false,
    ),
  };
  return out;
}

/** What every runtime must observe. */
export const expected = {
  agent: { requestId: true },
  listed: 1,
  notFound: { typed: true, status: 404, code: 'not_found', requestId: true },
  identity: { runId: true, allowed: true, signedStatus: 200 },
  webhook: { valid: true, tampered: false },
};
