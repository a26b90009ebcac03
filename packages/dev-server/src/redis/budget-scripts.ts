/**
 * The budget scripts: each runs atomically in Redis, so the check and the change it guards are
 * one step however many processes call at once (never read-modify-write from a process).
 *
 * Keys of every script: KEYS[1] is the agent's open reservations (a hash: reservation id →
 * micro-dollars held); KEYS[2..n] are the budget levels a call draws on, each a hash with
 * `limit` (absent: unlimited), `pct` (alert threshold), `spent`, `held` (sum of open
 * reservations), `updated` (ISO time) and `alert:<pct>` (`<crossed_at> <spent>`). Today the
 * only level is the agent's own budget; a group hierarchy is more levels (each checked, each
 * held and charged), and a budget period a `period` field the scripts compare with the
 * caller's current period (see the README).
 *
 * Every script answers `{status, charged, alertPct, HGETALL of KEYS[2]}`: the agent's budget
 * as it is after the step, so the process's copy is brought up to date in the same round trip.
 * Status: 1 done, 0 does not fit, -1 a budget is missing, -2 the reservation is already closed.
 */
import { script } from './client';

const PRELUDE = `
local function num(key, field) return tonumber(redis.call('HGET', key, field) or '0') end
local function fits(key, amount)
  local limit = redis.call('HGET', key, 'limit')
  if not limit then return true end
  limit = tonumber(limit)
  local used = num(key, 'spent') + num(key, 'held')
  -- An exhausted budget fits nothing, not even a free call.
  return used < limit and used + amount <= limit
end
-- Adds spend; answers the threshold crossed for the first time by it, or ''.
local function charge(key, cost, now)
  local before = num(key, 'spent')
  local after = redis.call('HINCRBY', key, 'spent', cost)
  redis.call('HSET', key, 'updated', now)
  local pct = redis.call('HGET', key, 'pct')
  local limit = redis.call('HGET', key, 'limit')
  if not pct or not limit then return '' end
  if redis.call('HEXISTS', key, 'alert:' .. pct) == 1 then return '' end
  local line = tonumber(limit) * tonumber(pct) / 100
  if before >= line or after < line then return '' end
  redis.call('HSET', key, 'alert:' .. pct, now .. ' ' .. after)
  return pct
end
local function missing()
  for i = 2, #KEYS do
    if redis.call('EXISTS', KEYS[i]) == 0 then return true end
  end
  return false
end
local function answer(status, charged, alert)
  return {status, charged, alert, redis.call('HGETALL', KEYS[2])}
end
`;

/** ARGV: amount, reservation id. Holds the amount on every level if it fits every level. */
export const RESERVE = script(`${PRELUDE}
local amount = tonumber(ARGV[1])
if missing() then return answer(-1, 0, '') end
for i = 2, #KEYS do
  if not fits(KEYS[i], amount) then return answer(0, 0, '') end
end
for i = 2, #KEYS do redis.call('HINCRBY', KEYS[i], 'held', amount) end
redis.call('HSET', KEYS[1], ARGV[2], amount)
return answer(1, 0, '')
`);

/**
 * ARGV: reservation id, cost ('' releases), now. Closes the reservation once: charges
 * min(cost, amount held) and gives the rest back; a closed reservation changes nothing.
 */
export const SETTLE = script(`${PRELUDE}
local amount = redis.call('HGET', KEYS[1], ARGV[1])
if not amount then return answer(-2, 0, '') end
redis.call('HDEL', KEYS[1], ARGV[1])
amount = tonumber(amount)
local charged = 0
local alert = ''
if ARGV[2] ~= '' then charged = math.min(tonumber(ARGV[2]), amount) end
for i = 2, #KEYS do
  -- A level gone meanwhile (flushed) is not recreated: without its limit it would be unlimited.
  if redis.call('EXISTS', KEYS[i]) == 1 then
    redis.call('HINCRBY', KEYS[i], 'held', -amount)
    if ARGV[2] ~= '' then
      local crossed = charge(KEYS[i], charged, ARGV[3])
      if i == 2 then alert = crossed end
    end
  end
end
return answer(1, charged, alert)
`);

/** ARGV: cost, now. Charges a price known in advance if it fits every level. */
export const CHARGE_IF_FITS = script(`${PRELUDE}
local cost = tonumber(ARGV[1])
if missing() then return answer(-1, 0, '') end
for i = 2, #KEYS do
  if not fits(KEYS[i], cost) then return answer(0, 0, '') end
end
local alert = ''
for i = 2, #KEYS do
  local crossed = charge(KEYS[i], cost, ARGV[2])
  if i == 2 then alert = crossed end
end
return answer(1, cost, alert)
`);

/**
 * ARGV: mode ('open' | 'set'), limit ('' unlimited, '-' unchanged), pct ('' none, '-'
 * unchanged), now. Creates the budget when absent; 'open' leaves an existing one as it is,
 * 'set' applies the limit and threshold (spend and holds stay).
 */
export const PUT = script(`${PRELUDE}
local key = KEYS[2]
local exists = redis.call('EXISTS', key) == 1
if not exists then redis.call('HSET', key, 'spent', 0, 'held', 0, 'updated', ARGV[4]) end
if ARGV[1] == 'set' or not exists then
  if ARGV[2] == '' then redis.call('HDEL', key, 'limit')
  elseif ARGV[2] ~= '-' then redis.call('HSET', key, 'limit', ARGV[2]) end
  if ARGV[3] == '' then redis.call('HDEL', key, 'pct')
  elseif ARGV[3] ~= '-' then redis.call('HSET', key, 'pct', ARGV[3]) end
  redis.call('HSET', key, 'updated', ARGV[4])
end
return answer(1, 0, '')
`);
