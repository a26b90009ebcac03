/**
 * Remembers proof ids (jti) until their proofs expire, so a captured proof cannot be sent
 * twice. Pluggable: a fleet of verifiers shares one over a store with an atomic
 * set-if-absent, such as `RedisReplayCache` from `@tollgate/identity/redis` (SET NX EX).
 *
 * A store that throws fails the request (closed), it never lets it through.
 */
import { IdentityError } from './errors';

export interface ReplayCache {
  /**
   * Stores `jti` until `expiresAt` (unix seconds) and returns true, or returns false when
   * it is already stored and not yet expired. Must be atomic across the verifiers sharing it.
   * `now` is the verifier's current time in unix seconds (its `now` option), for stores
   * that judge expiry themselves. Throwing refuses the request.
   */
  checkAndStore(jti: string, expiresAt: number, now?: number): boolean | Promise<boolean>;
}

export interface MemoryReplayCacheOptions {
  /**
   * Live proof ids held at most. When it is full of live ones a new proof is refused with
   * `replay_cache_full` (never is a live one forgotten). Size it above peak requests/s ×
   * (proof lifetime + 2 × clock skew): 360 s at the protocol's 300 s limit, 120 s for the
   * SDK's 60 s proofs. @default 100000
   */
  maxEntries?: number;
  /** Current time in ms, when the verifier passes none (tests). @default Date.now */
  now?: () => number;
}

/**
 * In-process cache bounded in size and in time. Proofs live at most 300 s, so entries arrive
 * in nearly expiry order: each insert prunes expired ones from the front, in O(1) amortised.
 * Only when it is full does it sweep every entry (at most once per second), since a long
 * proof at the front can hide expired short ones behind it.
 */
export class MemoryReplayCache implements ReplayCache {
  private readonly entries = new Map<string, number>();
  private readonly max: number;
  private readonly clock: () => number;
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(options: MemoryReplayCacheOptions = {}) {
    this.max = options.maxEntries ?? 100_000;
    this.clock = options.now ?? Date.now;
    if (!(Number.isInteger(this.max) && this.max > 0))
      throw new TypeError('maxEntries must be a positive integer');
  }

  checkAndStore(jti: string, expiresAt: number, now?: number): boolean {
    const at = now ?? Math.floor(this.clock() / 1000);
    const seen = this.entries.get(jti);
    if (seen !== undefined) {
      if (seen >= at) return false;
      this.entries.delete(jti);
    }
    for (const [key, exp] of this.entries) {
      if (exp >= at) break;
      this.entries.delete(key);
    }
    if (this.entries.size >= this.max && at > this.lastSweep) {
      this.lastSweep = at;
      for (const [key, exp] of this.entries) if (exp < at) this.entries.delete(key);
    }
    if (this.entries.size >= this.max)
      throw new IdentityError(
        'replay_cache_full',
        'the replay cache is full of live proofs: refused rather than forget one (raise maxEntries)',
      );
    this.entries.set(jti, expiresAt);
    return true;
  }

  /** Entries held now (expired ones included until an insert prunes them). */
  get size(): number {
    return this.entries.size;
  }
}
