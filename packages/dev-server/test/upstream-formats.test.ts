/**
 * Forwarding each wire format to an upstream on loopback that, like the real providers,
 * reports a stream's usage only in its own way: OpenAI chat only when asked
 * (`stream_options.include_usage`), Responses in `response.completed`, Gemini in the last
 * chunk's `usageMetadata`. Each call is charged what the provider counted, never an estimate.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { costMicros } from '../src/index';
import { harness } from './helpers';

/** The provider's text: 100 characters, which a length estimate would call 25 tokens. */
const TEXT = 'word '.repeat(20);
const seen: { url: string; key?: string; body: Record<string, unknown> }[] = [];
const sse = (data: object, event?: string) =>
  `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;

/** Streams `event` until the proxy hangs up (bounded: a proxy that never cuts off fails). */
async function endless(res: ServerResponse, event: string) {
  for (let i = 0; i < 5_000 && !res.destroyed; i++) {
    if (!res.write(event)) await new Promise((r) => res.once('drain', r));
    await new Promise((r) => setImmediate(r));
  }
  res.end();
}

const provider = createServer(async (req, res) => {
  let text = '';
  for await (const c of req) text += c;
  const body = JSON.parse(text) as Record<string, unknown>;
  const url = req.url ?? '';
  const key = (req.headers.authorization ?? req.headers['x-goog-api-key']) as string | undefined;
  seen.push({ url, key, body });
  const stream = () => res.writeHead(200, { 'content-type': 'text/event-stream' });
  if (url === '/v1/chat/completions' && body.stream) {
    stream();
    res.write(
      sse({ id: 'c1', model: body.model, choices: [{ index: 0, delta: { content: TEXT } }] }),
    );
    const asked = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage;
    if (asked)
      res.write(sse({ id: 'c1', choices: [], usage: { prompt_tokens: 7, completion_tokens: 5 } }));
    return void res.end('data: [DONE]\n\n');
  }
  const usage = { input_tokens: 11, output_tokens: 3, total_tokens: 14 };
  const response = { id: 'resp_up', object: 'response', created_at: 1, model: body.model };
  if (url === '/v1/responses' && body.stream) {
    stream();
    if (body.input === 'endless') {
      res.write(sse({ type: 'response.created', response }, 'response.created'));
      const delta = { type: 'response.output_text.delta', delta: TEXT };
      return void endless(res, sse(delta, 'response.output_text.delta'));
    }
    res.write(
      sse(
        { type: 'response.created', response: { ...response, status: 'in_progress', output: [] } },
        'response.created',
      ),
    );
    res.write(
      sse(
        { type: 'response.output_text.delta', output_index: 0, content_index: 0, delta: TEXT },
        'response.output_text.delta',
      ),
    );
    const done = { ...response, status: 'completed', output: [], usage };
    return void res.end(sse({ type: 'response.completed', response: done }, 'response.completed'));
  }
  if (url === '/v1/responses') {
    res.writeHead(200, { 'content-type': 'application/json' });
    const output = [
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: TEXT }] },
    ];
    return void res.end(JSON.stringify({ ...response, status: 'completed', output, usage }));
  }
  const candidates = [{ index: 0, content: { role: 'model', parts: [{ text: TEXT }] } }];
  const usageMetadata = { promptTokenCount: 13, candidatesTokenCount: 4, totalTokenCount: 17 };
  if (url.includes(':streamGenerateContent')) {
    stream();
    const first = (body.contents as { parts: { text: string }[] }[])[0]?.parts[0]?.text;
    if (first === 'endless') return void endless(res, sse({ candidates }));
    res.write(sse({ candidates }));
    return void res.end(
      sse({ candidates: [{ ...candidates[0], finishReason: 'STOP' }], usageMetadata }),
    );
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ candidates, usageMetadata }));
});
await new Promise<void>((r) => provider.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
const h = await harness({
  upstream: { openai: `${base}/v1`, google: base, openaiApiKey: 'sk-op', googleApiKey: 'g-op' },
  defaultMaxOutputTokens: 64,
});
afterAll(async () => {
  expect(h.logged).toEqual([]);
  await h.server.close();
  provider.close();
});

const spent = async (agentId: string) =>
  (await h.expectOk('getAgentBudget', { path: { agent_id: agentId } })).body.spent_micros;

describe('streamed chat completions are charged from the provider’s usage', () => {
  const chat = { model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'hi' }] };

  it('asks the upstream for usage on the caller’s behalf and does not pass it on', async () => {
    const a = await h.agent('chat-usage');
    const r = await h.call('createChatCompletion', { agent: a.signer, token: null, body: chat });
    expect(seen.at(-1)!.body).toMatchObject({ stream_options: { include_usage: true } });
    expect(r.body).toContain(TEXT);
    expect(r.body).not.toContain('"usage"');
    // 7 in, 5 out as the provider counted, not the 25 the text's length suggests.
    expect(await spent('chat-usage')).toBe(costMicros('gpt-4o', 7, 5));
  });

  it('passes the usage chunk on when the caller asked for it', async () => {
    const a = await h.agent('chat-usage-asked');
    const body = { ...chat, stream_options: { include_usage: true } };
    const r = await h.call('createChatCompletion', { agent: a.signer, token: null, body });
    expect(r.body).toContain('"usage":{"prompt_tokens":7,"completion_tokens":5}');
    expect(await spent('chat-usage-asked')).toBe(costMicros('gpt-4o', 7, 5));
  });
});

describe('Responses and Gemini calls forwarded upstream', () => {
  it('Responses: forwards with the operator key and the reserved cap, charges the usage', async () => {
    const a = await h.agent('fwd-responses');
    const body = { model: 'gpt-4o', input: 'hi' };
    const r = await h.expectOk('createResponse', { agent: a.signer, token: null, body });
    expect(r.body.output[0].content[0].text).toBe(TEXT);
    expect(seen.at(-1)).toMatchObject({
      url: '/v1/responses',
      key: 'Bearer sk-op',
      body: { ...body, max_output_tokens: 64 },
    });
    expect(r.headers.get('x-tollgate-cost-micros')).toBe(String(costMicros('gpt-4o', 11, 3)));
    const streamed = await h.call('createResponse', {
      agent: a.signer,
      token: null,
      body: { ...body, stream: true, max_output_tokens: 32 },
    });
    expect(streamed.body).toContain('event: response.completed');
    expect(seen.at(-1)!.body).toEqual({ ...body, stream: true, max_output_tokens: 32 });
    expect(await spent('fwd-responses')).toBe(2 * costMicros('gpt-4o', 11, 3));
  });

  it('Gemini: forwards to the model’s path with the key and maxOutputTokens, charges usageMetadata', async () => {
    const a = await h.agent('fwd-gemini');
    const model = 'gemini-2.5-flash';
    // Fields the contract does not name (tools, a newer generationConfig knob) reach the
    // provider beside the cap the proxy adds.
    const tools = [{ functionDeclarations: [{ name: 'lookup', description: 'Look up' }] }];
    const body = {
      contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
      generationConfig: { temperature: 0, thinkingConfig: { thinkingBudget: 0 } },
      tools,
    };
    const r = await h.expectOk('generateContent', {
      agent: a.signer,
      token: null,
      path: { model },
      body,
    });
    expect(r.body.candidates[0].content.parts[0].text).toBe(TEXT);
    expect(seen.at(-1)).toMatchObject({
      url: `/v1beta/models/${model}:generateContent`,
      key: 'g-op',
      body: { ...body, generationConfig: { ...body.generationConfig, maxOutputTokens: 64 } },
    });
    const streamed = await h.call('streamGenerateContent', {
      agent: a.signer,
      token: null,
      path: { model },
      query: { alt: 'sse' },
      body,
    });
    expect(seen.at(-1)!.url).toBe(`/v1beta/models/${model}:streamGenerateContent?alt=sse`);
    expect(streamed.body).toContain('"finishReason":"STOP"');
    expect(await spent('fwd-gemini')).toBe(2 * costMicros(model, 13, 4));
  });
});

describe('the model in the Gemini path', () => {
  it('is one path segment upstream, however it was encoded (no ../ onto another endpoint)', async () => {
    const a = await h.agent('fwd-gemini-path');
    const body = { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] };
    const model = '..%2F..%2Fv1%2Ffiles';
    const url = `${h.server.url}/v1/proxy/google/v1beta/models/${model}:generateContent`;
    const text = JSON.stringify(body);
    const headers = await a.signer.headers({ method: 'POST', url, body: text });
    const r = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: text,
    });
    expect(r.status).toBe(200);
    expect(seen.at(-1)!.url).toBe(`/v1beta/models/..%2F..%2Fv1%2Ffiles:generateContent`);
  });
});

describe('a stream that outgrows its reservation is cut off in its own format', () => {
  const worstCase = (model: string, body: object, cap: number) =>
    costMicros(model, Buffer.byteLength(JSON.stringify(body)), cap);

  it('Responses: response.incomplete, reason max_output_tokens; charged the reservation', async () => {
    const a = await h.agent('cut-responses', { limit_micros: 1_000_000 });
    const body = { model: 'gpt-4o', input: 'endless', stream: true, max_output_tokens: 40 };
    const r = await h.call('createResponse', { agent: a.signer, token: null, body });
    const last = (r.body as string).split('\n\n').filter(Boolean).at(-1)!;
    expect(last).toMatch(/^event: response\.incomplete\n/);
    const data = JSON.parse(last.split('data: ')[1]!);
    expect(data.response).toMatchObject({
      id: 'resp_up',
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
    });
    expect(await spent('cut-responses')).toBe(worstCase('gpt-4o', body, 40));
  });

  it('Gemini: a last chunk with finishReason MAX_TOKENS; charged the reservation', async () => {
    const a = await h.agent('cut-gemini', { limit_micros: 1_000_000 });
    const model = 'gemini-2.5-flash';
    const body = {
      contents: [{ role: 'user', parts: [{ text: 'endless' }] }],
      generationConfig: { maxOutputTokens: 40 },
    };
    const r = await h.call('streamGenerateContent', {
      agent: a.signer,
      token: null,
      path: { model },
      query: { alt: 'sse' },
      body,
    });
    const last = JSON.parse((r.body as string).split('\n\n').filter(Boolean).at(-1)!.slice(6));
    expect(last.candidates[0].finishReason).toBe('MAX_TOKENS');
    expect(last.usageMetadata.candidatesTokenCount).toBeGreaterThanOrEqual(40);
    expect(await spent('cut-gemini')).toBe(worstCase(model, body, 40));
  });
});
