// CommonJS, plain JavaScript: every entry point required, constructed and called.
const assert = require('node:assert/strict');
const { startDevServer } = require('@tollgate/dev-server');
const { Tollgate, NotFoundError, MemoryCredentialStore } = require('@tollgate/sdk');
const { FileCredentialStore } = require('@tollgate/sdk/node');
const { generateKeyPair } = require('@tollgate/identity');
const { operations, CONTROL_PLANE_VERSION } = require('@tollgate/api');
const { defineTool } = require('@tollgate/runtime');
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

(async () => {
  const server = await startDevServer({ log: () => {} });
  try {
    const tg = new Tollgate({
      baseUrl: server.url,
      apiKey: server.adminApiKey,
      caPublicKey: server.caPublicJwk,
      credentialStore: new FileCredentialStore({ directory: mkdtempSync(join(tmpdir(), 'cjs-')) }),
    });
    assert.equal((await tg.health()).status, 'ok');
    const agent = await tg.agents.register({ agentId: 'cjs-agent', budget: { limitMicros: 1000 } });
    assert.match(agent.runId, /^run_/);
    const service = await agent.serviceRequests.create({
      service: 'email',
      operation: 'send',
      payload: { to: 'a@example.com' },
    });
    assert.ok(service.id);
    let seen = 0;
    for await (const entry of tg.auditLog.list({ limit: 1 })) if (entry.id) seen++;
    assert.ok(seen >= 2, `paged ${seen} audit entries`);
    const missing = await tg.agents.get('nobody').catch((e) => e);
    assert.ok(missing instanceof NotFoundError, 'a typed NotFoundError');
    assert.equal(missing.code, 'not_found');
    assert.ok(new MemoryCredentialStore());
    assert.ok((await generateKeyPair()).publicJwk.x);
    assert.ok(operations.getAgent.path);
    assert.equal(typeof defineTool, 'function');
    console.log(
      JSON.stringify({
        ok: true,
        controlPlane: CONTROL_PLANE_VERSION,
        seen,
        node: process.version,
      }),
    );
  } finally {
    await server.close();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
