/**
 * Metering a provider's streamed answer event by event: the usage the provider reports (when
 * it reports any), the text generated so far (to estimate output when it reports none), and
 * the clean end that closes a stream cut off at its reservation, in the provider's own
 * streaming format so the agent's client sees a normal, finished answer.
 */
import type { EventSourceMessage } from 'eventsource-parser';
import { tokensOfLength } from './prices';

export type Provider = 'openai' | 'anthropic';

export interface Usage {
  input: number;
  output: number;
}

type Json = Record<string, unknown>;
const parse = (data: string): Json | undefined => {
  try {
    const value: unknown = JSON.parse(data);
    return value && typeof value === 'object' ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
};
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown) => (v && typeof v === 'object' ? (v as Json) : undefined);

/** What one event of an answer says: generated text, reported usage, whether it is a usage-only chunk. */
function read(provider: Provider, data: Json) {
  if (provider === 'openai') {
    const usage = obj(data.usage);
    const choices = Array.isArray(data.choices) ? data.choices : [];
    const text = choices
      .map((c) => obj(obj(c)?.delta)?.content)
      .filter((t): t is string => typeof t === 'string')
      .join('');
    return {
      text,
      input: num(usage?.prompt_tokens),
      output: num(usage?.completion_tokens),
      usageOnly: Boolean(usage) && choices.length === 0,
    };
  }
  const delta = obj(data.delta);
  const message = obj(data.message);
  const usage = obj(data.usage) ?? obj(message?.usage);
  return {
    text: data.type === 'content_block_delta' && typeof delta?.text === 'string' ? delta.text : '',
    input: num(usage?.input_tokens),
    output: num(usage?.output_tokens),
    usageOnly: false,
  };
}

export class StreamMeter {
  private reported: Partial<Usage> = {};
  private text = 0;
  private id: unknown;
  private model: unknown;

  constructor(
    private readonly provider: Provider,
    /** Input tokens to assume until the provider reports its count. */
    private readonly inputEstimate: number,
  ) {}

  /** Takes in one event; says whether it only carries usage the caller did not ask for. */
  observe(event: EventSourceMessage): { usageOnly: boolean } {
    const data = parse(event.data);
    if (!data) return { usageOnly: false };
    this.id ??= data.id ?? obj(data.message)?.id;
    this.model ??= data.model ?? obj(data.message)?.model;
    const seen = read(this.provider, data);
    this.text += seen.text.length;
    if (seen.input !== undefined) this.reported.input = seen.input;
    if (seen.output !== undefined) this.reported.output = seen.output;
    return { usageOnly: seen.usageOnly };
  }

  /** Usage so far: what the provider reported, else estimated from the text generated. */
  usage(): Usage {
    const estimated = this.text ? tokensOfLength(this.text) : 0;
    return {
      input: this.reported.input ?? this.inputEstimate,
      output: Math.max(this.reported.output ?? 0, estimated),
    };
  }

  /** The events that end a cut-off answer as the provider ends one that hit `max_tokens`. */
  closing(): string {
    const { output } = this.usage();
    if (this.provider === 'openai') {
      const chunk = {
        id: this.id ?? 'chatcmpl-tollgate',
        object: 'chat.completion.chunk',
        created: 0,
        model: this.model ?? '',
        choices: [{ index: 0, delta: {}, finish_reason: 'length' }],
      };
      return `data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`;
    }
    const delta = {
      type: 'message_delta',
      delta: { stop_reason: 'max_tokens', stop_sequence: null },
      usage: { output_tokens: output },
    };
    return `event: message_delta\ndata: ${JSON.stringify(delta)}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n`;
  }
}

/** One event back in SSE form (ids and retry hints are not used by the LLM providers). */
export const sse = (event: EventSourceMessage) =>
  `${event.event ? `event: ${event.event}\n` : ''}${event.data
    .split('\n')
    .map((line) => `data: ${line}`)
    .join('\n')}\n\n`;
