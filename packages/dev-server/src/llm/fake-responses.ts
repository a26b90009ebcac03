/**
 * The fake provider in the OpenAI Responses API's shape: the response object, and its stream
 * (`response.created` … `response.output_text.delta` … `response.completed` with usage, or
 * `response.incomplete` when the answer was cut at `max_output_tokens`), as OpenAI sends them.
 */
import type { ServerResponse } from 'node:http';
import { type FakeAnswer, pieces } from './fake-provider';

/** A Responses API `input` (a string, or items) as the fake's conversation. */
export function conversationOf(input: string | Record<string, unknown>[]) {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  return input.map((item) => ({
    role: typeof item.role === 'string' ? item.role : 'tool',
    content: item.content ?? item.output,
  }));
}

export function responseObject(
  ids: { id: string; messageId: string },
  createdAt: number,
  model: string,
  a: FakeAnswer,
  status: 'in_progress' | 'completed' | 'incomplete' = a.truncated ? 'incomplete' : 'completed',
) {
  const done = status !== 'in_progress';
  return {
    id: ids.id,
    object: 'response' as const,
    created_at: createdAt,
    status,
    model,
    output: done ? [messageItem(ids.messageId, a.text, status)] : [],
    incomplete_details: status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    error: null,
    usage: done
      ? {
          input_tokens: a.inputTokens,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: a.outputTokens,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: a.inputTokens + a.outputTokens,
        }
      : null,
  };
}

const messageItem = (id: string, text: string, status: string) => ({
  type: 'message',
  id,
  status,
  role: 'assistant',
  content: [{ type: 'output_text', text, annotations: [] }],
});

/** The Responses streaming events of an answer, each with its `sequence_number`. */
export function responseStream(
  ids: { id: string; messageId: string },
  createdAt: number,
  model: string,
  a: FakeAnswer,
) {
  return (res: ServerResponse) => {
    let sequence = 0;
    const event = (type: string, data: object) =>
      res.write(
        `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...data })}\n\n`,
      );
    const at = { output_index: 0, item_id: ids.messageId };
    const part = (text: string) => ({ type: 'output_text', text, annotations: [] });
    const started = responseObject(ids, createdAt, model, a, 'in_progress');
    event('response.created', { response: started });
    event('response.in_progress', { response: started });
    event('response.output_item.added', {
      output_index: 0,
      item: { ...messageItem(ids.messageId, '', 'in_progress'), content: [] },
    });
    event('response.content_part.added', { ...at, content_index: 0, part: part('') });
    for (const delta of pieces(a.text))
      event('response.output_text.delta', { ...at, content_index: 0, delta, logprobs: [] });
    event('response.output_text.done', { ...at, content_index: 0, text: a.text, logprobs: [] });
    event('response.content_part.done', { ...at, content_index: 0, part: part(a.text) });
    const final = responseObject(ids, createdAt, model, a);
    event('response.output_item.done', { output_index: 0, item: final.output[0] });
    event(a.truncated ? 'response.incomplete' : 'response.completed', { response: final });
    res.end();
  };
}
