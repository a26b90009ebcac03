import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { harness } from './helpers';

/** A stand-in provider on loopback that records what it receives. */
const seen: { url?: string; auth?: string; body: string }[] = [];
const provider = createServer(async (req: IncomingMessage, res) => {
  let body = '';
  for await (const c of req) body += c;
  seen.push({ url: req.url, auth: req.headers.authorization, body });
  if (JSON.parse(body).stream) {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: {"choices":[{"delta":{"content":"up"}}]}\n\n');
    res.end(
      'data: {"choices":[],"usage":{"prompt_tokens":1000,"completion_tokens":1000}}\n\ndata: [DONE]\n\n',
    );
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      id: 'chatcmpl-up',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-4o',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'from upstream' },
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 100, completion_tokens: 100, total_tokens: 200 },
    }),
  );
});
await new Promise<void>((r) => provider.listen(0, '127.0.0.1', r));
const upstream = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/v1`;
const h = await harness({ upstream: { openai: upstream, openaiApiKey: 'sk-operator' } });
afterAll(async () => {
  await h.server.close();
  provider.close();
});

describe('forwarding to an upstream provider', () => {
  it('forwards with the operator key, passes the answer back and charges the reported usage', async () => {
    const a = await h.agent('fwd');
    const r = await h.call('createChatCompletion', {
      agent: a.signer,
      token: null,
      body: { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(r.status).toBe(200);
    expect(r.body.choices[0].message.content).toBe('from upstream');
    expect(seen.at(-1)).toMatchObject({ url: '/v1/chat/completions', auth: 'Bearer sk-operator' });
    // gpt-4o: 100 × 2.5 + 100 × 10 micro-dollars per thousand tokens → 1 250 micros.
    expect(r.headers.get('x-tollgate-cost-micros')).toBe('1250');
    expect(r.headers.has('x-tollgate-budget-remaining-micros')).toBe(false); // no budget applies
    const streamed = await h.call('createChatCompletion', {
      agent: a.signer,
      token: null,
      body: { model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(streamed.body).toContain('"content":"up"');
    // Settled before the stream's end was written: the whole body in hand means charged.
    const budget = await h.expectOk('getAgentBudget', { path: { agent_id: 'fwd' } });
    expect(budget.body.spent_micros).toBe(1250 + 12_500);
  });

  it('says what the budget has left after the reported usage was charged; a stream cannot', async () => {
    const a = await h.agent('fwd-remaining', { limit_micros: 100_000 });
    const asked = { agent: a.signer, token: null } as const;
    const body = { model: 'gpt-4o', max_tokens: 1000, messages: [{ role: 'user', content: 'hi' }] };
    const r = await h.expectOk('createChatCompletion', { ...asked, body });
    expect(r.headers.get('x-tollgate-budget-remaining-micros')).toBe(String(100_000 - 1250));
    const budget = await h.expectOk('getAgentBudget', { path: { agent_id: 'fwd-remaining' } });
    expect(budget.body.remaining_micros).toBe(100_000 - 1250);
    // Headers go out before the upstream's stream is charged.
    const streamed = await h.call('createChatCompletion', {
      ...asked,
      body: { ...body, stream: true },
    });
    expect(streamed.status).toBe(200);
    expect(streamed.headers.has('x-tollgate-budget-remaining-micros')).toBe(false);
  });

  it('adds the output cap without dropping fields the contract does not name (tools, unknown keys)', async () => {
    const a = await h.agent('fwd-fields');
    const tools = [
      { type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } },
    ];
    const r = await h.call('createChatCompletion', {
      agent: a.signer,
      token: null,
      body: {
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'hi' }],
        tools,
        tool_choice: 'auto',
        stream_options: { include_obfuscation: false },
        x_vendor_hint: { keep: true },
      },
    });
    expect(r.status).toBe(200);
    const sent = JSON.parse(seen.at(-1)?.body ?? '{}');
    // The cap the agent did not set is added, and nothing the agent sent is lost on the way.
    expect(sent.max_completion_tokens ?? sent.max_tokens).toBeGreaterThan(0);
    expect(sent).toMatchObject({ tools, tool_choice: 'auto', x_vendor_hint: { keep: true } });
    expect(sent.stream_options).toEqual({ include_obfuscation: false });
  });
});
