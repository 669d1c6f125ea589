import type { WindowCountStore } from "../stores/window-count-store.ts";
import type { PartContext } from "./part-context.ts";
import { KEYS } from "./scripts.ts";

/**
 * Counts one for a key unless it has ARGV[1] already; the first count opens its window,
 * ARGV[2] ms long, and the key expires with it. KEYS: 1 the count. Returns 1 if counted.
 */
export const WINDOW_TAKE = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count >= tonumber(ARGV[1]) then return 0 end
redis.call('INCR', KEYS[1])
if count == 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1
`;

/** Password tries and new accounts counted in Redis, by every instance alike (see `WindowCountStore`). */
export class RedisWindowCounts implements WindowCountStore {
  constructor(private readonly context: PartContext) {}

  async take(key: string, max: number, windowMs: number): Promise<boolean> {
    try {
      return Number(await this.context.scripts.run(WINDOW_TAKE, [KEYS.window(key)], [String(max), String(windowMs)])) === 1;
    } catch (error) {
      this.context.lost(error);
      throw error;
    }
  }

  async forget(key: string): Promise<void> {
    await this.context.commands.send("DEL", [KEYS.window(key)]);
  }
}
