/**
 * Idempotency records on Redis, so a key used on one dev server of a fleet is honoured by all:
 * the same rules as the memory store (middleware/idempotency.ts), one hash per (principal,
 * key) under `<prefix>idem:<sha256 of both>` with the request's fingerprint `f`, its expiry `e`
 * (the server's clock, ms), the claim's owner `t` and, once done, the reply `r` (JSON).
 *
 * Claiming is one script (the first request wins, every other one reads the record); the reply
 * is stored by its claimant only. A record Redis cannot take is a 503 before the handler runs.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import type { Reply } from '../http';
import { sha256 } from '../ids';
import { fingerprintOf, type Idempotency, replayOf, TTL_MS } from '../middleware/idempotency';
import { type SharedRedis, script } from './client';

/** ARGV: fingerprint, now, expiry, owner, ms to keep. Nil when claimed, else {f, r or ''}. */
const CLAIM = script(`
local e = redis.call('HMGET', KEYS[1], 'f', 'e', 'r')
if e[1] and tonumber(e[2]) > tonumber(ARGV[2]) then return {e[1], e[3] or ''} end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'f', ARGV[1], 'e', ARGV[3], 't', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return false
`);

/** ARGV: owner, reply JSON ('' gives the claim up). Only the claimant may store or give up. */
const FINISH = script(`
if redis.call('HGET', KEYS[1], 't') ~= ARGV[1] then return 0 end
if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('HSET', KEYS[1], 'r', ARGV[2]) end
return 1
`);

type Stored = Pick<Reply, 'status' | 'headers' | 'body'>;

export function redisIdempotency(
  redis: SharedRedis,
  clock: Clock,
  log: (message: string) => void,
): Idempotency {
  return {
    async run(scope, key, fingerprintParts, handler) {
      const now = clock();
      const id = `${redis.prefix}idem:${sha256(`${scope}\n${key}`)}`;
      const fingerprint = fingerprintOf(fingerprintParts);
      const owner = randomUUID();
      const existing = await redis.run(
        CLAIM,
        [id],
        [fingerprint, now, now + TTL_MS, owner, TTL_MS],
      );
      if (Array.isArray(existing)) {
        const [seen, reply] = existing;
        // A reply this module stored (below), from a `Stored`.
        const stored =
          typeof reply === 'string' && reply ? (JSON.parse(reply) as Stored) : undefined;
        return replayOf(seen === fingerprint, stored);
      }
      const giveUp = () =>
        redis.run(FINISH, [id], [owner, '']).catch(() => {
          // Unreachable now: the claim stays until it expires (409 in use meanwhile).
          log('an idempotency claim could not be given up: its key stays in use until it expires');
        });
      let reply: Reply;
      try {
        reply = await handler();
      } catch (error) {
        await giveUp();
        throw error;
      }
      // Only successes are kept: a refused request may be corrected and retried with its key.
      // A streamed reply cannot be stored (no idempotent operation streams).
      if (reply.status >= 300 || reply.stream) {
        await giveUp();
        return reply;
      }
      const stored: Stored = { status: reply.status, headers: reply.headers, body: reply.body };
      // The effect has happened: its reply goes back even if Redis cannot keep it.
      await redis.run(FINISH, [id], [owner, JSON.stringify(stored)]).catch(() => {
        log('an idempotent reply could not be stored: its key stays in use until it expires');
      });
      return reply;
    },
  };
}
