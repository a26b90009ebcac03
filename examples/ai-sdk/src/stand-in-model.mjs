// A stand-in for a real OpenAI model, on loopback: the dev server's built-in fake provider only
// echoes, and this example needs a model that calls tools. The dev server forwards the agent's
// chat completions here as its upstream (charging them from the usage below), exactly as it
// forwards to api.openai.com with an operator's key. Its rule: a user line `call <tool> <json>`
// becomes that tool call; once tool results follow, it answers with them.
import { createServer } from 'node:http';

function answer(messages) {
  const lastUser = messages.findLastIndex((m) => m.role === 'user');
  const results = messages.slice(lastUser + 1).filter((m) => m.role === 'tool');
  if (results.length) return { content: `Done: ${results.map((r) => r.content).join(' | ')}` };
  const text = String(messages[lastUser]?.content ?? '');
  const calls = text.split('\n').filter((line) => line.startsWith('call '));
  if (!calls.length) return { content: `You said: ${text}` };
  return {
    content: null,
    tool_calls: calls.map((line, i) => {
      const [, name, ...input] = line.split(' ');
      const id = `call_${lastUser}_${i}`;
      return { id, type: 'function', function: { name, arguments: input.join(' ') } };
    }),
  };
}

export async function startStandInModel() {
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const { messages, model } = JSON.parse(body);
    const message = { role: 'assistant', ...answer(messages) };
    const finish_reason = message.content === null ? 'tool_calls' : 'stop';
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: 'chatcmpl-stand-in',
        object: 'chat.completion',
        created: 1,
        model,
        choices: [{ index: 0, message, finish_reason }],
        usage: { prompt_tokens: 200, completion_tokens: 50, total_tokens: 250 },
      }),
    );
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/v1`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
