/**
 * A scripted model for tests of agent loops: an OpenAI-compatible chat-completions server on
 * loopback that the dev server forwards to as its upstream (`upstream: { openai: model.url }`),
 * so a real model loop (tool calls, then an answer) runs through the real proxy. Shared by the
 * framework integrations' tests (@tollgate/ai-sdk, @tollgate/langchain).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { components } from '@tollgate/api';
import { zChatCompletionRequest } from '@tollgate/api/schemas';
import { boundAddress } from './http';

type ChatMessage = components['schemas']['ChatMessage'];

/**
 * The scripted model's rule: a user message `call <tool> <json input>` (one per line) is
 * answered with those tool calls; once tool results follow the last user message, the answer
 * is `Done: ` and the results, joined by ` | `. Anything else: `Echo: <message>`.
 */
function answer(messages: ChatMessage[], turn: number) {
  const lastUser = messages.findLastIndex((m) => m.role === 'user');
  const results = messages.slice(lastUser + 1).filter((m) => m.role === 'tool');
  if (results.length) return { content: `Done: ${results.map((r) => r.content).join(' | ')}` };
  const text = String(messages[lastUser]?.content ?? '');
  const calls = text.split('\n').filter((line) => line.startsWith('call '));
  if (!calls.length) return { content: `Echo: ${text}` };
  return {
    content: null,
    tool_calls: calls.map((line, i) => {
      const [, name, ...input] = line.split(' ');
      return {
        id: `call_${turn}_${i}`,
        type: 'function',
        function: { name, arguments: input.join(' ') },
      };
    }),
  };
}

/**
 * Starts the scripted model; `requests` counts the calls it answered, `beforeToolCalls` runs
 * once before the next answer that calls tools (an operator acting mid-loop).
 */
export async function startScriptedModel() {
  let requests = 0;
  let beforeToolCalls: (() => Promise<unknown>) | undefined;
  const server = createServer(async (req: IncomingMessage, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    // The agent's request as the dev server forwards it (it was checked against the same schema).
    const { messages, model } = zChatCompletionRequest.parse(JSON.parse(body));
    requests += 1;
    const message = { role: 'assistant', ...answer(messages, requests) };
    if (message.content === null && beforeToolCalls) {
      const hook = beforeToolCalls;
      beforeToolCalls = undefined;
      await hook();
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: `chatcmpl-${requests}`,
        object: 'chat.completion',
        created: 1,
        model,
        choices: [
          { index: 0, message, finish_reason: message.content === null ? 'tool_calls' : 'stop' },
        ],
        usage: { prompt_tokens: 20, completion_tokens: 10, total_tokens: 30 },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = boundAddress(server);
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests: () => requests,
    beforeToolCalls: (hook: () => Promise<unknown>) => {
      beforeToolCalls = hook;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A running scripted model. */
export type ScriptedModel = Awaited<ReturnType<typeof startScriptedModel>>;
