import type { WindowCountStore } from "../stores/window-count-store.ts";
import type { PartContext } from "./part-context.ts";
import { KEYS } from "./scripts.ts";

/**
 * Counts one more at a key; the first count opens its window, ARGV[1] ms long, and the
 * key expires with it. KEYS: 1 the count. Returns the count, this one included.
 */
export const WINDOW_ADD = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count
`;

/** Password tries and new accounts counted in Redis, by every instance alike (see `WindowCountStore`). */
export class RedisWindowCounts implements WindowCountStore {
  constructor(private readonly context: PartContext) {}

  async add(key: string, windowMs: number): Promise<number> {
    try {
      return Number(await this.context.scripts.run(WINDOW_ADD, [KEYS.window(key)], [String(windowMs)]));
    } catch (error) {
      this.context.lost(error);
      throw error;
    }
  }

  async count(key: string): Promise<number> {
    return Number((await this.context.commands.send("GET", [KEYS.window(key)])) ?? 0);
  }

  async delete(key: string): Promise<void> {
    await this.context.commands.send("DEL", [KEYS.window(key)]);
  }
}
