import { type ChildProcess, fork } from 'node:child_process';
import * as fs from 'node:fs/promises';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CredentialStoreError } from '../src/core/errors';
import type { StoredCredentials } from '../src/identity/credential-store';
import { FileCredentialStore } from '../src/node/file-credential-store';

const creds = (agentId: string, certificate = 'cert-1'): StoredCredentials => ({
  agentId,
  baseUrl: 'http://127.0.0.1:4010',
  runId: 'run_1',
  privateJwk: { kty: 'OKP', crv: 'Ed25519', x: 'pub', d: 'PRIVATE-KEY-MATERIAL' },
  publicJwk: { kty: 'OKP', crv: 'Ed25519', x: 'pub' },
  certificate,
  certificateExpiresAt: '2026-11-22T11:00:00Z',
  serial: '1',
  caKid: 'ca-1',
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tollgate-store-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('FileCredentialStore', () => {
  it('round-trips credentials with a 0700 folder and 0600 files', async () => {
    const store = new FileCredentialStore({ directory: join(dir, 'agents') });
    expect(await store.load('research-v1')).toBeUndefined();
    await store.save(creds('research-v1'));
    expect(await store.load('research-v1')).toEqual(creds('research-v1'));
    expect((await stat(join(dir, 'agents'))).mode & 0o777).toBe(0o700);
    expect((await stat(store.fileOf('research-v1'))).mode & 0o777).toBe(0o600);
    await store.delete('research-v1');
    expect(await store.load('research-v1')).toBeUndefined();
  });

  it('keeps agent ids that look like paths inside its folder', async () => {
    const store = new FileCredentialStore({ directory: dir });
    await store.save(creds('../escape'));
    expect(await readdir(dir)).toEqual(['..%2Fescape.json']);
  });

  for (const code of ['ENOSPC', 'EROFS']) {
    it(`leaves the old credentials intact and says why when a write fails (${code})`, async () => {
      const store = new FileCredentialStore({ directory: dir });
      await store.save(creds('a', 'old-cert'));
      const failing = new FileCredentialStore({
        directory: dir,
        fs: {
          ...fs,
          open: (async (path: string, flags: string, mode?: number) => {
            const handle = await fs.open(path, flags, mode);
            if (flags !== 'wx') return handle;
            return Object.assign(Object.create(handle), {
              writeFile: async () => {
                throw Object.assign(new Error(`${code}: write failed`), { code });
              },
              close: () => handle.close(),
            });
          }) as typeof fs.open,
        },
      });
      const error = await failing.save(creds('a', 'new-cert')).catch((e) => e);
      expect(error).toBeInstanceOf(CredentialStoreError);
      expect(error.code).toBe(code);
      expect(error.message).toMatch(/previously stored credentials are unchanged/);
      expect(error.message).not.toContain('PRIVATE-KEY-MATERIAL');
      expect((await store.load('a'))?.certificate).toBe('old-cert');
      expect(await readdir(dir)).toEqual(['a.json']);
    });
  }

  it('reports a corrupt file clearly instead of crashing', async () => {
    const store = new FileCredentialStore({ directory: dir });
    await fs.writeFile(store.fileOf('bad'), '{"agentId":', { mode: 0o600 });
    await expect(store.load('bad')).rejects.toMatchObject({ code: 'corrupt' });
  });

  it('serialises critical sections across processes with a lock', async () => {
    const script = join(import.meta.dirname, 'fixtures/lock-worker.ts');
    const log = join(dir, 'log.txt');
    // Whoever holds the lock keeps it until all three are asking for it, so they contend.
    let trying = 0;
    const holding: ChildProcess[] = [];
    const letGo = () => {
      if (trying === 3) for (const child of holding.splice(0)) child.send('leave');
    };
    const run = () =>
      new Promise<number>((resolve) => {
        const child = fork(script, [dir, log], { stdio: 'ignore', execArgv: ['--import', 'tsx'] });
        child.on('message', (message) => {
          if (message === 'trying') trying++;
          if (message === 'entered') holding.push(child);
          letGo();
        });
        child.on('exit', (code) => resolve(code ?? 1));
      });
    expect(await Promise.all([run(), run(), run()])).toEqual([0, 0, 0]);
    const lines = (await fs.readFile(log, 'utf8')).trim().split('\n');
    // Each worker writes "start" then "end" inside the lock: no interleaving.
    for (let i = 0; i < lines.length; i += 2) {
      expect(lines[i]!.split(' ')[0]).toBe('start');
      expect(lines[i + 1]).toBe(lines[i]!.replace('start', 'end'));
    }
    expect(lines).toHaveLength(6);
  });
});
