// Item 16: --json is exactly the API's objects (and no progress bar), people get readable
// output, destructive commands confirm, and `tollgate api` reaches any path.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer } from '@tollgate/dev-server/testing';
import { Tollgate } from '@tollgate/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, newHome, onTerminal } from './helpers';

const server = await startTestServer();
const tg = new Tollgate(server.admin);
const home = newHome();
const { env } = server;
afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const i of items) out.push(i);
  return out;
}

describe('output', () => {
  it('agents create, and agents list --json prints exactly the API objects', async () => {
    const created = await cli(
      { home, env },
      'agents',
      'create',
      'out-1',
      '--name',
      'Out',
      '--budget',
      '5',
      '--alert',
      '80',
      '--json',
    );
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toEqual(await tg.agents.get('out-1'));
    expect((await tg.agents.get('out-1')).budget).toMatchObject({
      limit_micros: 5_000_000,
      alert_threshold_pct: 80,
    });
    const listed = JSON.parse((await cli({ home, env }, 'agents', 'list', '--json')).stdout);
    expect(listed).toEqual(await all(tg.agents.list()));
    const table = (await cli({ home, env }, 'agents', 'list')).stdout;
    expect(table).toMatch(/^out-1\s+Out\s+active\s+\$0\.00\s+\$5\.00/m);
  });

  it('get commands print details for people, JSON with --json', async () => {
    const human = await cli({ home, env }, 'agents', 'get', 'out-1');
    expect(human.code).toBe(0);
    expect(() => JSON.parse(human.stdout)).toThrow();
    expect(human.stdout).toMatch(/^id\s+out-1$/m);
    expect(human.stdout).toMatch(/^budget\.limit_micros\s+5000000 \(\$5\.00\)$/m);
    expect(
      JSON.parse((await cli({ home, env }, 'agents', 'get', 'out-1', '--json')).stdout).id,
    ).toBe('out-1');
  });

  it('--json never draws the progress bar, even on a terminal', async () => {
    const out = join(home, 'audit.jsonl');
    const bar = await onTerminal({ home, env }, 'audit', 'export', '--output', out);
    expect(bar.stdout).toContain('[#'); // the bar is there on a terminal without --json
    const json = await onTerminal({ home, env }, 'audit', 'export', '--output', out, '--json');
    expect(json.code).toBe(0);
    expect(json.stdout).not.toContain('[#');
    expect(readFileSync(out, 'utf8').length).toBeGreaterThan(0);
  });

  it('destructive commands need --yes off a terminal, and ask on one', async () => {
    const tool = await tg.tools.register({
      name: 'rm-me',
      base_url: 'https://t.test',
      auth_type: 'none',
      policy: 'allow',
    });
    const refused = await cli({ home, env }, 'tools', 'delete', tool.id);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    expect((await tg.tools.get(tool.id)).id).toBe(tool.id);
    const no = await onTerminal({ home, env, input: 'n\n' }, 'tools', 'delete', tool.id);
    expect(no.stdout).toContain(`delete tool ${tool.id}? [y/N]`);
    expect(no.code).toBe(1);
    expect((await tg.tools.get(tool.id)).id).toBe(tool.id);
    const yes = await onTerminal({ home, env, input: 'y\n' }, 'tools', 'delete', tool.id);
    expect(yes.code).toBe(0);
    await expect(tg.tools.get(tool.id)).rejects.toThrow(/404/);
    const other = await tg.tools.register({
      name: 'rm-me-2',
      base_url: 'https://t.test',
      auth_type: 'none',
      policy: 'allow',
    });
    expect((await cli({ home, env }, 'tools', 'delete', other.id, '--yes')).code).toBe(0);
  });
});

describe('tollgate api', () => {
  it('GET with fields as the query, POST with fields or --input as the body', async () => {
    const page = JSON.parse(
      (await cli({ home, env }, 'api', 'GET', '/v1/agents', '--field', 'limit=1')).stdout,
    );
    expect(page.data).toHaveLength(1);
    const posted = await cli(
      { home, env },
      'api',
      'post',
      '/v1/agents',
      '-f',
      'id=api-1',
      '-f',
      'name=Api',
    );
    expect(posted.code, posted.stderr).toBe(0);
    expect(JSON.parse(posted.stdout)).toMatchObject({ id: 'api-1', name: 'Api' });
    const input = await cli(
      { home, env, input: JSON.stringify({ limit_micros: 1_000_000, alert_threshold_pct: 50 }) },
      'api',
      'PUT',
      '/v1/agents/api-1/budget',
      '--input',
      '-',
    );
    expect(input.code, input.stderr).toBe(0);
    expect((await tg.agents.getBudget('api-1')).limit_micros).toBe(1_000_000);
    const missing = await cli({ home, env }, 'api', 'GET', '/v1/agents/nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/404/);
    expect((await cli({ home, env }, 'api', 'FETCH', '/v1/agents')).code).toBe(2);
    expect(existsSync(join(home, '.tollgate', 'config.json'))).toBe(false);
  });
});
