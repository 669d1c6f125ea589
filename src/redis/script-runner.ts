import type { RedisClient } from "bun";

/**
 * Runs Lua scripts by their SHA1 (EVALSHA), so each call sends the script's name rather
 * than its text; a Redis that does not know a script yet (new, or restarted) is sent the
 * text once (EVAL), which also caches it there.
 */
export class ScriptRunner {
  readonly #shas = new Map<string, string>();

  constructor(private readonly client: RedisClient) {}

  async run(script: string, keys: string[], args: string[]): Promise<any> {
    const sha = this.#shaOf(script);
    try {
      return await this.client.send("EVALSHA", [sha, String(keys.length), ...keys, ...args]);
    } catch (error) {
      if (!String((error as Error)?.message).includes("NOSCRIPT")) throw error;
      return await this.client.send("EVAL", [script, String(keys.length), ...keys, ...args]);
    }
  }

  #shaOf(script: string): string {
    let sha = this.#shas.get(script);
    if (!sha) {
      sha = new Bun.CryptoHasher("sha1").update(script).digest("hex");
      this.#shas.set(script, sha);
    }
    return sha;
  }
}
