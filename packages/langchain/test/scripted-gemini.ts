/**
 * A scripted Gemini API upstream on loopback (the dev server forwards to it:
 * `upstream: { google: model.url }`), so a LangChain tool-calling turn runs through the real
 * proxy. Its rule, as the OpenAI scripted model's: a user text `call <tool> <json input>` is
 * answered with that function call; a function response is answered `Done: ` and the
 * responses as JSON; anything else `Echo: <text>`. Every answer reports 20 + 10 tokens.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

type Part = { text?: string; functionResponse?: { name: string; response: unknown } };
interface Request {
  contents: { role?: string; parts: Part[] }[];
  tools?: { functionDeclarations?: { name: string }[] }[];
}

function answer({ contents }: Request) {
  const parts = contents.at(-1)?.parts ?? [];
  const responses = parts.flatMap((p) => (p.functionResponse ? [p.functionResponse] : []));
  if (responses.length) return [{ text: `Done: ${JSON.stringify(responses)}` }];
  const text = parts.map((p) => p.text ?? '').join('');
  const [verb, name, ...input] = text.split(' ');
  if (verb !== 'call' || !name) return [{ text: `Echo: ${text}` }];
  return [{ functionCall: { name, args: JSON.parse(input.join(' ')) } }];
}

export async function startScriptedGemini() {
  const requests: { path: string; body: Request }[] = [];
  const server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = JSON.parse(raw) as Request;
    requests.push({ path: req.url ?? '', body });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        candidates: [
          { index: 0, content: { role: 'model', parts: answer(body) }, finishReason: 'STOP' },
        ],
        usageMetadata: { promptTokenCount: 20, candidatesTokenCount: 10, totalTokenCount: 30 },
        modelVersion: 'gemini-2.5-flash',
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
