import type { Ban } from "../../stores/ban-store.ts";
import type { Clock } from "../clock.ts";
import { nickKey } from "../people/nickname.ts";
import { addressBanned, canonicalAddress } from "./addresses.ts";
import { describeRemaining } from "./duration.ts";

/**
 * The bans in force, as the chat checks them on every arrival: in memory, loaded from the
 * store at start and kept current by the moderation events every instance receives. A
 * nickname's ban is filed by its `nickKey`, so one ban holds for every look-alike of it,
 * and a ban of a look-alike replaces it.
 */
export class BanList {
  readonly #bans = new Map<string, Ban>();

  constructor(private readonly clock: Clock) {}

  /** Files `ban`; the ban it replaces, when that one was kept under another target (its row in the store is stale). */
  add(ban: Ban): Ban | undefined {
    const key = keyOf(ban);
    const replaced = this.#bans.get(key);
    this.#bans.set(key, ban);
    return replaced && replaced.target.toLowerCase() !== ban.target.toLowerCase() ? replaced : undefined;
  }

  /** The ban in force on `target`: what `/unban` names, a nickname (or a look-alike of it) or an address. */
  find(target: string): Ban | undefined {
    const address = canonicalAddress(target) ?? target;
    return this.list().find((ban) => ban.address === address || (ban.nick !== undefined && nickKey(ban.nick) === nickKey(target)));
  }

  /** Lifts the ban on `target`. */
  remove(target: string): void {
    const ban = this.find(target);
    if (ban) this.#bans.delete(keyOf(ban));
  }

  /** The ban in force on `address`, if any. */
  onAddress(address: string): Ban | undefined {
    return this.list().find((ban) => ban.address !== undefined && addressBanned(ban.address, address));
  }

  /** The ban in force on `nick` or a look-alike of it, if any. */
  onNick(nick: string): Ban | undefined {
    return this.list().find((ban) => ban.nick !== undefined && nickKey(ban.nick) === nickKey(nick));
  }

  /** Bans in force; those that ended are dropped on the way. */
  list(): Ban[] {
    // Checked on every arrival: most servers have no bans at all.
    if (this.#bans.size === 0) return [];
    const now = this.clock.now();
    for (const [key, ban] of this.#bans) if (ban.until !== undefined && ban.until <= now) this.#bans.delete(key);
    return [...this.#bans.values()];
  }
}

/** Where a ban is filed: a nickname's by its look-alike key, an address's by the address. */
function keyOf(ban: Ban): string {
  return ban.nick !== undefined ? `nick ${nickKey(ban.nick)}` : `address ${ban.target.toLowerCase()}`;
}

/** The bans in force, one per line (`/bans`, the console's `bans`). */
export function describeBans(bans: readonly Ban[], now: number): string {
  if (bans.length === 0) return "No bans are in force.";
  const lines = bans.map((ban) => {
    const what = [ban.nick, ban.address].filter(Boolean).join(" and ");
    const lasting = ban.until === undefined ? "for good" : `for another ${describeRemaining(ban.until - now)}`;
    return `  ${what}, ${lasting}, by ${ban.by}${ban.reason ? `: ${ban.reason}` : ""}`;
  });
  return [`${bans.length} ban${bans.length === 1 ? "" : "s"} in force:`, ...lines].join("\n");
}
