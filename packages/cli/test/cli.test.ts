import { spawn } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer } from '@tollgate/dev-server/testing';
import { Tollgate } from '@tollgate/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, newHome, cli as run } from './helpers';

const home = newHome();
const server = await startTestServer();
const tg = new Tollgate(server.admin);
afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});
const cli = (...args: string[]) => run({ home }, ...args);

describe('tollgate', () => {
  it('config set/get/list: 0600 file, secrets masked', async () => {
    expect((await cli('config', 'set', 'endpoint', server.url)).code).toBe(0);
    expect((await cli('config', 'set', 'api-key', server.adminApiKey)).code).toBe(0);
    expect((await cli('config', 'set', 'ca-public-key', server.caPublicJwk.x)).code).toBe(0);
    expect(statSync(join(home, '.tollgate/config.json')).mode & 0o777).toBe(0o600);
    const list = await cli('config', 'list');
    expect(list.stdout).toContain(server.url);
    expect(list.stdout).not.toContain(server.adminApiKey);
    expect((await cli('config', 'get', 'endpoint')).stdout.trim()).toBe(server.url);
  });

  it('config set takes a value that starts with "-" (a base64url key does, one time in 64)', async () => {
    const other = newHome();
    try {
      const set = await run({ home: other }, 'config', 'set', 'ca-public-key', '-Abc_9', '--json');
      expect(set.code).toBe(0);
      expect(JSON.parse(set.stdout)).toMatchObject({ key: 'ca-public-key', value: '-Abc_9' });
      const got = await run({ home: other }, 'config', 'get', 'ca-public-key');
      expect(got.stdout.trim()).toBe('-Abc_9');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('exit codes: 0 ok, 1 API error with the request id, 2 usage', async () => {
    const ok = await cli('agents', 'list', '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual([]);
    const missing = await cli('agents', 'get', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/404 \(not_found\).*\[request req_/);
    expect((await cli('agents', 'frobnicate')).code).toBe(2);
    expect((await cli('config', 'set', 'colour', 'blue')).code).toBe(2);
  });

  it('agents, budgets, whoami and doctor', async () => {
    const reg = await cli('agents', 'register', 'cli-agent', '--budget', '2.50', '--json');
    expect(reg.code).toBe(0);
    expect(JSON.parse(reg.stdout).run_id).toMatch(/^run_/);
    expect(
      (await cli('agents', 'budget', 'set', 'cli-agent', '5', '--alert', '80')).stdout,
    ).toContain('$5.00');
    const budget = JSON.parse((await cli('agents', 'budget', 'get', 'cli-agent', '--json')).stdout);
    expect(budget).toMatchObject({ limit_micros: 5_000_000, alert_threshold_pct: 80 });
    expect((await cli('agents', 'suspend', 'cli-agent')).stdout).toContain('suspended cli-agent');
    expect((await cli('agents', 'resume', 'cli-agent')).code).toBe(0);
    expect((await cli('whoami')).stdout).toContain('admin');
    const doctor = await cli('doctor', '--json');
    const checks = JSON.parse(doctor.stdout) as { check: string; ok: boolean }[];
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.map((c) => c.check)).toEqual(
      expect.arrayContaining([
        'reachable',
        'version',
        'clock',
        'ca pin',
        'credentials',
        'permissions',
      ]),
    );
  });

  it('budget periods, budget groups and rate limits', async () => {
    await cli('agents', 'register', 'grouped', '--budget', '1.00');
    const daily = await cli(
      'agents',
      'budget',
      'set',
      'grouped',
      '2',
      '--period',
      'daily',
      '--time-zone',
      'Europe/Paris',
    );
    expect(daily.stdout).toMatch(/grouped: limit \$2\.00 daily, resets \d{4}-/);
    const created = await cli('budget-groups', 'create', 'cli-team', '10', '--period', 'monthly');
    expect(created.stdout).toMatch(
      /created cli-team: spent \$0\.00 of \$10\.00 this period \(resets /,
    );
    expect((await cli('agents', 'group', 'grouped', 'cli-team')).stdout).toContain(
      'budget group cli-team',
    );
    const updated = await cli('budget-groups', 'update', 'cli-team', '--limit', '20');
    expect(updated.stdout).toContain('of $20.00');
    const groups = JSON.parse((await cli('budget-groups', 'list', '--json')).stdout);
    expect(groups).toMatchObject([{ id: 'cli-team', limit_micros: 20_000_000, period: 'monthly' }]);
    const limited = await cli('agents', 'rate-limit', 'grouped', '--rpm', '60');
    expect(limited.stdout).toContain('grouped: 60 calls/min, unlimited tokens/min');
    const agent = JSON.parse((await cli('agents', 'get', 'grouped', '--json')).stdout);
    expect(agent).toMatchObject({
      budget_group_id: 'cli-team',
      rate_limits: { requests_per_minute: 60, tokens_per_minute: null },
    });
    expect((await cli('agents', 'group', 'grouped', 'none')).stdout).toContain('budget group none');
    const bad = await cli('budget-groups', 'create', 'x', '1', '--period', 'hourly');
    expect(bad.code).toBe(2);
  });

  it('tools, runs, approvals and runs tail', async () => {
    const tool = JSON.parse(
      (
        await cli(
          'tools',
          'register',
          'ledger',
          '--base-url',
          'https://ledger.example.test',
          '--json',
        )
      ).stdout,
    );
    const found = JSON.parse((await cli('tools', 'list', '--name', 'ledger', '--json')).stdout);
    expect(found.map((t: { id: string }) => t.id)).toEqual([tool.id]);
    const created = await tg.runs.create({
      agent_id: 'cli-agent',
      tool_id: tool.id,
      action: 'post',
    });
    const pending = JSON.parse((await cli('approvals', 'list', '--json')).stdout) as {
      id: string;
    }[];
    expect(pending.map((a) => a.id)).toContain(created.approval_id);
    expect((await cli('approvals', 'approve', created.approval_id!)).stdout).toContain('approved');
    const tail = await cli('runs', 'tail', created.run.id);
    expect(tail.code).toBe(0);
    expect(tail.stdout).toContain('run.succeeded');
    expect((await cli('runs', 'list')).stdout).toContain(created.run.id);
  });

  it('audit export writes every entry as CSV or JSONL', async () => {
    const total = (await tg.auditLog.list({ limit: 1 })).body.total as number;
    const out = join(home, 'audit.csv');
    expect((await cli('audit', 'export', '--format', 'csv', '--output', out)).code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'id,created_at,action,actor_type,actor_id,agent_id,target_type,target_id,request_id,data',
    );
    expect(lines.length - 1).toBeGreaterThanOrEqual(total);
    const jsonl = (await cli('audit', 'export')).stdout.trim().split('\n');
    expect(JSON.parse(jsonl[0]!).id).toMatch(/^aud_/);
  });

  it('api keys and triggers show secrets once', async () => {
    const key = JSON.parse(
      (await cli('api-keys', 'create', 'ro', '--scopes', 'runs:read', '--json')).stdout,
    );
    expect(key.secret).toMatch(/^tg_test_/);
    expect((await cli('api-keys', 'list')).stdout).not.toContain(key.secret);
    const trigger = JSON.parse(
      (
        await cli(
          'triggers',
          'create',
          'hook',
          '--agent',
          'cli-agent',
          '--service',
          'email',
          '--operation',
          'send',
          '--json',
        )
      ).stdout,
    );
    expect(trigger.secret).toMatch(/^whsec_/);
    expect((await cli('triggers', 'delete', trigger.trigger.id, '--yes')).code).toBe(0);
  });

  it('dev starts a control plane and makes it the active profile (named by --profile)', async () => {
    const child = spawn(
      process.execPath,
      [CLI, 'dev', '--port', '0', '--profile', 'local', '--json'],
      {
        cwd: home,
        env: { ...process.env, TOLLGATE_CONFIG_DIR: join(home, '.dev-config') },
      },
    );
    let out = '';
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d) => {
        out += d;
        if (out.trim().endsWith('}')) resolve();
      }),
    );
    const info = JSON.parse(out);
    const config = JSON.parse(readFileSync(join(home, '.dev-config/config.json'), 'utf8'));
    expect(config.profile).toBe('local');
    expect(config.profiles.local).toMatchObject({ endpoint: info.url, api_key: info.adminApiKey });
    expect((await (await fetch(`${info.url}/v1/health`)).json()).status).toBe('ok');
    child.kill('SIGINT');
    await new Promise((r) => child.on('exit', r));
  });

  it('init scaffolds an agent project', async () => {
    const result = await cli('init', 'my-agent', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).files).toEqual([
      'package.json',
      'agent.ts',
      'README.md',
      'tsconfig.json',
      '.gitignore',
      '.mcp.json',
    ]);
    expect(readFileSync(join(home, 'my-agent/agent.ts'), 'utf8')).toContain("agentId: 'my-agent'");
    expect((await cli('init', 'my-agent')).code).toBe(2);
  });
});
