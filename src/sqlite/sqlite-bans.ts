import type { Database, Statement } from "bun:sqlite";
import type { Ban, BanStore } from "../stores/ban-store.ts";
import { openDatabase } from "./database.ts";

/** Bans in the same file: they hold across restarts. */
export class SqliteBans implements BanStore {
  readonly #db: Database;
  readonly #all: Statement<{ ban: string }>;
  readonly #save: Statement;
  readonly #delete: Statement;

  constructor(path: string) {
    this.#db = openDatabase(path);
    this.#db.run("CREATE TABLE IF NOT EXISTS bans (target TEXT PRIMARY KEY, ban TEXT NOT NULL)");
    this.#all = this.#db.prepare("SELECT ban FROM bans");
    this.#save = this.#db.prepare("INSERT INTO bans (target, ban) VALUES ($target, $ban) ON CONFLICT (target) DO UPDATE SET ban = $ban");
    this.#delete = this.#db.prepare("DELETE FROM bans WHERE target = ?");
  }

  all(): Ban[] {
    return this.#all.all().map((row) => JSON.parse(row.ban) as Ban);
  }

  save(ban: Ban): void {
    this.#save.run({ target: ban.target.toLowerCase(), ban: JSON.stringify(ban) });
  }

  delete(target: string): void {
    this.#delete.run(target.toLowerCase());
  }

  close(): void {
    this.#db.close();
  }
}
