/**
 * Webhook signatures, both ways: `X-Tollgate-Signature: t=<unix seconds>,v1=<hex>` where hex
 * is HMAC-SHA256(secret, "<t>.<raw body>"). The timestamp is signed, so a captured request
 * cannot be replayed outside the tolerance, and a verifier remembers the signatures it
 * accepted so it cannot be replayed inside it either. WebCrypto only: runs everywhere.
 */
import { TollgateError } from './core/errors';

export const SIGNATURE_HEADER = 'X-Tollgate-Signature';

export class WebhookVerificationError extends TollgateError {
  override name = 'WebhookVerificationError';
  constructor(
    message: string,
    /** signature_missing | signature_malformed | signature_invalid | signature_expired | signature_replayed */
    readonly code: string,
  ) {
    super(message);
  }
}

export interface VerifyOptions {
  /** Largest accepted distance between the signed timestamp and now, in seconds. @default 300 */
  tolerance?: number;
  /** Current time in ms (tests). @default Date.now */
  now?: () => number;
}

const encoder = /* @__PURE__ */ new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      'raw',
      encoder.encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    if (keys.size > 100) keys.clear();
    keys.set(secret, key);
  }
  return key;
}

async function hmacHex(secret: string, timestamp: number, payload: string | Uint8Array) {
  const body = typeof payload === 'string' ? encoder.encode(payload) : payload;
  const prefix = encoder.encode(`${timestamp}.`);
  const message = new Uint8Array(prefix.length + body.length);
  message.set(prefix);
  message.set(body, prefix.length);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret), message));
  return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Compares in time independent of where the strings first differ. */
function timingSafeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  }
  return diff === 0;
}

/** The signature header value for `payload` (the exact bytes that will be sent). */
export async function signWebhook(
  payload: string | Uint8Array,
  secret: string,
  options: { timestamp?: number } = {},
): Promise<string> {
  const t = options.timestamp ?? Math.floor(Date.now() / 1000);
  return `t=${t},v1=${await hmacHex(secret, t, payload)}`;
}

function parseHeader(header: string | null | undefined) {
  if (!header) throw new WebhookVerificationError('no signature header', 'signature_missing');
  const parts = new Map<string, string[]>();
  for (const item of header.split(',')) {
    const [k, v] = item.trim().split('=', 2);
    if (k && v) parts.set(k, [...(parts.get(k) ?? []), v]);
  }
  const t = Number(parts.get('t')?.[0]);
  const signatures = parts.get('v1') ?? [];
  if (!Number.isInteger(t) || signatures.length === 0) {
    throw new WebhookVerificationError('the signature header is malformed', 'signature_malformed');
  }
  return { t, signatures };
}

/**
 * Verifies a received webhook against one secret; throws WebhookVerificationError.
 * Stateless: use a WebhookVerifier to also refuse replays within the tolerance.
 */
export async function verifyWebhook(
  payload: string | Uint8Array,
  header: string | null | undefined,
  secret: string,
  options: VerifyOptions = {},
): Promise<{ timestamp: number; signature: string }> {
  const { t, signatures } = parseHeader(header);
  const now = Math.floor((options.now ?? Date.now)() / 1000);
  if (Math.abs(now - t) > (options.tolerance ?? 300)) {
    throw new WebhookVerificationError(
      'the signature timestamp is outside the tolerance',
      'signature_expired',
    );
  }
  const expected = await hmacHex(secret, t, payload);
  const match = signatures.find((s) => timingSafeEqual(s, expected));
  if (!match)
    throw new WebhookVerificationError('the signature does not match', 'signature_invalid');
  return { timestamp: t, signature: match };
}

/** Verifies webhooks and refuses any signature it has already accepted within the tolerance. */
export class WebhookVerifier {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly secret: string,
    private readonly options: VerifyOptions & { maxEntries?: number } = {},
  ) {}

  async verify(payload: string | Uint8Array, header: string | null | undefined) {
    const result = await verifyWebhook(payload, header, this.secret, this.options);
    const now = Math.floor((this.options.now ?? Date.now)() / 1000);
    const tolerance = this.options.tolerance ?? 300;
    // Entries arrive in (roughly) timestamp order: stop at the first one still in the window.
    for (const [sig, t] of this.seen) {
      if (t >= now - tolerance) break;
      this.seen.delete(sig);
    }
    if (this.seen.has(result.signature)) {
      throw new WebhookVerificationError('this signature was already used', 'signature_replayed');
    }
    if (this.seen.size >= (this.options.maxEntries ?? 10_000)) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    this.seen.set(result.signature, result.timestamp);
    return result;
  }
}
