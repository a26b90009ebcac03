/**
 * A deterministic fake LLM provider: the answer is derived from the last user message and
 * token counts from text lengths, so tests can predict both the text and the cost. It speaks
 * the OpenAI chat-completions and Anthropic messages wire shapes, streaming and not.
 */
import type { ServerResponse } from 'node:http';
import { tokens } from './prices';

const textOf = (content: unknown): string => {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content
      .map((c) => (typeof c === 'object' && c && 'text' in c ? String(c.text) : ''))
      .join(' ');
  return '';
};

export interface FakeAnswer {
  text: string;
  inputTokens: number;
  outputTokens: number;
  /** Set when the answer was cut at the caller's output cap. */
  truncated?: boolean;
}

/** The fake's answer to a conversation: `Echo: <last user message>`, and its token usage. */
export function complete(
  messages: { role: string; content?: unknown }[],
  system: unknown = '',
): FakeAnswer {
  const prompt = [textOf(system), ...messages.map((m) => textOf(m.content))].join('\n');
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  const text = `Echo: ${textOf(lastUser?.content).slice(0, 200)}`;
  return { text, inputTokens: tokens(prompt), outputTokens: tokens(text) };
}

/** The answer cut to at most `maxTokens` tokens, as a provider honours `max_tokens`. */
export function capAnswer(answer: FakeAnswer, maxTokens: number): FakeAnswer {
  if (answer.outputTokens <= maxTokens) return answer;
  return {
    ...answer,
    text: answer.text.slice(0, maxTokens * 4),
    outputTokens: maxTokens,
    truncated: true,
  };
}

/** The answer split into small pieces, as a provider streams it. */
export const pieces = (text: string) => text.match(/.{1,8}/gs) ?? [''];

const finish = (a: FakeAnswer) => (a.truncated ? 'length' : 'stop');

export function openaiCompletion(id: string, created: number, model: string, a: FakeAnswer) {
  return {
    id,
    object: 'chat.completion',
    created,
    model,
    choices: [
      { index: 0, message: { role: 'assistant', content: a.text }, finish_reason: finish(a) },
    ],
    usage: {
      prompt_tokens: a.inputTokens,
      completion_tokens: a.outputTokens,
      total_tokens: a.inputTokens + a.outputTokens,
    },
  };
}

/** chat.completion.chunk events, `data: [DONE]` last; usage only when asked (as OpenAI does). */
export function openaiStream(
  id: string,
  created: number,
  model: string,
  a: FakeAnswer,
  includeUsage: boolean,
) {
  return (res: ServerResponse) => {
    const chunk = (delta: object, finish: string | null, extra: object = {}) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
    res.write(chunk({ role: 'assistant', content: '' }, null));
    for (const part of pieces(a.text)) res.write(chunk({ content: part }, null));
    const usage = openaiCompletion(id, created, model, a).usage;
    res.write(chunk({}, finish(a), includeUsage ? { usage } : {}));
    res.end('data: [DONE]\n\n');
  };
}

export function anthropicMessage(id: string, model: string, a: FakeAnswer) {
  return {
    id,
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text: a.text }],
    stop_reason: a.truncated ? 'max_tokens' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: a.inputTokens, output_tokens: a.outputTokens },
  };
}

/** message_start … content_block_delta … message_stop, as Anthropic streams a message. */
export function anthropicStream(id: string, model: string, a: FakeAnswer) {
  return (res: ServerResponse) => {
    const event = (type: string, data: object) =>
      res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
    const start = anthropicMessage(id, model, a);
    event('message_start', {
      message: {
        ...start,
        content: [],
        stop_reason: null,
        usage: { input_tokens: a.inputTokens, output_tokens: 0 },
      },
    });
    event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
    for (const part of pieces(a.text))
      event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: part } });
    event('content_block_stop', { index: 0 });
    event('message_delta', {
      delta: { stop_reason: a.truncated ? 'max_tokens' : 'end_turn', stop_sequence: null },
      usage: { output_tokens: a.outputTokens },
    });
    event('message_stop', {});
    res.end();
  };
}
