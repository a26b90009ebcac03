/**
 * Idempotency keys: key → request fingerprint + the stored response, kept 24 h. A repeat with
 * the same request replays the response (`Idempotent-Replayed: true`); with another request
 * it is 409 idempotency_key_reused; while the first is still running it is 409
 * idempotency_key_in_use with Retry-After.
 */
import { HttpProblem, type Reply } from './http';
import { sha256 } from './ids';

const TTL_MS = 24 * 60 * 60 * 1000;

interface Entry {
  fingerprint: string;
  reply?: Reply;
  expiresAt: number;
}

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  /** Runs `handler` once per (principal, key); repeats get the stored reply. */
  async run(
    scope: string,
    key: string,
    fingerprintParts: (string | Buffer)[],
    handler: () => Promise<Reply>,
  ): Promise<Reply> {
    const id = `${scope}\n${key}`;
    const fingerprint = sha256(
      Buffer.concat(
        fingerprintParts.map((p) => (typeof p === 'string' ? Buffer.from(`${p}\n`) : p)),
      ),
    );
    const now = Date.now();
    const existing = this.entries.get(id);
    if (existing && existing.expiresAt > now) {
      if (existing.fingerprint !== fingerprint) {
        throw new HttpProblem(
          409,
          'idempotency_key_reused',
          'This Idempotency-Key was used with another request.',
        );
      }
      if (!existing.reply) {
        throw new HttpProblem(
          409,
          'idempotency_key_in_use',
          'A request with this Idempotency-Key is still in progress.',
          { retry_after: 1 },
          { 'Retry-After': '1' },
        );
      }
      return {
        ...existing.reply,
        headers: { ...existing.reply.headers, 'Idempotent-Replayed': 'true' },
      };
    }
    const entry: Entry = { fingerprint, expiresAt: now + TTL_MS };
    this.entries.set(id, entry);
    try {
      const reply = await handler();
      // Only successes are remembered: a failed request may be retried with the same key.
      if (reply.status < 300) entry.reply = reply;
      else this.entries.delete(id);
      return reply;
    } catch (error) {
      this.entries.delete(id);
      throw error;
    }
  }
}
