/**
 * Remembers proof ids (jti) until their proofs expire, so a captured proof cannot be sent
 * twice. Pluggable: a fleet of verifiers shares one by implementing `checkAndStore` over a
 * shared store (e.g. Redis `SET jti 1 NX EXAT <expiresAt>`, true when the SET happened).
 */
export interface ReplayCache {
  /** Stores `jti` until `expiresAt` (unix seconds); false when it was already there. */
  checkAndStore(jti: string, expiresAt: number): boolean | Promise<boolean>;
}

export interface MemoryReplayCacheOptions {
  /** Entries kept at most; past it the oldest is dropped. @default 100000 */
  maxEntries?: number;
  /** Current time in ms (tests). @default Date.now */
  now?: () => number;
}

/**
 * In-process cache bounded in size and time. Proofs live at most 300 s, so entries arrive in
 * nearly expiry order and expired ones are pruned from the front on each insert.
 */
export class MemoryReplayCache implements ReplayCache {
  private readonly entries = new Map<string, number>();
  private readonly max: number;
  private readonly now: () => number;

  constructor(options: MemoryReplayCacheOptions = {}) {
    this.max = options.maxEntries ?? 100_000;
    this.now = options.now ?? Date.now;
  }

  checkAndStore(jti: string, expiresAt: number): boolean {
    const now = Math.floor(this.now() / 1000);
    const seen = this.entries.get(jti);
    if (seen !== undefined && seen >= now) return false;
    for (const [key, exp] of this.entries) {
      if (exp >= now) break;
      this.entries.delete(key);
    }
    if (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.delete(jti);
    this.entries.set(jti, expiresAt);
    return true;
  }

  get size(): number {
    return this.entries.size;
  }
}
