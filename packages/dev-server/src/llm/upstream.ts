/**
 * Forwarding to a real (or test) provider instead of the fake. The request goes out as the
 * agent sent it (OpenAI chat completions and Responses, Anthropic messages, Gemini
 * generateContent), with the operator's provider key and two additions: an output cap when the
 * agent set none (the cap its reservation was priced at) and, for OpenAI chat streams, a
 * request for usage in the stream. A non-streamed answer is charged from the usage the
 * provider reports; a streamed one is metered event by event, cut off cleanly if it would outgrow its
 * reservation, and stops upstream when the agent hangs up. Every path settles or releases
 * the reservation exactly once.
 */
import type { ServerResponse } from 'node:http';
import { createParser } from 'eventsource-parser';
import type { Reply } from '../http';
import { HttpProblem } from '../middleware/problem';
import { StreamMeter, sse } from './meter';
import { tokens } from './prices';
import { type Json, obj, PROVIDER_OF_WIRE, type Provider, usageOfAnswer, type Wire } from './wires';

export type { Provider, Wire } from './wires';

export interface UpstreamOptions {
  /** OpenAI-compatible base URL, e.g. https://api.openai.com/v1 (…/chat/completions or …/responses is appended). */
  openai?: string;
  /** Anthropic base URL, e.g. https://api.anthropic.com (…/v1/messages is appended). */
  anthropic?: string;
  /** Gemini API base URL, e.g. https://generativelanguage.googleapis.com (…/v1beta/models/… is appended). */
  google?: string;
  /** Provider keys the dev server adds; agents never hold them. Env OPENAI_API_KEY / ANTHROPIC_API_KEY / GEMINI_API_KEY. */
  openaiApiKey?: string;
  anthropicApiKey?: string;
  googleApiKey?: string;
}

/** A call's hold on its agent's budget (see state/budget.ts), priced per token. */
export interface Metered {
  /** Charges the call from its usage (at most the reservation); once. */
  settle(inputTokens: number, outputTokens: number): Promise<number | undefined>;
  release(): Promise<void>;
  /**
   * The headers of an answer charged `cost` (what `settle` returned): `X-Tollgate-Cost-Micros`,
   * and `X-Tollgate-Budget-Remaining-Micros` (the agent budget's `remaining_micros` after the
   * charge) when the agent's budget is limited and the charge was made.
   */
  charged(cost: number | undefined): Promise<Record<string, string>>;
  /** Whether this usage still fits the reservation. */
  covers(inputTokens: number, outputTokens: number): boolean;
}

export interface Forwarded {
  wire: Wire;
  /** Appended to the provider's base URL (query included), e.g. `/responses`. */
  path: string;
  /** The agent's request, parsed. */
  body: {
    stream?: boolean | null;
    stream_options?: Record<string, unknown>;
    [field: string]: unknown;
  };
  /** The agent's exact bytes (sent unchanged when nothing is added). */
  raw: Buffer;
  /** Top-level fields to send beside the agent's: the output cap when the agent set none. */
  added?: Record<string, unknown>;
}

function target(provider: Provider, options: UpstreamOptions, path: string) {
  const configured = options[provider];
  if (!configured) throw new Error(`no ${provider} upstream is configured`);
  const url = `${configured.replace(/\/$/, '')}${path}`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (provider === 'openai') {
    const key = options.openaiApiKey ?? process.env.OPENAI_API_KEY;
    if (key) headers.authorization = `Bearer ${key}`;
  } else if (provider === 'anthropic') {
    const key = options.anthropicApiKey ?? process.env.ANTHROPIC_API_KEY;
    if (key) Object.assign(headers, { 'x-api-key': key, 'anthropic-version': '2023-06-01' });
  } else {
    const key = options.googleApiKey ?? process.env.GEMINI_API_KEY ?? process.env.GOOGLE_API_KEY;
    if (key) headers['x-goog-api-key'] = key;
  }
  return { url, headers };
}

/**
 * The bytes to send upstream: the agent's own, or with the output cap added and, for a chat
 * completions stream, `stream_options.include_usage` (OpenAI reports a stream's usage only
 * when asked; the usage chunk is then passed on only if the agent asked for it too).
 */
function outgoing(call: Forwarded) {
  const added: Record<string, unknown> = { ...call.added };
  const options = call.body.stream_options;
  const wantsUsage = options?.include_usage === true;
  if (call.wire === 'chat' && call.body.stream === true && !wantsUsage)
    added.stream_options = { include_usage: true };
  if (!Object.keys(added).length) return { bytes: new Uint8Array(call.raw), wantsUsage };
  return { bytes: JSON.stringify(withAdded(call.raw, added)), wantsUsage };
}

/**
 * The agent's own JSON (not the validated copy: validation drops the fields the contract does
 * not name, such as `tools`) with `added` merged in; an added object is merged one level deep
 * into the agent's object of the same name (`generationConfig`, `stream_options`).
 */
function withAdded(raw: Buffer, added: Record<string, unknown>): Json {
  const parsed: unknown = JSON.parse(raw.toString('utf8'));
  // Always an object: the contract's schema checked the body before it got here.
  const sent: Json = isObject(parsed) ? parsed : {};
  for (const [name, value] of Object.entries(added)) {
    const own = sent[name];
    sent[name] = isObject(value) && isObject(own) ? { ...own, ...value } : value;
  }
  return sent;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The provider's reported usage in a JSON answer, if any. */
function usageOf(wire: Wire, text: string) {
  try {
    const data = obj(JSON.parse(text));
    return data && usageOfAnswer(wire, data);
  } catch {
    return undefined;
  }
}

export async function forward(
  options: UpstreamOptions,
  call: Forwarded,
  metered: Metered,
  log: (message: string) => void,
): Promise<Reply & { status: 200; body?: string }> {
  const provider = PROVIDER_OF_WIRE[call.wire];
  const { url, headers } = target(provider, options, call.path);
  const { bytes, wantsUsage } = outgoing(call);
  const estimateIn = tokens(call.raw.toString('utf8'));
  const upstream = new AbortController();
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers, body: bytes, signal: upstream.signal });
  } catch {
    await metered.release();
    throw new HttpProblem(502, 'upstream_error', `The ${provider} upstream could not be reached.`);
  }
  if (!response.ok) {
    await metered.release();
    await response.body?.cancel();
    throw new HttpProblem(
      502,
      'upstream_error',
      `The ${provider} upstream answered ${response.status}.`,
    );
  }
  if (!response.headers.get('content-type')?.includes('text/event-stream')) {
    let text: string;
    try {
      text = await response.text();
    } catch {
      await metered.release();
      throw new HttpProblem(502, 'upstream_error', `The ${provider} upstream broke off.`);
    }
    const usage = usageOf(call.wire, text) ?? { input: estimateIn, output: tokens(text) };
    const cost = await metered.settle(usage.input, usage.output);
    return {
      status: 200,
      body: text,
      headers: { 'Content-Type': 'application/json', ...(await metered.charged(cost)) },
    };
  }
  return {
    status: 200,
    stream: (res: ServerResponse) =>
      void relay(response, res, new StreamMeter(call.wire, estimateIn), {
        metered,
        upstream,
        dropUsageChunks: call.wire === 'chat' && !wantsUsage,
        log,
      }),
  };
}

/** Copies a streamed answer event by event, metering it; settles when it ends in any way. */
async function relay(
  response: Response,
  res: ServerResponse,
  meter: StreamMeter,
  how: {
    metered: Metered;
    upstream: AbortController;
    dropUsageChunks: boolean;
    log: (message: string) => void;
  },
) {
  let finished = false;
  /** The provider ended the answer itself (not cut off, not abandoned, not broken off). */
  let ended = false;
  // The agent hung up: stop the provider generating what nobody will read.
  res.on('close', () => {
    if (!finished) how.upstream.abort();
  });
  const parser = createParser({
    onEvent(event) {
      if (finished) return;
      const { usageOnly } = meter.observe(event);
      const { input, output } = meter.usage();
      if (!how.metered.covers(input, output)) {
        finished = true;
        res.end(meter.closing());
        how.upstream.abort();
        return;
      }
      if (!(usageOnly && how.dropUsageChunks)) res.write(sse(event));
    },
  });
  const decoder = new TextDecoder();
  try {
    for await (const chunk of response.body ?? []) {
      if (finished) break;
      parser.feed(decoder.decode(chunk, { stream: true }));
    }
    ended = !finished;
  } catch {
    // Aborted (the agent left, or the cap was reached) or the provider broke off: settle below.
  } finally {
    const { input, output } = meter.usage(ended);
    // Not settled (the shared state is unreachable): the reservation stays held, so the budget
    // errs on the side of the cap.
    await how.metered
      .settle(input, output)
      .catch((error: unknown) => how.log(`a streamed call could not be settled: ${error}`));
    if (!finished) {
      finished = true;
      res.end();
    }
  }
}
