/**
 * `@tollgate/identity/revocations`: follows a control plane's revocation stream
 * (`GET /v1/identity/revocations`, server-sent events) so a verifier that is not the control
 * plane refuses a revoked certificate within seconds: `createVerifier({ …, revocations:
 * followRevocations(url) })`. The only HTTP in this package, and never part of its root entry.
 *
 * SSE is parsed by eventsource-parser (what the SDK, openai-node and the Vercel AI SDK use).
 * A dropped stream is reconnected with `Last-Event-ID`, so nothing revoked meanwhile is missed,
 * after a jittered backoff like the SDK's (full jitter, 250 ms doubling to 5 s): followers
 * cut off together do not come back in lockstep.
 */
import { EventSourceParserStream } from 'eventsource-parser/stream';
import type { RevocationInfo, RevocationSource } from './verify-request';

/** One revocation as the stream sends it (`event: certificate.revoked`). */
export interface Revocation {
  sequence: number;
  serial: string;
  agent_id: string;
  revoked_at: string;
  certificate_expires_at: string;
}

export interface FollowRevocationsOptions {
  /** The fetch to use (a proxy agent, a test). @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Extra request headers (e.g. an Authorization a gateway in front needs). */
  headers?: Record<string, string>;
  /** First reconnect delay's upper bound, in ms (full jitter). @default 250 */
  initialDelayMs?: number;
  /** Upper bound of any reconnect delay, in ms. @default 5000 */
  maxDelayMs?: number;
  /** Waits `ms` before a reconnect, resolving early when `signal` aborts. @default a timer */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** The jitter's randomness, in [0, 1). @default Math.random */
  random?: () => number;
  /** Current time in ms: a serial is forgotten once its certificate has expired. @default Date.now */
  now?: () => number;
  /** Called with each revocation learned (after it counts). */
  onRevocation?: (revocation: Revocation) => void;
  /** Called with each failed connection or dropped stream before reconnecting. */
  onError?: (error: unknown) => void;
}

/** A followed revocation stream: a `revocations` source for `createVerifier`. */
export interface RevocationFeed extends RevocationSource {
  /** True when `serial` was revoked (and its certificate has not expired yet). */
  isRevoked(info: Pick<RevocationInfo, 'serial'>): boolean;
  /** Resolves once the backlog has been received (the stream's first `sync` event). */
  readonly ready: Promise<void>;
  /** Whether a stream is open now (false while reconnecting). */
  readonly connected: boolean;
  /** The id of the last revocation received, sent as `Last-Event-ID` on reconnect. */
  readonly lastEventId: string | undefined;
  /** Stops following: closes the stream, cancels any reconnect. */
  close(): void;
}

const defaultSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    const cancel = () => {
      clearTimeout(timer);
      resolve();
    };
    signal.addEventListener('abort', cancel, { once: true });
  });

/** How long past a certificate's expiry its serial is kept (covers verifiers' clock skew). */
const KEEP_AFTER_EXPIRY_MS = 5 * 60_000;

export function followRevocations(
  url: string | URL,
  options: FollowRevocationsOptions = {},
): RevocationFeed {
  const doFetch = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const initial = options.initialDelayMs ?? 250;
  const max = options.maxDelayMs ?? 5000;
  const stop = new AbortController();
  /** Revoked serial → when it may be forgotten (its certificate's expiry, plus a margin). */
  const revoked = new Map<string, number>();
  let connected = false;
  let lastEventId: string | undefined;
  /** Streams that delivered their backlog: a healthy connection resets the backoff. */
  let synced = 0;
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  function learn(data: string) {
    const r = JSON.parse(data) as Revocation;
    if (typeof r.serial !== 'string') throw new TypeError('a revocation without a serial');
    const expires = Date.parse(r.certificate_expires_at);
    const at = now();
    // Pruned as revocations arrive: the map holds only certificates that could still verify.
    for (const [serial, until] of revoked) if (until <= at) revoked.delete(serial);
    revoked.set(r.serial, Number.isNaN(expires) ? Infinity : expires + KEEP_AFTER_EXPIRY_MS);
    options.onRevocation?.(r);
  }

  async function follow(): Promise<void> {
    const headers: Record<string, string> = { accept: 'text/event-stream', ...options.headers };
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
    const response = await doFetch(url, { headers, signal: stop.signal });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new Error(`revocation stream: HTTP ${response.status}`);
    }
    const reader = response.body
      .pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>)
      .pipeThrough(new EventSourceParserStream())
      .getReader();
    connected = true;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        if (value.event === 'certificate.revoked') {
          learn(value.data);
          if (value.id) lastEventId = value.id;
        } else if (value.event === 'sync') {
          synced += 1;
          markReady();
        }
      }
    } finally {
      connected = false;
      await reader.cancel().catch(() => undefined);
    }
  }

  void (async () => {
    let attempt = 0;
    while (!stop.signal.aborted) {
      const before = synced;
      try {
        await follow();
        if (!stop.signal.aborted) options.onError?.(new Error('revocation stream ended'));
      } catch (error) {
        if (stop.signal.aborted) return;
        options.onError?.(error);
      }
      // A stream that got as far as its sync was healthy: start the backoff over.
      if (synced !== before) attempt = 0;
      const ceiling = Math.min(max, initial * 2 ** attempt++);
      await sleep(Math.floor(ceiling * random()), stop.signal);
    }
  })();

  return {
    isRevoked: ({ serial }) => (revoked.get(serial) ?? -Infinity) > now(),
    ready,
    get connected() {
      return connected;
    },
    get lastEventId() {
      return lastEventId;
    },
    close: () => stop.abort(),
  };
}
