import type { Awaitable } from "./awaitable.ts";

/** Someone kept out: a nickname, an address, or both (a member banned while present). */
export interface Ban {
  /** What `/unban` names: the nickname, or the address when only an address is banned. */
  readonly target: string;
  readonly nick?: string;
  readonly address?: string;
  readonly by: string;
  readonly reason?: string;
  /** When it ends (ms since the epoch); never when absent. */
  readonly until?: number;
}

/** Where bans are kept, so that they survive a restart: SQLite alone, Redis when shared. */
export interface BanStore {
  all(): Awaitable<Ban[]>;
  save(ban: Ban): Awaitable<void>;
  delete(target: string): Awaitable<void>;
}
