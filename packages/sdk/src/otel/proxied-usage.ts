/**
 * What a proxied LLM answer reports, read from the provider's own wire format (a JSON body or
 * one SSE event's data): token usage, the response's model and id. One reader for the formats
 * the proxy serves: OpenAI chat completions (`usage.prompt_tokens`) and Responses
 * (`response.usage.input_tokens`), Anthropic messages (`message.usage` on `message_start`,
 * `usage.output_tokens` on `message_delta`), Google Gemini (`usageMetadata`). In a stream the
 * latest value of each field is the answer's (each format reports cumulative counts).
 */
import { isRecord } from '../internal/is-record';
import type { ChatOutcome } from './gen-ai';

const fields = (value: unknown) => (isRecord(value) ? value : undefined);
const count = (value: unknown) => (typeof value === 'number' ? value : undefined);
const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

/** The usage, model and id one answer (or one streamed event) reports; empty when none. */
export function proxiedUsage(body: unknown): ChatOutcome {
  const outer = fields(body);
  if (!outer) return {};
  // Responses API events carry the response, Anthropic's message_start the message.
  const inner = fields(outer.response) ?? fields(outer.message) ?? outer;
  const usage = fields(inner.usage) ?? fields(outer.usage);
  const gemini = fields(outer.usageMetadata);
  return {
    inputTokens:
      count(usage?.prompt_tokens) ?? count(usage?.input_tokens) ?? count(gemini?.promptTokenCount),
    outputTokens:
      count(usage?.completion_tokens) ??
      count(usage?.output_tokens) ??
      count(gemini?.candidatesTokenCount),
    responseModel: text(inner.model) ?? text(outer.modelVersion),
    responseId: text(inner.id) ?? text(outer.responseId),
  };
}

/** Stream events after which the answer is whole, by format (the stream's data lines). */
const FINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'message_stop']);

/**
 * Does this streamed event end the answer? OpenAI chat completions' `[DONE]`, the Responses
 * API's `response.completed` (or `.incomplete`), Anthropic's `message_stop`, Gemini's chunk
 * with a `finishReason`.
 */
export function endsProxiedStream(data: string, event: unknown): boolean {
  if (data === '[DONE]') return true;
  const outer = fields(event);
  if (!outer) return false;
  if (typeof outer.type === 'string') return FINAL_EVENTS.has(outer.type);
  const candidates = Array.isArray(outer.candidates) ? outer.candidates : [];
  return candidates.some((c) => typeof fields(c)?.finishReason === 'string');
}
