/**
 * An OpenAI-compatible upstream on loopback whose streamed answer never finishes: it sends
 * one content delta and holds the stream open until the caller hangs up (or `close()`), so a
 * test can abandon a stream mid-way through the real proxy.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function startHeldStreamModel() {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = {
        id: 'chatcmpl-held',
        object: 'chat.completion.chunk',
        created: 0,
        model: 'gpt-4o-mini',
        choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' }, finish_reason: null }],
      };
      res.write(`data: ${JSON.stringify(chunk)}\n\n`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
