/**
 * A deterministic fake LLM provider: the answer is derived from the last user message,
 * token counts from text lengths (≈ 4 characters a token), so tests can predict both the
 * text and the cost. Prices are per million tokens, in micro-dollars.
 */
export const PRICES: Record<string, { input: number; output: number }> = {
  'gpt-4o-mini': { input: 150_000, output: 600_000 },
  'gpt-4o': { input: 2_500_000, output: 10_000_000 },
  'claude-3-5-haiku-latest': { input: 800_000, output: 4_000_000 },
  'claude-sonnet-4-5': { input: 3_000_000, output: 15_000_000 },
};
const DEFAULT_PRICE = { input: 2_500_000, output: 10_000_000 };

export const tokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

export function costMicros(model: string, inputTokens: number, outputTokens: number): number {
  const p = PRICES[model] ?? DEFAULT_PRICE;
  return Math.ceil((inputTokens * p.input + outputTokens * p.output) / 1_000_000);
}

const textOf = (content: unknown): string => {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content
      .map((c) => (typeof c === 'object' && c && 'text' in c ? String(c.text) : ''))
      .join(' ');
  return '';
};

/** The fake's answer to a conversation, and its token usage. */
export function complete(messages: { role: string; content?: unknown }[], system = '') {
  const prompt = [system, ...messages.map((m) => textOf(m.content))].join('\n');
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  const text = `Echo: ${textOf(lastUser?.content).slice(0, 200)}`;
  return { text, inputTokens: tokens(prompt), outputTokens: tokens(text) };
}

/** The answer split into small chunks, as a provider streams it. */
export const chunks = (text: string) => text.match(/.{1,8}/gs) ?? [''];
