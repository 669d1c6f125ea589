import type { Ban, BanStore } from "./ban-store.ts";

/** Bans in this process only. */
export class MemoryBans implements BanStore {
  readonly #bans = new Map<string, Ban>();

  all(): Ban[] {
    return [...this.#bans.values()];
  }

  save(ban: Ban): void {
    this.#bans.set(ban.target.toLowerCase(), ban);
  }

  delete(target: string): void {
    this.#bans.delete(target.toLowerCase());
  }
}
