/**
 * Masks credentials in everything the SDK prints: log lines and every part of an error
 * (message, problem body, response headers, causes). Two nets: patterns for what a credential
 * looks like (API keys, bearer tokens, JWTs — certificates and proofs —, client and webhook
 * secrets, JWK private members), and the exact values a client holds (its API key, client
 * secret and OAuth tokens), which catch a credential no pattern knows, even in free text.
 * The SDK never puts a credential into a message on purpose; a server's echo or a URL might.
 */
const PATTERNS: [RegExp, string][] = [
  [/\b(Bearer|Basic|DPoP)\s+[\w.~+/=-]+/gi, '$1 [redacted]'],
  [/\beyJ[\w-]*\.[\w-]*\.[\w-]*/g, '[redacted jwt]'],
  [/\b(tg_(?:live|test)_|whsec_|tgcs_|tgat_)[\w-]+/g, '$1[redacted]'],
  [
    /("?\b(?:client_?secret|secret|api_?key|x-api-key|(?:access_|refresh_|id_)?token|password|authorization|proof|certificate|private_key|d)"?\s*[:=]\s*"?)[^"&\s,}]+/gi,
    '$1[redacted]',
  ],
];

/** Object members and headers whose value is a credential whatever it looks like (names
 * compared lower-case without `-`/`_`). */
const SECRET_NAME =
  /^(?:(?:proxy)?authorization|(?:set)?cookie|x?apikey|clientsecret|secret|password|(?:access|refresh|id)?token|(?:xtollgate)?(?:proof|certificate)|private(?:key|jwk)|d)$/;
/** The private members of a JWK (RFC 7518 §6.2.2, §6.3.2, §6.4). */
const JWK_PRIVATE = /^(?:d|p|q|dp|dq|qi|oth|k)$/;

const REDACTED = '[redacted]';
/** A value nested deeper than this is dropped rather than walked. */
const MAX_DEPTH = 16;
/** How many issued tokens are remembered; older ones are left to the patterns. */
const REMEMBERED_TOKENS = 8;

const isSecretName = (name: string) => SECRET_NAME.test(name.toLowerCase().replace(/[-_]/g, ''));
/** Shorter values are not masked verbatim: they would mask ordinary words. */
const isSecretValue = (value: unknown): value is string =>
  typeof value === 'string' && value.length >= 8;

/** The values are held in a #private field: printing a Redactor shows none of them. */
export class Redactor {
  readonly #values: string[];
  #fixed: number;

  constructor(secrets: Iterable<string | undefined> = []) {
    this.#values = [...secrets].filter(isSecretValue);
    this.#fixed = this.#values.length;
  }

  /** Adds a credential obtained later (an OAuth token); the last few are kept. */
  remember(secret: string | undefined): void {
    if (!isSecretValue(secret) || this.#values.includes(secret)) return;
    this.#values.push(secret);
    if (this.#values.length > this.#fixed + REMEMBERED_TOKENS) this.#values.splice(this.#fixed, 1);
  }

  /** Masks every known credential and every credential-shaped string in `text`. */
  text(text: string): string {
    let out = text;
    for (const secret of this.#values) out = out.split(secret).join(REDACTED);
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
    return out;
  }

  /**
   * A masked copy of a JSON-like value: strings and member names masked, credential-named
   * members (and a JWK's private ones) replaced; cycles and anything deeper than 16 levels
   * dropped. Errors are masked as causes are.
   */
  value<T>(value: T, depth = 0, seen = new WeakSet<object>()): T {
    // The copy has T's JSON shape: strings stay strings, arrays arrays, members members (a
    // class instance comes back as its data; what is cut off, too deep or cyclic, is undefined).
    return this.#masked(value, depth, seen) as T;
  }

  #masked(value: unknown, depth: number, seen: WeakSet<object>): unknown {
    if (typeof value === 'string') return this.text(value);
    if (typeof value !== 'object' || value === null) return value;
    if (depth > MAX_DEPTH || seen.has(value)) return undefined;
    seen.add(value);
    if (value instanceof Error) return this.cause(value, depth, seen);
    if (value instanceof Headers) return this.headers(value);
    if (Array.isArray(value)) return value.map((v) => this.#masked(v, depth + 1, seen));
    const jwk = 'kty' in value;
    const out: Record<string, unknown> = {};
    for (const [name, member] of Object.entries(value)) {
      const secret = isSecretName(name) || (jwk && JWK_PRIVATE.test(name));
      out[this.text(name)] = secret ? REDACTED : this.#masked(member, depth + 1, seen);
    }
    return out;
  }

  /** Response headers with credential headers replaced and every other value masked. */
  headers(headers: Headers): Headers {
    const out = new Headers();
    headers.forEach((value, name) => {
      out.append(name, isSecretName(name) ? REDACTED : this.text(value));
    });
    return out;
  }

  /**
   * An error's cause, safe to print: itself when nothing in it needed masking (its class and
   * fields survive), else an Error of the same name with the masked message, stack, fields
   * (`code` included) and cause.
   */
  cause(cause: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
    if (!(cause instanceof Error)) return same(cause, this.value(cause, depth, seen));
    seen.add(cause);
    const fields: Record<string, unknown> = { ...cause };
    const masked = this.value(fields, depth, seen);
    const hasCause = 'cause' in cause;
    const inner = hasCause ? this.cause(cause.cause, depth + 1, seen) : undefined;
    const message = this.text(cause.message);
    const stack = cause.stack && this.text(cause.stack);
    const clean =
      message === cause.message &&
      stack === cause.stack &&
      inner === cause.cause &&
      same(fields, masked) === fields;
    if (clean) return cause;
    const copy = Object.assign(new Error(message, hasCause ? { cause: inner } : {}), masked, {
      stack,
    });
    return Object.defineProperty(copy, 'name', { value: cause.name });
  }
}

/** `before` when masking changed nothing in it, else `after`. */
function same<T>(before: T, after: T): T {
  try {
    return JSON.stringify(before) === JSON.stringify(after) ? before : after;
  } catch {
    return after;
  }
}

/** The patterns alone: for text no client's credentials are known for. */
export const patternRedactor = new Redactor();

/** Masks credential-shaped strings in `text` (patterns only). */
export function redact(text: string): string {
  return patternRedactor.text(text);
}

/** Node's `util.inspect` hook (Bun and Deno honour it too). */
export const INSPECT: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never;
