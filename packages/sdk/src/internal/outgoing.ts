/**
 * A call's request as plain data: built once (from the operation table, or from what
 * `agent.fetch` was given), credentials set on it per attempt, and each attempt sent with
 * `fetch(url, init)`. No Request object is copied per call or per attempt: on Node each one
 * costs header validation and an AbortSignal, measurable against a loopback round trip.
 */

import { type HeaderMap, mergeHeaders } from './headers';

/** The exact bytes to send (a string is sent as UTF-8); null without a body. */
export type RequestBytes = string | Uint8Array<ArrayBuffer> | null;

export type Send = (request: Outgoing, signal?: AbortSignal) => Promise<Response>;

export class Outgoing {
  /** Signed requests set 'manual': their redirects are followed by hand, within the origin. */
  redirect: RequestRedirect = 'follow';

  constructor(
    readonly url: string,
    readonly method: string,
    readonly headers: HeaderMap,
    /** Bytes, so every attempt (and an agent's proof) sees the same body. */
    readonly body: RequestBytes,
  ) {}

  /**
   * A request from fetch's arguments, any body read into bytes once (a stream, Blob or
   * FormData body keeps the content type the runtime gives it).
   */
  static from(url: string, init: RequestInit = {}): Outgoing | Promise<Outgoing> {
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = mergeHeaders(init.headers);
    const body = init.body ?? null;
    // No body or a string body (what LLM clients send): at once, no await on the call's path.
    if (body === null || typeof body === 'string') return new Outgoing(url, method, headers, body);
    if (body instanceof URLSearchParams) {
      if (!headers.has('content-type'))
        headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
      return new Outgoing(url, method, headers, body.toString());
    }
    const read = new Response(body);
    const type = read.headers.get('content-type');
    if (type && !headers.has('content-type')) headers.set('content-type', type);
    return read
      .arrayBuffer()
      .then((bytes) => new Outgoing(url, method, headers, new Uint8Array(bytes)));
  }

  /** The RequestInit of one attempt. */
  init(signal?: AbortSignal): RequestInit {
    return {
      method: this.method,
      headers: this.headers.toRecord(),
      body: this.body,
      signal: signal ?? null,
      redirect: this.redirect,
    };
  }
}

/**
 * How attempts are sent. With no custom fetch, `globalThis.fetch(url, init)`: the runtime
 * builds its one Request. A custom fetch receives a Request, as documented.
 */
export function createSend(custom: ((request: Request) => Promise<Response>) | undefined): Send {
  if (custom) return (r, signal) => custom(new Request(r.url, r.init(signal)));
  return (r, signal) => globalThis.fetch(r.url, r.init(signal));
}
