/**
 * The Lua scripts that count seats and connections per address over every instance
 * (`RedisSeats`). Each tells the other instances what changed on the `KEYS.seatChanges`
 * channel, so that each keeps the whole count and decides at once who is let in.
 * KEYS of each: 1 `KEYS.seats`, 2 `KEYS.slotsOf(instance)`, 3 `KEYS.seatChanges`.
 */

/**
 * This instance's seats change by ARGV[3] and the connections of address ARGV[2] ('' for
 * none) by ARGV[4]; neither goes below 0 (a release that comes after the instance was
 * forgotten). ARGV: 1 instance, 2 address, 3 seats, 4 connections.
 * Publishes "INSTANCE\tSEATS\tADDRESS\tCONNECTIONS", its counts now.
 */
export const SEATS_CHANGE = `
local seats = redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[3])
if seats <= 0 then
  redis.call('HDEL', KEYS[1], ARGV[1])
  seats = 0
end
local mine = 0
if ARGV[2] ~= '' then
  mine = redis.call('HINCRBY', KEYS[2], ARGV[2], ARGV[4])
  if mine <= 0 then
    redis.call('HDEL', KEYS[2], ARGV[2])
    mine = 0
  end
end
redis.call('PUBLISH', KEYS[3], ARGV[1] .. '\\t' .. seats .. '\\t' .. ARGV[2] .. '\\t' .. mine)
return false
`;

/**
 * Replaces what is counted for an instance: its seats ARGV[2] and its connections by
 * address (pairs from ARGV[3] on), or nothing at all when ARGV[2] is '' (it is gone).
 * Publishes "INSTANCE\t*": the others read its counts again.
 */
export const SEATS_REPLACE = `
redis.call('DEL', KEYS[2])
if ARGV[2] == '' then
  redis.call('HDEL', KEYS[1], ARGV[1])
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
end
redis.call('PUBLISH', KEYS[3], ARGV[1] .. '\\t*')
return false
`;
