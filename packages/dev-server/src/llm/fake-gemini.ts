/**
 * The fake provider in the Gemini API's shape: a GenerateContentResponse, and its stream as
 * server-sent events (`alt=sse`): one chunk per piece of text, the last with `finishReason`
 * and `usageMetadata`, as Google sends them.
 */
import type { ServerResponse } from 'node:http';
import { type FakeAnswer, pieces } from './fake-provider';

type Content = { role?: string; parts: Record<string, unknown>[] };

/** Gemini `contents` (roles `user` and `model`) as the fake's conversation. */
export function conversationOf(contents: Content[]) {
  return contents.map((c) => ({
    role: c.role === 'model' ? 'assistant' : 'user',
    content: c.parts,
  }));
}

const usageMetadata = (a: FakeAnswer) => ({
  promptTokenCount: a.inputTokens,
  candidatesTokenCount: a.outputTokens,
  totalTokenCount: a.inputTokens + a.outputTokens,
});

const candidate = (text: string, finishReason?: string) => ({
  index: 0,
  content: { role: 'model', parts: [{ text }] },
  ...(finishReason ? { finishReason } : {}),
});

const finish = (a: FakeAnswer) => (a.truncated ? 'MAX_TOKENS' : 'STOP');

export function generateContentResponse(model: string, a: FakeAnswer) {
  return {
    candidates: [candidate(a.text, finish(a))],
    usageMetadata: usageMetadata(a),
    modelVersion: model,
  };
}

export function generateContentStream(model: string, a: FakeAnswer) {
  return (res: ServerResponse) => {
    const all = pieces(a.text);
    all.forEach((text, i) => {
      const last = i === all.length - 1;
      const chunk = last
        ? { candidates: [candidate(text, finish(a))], usageMetadata: usageMetadata(a) }
        : { candidates: [candidate(text)] };
      res.write(`data: ${JSON.stringify({ ...chunk, modelVersion: model })}\n\n`);
    });
    res.end();
  };
}
