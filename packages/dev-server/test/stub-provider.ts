/**
 * A provider on loopback that tests steer: it can hold its answers until released, stream
 * without end (ignoring max_tokens, as a misbehaving upstream would), or stream one chunk and
 * wait. It records what it was sent and which connections the proxy dropped, and tells whoever
 * `observe`s it as each happens (tests await counts without polling).
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Mode = 'answer' | 'endless' | 'first-chunk-then-wait';

export async function stubProvider() {
  const received: Record<string, unknown>[] = [];
  let dropped = 0;
  let mode: Mode = 'answer';
  let release: () => void = () => {};
  let gate: Promise<void> = Promise.resolve();
  const observers = new Set<() => void>();
  const changed = () => {
    for (const observer of [...observers]) observer();
  };
  /** Calls `observer` at every request received and connection dropped; returns how to stop. */
  const observe = (observer: () => void) => {
    observers.add(observer);
    return () => void observers.delete(observer);
  };
  /** Resolves once `check` holds: checked now, then at every request and dropped connection. */
  const until = (check: () => boolean) =>
    new Promise<void>((resolve) => {
      const test = () => {
        if (!check()) return;
        stop();
        resolve();
      };
      const stop = observe(test);
      test();
    });

  const openaiChunk = (delta: object, extra: object = {}) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-stub', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`;

  async function stream(res: ServerResponse, anthropic: boolean) {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const piece = anthropic
      ? `event: content_block_delta\ndata: ${JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'word '.repeat(20) } })}\n\n`
      : openaiChunk({ content: 'word '.repeat(20) });
    if (anthropic)
      res.write(
        `event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message: { id: 'msg_stub', model: 'claude-3-5-haiku-latest', usage: { input_tokens: 10, output_tokens: 0 } } })}\n\n`,
      );
    res.write(piece);
    if (mode === 'first-chunk-then-wait') return; // until the proxy hangs up
    // Endless, but bounded: a proxy that never cuts off fails the test rather than hanging it.
    for (let i = 0; i < 5_000 && !res.destroyed; i++) {
      if (!res.write(piece)) await new Promise((r) => res.once('drain', r));
      await new Promise((r) => setImmediate(r));
    }
    res.end();
  }

  const server = createServer(async (req, res) => {
    let text = '';
    for await (const c of req) text += c;
    const body = JSON.parse(text) as Record<string, unknown>;
    received.push(body);
    res.on('close', () => {
      if (res.writableFinished) return;
      dropped++;
      changed();
    });
    changed();
    const anthropic = req.url === '/v1/messages';
    if (body.stream) return void stream(res, anthropic);
    await gate;
    const cap = Number(body.max_completion_tokens ?? body.max_tokens ?? 1);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: 'chatcmpl-stub',
        object: 'chat.completion',
        created: 1,
        model: body.model,
        choices: [
          { index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' },
        ],
        // The worst the caller allowed: all of its output cap.
        usage: { prompt_tokens: 20, completion_tokens: cap, total_tokens: 20 + cap },
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    openai: `${base}/v1`,
    anthropic: base,
    received,
    dropped: () => dropped,
    observe,
    /** Resolves once `n` requests in all have been received (a test's timeout bounds the wait). */
    receivedCount: (n: number) => until(() => received.length >= n),
    /** Resolves once `n` connections in all have been dropped by the proxy. */
    droppedCount: (n: number) => until(() => dropped >= n),
    setMode(next: Mode) {
      mode = next;
    },
    /** Holds every non-streamed answer until `open()` is called. */
    hold() {
      gate = new Promise((r) => {
        release = r;
      });
      return { open: () => release() };
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
