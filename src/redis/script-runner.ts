import type { RedisClient } from "bun";

/**
 * Runs Lua scripts by their SHA1 (EVALSHA), so each call sends the script's name rather
 * than its text. Scripts are loaded up front (`load`) on every (re)connection: a script
 * Redis did not know would be sent again as text only after its EVALSHA failed, behind
 * commands sent after it, and those must not overtake it (a nickname released after the
 * leave that told everyone it was free). The text is still the fallback.
 */
export class ScriptRunner {
  readonly #shas = new Map<string, string>();

  constructor(
    private readonly client: RedisClient,
    private readonly scripts: readonly string[],
  ) {}

  /** Has Redis know every script (SCRIPT LOAD), before any runs. */
  async load(): Promise<void> {
    for (const script of this.scripts) await this.client.send("SCRIPT", ["LOAD", script]);
  }

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
