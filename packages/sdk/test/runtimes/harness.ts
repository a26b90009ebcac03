/**
 * Shared by the runtime tests: the SDK's root entry bundled for browsers (what a web app or
 * an edge function ships), the scenario beside it, and a dev server on loopback.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer } from '@tollgate/dev-server/testing';
import { build } from 'esbuild';

const here = import.meta.dirname;
const src = (pkg: string, entry = 'index') =>
  join(here, '..', '..', '..', pkg, 'src', `${entry}.ts`);

export async function prepare() {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-runtimes-'));
  await build({
    entryPoints: [join(here, '..', '..', 'src', 'index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: join(dir, 'sdk.js'),
    // Workspace packages from source, as in vitest.config.ts: no build needed first.
    alias: {
      '@tollgate/api/schemas': src('api', 'schemas'),
      '@tollgate/api/checks': src('api', 'checks'),
      '@tollgate/api/issues': src('api', 'issues'),
      '@tollgate/api': src('api'),
      '@tollgate/identity': src('identity'),
    },
    logLevel: 'silent',
  });
  for (const file of ['scenario.js', 'cli-runner.js', 'page.html', 'worker.js', 'workerd.capnp'])
    copyFileSync(join(here, file), join(dir, file));
  const server = await startTestServer();
  const { baseUrl, apiKey: adminApiKey, caPublicKey } = server.admin;
  const settings = (suffix: string) => ({ baseUrl, adminApiKey, caPublicKey, suffix });
  return {
    dir,
    server,
    settings,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
