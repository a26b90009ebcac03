/**
 * The four wire formats the proxy speaks, and what metering needs of each: the usage a JSON
 * answer reports, what one streamed event says (generated text, reported usage, whether it is
 * a usage-only chunk), and the events that end a stream cut off at its reservation the way the
 * provider ends one that hit its output cap, so the agent's client sees a finished answer.
 */

/** Who is billed (the usage record's `provider`). */
export type Provider = 'openai' | 'anthropic' | 'google';

/** OpenAI chat completions, OpenAI Responses, Anthropic messages, Gemini generateContent. */
export type Wire = 'chat' | 'responses' | 'anthropic' | 'gemini';

export const PROVIDER_OF_WIRE: Record<Wire, Provider> = {
  chat: 'openai',
  responses: 'openai',
  anthropic: 'anthropic',
  gemini: 'google',
};

export type Json = Record<string, unknown>;
export const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
/** Any object (arrays too): its fields are read as `unknown`, each checked where it is used. */
export const isJson = (v: unknown): v is Json => typeof v === 'object' && v !== null;
export const obj = (v: unknown) => (isJson(v) ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

export interface Seen {
  text: string;
  input: number | undefined;
  output: number | undefined;
  usageOnly: boolean;
}

/** The input and output token counts of a usage object, in each wire's own names. */
function tokensOf(wire: Wire, usage: Json | undefined) {
  if (!usage) return { input: undefined, output: undefined };
  if (wire === 'chat')
    return { input: num(usage.prompt_tokens), output: num(usage.completion_tokens) };
  if (wire === 'gemini')
    // Gemini counts "thinking" tokens apart from the answer's; both are billed as output.
    return {
      input: num(usage.promptTokenCount),
      output:
        num(usage.candidatesTokenCount) === undefined && num(usage.thoughtsTokenCount) === undefined
          ? undefined
          : (num(usage.candidatesTokenCount) ?? 0) + (num(usage.thoughtsTokenCount) ?? 0),
    };
  return { input: num(usage.input_tokens), output: num(usage.output_tokens) };
}

/** The usage a JSON answer reports. */
export function usageOfAnswer(wire: Wire, data: Json) {
  const usage = obj(wire === 'gemini' ? data.usageMetadata : data.usage);
  const { input, output } = tokensOf(wire, usage);
  return input !== undefined && output !== undefined ? { input, output } : undefined;
}

/** The text Gemini candidates carry. */
const geminiText = (data: Json) =>
  arr(data.candidates)
    .flatMap((c) => arr(obj(obj(c)?.content)?.parts))
    .map((p) => str(obj(p)?.text))
    .join('');

/** What one streamed event says. */
export function readEvent(wire: Wire, data: Json): Seen {
  switch (wire) {
    case 'chat': {
      const usage = obj(data.usage);
      const choices = arr(data.choices);
      const text = choices.map((c) => str(obj(obj(c)?.delta)?.content)).join('');
      return { text, ...tokensOf(wire, usage), usageOnly: Boolean(usage) && !choices.length };
    }
    case 'responses': {
      const text = data.type === 'response.output_text.delta' ? str(data.delta) : '';
      return { text, ...tokensOf(wire, obj(obj(data.response)?.usage)), usageOnly: false };
    }
    case 'gemini':
      return {
        text: geminiText(data),
        ...tokensOf(wire, obj(data.usageMetadata)),
        usageOnly: false,
      };
    case 'anthropic': {
      const delta = obj(data.delta);
      const usage = obj(data.usage) ?? obj(obj(data.message)?.usage);
      const text = data.type === 'content_block_delta' ? str(delta?.text) : '';
      return { text, ...tokensOf(wire, usage), usageOnly: false };
    }
  }
}

/** The answer's id and model as its first events name them (for the closing events). */
export function idAndModel(data: Json) {
  const inner = obj(data.message) ?? obj(data.response);
  return { id: data.id ?? inner?.id, model: data.model ?? inner?.model ?? data.modelVersion };
}

const event = (type: string, data: Json) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

/** The events that end a cut-off answer as the provider ends one that hit its output cap. */
export function closingEvents(
  wire: Wire,
  answer: { id: unknown; model: unknown; input: number; output: number },
): string {
  const { input, output } = answer;
  switch (wire) {
    case 'chat': {
      const chunk = {
        id: answer.id ?? 'chatcmpl-tollgate',
        object: 'chat.completion.chunk',
        created: 0,
        model: answer.model ?? '',
        choices: [{ index: 0, delta: {}, finish_reason: 'length' }],
      };
      return `data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`;
    }
    case 'responses':
      return event('response.incomplete', {
        response: {
          id: answer.id ?? 'resp_tollgate',
          object: 'response',
          created_at: 0,
          status: 'incomplete',
          incomplete_details: { reason: 'max_output_tokens' },
          model: answer.model ?? '',
          output: [],
          usage: { input_tokens: input, output_tokens: output, total_tokens: input + output },
        },
      });
    case 'gemini': {
      const chunk = {
        candidates: [
          {
            index: 0,
            content: { role: 'model', parts: [{ text: '' }] },
            finishReason: 'MAX_TOKENS',
          },
        ],
        usageMetadata: {
          promptTokenCount: input,
          candidatesTokenCount: output,
          totalTokenCount: input + output,
        },
        ...(answer.model ? { modelVersion: answer.model } : {}),
      };
      return `data: ${JSON.stringify(chunk)}\n\n`;
    }
    case 'anthropic':
      return (
        event('message_delta', {
          delta: { stop_reason: 'max_tokens', stop_sequence: null },
          usage: { output_tokens: output },
        }) + event('message_stop', {})
      );
  }
}
