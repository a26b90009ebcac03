/**
 * `agent.fetch` goes through the SDK's one pipeline: the client's timeout, retry policy, debug
 * log and redaction apply to proxied LLM calls too. Against the real dev server over
 * loopback, its LLM proxy forwarding to a provider stand-in on another loopback port that
 * fails, hangs or answers as each test says.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { TimeoutError, Tollgate, TollgateError } from '../src/index';
import { devServer } from './setup-server';

type Behaviour = (res: ServerResponse, call: number) => void;

/** The provider stand-in: each chat completion gets the behaviour of the moment. */
async function provider() {
  let behaviour: Behaviour = (res) => completion(res);
  let calls = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => behaviour(res, ++calls));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: () => calls,
    behave(next: Behaviour) {
      behaviour = next;
      calls = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function completion(res: ServerResponse) {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      id: 'c1',
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 1 },
    }),
  );
}

const upstream = await provider();
const { server, tg } = await devServer({ upstream: { openai: `${upstream.url}/v1` } });
afterAll(async () => {
  await server.close();
  await upstream.close();
});

/** An agent of a client with these options, and the log lines that client writes. */
async function agentOf(agentId: string, options: ConstructorParameters<typeof Tollgate>[0]) {
  const logs: string[] = [];
  const sink = { debug: logs.push.bind(logs), info() {}, warn() {}, error() {} };
  const client = new Tollgate({
    baseUrl: server.url,
    apiKey: server.adminApiKey,
    caPublicKey: server.caPublicJwk,
    logger: sink,
    logLevel: 'debug',
    backoff: { initialDelay: 0, maxDelay: 0 },
    ...options,
  });
  await tg.agents.create({ id: agentId, name: agentId, budget: { limit_micros: 1_000_000 } });
  return { agent: await client.agents.register({ agentId }), logs };
}

const chat = (headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }),
});

describe('agent.fetch through the pipeline', () => {
  it("a hung upstream ends by the client's timeout, with a TimeoutError", async () => {
    const { agent } = await agentOf('hung', { timeout: 1000 });
    upstream.behave(() => {});
    const url = `${agent.proxyUrl('openai')}/chat/completions`;
    await expect(agent.fetch(url, chat())).rejects.toBeInstanceOf(TimeoutError);
    // Never resent (a POST without a key). On a loaded machine the attempt may time out before
    // the proxy reaches the stand-in, so "at most once", not "exactly once".
    expect(upstream.calls()).toBeLessThanOrEqual(1);
  });

  it('names the proxied providers; an unknown one is a TollgateError, never another URL', async () => {
    const { agent } = await agentOf('providers', {});
    expect(agent.proxyUrl('openai')).toMatch(/\/v1\/proxy\/openai\/v1$/);
    expect(agent.proxyUrl('anthropic')).toMatch(/\/v1\/proxy\/anthropic$/);
    // Google's base URL with its API version, as @ai-sdk/google and Google's REST reference use it.
    expect(agent.proxyUrl('google')).toMatch(/\/v1\/proxy\/google\/v1beta$/);
    // An untyped caller (JavaScript, or a provider this contract does not proxy yet).
    const proxyUrl = agent.proxyUrl as (provider: string) => string;
    expect(() => proxyUrl.call(agent, 'mistral')).toThrow(TollgateError);
    expect(() => proxyUrl.call(agent, 'mistral')).toThrow(
      /no proxy for provider "mistral" \(this control plane proxies openai, anthropic, google\)/,
    );
    expect(() => proxyUrl.call(agent, 'toString')).toThrow(TollgateError);
  });

  it('writes a debug line for each call, the path only, no credential', async () => {
    const { agent, logs } = await agentOf('logged', {});
    upstream.behave((res) => completion(res));
    const response = await agent.fetch(`${agent.proxyUrl('openai')}/chat/completions?k=v`, chat());
    expect(response.status).toBe(200);
    const line = logs.find((l) => l.includes('/v1/proxy/openai/v1/chat/completions'));
    expect(line).toMatch(/^\[tollgate\] POST http:\/\/127\.0\.0\.1:\d+\S+\?… → 200 \(\d+ms\)$/);
    expect(logs.join('\n')).not.toMatch(/eyJ|Bearer/);
  });

  it('retries a 5xx when the request carries an Idempotency-Key', async () => {
    const { agent, logs } = await agentOf('retried', { maxRetries: 2 });
    upstream.behave((res, call) => (call === 1 ? res.writeHead(503).end() : completion(res)));
    const url = `${agent.proxyUrl('openai')}/chat/completions`;
    const response = await agent.fetch(url, chat({ 'Idempotency-Key': 'llm-call-1' }));
    expect(response.status).toBe(200);
    expect((await response.json()).id).toBe('c1');
    expect(upstream.calls()).toBe(2);
    expect(logs.some((l) => l.includes('retrying POST'))).toBe(true);
  });

  it('never retries a POST without a key: the 5xx comes back as the response', async () => {
    const { agent } = await agentOf('not-retried', { maxRetries: 2 });
    upstream.behave((res) => res.writeHead(503).end());
    const url = `${agent.proxyUrl('openai')}/chat/completions`;
    const response = await agent.fetch(url, chat());
    expect(response.status).toBe(502);
    expect((await response.json()).code).toBe('upstream_error');
    expect(upstream.calls()).toBe(1);
  });
});
