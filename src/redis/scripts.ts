import { nicknameKeys } from "../stores/nickname-keys.ts";

/**
 * The Lua scripts that make each shared step atomic in Redis. Each runs whole or not at
 * all, so two instances never both win a nickname or an id.
 */

/** Key names, under one prefix so that a Redis can be shared with other programs. */
export const KEYS = {
  /** The one order: a stream whose entry ids are the event ids (`ID-0`). */
  events: "switchboard:events",
  /** The newest id given out. */
  nextId: "switchboard:next-id",
  /** The id the current numbering started from: it changes when Redis lost its data. */
  epoch: "switchboard:epoch",
  /** Instances that have registered, alive or not (yet reaped). */
  instances: "switchboard:instances",
  /**
   * Instances that have registered their members on the data Redis holds now: lost with
   * it, so an instance missing from it has yet to register again (see `REGISTERED`).
   */
  registered: "switchboard:registered",
  /**
   * Instances known before Redis lost its data that have not registered again yet: while
   * it exists (it expires as an instance stops counting as alive), no new name is given.
   */
  awaiting: "switchboard:awaiting",
  /** A key that lives while the instance beats (PX). */
  alive: (instance: string) => `switchboard:alive:${instance}`,
  /** The instance's members: identity → their whereabouts as JSON. */
  presence: (instance: string) => `switchboard:presence:${instance}`,
  /** Where each member is connected: identity → instance. */
  homes: "switchboard:homes",
  /**
   * Who holds a nickname, "IDENTITY SINCE NICK" (SINCE: when they took it, ms), under two
   * keys: the name in lower case and its `nickKey` (look-alikes clash; see `nicknameKeys`).
   */
  nick: (nick: string) => [`switchboard:nick:${nicknameKeys(nick).name}`, `switchboard:looks:${nicknameKeys(nick).lookAlike}`],
  /** A web session, by the hash of its token (see `SessionStore`). */
  session: (tokenHash: string) => `switchboard:session:${tokenHash}`,
  /** Each room's topic: room → its newest `TopicEvent` as JSON. */
  topics: "switchboard:topics",
  /** Owned nicknames: nickname in lower case → the account as JSON (see `AccountStore`). */
  accounts: "switchboard:accounts",
  /** Owned nicknames by `nickKey` (look-alikes) → nickname in lower case. */
  accountLooks: "switchboard:account-looks",
  /** Bans: target in lower case → the ban as JSON (see `BanStore`). */
  bans: "switchboard:bans",
  /** Seats taken (`--max-clients`): instance → its count (see `seat-scripts.ts`). */
  seats: "switchboard:seats",
  /** An instance's connections by address (`--max-per-address`): address → count. */
  slotsOf: (instance: string) => `switchboard:slots:${instance}`,
  /** A count over a window (password tries, new accounts), expiring with it (see `RedisWindowCounts`). */
  window: (key: string) => `switchboard:window:${key}`,
  /** A big room's comings and goings until its next crowd line (see `RedisCrowds`). */
  crowd: (room: string) => `switchboard:crowd:${room}`,
  /** Where each change of those counts is told (pub/sub; see `seat-scripts.ts`). */
  seatChanges: "switchboard:seat-changes",
  /** Frames of one stream, rendered by another instance, for this instance to write (pub/sub; see `FrameChannels`). */
  frames: (instance: string, n: number) => `switchboard:frames:${instance}:${n}`,
  /** Requests relayed to an instance for a member connected there (pub/sub). */
  relay: (instance: string) => `switchboard:relay:${instance}`,
};

/**
 * Takes the next id. When the counter is missing (a new Redis, or one that lost its data)
 * numbering starts again from ARGV[2], the time in µs: above every id given out before,
 * so an old id can never name a new event. It also never goes below ARGV[1], the newest
 * id the caller has seen (a Redis restored from an older snapshot).
 * KEYS: 1 counter, 2 stream, 3 epoch. Sets `id` and `epoch`.
 */
const NEXT_ID = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('SET', KEYS[1], ARGV[2])
  redis.call('SET', KEYS[3], ARGV[2])
end
local id = redis.call('INCR', KEYS[1])
local floor = tonumber(ARGV[1])
if id <= floor then
  id = floor + 1
  redis.call('SET', KEYS[1], string.format('%d', id))
end
local epoch = redis.call('GET', KEYS[3]) or ''
`;

/**
 * Appends an event to the one order and updates the sender's presence with it.
 * KEYS: 1 counter, 2 stream, 3 epoch, 4 this instance's presence hash, 5 homes.
 * ARGV: 1 floor, 2 epoch seed, 3 entries kept, 4 instance, 5 payload,
 *       6 member the event is about ('' if none), 7 their whereabouts ('' once gone).
 * Returns the id.
 */
export const PUBLISH = `${NEXT_ID}
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], string.format('%d-0', id), 'o', ARGV[4], 'ep', epoch, 'p', ARGV[5])
if ARGV[6] ~= '' then
  if ARGV[7] ~= '' then
    redis.call('HSET', KEYS[4], ARGV[6], ARGV[7])
    redis.call('HSET', KEYS[5], ARGV[6], ARGV[4])
  else
    redis.call('HDEL', KEYS[4], ARGV[6])
    if redis.call('HGET', KEYS[5], ARGV[6]) == ARGV[4] then redis.call('HDEL', KEYS[5], ARGV[6]) end
  end
end
return id
`;

/**
 * An instance lists all its members (after its link came back): its presence hash is
 * replaced, and the list goes into the order so that every instance replaces its view.
 * KEYS as PUBLISH. ARGV: 1–4 as PUBLISH, 5 the list as JSON, then identity/whereabouts pairs.
 */
export const ROLL_CALL = `${NEXT_ID}
redis.call('DEL', KEYS[4])
for i = 6, #ARGV, 2 do
  redis.call('HSET', KEYS[4], ARGV[i], ARGV[i + 1])
  redis.call('HSET', KEYS[5], ARGV[i], ARGV[4])
end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], string.format('%d-0', id), 'o', ARGV[4], 'ep', epoch, 'r', ARGV[5])
return id
`;

/**
 * Claims a nickname under both its keys (see `KEYS.nick`), or neither, for a newcomer or
 * a rename. Refused while Redis is recovering from a loss of its data: until this
 * instance and every other known one have registered their members again, a free key may
 * only mean that its holder has not been registered yet.
 * KEYS: 1–2 the nickname's keys, 3 registered, 4 awaiting.
 * ARGV: 1 identity, 2 nickname, 3 since, 4 this instance.
 * Returns {'claimed'}, {'taken', holder} or {'recovering'}.
 */
export const CLAIM_NICK = `
if redis.call('SISMEMBER', KEYS[3], ARGV[4]) == 0 or redis.call('EXISTS', KEYS[4]) == 1 then
  return {'recovering'}
end
for i = 1, 2 do
  local holder = redis.call('GET', KEYS[i])
  if holder and string.sub(holder, 1, #ARGV[1] + 1) ~= ARGV[1] .. ' ' then
    return {'taken', holder}
  end
end
redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. ARGV[3] .. ' ' .. ARGV[2])
redis.call('SET', KEYS[2], ARGV[1] .. ' ' .. ARGV[3] .. ' ' .. ARGV[2])
return {'claimed'}
`;

/**
 * Claims a present member's nickname again, as its instance registers after Redis lost
 * its data. Should someone else hold it by now, whoever took the name first keeps it
 * (then the smaller identity, so both sides agree).
 * KEYS: 1–2 the nickname's keys, 3 homes. ARGV: 1 identity, 2 nickname, 3 since.
 * Returns {'lost', holder}, or {'kept', then each identity it was taken from and its instance ('' if unknown)}.
 */
export const CLAIM_AGAIN = `
local mine = tonumber(ARGV[3])
local taken = {}
for i = 1, 2 do
  local holder = redis.call('GET', KEYS[i])
  if holder and string.sub(holder, 1, #ARGV[1] + 1) ~= ARGV[1] .. ' ' then
    local id, since = string.match(holder, '^(%S+) (%S+) ')
    since = tonumber(since) or 0
    if since < mine or (since == mine and id < ARGV[1]) then return {'lost', holder} end
    taken[id] = true
  end
end
redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. ARGV[3] .. ' ' .. ARGV[2])
redis.call('SET', KEYS[2], ARGV[1] .. ' ' .. ARGV[3] .. ' ' .. ARGV[2])
local reply = {'kept'}
for id in pairs(taken) do
  reply[#reply + 1] = id
  reply[#reply + 1] = redis.call('HGET', KEYS[3], id) or ''
end
return reply
`;

/**
 * This instance has registered its members on the data Redis holds now. The instances it
 * knew of that have not registered on it yet are awaited, for as long as one that stopped
 * beating counts as alive, and newcomers wait with them (see `CLAIM_NICK`).
 * KEYS: 1 registered, 2 awaiting. ARGV: 1 this instance, 2 how long to wait (ms), then the instances it knows.
 * Returns the instances still awaited.
 */
export const REGISTERED = `
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('SREM', KEYS[2], ARGV[1])
for i = 3, #ARGV do
  if ARGV[i] ~= ARGV[1] and redis.call('SISMEMBER', KEYS[1], ARGV[i]) == 0 then redis.call('SADD', KEYS[2], ARGV[i]) end
end
if redis.call('EXISTS', KEYS[2]) == 1 and redis.call('PTTL', KEYS[2]) < 0 then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
return redis.call('SMEMBERS', KEYS[2])
`;

/** Gives a nickname back, where the identity still holds it. KEYS: 1–2 its keys. ARGV: 1 identity. */
export const RELEASE_NICK = `
for i = 1, 2 do
  local holder = redis.call('GET', KEYS[i])
  if holder and string.sub(holder, 1, #ARGV[1] + 1) == ARGV[1] .. ' ' then
    redis.call('DEL', KEYS[i])
  end
end
return false
`;

/**
 * Takes the members of an instance that stopped beating: only one caller gets them, so
 * their leaves are told once. KEYS: 1 its alive key, 2 its presence hash, 3 the instance
 * set, 4 homes, 5 registered, 6 awaiting. ARGV: 1 the instance. Returns nil if it is
 * alive, else identity/whereabouts pairs.
 */
export const REAP = `
if redis.call('EXISTS', KEYS[1]) == 1 then return false end
local members = redis.call('HGETALL', KEYS[2])
redis.call('DEL', KEYS[2])
redis.call('SREM', KEYS[3], ARGV[1])
redis.call('SREM', KEYS[5], ARGV[1])
redis.call('SREM', KEYS[6], ARGV[1])
for i = 1, #members, 2 do
  if redis.call('HGET', KEYS[4], members[i]) == ARGV[1] then redis.call('HDEL', KEYS[4], members[i]) end
end
return members
`;

/**
 * A member whose session outlived where it was connected comes back on this instance.
 * If another instance has it, it moves here: its presence entry changes hash, and a
 * handover goes into the order, at which point the old instance lets it go (no leave,
 * no join). If no instance has it, its nickname is claimed again for it and the caller
 * joins it as usual.
 * KEYS: 1 counter, 2 stream, 3 epoch, 4 this instance's presence hash, 5 homes,
 *       6 and 7 the nickname's keys, 8 the presence hash prefix.
 * ARGV: 1–4 as PUBLISH, 5 identity, 6 nickname, 7 since (for a claim made again).
 * Returns {'moved', id, its claim ('' if none)}, {'new'}, or {'taken', holder}.
 */
export const COME_BACK = `
local home = redis.call('HGET', KEYS[5], ARGV[5])
if home and home ~= ARGV[4] then
  local whereabouts = redis.call('HGET', KEYS[8] .. home, ARGV[5])
  if whereabouts then
    ${NEXT_ID}
    redis.call('HDEL', KEYS[8] .. home, ARGV[5])
    redis.call('HSET', KEYS[4], ARGV[5], whereabouts)
    redis.call('HSET', KEYS[5], ARGV[5], ARGV[4])
    redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], string.format('%d-0', id), 'o', ARGV[4], 'ep', epoch,
      'h', ARGV[5], 'from', home, 'now', whereabouts)
    return {'moved', string.format('%d', id), redis.call('GET', KEYS[6]) or ''}
  end
end
for i = 6, 7 do
  local holder = redis.call('GET', KEYS[i])
  if holder and string.sub(holder, 1, #ARGV[5] + 1) ~= ARGV[5] .. ' ' then
    return {'taken', holder}
  end
end
redis.call('SET', KEYS[6], ARGV[5] .. ' ' .. ARGV[7] .. ' ' .. ARGV[6])
redis.call('SET', KEYS[7], ARGV[5] .. ' ' .. ARGV[7] .. ' ' .. ARGV[6])
redis.call('HSET', KEYS[5], ARGV[5], ARGV[4])
return {'new'}
`;
