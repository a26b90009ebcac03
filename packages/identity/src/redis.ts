/**
 * `@tollgate/identity/redis`: a replay cache that every verifier of a fleet shares, on Redis.
 * It takes the client you already have (node-redis or ioredis) through the one method it
 * needs, so this package depends on neither.
 */
import { IdentityError } from './errors';
import type { ReplayCache } from './replay-cache';

/**
 * The one method used from a Redis client, either shape:
 * - node-redis (v4 and later; tested with the current major): `createClient()` has `sendCommand(args)`;
 * - ioredis (`new Redis()`): has `call(command, ...args)`.
 */
export type RedisCommandClient =
  | { call(command: string, ...args: string[]): Promise<unknown> }
  | { sendCommand(args: string[]): Promise<unknown> };

export interface RedisReplayCacheOptions {
  /** A connected client (see `RedisCommandClient`). Attach an `error` listener to it. */
  client: RedisCommandClient;
  /** Prepended to each proof id to form its key. @default 'tollgate:jti:' */
  keyPrefix?: string;
  /**
   * Milliseconds to wait for Redis's answer before refusing the request with
   * `replay_cache_unavailable` (a client queueing commands while disconnected would
   * otherwise hold every request until it reconnects). @default 1000
   */
  timeoutMs?: number;
  /** Current time in ms, when the verifier passes none. @default Date.now */
  now?: () => number;
}

/**
 * `SET <prefix><jti> 1 NX EX <seconds until exp + skew>`: atomic, so exactly one verifier of
 * the fleet stores a given proof id and every other one sees it as replayed. The lifetime is
 * counted from the verifier's own clock (its `now`), the clock that judged the proof live.
 *
 * Fails closed: when Redis errors, is unreachable or does not answer within `timeoutMs`, the
 * request is refused with `IdentityError('replay_cache_unavailable')`, never let through.
 */
export class RedisReplayCache implements ReplayCache {
  private readonly send: (args: string[]) => Promise<unknown>;
  private readonly prefix: string;
  private readonly timeoutMs: number;
  private readonly clock: () => number;

  constructor(options: RedisReplayCacheOptions) {
    const client = options.client as Partial<Record<'call' | 'sendCommand', unknown>> | null;
    if (typeof client?.call === 'function') {
      const c = options.client as { call(command: string, ...args: string[]): Promise<unknown> };
      this.send = ([command, ...args]) => c.call(command!, ...args);
    } else if (typeof client?.sendCommand === 'function') {
      const c = options.client as { sendCommand(args: string[]): Promise<unknown> };
      this.send = (args) => c.sendCommand(args);
    } else {
      throw new TypeError('client must be a Redis client with call() (ioredis) or sendCommand()');
    }
    this.prefix = options.keyPrefix ?? 'tollgate:jti:';
    this.timeoutMs = options.timeoutMs ?? 1000;
    this.clock = options.now ?? Date.now;
    if (typeof this.prefix !== 'string') throw new TypeError('keyPrefix must be a string');
    if (!(Number.isFinite(this.timeoutMs) && this.timeoutMs > 0))
      throw new RangeError('timeoutMs must be a positive number');
  }

  async checkAndStore(jti: string, expiresAt: number, now?: number): Promise<boolean> {
    const at = now ?? Math.floor(this.clock() / 1000);
    // At least 1 s: a proof the verifier accepted is never stored without an expiry.
    const seconds = Math.max(1, Math.ceil(expiresAt - at));
    const reply = await this.command(['SET', this.prefix + jti, '1', 'NX', 'EX', String(seconds)]);
    if (reply === 'OK') return true;
    if (reply === null) return false;
    throw unavailable('Redis answered SET with an unexpected reply');
  }

  private command(args: string[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(unavailable(`Redis did not answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      const settle = (f: () => void) => {
        clearTimeout(timer);
        f();
      };
      let sent: Promise<unknown>;
      try {
        sent = Promise.resolve(this.send(args));
      } catch (error) {
        sent = Promise.reject(error);
      }
      sent.then(
        (reply) => settle(() => resolve(reply)),
        (error: unknown) =>
          settle(() => reject(unavailable('the Redis command failed', { cause: error }))),
      );
    });
  }
}

function unavailable(reason: string, options?: { cause?: unknown }): IdentityError {
  return new IdentityError(
    'replay_cache_unavailable',
    `the replay cache is unavailable (${reason}): refused rather than risk a replay`,
    options,
  );
}
