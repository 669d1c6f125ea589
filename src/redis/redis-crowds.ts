import { NAMES_SHOWN, type CrowdGathering, type Gathered } from "../chat/rooms/crowds.ts";
import { errorText } from "./error-text.ts";
import type { PartContext } from "./part-context.ts";
import { hashEntries } from "./redis-replies.ts";
import { KEYS } from "./scripts.ts";

/**
 * How long a room's gathering lives if the instance that was to tell it never does (it
 * died): the comings and goings go untold, and the next one starts a new line.
 */
const GATHERING_LIVES_MS = 10_000;

/**
 * Notes a coming or going in a room's gathering (a hash: `joined` and `left`, names
 * separated by newlines, and their counts). KEYS: 1 the gathering. ARGV: 1 nickname,
 * 2 'left' or 'joined', 3 names shown, 4 how long it lives (ms).
 * Returns 1 when it began the gathering (the caller tells the line), else 0.
 */
export const CROWD_NOTE = `
local first = redis.call('EXISTS', KEYS[1]) == 0
local count = redis.call('HINCRBY', KEYS[1], ARGV[2] .. 'Count', 1)
if count <= tonumber(ARGV[3]) then
  local names = redis.call('HGET', KEYS[1], ARGV[2])
  redis.call('HSET', KEYS[1], ARGV[2], names and (names .. '\\n' .. ARGV[1]) or ARGV[1])
end
if first then
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  return 1
end
return 0
`;

/** Takes a room's gathering whole and starts a fresh one. KEYS: 1 the gathering. Returns its fields, flat. */
export const CROWD_TAKE = `
local gathered = redis.call('HGETALL', KEYS[1])
redis.call('DEL', KEYS[1])
return gathered
`;

/**
 * The comings and goings of big rooms, gathered in Redis for every instance: the
 * instance that notes the first of a second tells the room's line, with all of them.
 */
export class RedisCrowds implements CrowdGathering {
  constructor(private readonly context: PartContext) {}

  async note(room: string, nick: string, left: boolean): Promise<boolean> {
    try {
      const args = [nick, left ? "left" : "joined", String(NAMES_SHOWN), String(GATHERING_LIVES_MS)];
      return Number(await this.context.scripts.run(CROWD_NOTE, [KEYS.crowd(room)], args)) === 1;
    } catch (error) {
      // Paused: the crowd line could not be told anyway.
      this.context.lost(error);
      return false;
    }
  }

  async take(room: string): Promise<Gathered | undefined> {
    try {
      const fields = Object.fromEntries(hashEntries(await this.context.scripts.run(CROWD_TAKE, [KEYS.crowd(room)], [])));
      const names = (list: string | undefined) => (list ? list.split("\n") : []);
      const gathered = {
        joined: names(fields.joined),
        joinedCount: Number(fields.joinedCount ?? 0),
        left: names(fields.left),
        leftCount: Number(fields.leftCount ?? 0),
      };
      return gathered.joinedCount + gathered.leftCount > 0 ? gathered : undefined;
    } catch (error) {
      this.context.log(`redis: the crowd line of ${room} was not told (${errorText(error)})`);
      this.context.lost(error);
      return undefined;
    }
  }

  /** Nothing is kept here: what is gathered in Redis expires by itself. */
  clear(): void {}
}
