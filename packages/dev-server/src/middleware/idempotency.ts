/**
 * Idempotency keys: (principal, key) → request fingerprint + the stored response, kept 24 h.
 * A repeat of the same request replays the response with `Idempotent-Replayed: true`; the
 * same key with another request is 409 idempotency_key_reused; a repeat while the first is
 * still running is 409 idempotency_key_in_use with Retry-After. The record is committed
 * before the response is written, so a connection lost after the effect replays it.
 */
import type { Clock } from '../clock';
import type { Reply } from '../http';
import { sha256 } from '../ids';
import { HttpProblem } from './problem';

/** How long a key's record is kept. */
export const TTL_MS = 24 * 60 * 60 * 1000;

interface Entry {
  fingerprint: string;
  /** Unset while the first request is still running. */
  reply?: Reply;
  expiresAt: number;
}

/** Runs a handler once per (scope, key); repeats get the stored reply (memory, or Redis). */
export interface Idempotency {
  run(
    scope: string,
    key: string,
    fingerprintParts: (string | Buffer)[],
    handler: () => Promise<Reply>,
  ): Promise<Reply>;
}

/**
 * What a repeat gets: 409 idempotency_key_reused for another request, 409
 * idempotency_key_in_use while the first still runs, else the stored reply, marked replayed.
 */
export function replayOf(sameRequest: boolean, stored: Reply | undefined): Reply {
  if (!sameRequest)
    throw new HttpProblem(
      409,
      'idempotency_key_reused',
      'This Idempotency-Key was used with a different request.',
    );
  if (!stored)
    throw new HttpProblem(
      409,
      'idempotency_key_in_use',
      'A request with this Idempotency-Key is still in progress.',
      { retry_after: 1 },
      { 'Retry-After': '1' },
    );
  return { ...stored, headers: { ...stored.headers, 'Idempotent-Replayed': 'true' } };
}

/** The request's fingerprint: a hash of its parts. */
export const fingerprintOf = (parts: (string | Buffer)[]) =>
  sha256(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(`${p}\n`) : p))));

export class IdempotencyStore implements Idempotency {
  private readonly entries = new Map<string, Entry>();
  private nextSweep = 0;

  constructor(private readonly clock: Clock) {}

  /** Runs `handler` once per (scope, key); repeats get the stored reply. */
  async run(
    scope: string,
    key: string,
    fingerprintParts: (string | Buffer)[],
    handler: () => Promise<Reply>,
  ): Promise<Reply> {
    const now = this.clock();
    this.sweep(now);
    const id = `${scope}\n${key}`;
    const fingerprint = fingerprintOf(fingerprintParts);
    const existing = this.entries.get(id);
    if (existing && existing.expiresAt > now) {
      return replayOf(existing.fingerprint === fingerprint, existing.reply);
    }
    const entry: Entry = { fingerprint, expiresAt: now + TTL_MS };
    this.entries.set(id, entry);
    try {
      const reply = await handler();
      // Only successes are kept: a refused request may be corrected and retried with its key.
      if (reply.status < 300) entry.reply = reply;
      else this.entries.delete(id);
      return reply;
    } catch (error) {
      this.entries.delete(id);
      throw error;
    }
  }

  /** Drops expired records, at most once a minute of server time. */
  private sweep(now: number) {
    if (now < this.nextSweep) return;
    this.nextSweep = now + 60_000;
    for (const [id, entry] of this.entries)
      if (entry.reply && entry.expiresAt <= now) this.entries.delete(id);
  }
}
