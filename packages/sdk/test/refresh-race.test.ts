import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type AgentIdentity, Tollgate } from '../src/index';
import { FileCredentialStore } from '../src/node/file-credential-store';
import { devServer } from './setup-server';

const ROUNDS = 8;
const CALLS = 20;

const { server, tg } = await devServer();
afterAll(() => server.close());

/**
 * The race made certain instead of lucky: in each round the first 401 goes through at once and
 * every other 401 is held back until a request signed with the renewed certificate has been
 * answered, so those calls see their 401 late, after the certificate was already renewed
 * (what a slower network or a busy server does).
 */
function lateUnauthorized() {
  let failed: string | null = null;
  let open = () => {};
  let opened = Promise.resolve();
  return {
    round() {
      failed = null;
      opened = new Promise<void>((resolve) => {
        open = resolve;
      });
    },
    fetch: async (request: Request) => {
      const certificate = request.headers.get('x-tollgate-certificate');
      const response = await fetch(request);
      if (response.status === 401 && failed === null) failed = certificate;
      else if (response.status === 401) await opened;
      else if (certificate !== null && failed !== null && certificate !== failed) open();
      return response;
    },
  };
}

const gate = lateUnauthorized();
const client = new Tollgate({
  baseUrl: server.url,
  apiKey: server.adminApiKey,
  caPublicKey: server.caPublicJwk,
  logLevel: 'off',
  fetch: gate.fetch,
});

/** Revokes the agent's certificates ROUNDS times, each followed by CALLS concurrent calls. */
async function revokeAndCall(operator: Tollgate, agentId: string, agents: AgentIdentity[]) {
  let failures = 0;
  for (let round = 0; round < ROUNDS; round++) {
    await operator.agents.revokeCredentials(agentId, { reason: `round ${round}` });
    gate.round();
    const calls = Array.from({ length: CALLS }, (_, i) => {
      const agent = agents[i % agents.length]!;
      return i % 2 === 0
        ? agent.checkBudget(1)
        : agent.serviceRequests.create({
            service: 'email',
            operation: 'send',
            payload: { to: 'a@example.com' },
          });
    });
    const results = await Promise.allSettled(calls);
    failures += results.filter((r) => r.status === 'rejected').length;
  }
  return failures;
}

async function refreshesOf(agentId: string) {
  let count = 0;
  const entries = tg.auditLog.list({
    agent_id: agentId,
    action: 'agent.credentials_refreshed',
    limit: 100,
  });
  for await (const _ of entries) count++;
  return count;
}

describe('concurrent calls after a revocation refresh the certificate once', () => {
  it(`${CALLS} concurrent calls after each of ${ROUNDS} revocations: 0 failures, one refresh per revocation (MemoryCredentialStore)`, async () => {
    const agent = await client.agents.register({ agentId: 'race-memory' });
    expect(await revokeAndCall(tg, 'race-memory', [agent])).toBe(0);
    expect(await refreshesOf('race-memory')).toBe(ROUNDS);
  });

  it('two store instances on one folder (two processes sharing a FileCredentialStore): 0 failures, one refresh per revocation', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tollgate-race-'));
    try {
      const first = new FileCredentialStore({ directory: dir });
      const second = new FileCredentialStore({ directory: dir });
      const a = await client.agents.register({ agentId: 'race-file', store: first });
      const b = await client.agents.load('race-file', { store: second });
      expect(b?.certificate).toBe(a.certificate);
      expect(await revokeAndCall(tg, 'race-file', [a, b!])).toBe(0);
      expect(await refreshesOf('race-file')).toBe(ROUNDS);
      expect((await first.load('race-file'))?.certificate).toBe(a.certificate);
      expect(b!.certificate).toBe(a.certificate);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
