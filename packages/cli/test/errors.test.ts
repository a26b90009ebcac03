// Item 15: one line and the right exit code for every failure, never a stack trace.
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer } from '@tollgate/dev-server/testing';
import { Tollgate } from '@tollgate/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, newHome, type Result, shell } from './helpers';

const server = await startTestServer();
const tg = new Tollgate(server.admin);
const home = newHome();
const { env } = server;
afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

const STACK = /\n\s+at |node:internal/;
const oneLine = (r: Result) => {
  expect(r.stderr).not.toMatch(STACK);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
};

describe('errors and exit codes', () => {
  it('audit export into a missing folder: one line, exit 1', async () => {
    const r = await cli(
      { home, env },
      'audit',
      'export',
      '--output',
      join(home, 'missing', 'audit.jsonl'),
    );
    expect(r.code).toBe(1);
    oneLine(r);
    expect(r.stderr).toContain('missing/audit.jsonl');
  });

  it('`| head -1` ends quietly with 0', async () => {
    // Enough output to outlast the pipe's buffer once head has gone (bounded: 400 agents).
    for (let i = 0; i < 400; i++)
      await tg.agents.create({
        id: `pipe-${i}`,
        name: `a fairly long display name ${i}`.repeat(4),
      });
    const r = await shell(
      { home, env },
      `$TOLLGATE audit export | head -1; echo "exit=\${PIPESTATUS[0]}" >&2`,
    );
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toBe('exit=0');
  });

  it('usage errors exit 2: numbers, amounts, choices, JSON flags (named)', async () => {
    for (const args of [
      ['agents', 'list', '--limit', 'lots'],
      ['agents', 'list', '--limit', '0'],
      ['agents', 'list', '--status', 'asleep'],
      ['agents', 'budget', 'set', 'x', 'lots'],
      ['agents', 'create', 'x', '--alert', '150'],
      ['tools', 'register', 't', '--base-url', 'https://t.test', '--policy', 'maybe'],
    ]) {
      const r = await cli({ home, env }, ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).not.toMatch(STACK);
    }
    const template = await cli(
      { home, env },
      'triggers',
      'create',
      'h',
      '--agent',
      'a',
      '--service',
      's',
      '--operation',
      'o',
      '--template',
      '{bad',
    );
    expect(template.code).toBe(2);
    expect(template.stderr).toContain('--template');
    const input = await cli(
      { home, env, input: '{bad' },
      'api',
      'POST',
      '/v1/agents',
      '--input',
      '-',
    );
    expect(input.code).toBe(2);
    expect(input.stderr).toContain('--input');
  });

  it('connection refused names the endpoint', async () => {
    const r = await cli(
      { home, env: { ...env, TOLLGATE_BASE_URL: 'http://127.0.0.1:9' } },
      'agents',
      'list',
    );
    expect(r.code).toBe(1);
    oneLine(r);
    expect(r.stderr).toContain('http://127.0.0.1:9');
  });

  it('a missing credential mentions tollgate login', async () => {
    const r = await cli({ home, env: { TOLLGATE_BASE_URL: server.url } }, 'agents', 'list');
    expect(r.code).toBe(1);
    oneLine(r);
    expect(r.stderr).toContain('tollgate login');
  });

  it('a config file holding a secret that others can read: a warning on every command, refused with --strict', async () => {
    const open = newHome();
    mkdirSync(join(open, '.tollgate'));
    const file = join(open, '.tollgate', 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        profiles: { default: { endpoint: server.url, api_key: server.adminApiKey } },
      }),
    );
    chmodSync(file, 0o644);
    const warned = await cli({ home: open }, 'agents', 'list', '--limit', '1');
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain(`warning: ${file}`);
    expect(warned.stderr).toContain('chmod 600');
    const strict = await cli({ home: open }, '--strict', 'agents', 'list');
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe('');
    chmodSync(file, 0o600);
    expect((await cli({ home: open }, 'agents', 'list', '--limit', '1')).stderr).toBe('');
    rmSync(open, { recursive: true, force: true });
  });

  it('config list shows no more of a secret than its type prefix', async () => {
    const h = newHome();
    await cli({ home: h }, 'config', 'set', 'api-key', server.adminApiKey);
    await cli({ home: h }, 'config', 'set', 'client-secret', 'tgcs_abcdefgh');
    await cli({ home: h }, '--profile', 'x', 'config', 'set', 'api-key', 'sk-plainsecret');
    const list = await cli({ home: h }, 'config', 'list');
    expect(list.stdout).toContain('tg_test_…');
    expect(list.stdout).toContain('tgcs_…');
    expect(list.stdout).not.toContain(server.adminApiKey.slice(0, 9));
    expect(list.stdout).not.toContain('tgcs_a');
    expect(list.stdout).not.toContain('sk-');
    rmSync(h, { recursive: true, force: true });
  });
});
