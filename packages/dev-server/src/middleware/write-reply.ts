/**
 * Writes a reply, or deliberately fails to: the after-effect chaos faults strike here, once
 * the handler's effect and its idempotency record are committed.
 */
import type { ServerResponse } from 'node:http';
import type { Reply } from '../http';

export type AfterFault = 'reset-after' | 'truncate' | 'malformed';

export function writeReply(res: ServerResponse, reply: Reply, fault?: AfterFault) {
  if (fault === 'reset-after') return void res.socket?.destroy();
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
  const bytes = Buffer.from(text);
  if (fault === 'truncate') {
    // Promise the whole body, send half, hang up: the client sees a cut-off body.
    res.writeHead(reply.status, { 'Content-Length': bytes.length });
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
    return void setImmediate(() => res.socket?.destroy());
  }
  // A complete HTTP response whose JSON is cut in half: the body cannot be parsed.
  const sent = fault === 'malformed' ? bytes.subarray(0, Math.max(1, bytes.length >> 1)) : bytes;
  res.writeHead(reply.status, { 'Content-Length': sent.length });
  res.end(sent);
}
