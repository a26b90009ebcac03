import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryCredentialStore, Tollgate } from '../src/index';
import { FileCredentialStore } from '../src/node/file-credential-store';
import { devServer } from './setup-server';

const { server, tg } = await devServer();
const dir = await mkdtemp(join(tmpdir(), 'tollgate-printable-'));
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** Every way a value gets printed or serialised, deep. */
function printed(value: unknown): string[] {
  return [
    inspect(value),
    inspect(value, { depth: Infinity, showHidden: true, getters: true }),
    JSON.stringify(value) ?? '',
    String(value),
    `${value}`,
  ];
}

function expectNoSecret(value: unknown, secrets: string[]) {
  for (const text of printed(value)) {
    for (const secret of secrets) expect(text).not.toContain(secret);
  }
}

describe('nothing printable about an agent identity or a credential store carries a secret', () => {
  for (const kind of ['memory', 'file'] as const) {
    it(`AgentIdentity, its store and stored credentials (${kind} store)`, async () => {
      const store =
        kind === 'memory'
          ? new MemoryCredentialStore()
          : new FileCredentialStore({ directory: dir });
      const agent = await tg.agents.register({ agentId: `printable-${kind}`, store });
      const stored = (await store.load(`printable-${kind}`))!;
      const d = stored.privateJwk.d!;
      expect(d).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const secrets = [d, server.adminApiKey];
      if (store instanceof FileCredentialStore) {
        // On disk the key is whole: keeping it is the store's job.
        const file = JSON.parse(await readFile(store.fileOf(`printable-${kind}`), 'utf8'));
        expect(file.privateJwk.d).toBe(d);
      }
      const parts = [agent, agent.runs, agent.serviceRequests, store, stored, stored.privateJwk];
      for (const value of parts) expectNoSecret(value, secrets);
      expect(inspect(agent)).toMatch(
        new RegExp(`^AgentIdentity {[^]*agentId: 'printable-${kind}'`),
      );
      expect(JSON.parse(JSON.stringify(agent))).toMatchObject({ agentId: `printable-${kind}` });
      expect(JSON.parse(JSON.stringify(stored))).toMatchObject({
        agentId: `printable-${kind}`,
        privateJwk: { d: '[redacted]' },
      });
      // Redacted when printed, whole when used: the identity loads and signs from it.
      const again = await tg.agents.load(`printable-${kind}`, { store });
      expect((await again!.checkBudget(1)).allowed).toBe(true);
    });
  }

  it('an error from a store holding a corrupt record does not carry the key', async () => {
    const store = new FileCredentialStore({ directory: dir });
    await writeFile(store.fileOf('corrupt'), '{"privateJwk":{"d":"SECRET-KEY-MATERIAL"', {
      mode: 0o600,
    });
    const error = await store.load('corrupt').catch((e: unknown) => e);
    expectNoSecret(error, ['SECRET-KEY-MATERIAL']);
  });

  it('a store saves what it is given whole, even a redacted-when-printed record', async () => {
    const memory = new MemoryCredentialStore();
    await tg.agents.register({ agentId: 'copied', store: memory });
    const record = await memory.load('copied');
    const file = new FileCredentialStore({ directory: dir });
    await file.save(record!);
    const copied = await tg.agents.load('copied', { store: file });
    expect((await copied!.checkBudget(1)).allowed).toBe(true);
  });
});

describe('the operator client', () => {
  it('prints neither its API key nor its client secret, however deep', () => {
    const tg = new Tollgate({
      baseUrl: 'http://127.0.0.1:9',
      apiKey: 'tg_live_printme_not_0123456789',
      clientCredentials: { clientId: 'cli_1', clientSecret: 'tgcs_printme_not_secret' },
      logLevel: 'off',
    });
    for (const text of [
      inspect(tg, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
      JSON.stringify(tg),
      inspect(tg.agents, { depth: Number.POSITIVE_INFINITY }),
    ]) {
      expect(text).not.toContain('printme_not');
      expect(text).toContain('127.0.0.1:9');
    }
  });
});
