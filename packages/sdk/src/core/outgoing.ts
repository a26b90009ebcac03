/**
 * A call's request as plain data. openapi-fetch builds it (it is handed in as openapi-fetch's
 * `Request` class), credentials are set on it per attempt, and each attempt sends it with
 * `fetch(url, init)`. No Request object is copied per call or per attempt: on Node each one
 * costs header validation and an AbortSignal, measurable against a loopback round trip.
 */
export type Send = (request: Outgoing, signal?: AbortSignal) => Promise<Response>;

export class Outgoing {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  /** The exact bytes to send (a string is sent as UTF-8); null without a body. */
  body: string | Uint8Array | null;
  /** Signed requests set 'manual': their redirects are followed by hand, within the origin. */
  redirect: RequestRedirect = 'follow';
  private pending: BodyInit | null = null;

  constructor(url: string | URL, init: RequestInit = {}) {
    this.url = String(url);
    this.method = (init.method ?? 'GET').toUpperCase();
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    const body = init.body ?? null;
    if (body === null || typeof body === 'string' || body instanceof Uint8Array) this.body = body;
    else if (body instanceof URLSearchParams) {
      this.body = body.toString();
      if (!this.headers.has('content-type'))
        this.headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
    } else {
      this.body = null;
      this.pending = body;
    }
  }

  /**
   * Reads a stream, Blob or FormData body into bytes once, so that every attempt (and an
   * agent's proof) sees the same bytes. A no-op for string and byte bodies.
   */
  async ready(): Promise<this> {
    if (this.pending === null) return this;
    const read = new Response(this.pending);
    this.pending = null;
    const type = read.headers.get('content-type');
    if (type && !this.headers.has('content-type')) this.headers.set('content-type', type);
    this.body = new Uint8Array(await read.arrayBuffer());
    return this;
  }

  /** The RequestInit of one attempt. */
  init(signal?: AbortSignal): RequestInit {
    return {
      method: this.method,
      headers: this.headers,
      body: this.body as BodyInit | null,
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
