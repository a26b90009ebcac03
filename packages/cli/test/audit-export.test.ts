/**
 * `tollgate audit export` while the log grows: each page the CLI asks for is preceded by new
 * entries (a loopback proxy in front of the dev server inserts them), which shifts every
 * offset. The export must still hold each entry that existed when it started exactly once.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startTestServer } from '@tollgate/dev-server/testing';
import { Tollgate } from '@tollgate/sdk';
import { afterAll, describe, expect, it } from 'vitest';

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const home = mkdtempSync(join(tmpdir(), 'tollgate-cli-audit-'));
const server = await startTestServer({ seedAuditEntries: 2_200 });
const tg = new Tollgate(server.admin);

const INSERTS_PER_PAGE = 10;
let pagesAsked = 0;
let inserted = 0;
/** Forwards to the dev server; before every audit-log page but the first, 10 entries land. */
const proxy = createServer(async (req, res) => {
  if (req.url?.startsWith('/v1/audit-log') && pagesAsked++ > 0) {
    for (let i = 0; i < INSERTS_PER_PAGE && inserted < 200; i++)
      await tg.agents.create({ id: `export-walk-${inserted++}`, name: 'inserted during export' });
  }
  const headers = Object.fromEntries(
    Object.entries(req.headers).filter(([k]) => !['host', 'connection'].includes(k)),
  ) as Record<string, string>;
  const upstream = await fetch(`${server.url}${req.url}`, { method: req.method, headers });
  const body = Buffer.from(await upstream.arrayBuffer());
  res.writeHead(upstream.status, {
    'content-type': upstream.headers.get('content-type') ?? 'application/json',
  });
  res.end(body);
});
await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

afterAll(async () => {
  await new Promise((resolve) => proxy.close(resolve));
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

function exportAudit(out: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        tsx,
        join(import.meta.dirname, '../src/cli.ts'),
        'audit',
        'export',
        '--output',
        out,
      ],
      {
        cwd: home,
        env: {
          ...process.env,
          TOLLGATE_CONFIG_DIR: join(home, '.tollgate'),
          TOLLGATE_BASE_URL: proxyUrl,
          TOLLGATE_API_KEY: server.adminApiKey,
          NO_COLOR: '1',
        },
      },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code: code ?? 1, stderr }));
  });
}

describe('tollgate audit export', () => {
  it('writes each entry once while entries are inserted between its pages', async () => {
    const existing = (await tg.auditLog.list({ limit: 500 })).body.total as number;
    expect(existing).toBeGreaterThanOrEqual(2_200);
    const out = join(home, 'audit.jsonl');
    const run = await exportAudit(out);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(pagesAsked).toBeGreaterThanOrEqual(5);
    expect(inserted).toBeGreaterThanOrEqual(40);
    const ids = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { id: string }).id);
    expect(ids.length - new Set(ids).size, 'duplicates').toBe(0);
    expect(ids).toHaveLength(existing);
    expect(ids).toContain('aud_seed_0');
  });
});
