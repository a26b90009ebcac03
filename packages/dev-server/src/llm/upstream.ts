/**
 * Forwarding to a real (or test) provider instead of the fake: the request body goes out as
 * the agent sent it, with the operator's provider key; the answer streams back; the cost is
 * charged from the usage the provider reports (estimated from lengths when it reports none).
 */
import type { ServerResponse } from 'node:http';
import type { Reply } from '../http';
import { HttpProblem } from '../middleware/problem';
import { tokens } from './prices';

export interface UpstreamOptions {
  /** OpenAI-compatible base URL, e.g. https://api.openai.com/v1 (…/chat/completions is appended). */
  openai?: string;
  /** Anthropic base URL, e.g. https://api.anthropic.com (…/v1/messages is appended). */
  anthropic?: string;
  /** Provider keys the dev server adds; agents never hold them. Env OPENAI_API_KEY / ANTHROPIC_API_KEY. */
  openaiApiKey?: string;
  anthropicApiKey?: string;
}

export type Provider = 'openai' | 'anthropic';

/** The provider's reported usage in a JSON body or an SSE transcript, if any. */
function usageOf(text: string, provider: Provider): { input: number; output: number } | undefined {
  const [inKey, outKey] =
    provider === 'openai'
      ? ['prompt_tokens', 'completion_tokens']
      : ['input_tokens', 'output_tokens'];
  const input = [...text.matchAll(new RegExp(`"${inKey}":(\\d+)`, 'g'))].map((m) => Number(m[1]));
  const output = [...text.matchAll(new RegExp(`"${outKey}":(\\d+)`, 'g'))].map((m) => Number(m[1]));
  if (!output.length) return undefined;
  return { input: Math.max(0, ...input), output: Math.max(...output) };
}

export async function forward(
  provider: Provider,
  options: UpstreamOptions,
  body: Buffer,
  settle: (inputTokens: number, outputTokens: number) => number,
): Promise<Reply> {
  const base = provider === 'openai' ? options.openai! : options.anthropic!;
  const url =
    provider === 'openai'
      ? `${base.replace(/\/$/, '')}/chat/completions`
      : `${base.replace(/\/$/, '')}/v1/messages`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const key =
    provider === 'openai'
      ? (options.openaiApiKey ?? process.env.OPENAI_API_KEY)
      : (options.anthropicApiKey ?? process.env.ANTHROPIC_API_KEY);
  if (key && provider === 'openai') headers.authorization = `Bearer ${key}`;
  if (key && provider === 'anthropic')
    Object.assign(headers, { 'x-api-key': key, 'anthropic-version': '2023-06-01' });
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers, body: new Uint8Array(body) });
  } catch {
    throw new HttpProblem(502, 'upstream_error', `The ${provider} upstream could not be reached.`);
  }
  if (!response.ok)
    throw new HttpProblem(
      502,
      'upstream_error',
      `The ${provider} upstream answered ${response.status}.`,
    );
  const estimateIn = tokens(body.toString('utf8'));
  if (!response.headers.get('content-type')?.includes('text/event-stream')) {
    const text = await response.text();
    const usage = usageOf(text, provider) ?? { input: estimateIn, output: tokens(text) };
    const cost = settle(usage.input, usage.output);
    return {
      status: 200,
      body: text,
      headers: { 'Content-Type': 'application/json', 'X-Tollgate-Cost-Micros': String(cost) },
    };
  }
  return {
    status: 200,
    stream: (res: ServerResponse) => {
      let transcript = '';
      const decoder = new TextDecoder();
      void (async () => {
        try {
          for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
            transcript += decoder.decode(chunk, { stream: true });
            res.write(chunk);
          }
        } finally {
          const usage = usageOf(transcript, provider) ?? {
            input: estimateIn,
            output: tokens(transcript),
          };
          settle(usage.input, usage.output);
          res.end();
        }
      })();
    },
  };
}
