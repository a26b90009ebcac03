/**
 * Rate limits on Redis, shared by a fleet: the window of an agent is a hash under
 * `<prefix>rate:<agent id>:<minute>` (`r` requests, `t` tokens), checked and counted by one
 * atomic script, expiring after two minutes. Fixed windows (not sliding): one key per minute,
 * one round trip per call, and the window a process counts in is its clock's minute.
 */
import {
  type Admitted,
  NOTHING_TO_SETTLE,
  type RateLimiter,
  secondsLeft,
  WINDOW_MS,
} from '../state/rate-limits';
import type { State } from '../state/store';
import { type SharedRedis, script } from './client';

/** ARGV: requests per minute ('' none), tokens per minute ('' none), tokens, expiry (ms). */
const ADMIT = script(`
local r = tonumber(redis.call('HGET', KEYS[1], 'r') or '0')
local t = tonumber(redis.call('HGET', KEYS[1], 't') or '0')
if ARGV[1] ~= '' and r + 1 > tonumber(ARGV[1]) then return 0 end
if ARGV[2] ~= '' and t + tonumber(ARGV[3]) > tonumber(ARGV[2]) then return 0 end
redis.call('HINCRBY', KEYS[1], 'r', 1)
redis.call('HINCRBY', KEYS[1], 't', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
`);

export function redisRateLimiter(state: State, redis: SharedRedis): RateLimiter {
  return {
    async admit(agent, tokens) {
      const rpm = agent.rate_limits?.requests_per_minute ?? null;
      const tpm = agent.rate_limits?.tokens_per_minute ?? null;
      if (rpm === null && tpm === null) return NOTHING_TO_SETTLE;
      const now = state.now();
      const key = `${redis.prefix}rate:${agent.id}:${Math.floor(now / WINDOW_MS)}`;
      const args = [rpm ?? '', tpm ?? '', tokens, 2 * WINDOW_MS];
      if ((await redis.run(ADMIT, [key], args)) !== 1)
        return { retryAfterSeconds: secondsLeft(now) };
      const admitted: Admitted = {
        settle: async (used) => {
          const unused = Math.max(0, tokens - used);
          if (unused)
            await redis.guard('counting tokens', () => redis.client.hincrby(key, 't', -unused));
        },
      };
      return admitted;
    },
  };
}
