/**
 * The OpenAI Responses and Gemini proxy routes against the fake provider: the answer in each
 * wire shape, streamed and not, charged from the usage it reports, and refusals in each
 * provider's own error envelope beside the problem details.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { costMicros } from '../src/index';
import { harness } from './helpers';

const h = await harness();
afterAll(async () => {
  expect(h.logged).toEqual([]);
  await h.server.close();
});

const prompt = 'Summarise the quarterly report please';
const events = (text: string) =>
  text
    .split('\n\n')
    .filter(Boolean)
    .map((e) => ({
      event: /^event: (.+)$/m.exec(e)?.[1],
      data: JSON.parse(/^data: (.+)$/m.exec(e)![1]!),
    }));
const spent = async (agentId: string) =>
  (await h.expectOk('getAgentBudget', { path: { agent_id: agentId } })).body.spent_micros;

describe('OpenAI Responses API (createResponse)', () => {
  const ask = { model: 'gpt-4o-mini', input: prompt, max_output_tokens: 16 };

  it('answers a response object and charges its usage', async () => {
    const a = await h.agent('responses');
    const r = await h.expectOk('createResponse', { agent: a.signer, token: null, body: ask });
    expect(r.body).toMatchObject({ object: 'response', status: 'completed', model: 'gpt-4o-mini' });
    expect(r.body.output[0].content[0]).toMatchObject({
      type: 'output_text',
      text: `Echo: ${prompt}`,
    });
    const { input_tokens, output_tokens } = r.body.usage;
    const cost = costMicros('gpt-4o-mini', input_tokens, output_tokens);
    expect(r.headers.get('x-tollgate-cost-micros')).toBe(String(cost));
    expect(await spent('responses')).toBe(cost);
  });

  it('streams the Responses events, usage in response.completed; a cut answer is incomplete', async () => {
    const a = await h.agent('responses-stream');
    const r = await h.call('createResponse', {
      agent: a.signer,
      token: null,
      body: {
        ...ask,
        stream: true,
        input: [{ role: 'user', content: [{ type: 'input_text', text: prompt }] }],
      },
    });
    expect(r.headers.get('content-type')).toContain('text/event-stream');
    const all = events(r.body);
    expect(all[0]!.event).toBe('response.created');
    expect(all.map((e) => e.data.sequence_number)).toEqual(all.map((_, i) => i));
    const text = all
      .filter((e) => e.event === 'response.output_text.delta')
      .map((e) => e.data.delta);
    expect(text.join('')).toBe(`Echo: ${prompt}`);
    const done = all.at(-1)!;
    expect(done.event).toBe('response.completed');
    const { input_tokens, output_tokens } = done.data.response.usage;
    expect(await spent('responses-stream')).toBe(
      costMicros('gpt-4o-mini', input_tokens, output_tokens),
    );

    const cut = await h.call('createResponse', {
      agent: a.signer,
      token: null,
      body: { ...ask, stream: true, max_output_tokens: 2 },
    });
    const last = events(cut.body).at(-1)!;
    expect(last.event).toBe('response.incomplete');
    expect(last.data.response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(last.data.response.usage.output_tokens).toBe(2);
  });

  it('refuses a call its budget cannot cover: problem details and OpenAI’s error envelope', async () => {
    const a = await h.agent('responses-poor', { limit_micros: 1 });
    const r = await h.expectProblem(
      'createResponse',
      { agent: a.signer, token: null, body: ask },
      402,
      'budget_exceeded',
    );
    expect(r.body.error).toMatchObject({
      type: 'insufficient_quota',
      code: 'budget_exceeded',
      message: r.body.detail,
    });
  });
});

describe('Gemini (generateContent, streamGenerateContent)', () => {
  const model = 'gemini-2.5-flash';
  const ask = {
    systemInstruction: { parts: [{ text: 'be brief' }] },
    contents: [{ role: 'user', parts: [{ text: prompt }] }],
    generationConfig: { maxOutputTokens: 16 },
  };

  it('answers a GenerateContentResponse and charges usageMetadata', async () => {
    const a = await h.agent('gemini');
    const r = await h.expectOk('generateContent', {
      agent: a.signer,
      token: null,
      path: { model },
      body: ask,
    });
    expect(r.body.candidates[0]).toMatchObject({
      content: { role: 'model', parts: [{ text: `Echo: ${prompt}` }] },
      finishReason: 'STOP',
    });
    const { promptTokenCount, candidatesTokenCount } = r.body.usageMetadata;
    const cost = costMicros(model, promptTokenCount, candidatesTokenCount);
    expect(cost).toBeGreaterThan(0);
    expect(r.headers.get('x-tollgate-cost-micros')).toBe(String(cost));
    expect(await spent('gemini')).toBe(cost);
    const usage = await h.expectOk('getUsage');
    expect(usage.body.by_model).toContainEqual(
      expect.objectContaining({ provider: 'google', model }),
    );
  });

  it('streams chunks as SSE (alt=sse), the last with finishReason and usageMetadata', async () => {
    const a = await h.agent('gemini-stream');
    const r = await h.call('streamGenerateContent', {
      agent: a.signer,
      token: null,
      path: { model },
      query: { alt: 'sse' },
      body: { ...ask, generationConfig: { maxOutputTokens: 3 } },
    });
    expect(r.headers.get('content-type')).toContain('text/event-stream');
    const chunks = events(r.body).map((e) => e.data);
    const text = chunks.map((c) => c.candidates[0].content.parts[0].text).join('');
    expect(text).toBe(`Echo: ${prompt}`.slice(0, 12));
    const last = chunks.at(-1);
    expect(last.candidates[0].finishReason).toBe('MAX_TOKENS');
    expect(last.usageMetadata.candidatesTokenCount).toBe(3);
    expect(await spent('gemini-stream')).toBe(
      costMicros(model, last.usageMetadata.promptTokenCount, 3),
    );
  });

  it('refuses in Google’s error envelope, Tollgate’s code as the ErrorInfo reason', async () => {
    const a = await h.agent('gemini-poor', { limit_micros: 1 });
    const r = await h.expectProblem(
      'generateContent',
      { agent: a.signer, token: null, path: { model }, body: ask },
      402,
      'budget_exceeded',
    );
    expect(r.body.error).toEqual({
      code: 402,
      message: r.body.detail,
      status: 'RESOURCE_EXHAUSTED',
      details: [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'budget_exceeded',
          domain: 'tollgate.dev',
          metadata: { request_id: r.body.request_id },
        },
      ],
    });
  });
});
