/**
 * Remembers proof ids (jti) until their proofs expire, so a captured proof cannot be sent
 * twice. Pluggable: a fleet of verifiers shares one by implementing `checkAndStore` over a
 * shared store with an atomic set-if-absent, e.g. Redis:
 *
 * ```ts
 * const replayCache: ReplayCache = {
 *   // SET … NX is atomic: exactly one verifier in the fleet sees 'OK' for a given jti.
 *   checkAndStore: async (jti, expiresAt) =>
 *     (await redis.set(`tollgate:jti:${jti}`, '1', { NX: true, EXAT: expiresAt })) === 'OK',
 * };
 * ```
 *
 * A store that throws fails the request (closed), it never lets it through.
 */
export interface ReplayCache {
  /**
   * Stores `jti` until `expiresAt` (unix seconds) and returns true, or returns false when
   * it is already stored and not yet expired. Must be atomic across the verifiers sharing it.
   */
  checkAndStore(jti: string, expiresAt: number): boolean | Promise<boolean>;
}

export interface MemoryReplayCacheOptions {
  /**
   * Entries kept at most; past it the oldest is dropped even if not expired, which reopens
   * that proof to replay. Size it above peak requests/s × 330 s (proof lifetime + skew).
   * @default 100000
   */
  maxEntries?: number;
  /** Current time in ms (tests). @default Date.now */
  now?: () => number;
}

/**
 * In-process cache bounded in size and in time. Proofs live at most 300 s, so entries arrive
 * in nearly expiry order: each insert prunes expired ones from the front, in O(1) amortised.
 */
export class MemoryReplayCache implements ReplayCache {
  private readonly entries = new Map<string, number>();
  private readonly max: number;
  private readonly now: () => number;

  constructor(options: MemoryReplayCacheOptions = {}) {
    this.max = options.maxEntries ?? 100_000;
    this.now = options.now ?? Date.now;
    if (!(Number.isInteger(this.max) && this.max > 0))
      throw new TypeError('maxEntries must be a positive integer');
  }

  checkAndStore(jti: string, expiresAt: number): boolean {
    const now = Math.floor(this.now() / 1000);
    const seen = this.entries.get(jti);
    if (seen !== undefined && seen >= now) return false;
    for (const [key, exp] of this.entries) {
      if (exp >= now) break;
      this.entries.delete(key);
    }
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.delete(jti);
    this.entries.set(jti, expiresAt);
    return true;
  }

  /** Entries held now (expired ones included until the next insert prunes them). */
  get size(): number {
    return this.entries.size;
  }
}
