/** What LLM calls cost: micro-dollars per million tokens, by model. */
export const PRICES: Record<string, { input: number; output: number }> = {
  'gpt-4o-mini': { input: 150_000, output: 600_000 },
  'gpt-4o': { input: 2_500_000, output: 10_000_000 },
  'claude-3-5-haiku-latest': { input: 800_000, output: 4_000_000 },
  'claude-sonnet-4-5': { input: 3_000_000, output: 15_000_000 },
  'gemini-2.5-flash': { input: 300_000, output: 2_500_000 },
  'gemini-2.5-pro': { input: 1_250_000, output: 10_000_000 },
};

/** Models missing from the table are charged like a large model, never for free. */
const DEFAULT_PRICE = { input: 2_500_000, output: 10_000_000 };

/** The cost of a call in micro-dollars, rounded up (a call is never free). */
export function costMicros(model: string, inputTokens: number, outputTokens: number): number {
  const p = PRICES[model] ?? DEFAULT_PRICE;
  return Math.ceil((inputTokens * p.input + outputTokens * p.output) / 1_000_000);
}

/** Token count estimated from a text's length (≈ 4 characters a token). */
export const tokensOfLength = (length: number) => Math.max(1, Math.ceil(length / 4));

/** Token count estimated from text length (≈ 4 characters a token). */
export const tokens = (text: string) => tokensOfLength(text.length);
