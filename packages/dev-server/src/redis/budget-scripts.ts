/**
 * The budget scripts: each runs atomically in Redis, so the check and the change it guards are
 * one step however many processes call at once (never read-modify-write from a process).
 *
 * KEYS come in pairs, one per budget level a call draws on (the agent's own budget, then its
 * group's): the level's budget, a hash with `limit` (absent: unlimited), `pct` (alert
 * threshold), `period` and `tz` (absent: none, UTC), `pstart` (start of the period the spend
 * belongs to, ms), `spent`, `held` (sum of open holds), `updated` (ISO time) and `alert:<pct>`
 * (`<crossed_at> <spent>`); and its open holds, a hash: hold id → `<micros> <expires at, ms>`.
 *
 * ARGV[1] is now (ms), ARGV[2] now (ISO); then for each level, the caller's idea of its period
 * (`<period>|<tz>`) and the start of the current period by the caller's clock ('' for none).
 * Each script first brings every level up to now (`prepare`): a later period starts the spend
 * at zero (the reset is this write, keyed by the period's start: no timer, and a process with
 * a lagging clock never moves it back), and expired holds are dropped. A caller whose idea of
 * the period is stale (another process changed it) gets -3 and the levels, and asks again.
 *
 * Every script answers `{status, charged, alerts crossed per level, HGETALL of each level}`,
 * so the process's copies are brought up to date in the same round trip. Status: 1 done,
 * 0 does not fit, -1 a budget is missing, -2 the hold is closed (or expired), -3 stale period.
 */
import { script } from './client';

const PRELUDE = `
local n = #KEYS / 2
local nowMs = tonumber(ARGV[1])
local nowIso = ARGV[2]
local base = 2 + 2 * n
local function bkey(i) return KEYS[2 * i - 1] end
local function hkey(i) return KEYS[2 * i] end
local function num(key, field) return tonumber(redis.call('HGET', key, field) or '0') end
local function fits(key, amount)
  local limit = redis.call('HGET', key, 'limit')
  if not limit then return true end
  limit = tonumber(limit)
  local used = num(key, 'spent') + num(key, 'held')
  -- An exhausted budget fits nothing, not even a free call.
  return used < limit and used + amount <= limit
end
-- Adds spend; answers the threshold crossed for the first time this period by it, or ''.
local function charge(key, cost)
  local before = num(key, 'spent')
  local after = redis.call('HINCRBY', key, 'spent', cost)
  redis.call('HSET', key, 'updated', nowIso)
  local pct = redis.call('HGET', key, 'pct')
  local limit = redis.call('HGET', key, 'limit')
  if not pct or not limit then return '' end
  if redis.call('HEXISTS', key, 'alert:' .. pct) == 1 then return '' end
  local line = tonumber(limit) * tonumber(pct) / 100
  if before >= line or after < line then return '' end
  redis.call('HSET', key, 'alert:' .. pct, nowIso .. ' ' .. after)
  return pct
end
-- Brings level i up to now: 0 ready, -1 missing, -3 the caller's period is stale.
local function prepare(i)
  local b = bkey(i)
  if redis.call('EXISTS', b) == 0 then return -1 end
  local sig = (redis.call('HGET', b, 'period') or 'none') .. '|' .. (redis.call('HGET', b, 'tz') or 'UTC')
  if sig ~= ARGV[1 + 2 * i] then return -3 end
  local pstart = ARGV[2 + 2 * i]
  if pstart ~= '' and tonumber(pstart) > num(b, 'pstart') then
    redis.call('HSET', b, 'pstart', pstart, 'spent', 0)
    for _, field in ipairs(redis.call('HKEYS', b)) do
      if string.sub(field, 1, 6) == 'alert:' then redis.call('HDEL', b, field) end
    end
  end
  local holds = redis.call('HGETALL', hkey(i))
  for j = 1, #holds, 2 do
    local amount, expiry = string.match(holds[j + 1], '^(%d+) (%d+)$')
    if expiry and tonumber(expiry) <= nowMs then
      redis.call('HDEL', hkey(i), holds[j])
      redis.call('HINCRBY', b, 'held', -tonumber(amount))
    end
  end
  return 0
end
local function prepareAll()
  for i = 1, n do
    local status = prepare(i)
    if status ~= 0 then return status end
  end
  return 0
end
local function answer(status, charged, alerts)
  local levels = {}
  for i = 1, n do levels[i] = redis.call('HGETALL', bkey(i)) end
  return {status, charged, alerts or {}, levels}
end
`;

/** ARGV after the levels': amount, hold id, expires at (ms). Holds it on every level if it fits every level. */
export const RESERVE = script(`${PRELUDE}
local status = prepareAll()
if status ~= 0 then return answer(status, 0) end
local amount = tonumber(ARGV[base + 1])
for i = 1, n do
  if not fits(bkey(i), amount) then return answer(0, 0) end
end
for i = 1, n do
  redis.call('HINCRBY', bkey(i), 'held', amount)
  redis.call('HSET', hkey(i), ARGV[base + 2], ARGV[base + 1] .. ' ' .. ARGV[base + 3])
end
return answer(1, 0)
`);

/**
 * ARGV after the levels': hold id, cost ('' releases). Closes the hold once: charges
 * min(cost, amount held) to every level and gives the rest back; a closed or expired hold
 * changes nothing.
 */
export const SETTLE = script(`${PRELUDE}
for i = 1, n do
  if prepare(i) == -3 then return answer(-3, 0) end
end
local entry = redis.call('HGET', hkey(1), ARGV[base + 1])
if not entry then return answer(-2, 0) end
local amount = tonumber(string.match(entry, '^(%d+)'))
local charged = 0
if ARGV[base + 2] ~= '' then charged = math.min(tonumber(ARGV[base + 2]), amount) end
local alerts = {}
for i = 1, n do
  alerts[i] = ''
  -- A level gone meanwhile (flushed) is not recreated: without its limit it would be unlimited.
  if redis.call('HDEL', hkey(i), ARGV[base + 1]) == 1 and redis.call('EXISTS', bkey(i)) == 1 then
    redis.call('HINCRBY', bkey(i), 'held', -amount)
    if ARGV[base + 2] ~= '' then alerts[i] = charge(bkey(i), charged) end
  end
end
return answer(1, charged, alerts)
`);

/** ARGV after the levels': cost. Charges a price known in advance if it fits every level. */
export const CHARGE_IF_FITS = script(`${PRELUDE}
local status = prepareAll()
if status ~= 0 then return answer(status, 0) end
local cost = tonumber(ARGV[base + 1])
for i = 1, n do
  if not fits(bkey(i), cost) then return answer(0, 0) end
end
local alerts = {}
for i = 1, n do alerts[i] = charge(bkey(i), cost) end
return answer(1, cost, alerts)
`);

/**
 * One level. ARGV after the level's: mode ('open' | 'set'), then limit ('' unlimited), pct (''
 * none), period, tz (each '-' unchanged), and the start of the current period under the
 * settings that result ('' for none). Creates the budget when absent; 'open' leaves an
 * existing one as it is, 'set' applies the settings (spend and holds stay, and belong to the
 * period the new settings put now in).
 */
export const PUT = script(`${PRELUDE}
local key = bkey(1)
local exists = redis.call('EXISTS', key) == 1
if exists and ARGV[base + 1] == 'open' then return answer(1, 0) end
if exists and prepare(1) == -3 then return answer(-3, 0) end
if not exists then redis.call('HSET', key, 'spent', 0, 'held', 0) end
local fields = {'limit', 'pct', 'period', 'tz'}
for f = 1, 4 do
  local value = ARGV[base + 1 + f]
  if value == '' then redis.call('HDEL', key, fields[f])
  elseif value ~= '-' then redis.call('HSET', key, fields[f], value) end
end
if ARGV[base + 6] ~= '' then redis.call('HSET', key, 'pstart', ARGV[base + 6]) end
redis.call('HSET', key, 'updated', nowIso)
return answer(1, 0)
`);
