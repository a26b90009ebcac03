/** Writes a reply: headers, then a stream, nothing, or the body's bytes. */
import type { ServerResponse } from 'node:http';
import type { Reply } from '../http';

/** Sends a body's bytes; chaos swaps in one that breaks them (middleware/chaos.ts). */
export type SendBytes = (res: ServerResponse, status: number, bytes: Buffer) => void;

const whole: SendBytes = (res, status, bytes) => {
  res.writeHead(status, { 'Content-Length': bytes.length });
  res.end(bytes);
};

export function writeReply(res: ServerResponse, reply: Reply, send: SendBytes = whole) {
  for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
  if (reply.stream) {
    res.writeHead(reply.status, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    });
    // Headers now: an SSE client learns the stream is open before the first event.
    res.flushHeaders();
    return reply.stream(res);
  }
  if (reply.body === undefined) {
    res.writeHead(reply.status);
    return void res.end();
  }
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  if (!res.hasHeader('Content-Type')) res.setHeader('Content-Type', 'application/json');
  send(res, reply.status, Buffer.from(text));
}
