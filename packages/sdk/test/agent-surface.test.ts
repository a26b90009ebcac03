import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import { AgentIdentity, APIError, BudgetExceededError } from '../src/index';
import { devServer } from './setup-server';

// A small output cap keeps the LLM calls' reservations within the tests' tiny budgets.
const { server, tg } = await devServer({ defaultMaxOutputTokens: 16 });
afterAll(() => server.close());

describe('an agent is offered only what its identity may call', () => {
  it('registered and loaded identities are instanceof the AgentIdentity the root exports', async () => {
    const registered = await tg.agents.register({ agentId: 'instance' });
    const loaded = await tg.agents.load('instance');
    expect(registered).toBeInstanceOf(AgentIdentity);
    expect(loaded).toBeInstanceOf(AgentIdentity);
    expect({ agentId: 'instance' }).not.toBeInstanceOf(AgentIdentity);
    expect(registered.constructor.name).toBe('AgentIdentity');
  });

  it('agent.runs: create, get, wait and downloadEvidence; none of the operator-only methods', async () => {
    const agent = await tg.agents.register({ agentId: 'surface' });
    expect(Object.keys(agent.runs).sort()).toEqual([
      'create',
      'downloadEvidence',
      'get',
      'reportOutcome',
      'wait',
    ]);
    expect(Object.keys(agent.tools).sort()).toEqual(['check', 'find', 'get', 'list']);
    expect(Object.keys(agent.approvals).sort()).toEqual(['claim', 'get', 'list']);
    for (const name of ['list', 'cancel', 'events', 'stream', 'exportEvidence'])
      expect(name in agent.runs).toBe(false);
    expect(Object.keys(agent.serviceRequests).sort()).toEqual(['create', 'createAndWait', 'get']);
    // The service catalog (listServices accepts an agent identity): what an agent may request.
    expect(Object.keys(agent.services)).toEqual(['list']);
    const catalog = await agent.services.list();
    expect(catalog.data.map((s) => s.id)).toContain('email');
    const tool = await tg.tools.register({
      name: 'surface-tool',
      base_url: 'https://tool.example',
      auth_type: 'none',
      policy: 'allow',
    });
    const created = await agent.runs.create({ tool_id: tool.id, action: 'GET /x', input: {} });
    expect((await agent.runs.get(created.run.id)).id).toBe(created.run.id);
    const run = await agent.runs.wait(created.run.id, { pollInterval: 10 });
    expect(run.status).toBe('succeeded');
  });
});

describe('a tool call the agent executes, governed on the server', () => {
  const conflict = (e: unknown) => (e instanceof APIError ? [e.status, e.code] : e);

  it('finds its tool by framework name, checks, claims once with the held input, reports', async () => {
    const agent = await tg.agents.register({ agentId: 'executor' });
    const schema = { type: 'object', properties: { amount: { type: 'number' } } };
    const tool = await tg.tools.register({
      name: 'refund-order',
      base_url: 'https://tool.example',
      auth_type: 'none',
      policy: 'approval_required',
      input_schema: schema,
    });
    const found = await agent.tools.find('refund_order');
    expect(found).toMatchObject({ id: tool.id, policy: 'approval_required', input_schema: schema });
    expect(await agent.tools.find('nothing-here')).toBeUndefined();

    const input = { amount: 5 };
    const held = await agent.tools.check(tool.id, { input });
    expect(held).toMatchObject({ decision: 'requires_approval', run: { executor: 'agent' } });
    const approvalId = held.approval_id as string;
    expect((await agent.approvals.get(approvalId)).status).toBe('pending');
    await tg.approvals.approve(approvalId);
    const tampered = await agent.approvals
      .claim(approvalId, { input: { amount: 500 } })
      .catch(conflict);
    expect(tampered).toEqual([409, 'input_mismatch']);
    const claimed = await agent.approvals.claim(approvalId, { input });
    expect(claimed.run).toMatchObject({ status: 'running', input });
    const twice = await agent.approvals.claim(approvalId, { input }).catch(conflict);
    expect(twice).toEqual([409, 'approval_claimed']);
    const done = await agent.runs.reportOutcome(claimed.run.id, {
      status: 'succeeded',
      output: { refunded: 5 },
    });
    expect(done).toMatchObject({ status: 'succeeded', output: { refunded: 5 } });
  });
});

describe('agent.openai() / agent.anthropic() with the official clients', () => {
  it('agent.openai(OpenAI, options): an instance of the class passed, its options applied, typed errors', async () => {
    const agent = await tg.agents.register({ agentId: 'typed-llm', budget: { limitMicros: 60 } });
    const openai = agent.openai(OpenAI, { maxRetries: 0, timeout: 5000 });
    expect(openai).toBeInstanceOf(OpenAI);
    expect(openai.maxRetries).toBe(0);
    expect(openai.baseURL).toBe(agent.proxyUrl('openai'));
    const reply = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'typed' }],
    });
    expect(reply.choices[0]?.message.content).toBe('Echo: typed');
    let failure: unknown;
    for (let i = 0; i < 30 && !failure; i++) {
      await openai.chat.completions
        .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'again' }] })
        .catch((e: unknown) => {
          failure = e;
        });
    }
    expect(failure).toBeInstanceOf(BudgetExceededError);
  });

  it('agent.anthropic(Anthropic, options)', async () => {
    const agent = await tg.agents.register({ agentId: 'typed-anthropic' });
    const anthropic = agent.anthropic(Anthropic, { maxRetries: 0 });
    expect(anthropic).toBeInstanceOf(Anthropic);
    const message = await anthropic.messages.create({
      model: 'claude-3-5-haiku-latest',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'Echo: Hi' });
  });

  it('without a class, loads the package of the project in process.cwd(), not the SDK’s own copy', async () => {
    const project = await mkdtemp(join(tmpdir(), 'tollgate-caller-'));
    const pkg = join(project, 'node_modules', 'openai');
    await mkdir(pkg, { recursive: true });
    await writeFile(
      join(pkg, 'package.json'),
      '{"name":"openai","version":"9.9.9","main":"index.js"}',
    );
    await writeFile(
      join(pkg, 'index.js'),
      'class OpenAI { constructor(o) { this.options = o; this.copy = "the caller’s" } makeStatusError() {} }\nmodule.exports = OpenAI;\nmodule.exports.default = OpenAI;\n',
    );
    const agent = await tg.agents.register({ agentId: 'by-name' });
    const before = process.cwd();
    try {
      process.chdir(project);
      const client = await agent.openai<{ copy: string; options: { baseURL: string } }>({});
      expect(client.copy).toBe('the caller’s');
      expect(client.options.baseURL).toBe(agent.proxyUrl('openai'));
    } finally {
      process.chdir(before);
      await rm(project, { recursive: true, force: true });
    }
  });
});
