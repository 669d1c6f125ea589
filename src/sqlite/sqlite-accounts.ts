import type { Database, Statement } from "bun:sqlite";
import type { Account, AccountStore } from "../stores/account-store.ts";
import { nicknameKeys } from "../stores/nickname-keys.ts";
import { openDatabase } from "./database.ts";

/**
 * Owned nicknames in the history's SQLite file, each as one JSON row under its name in
 * lower case, found by its look-alike key too (`nickKey`: look-alikes of an owned name are
 * owned as well), kept in the `skeleton` column. A connection of its own (WAL allows it).
 */
export class SqliteAccounts implements AccountStore {
  readonly #db: Database;
  readonly #find: Statement<{ account: string }>;
  readonly #save: Statement;
  readonly #delete: Statement;
  readonly #operators: Statement<{ account: string }>;
  /**
   * The names and skeletons of every account: most arrivals have none, and are answered
   * from here without a query (a storm of 10,000 arrivals would otherwise make 10,000).
   * This process is the file's only writer (instances that share go through Redis).
   */
  readonly #owned = new Set<string>();

  constructor(path: string) {
    this.#db = openDatabase(path);
    this.#db.run(`CREATE TABLE IF NOT EXISTS accounts (
      nick TEXT PRIMARY KEY,
      skeleton TEXT NOT NULL,
      account TEXT NOT NULL,
      op INTEGER NOT NULL DEFAULT 0
    )`);
    this.#db.run("CREATE INDEX IF NOT EXISTS accounts_by_skeleton ON accounts (skeleton)");
    this.#find = this.#db.prepare(
      "SELECT account FROM accounts WHERE nick = $nick OR skeleton = $skeleton ORDER BY nick = $nick DESC LIMIT 1",
    );
    this.#save = this.#db.prepare(
      `INSERT INTO accounts (nick, skeleton, account, op) VALUES ($nick, $skeleton, $account, $op)
       ON CONFLICT (nick) DO UPDATE SET skeleton = $skeleton, account = $account, op = $op`,
    );
    this.#delete = this.#db.prepare("DELETE FROM accounts WHERE nick = ?");
    this.#operators = this.#db.prepare("SELECT account FROM accounts WHERE op = 1");
    for (const row of this.#rekeyed()) {
      this.#owned.add(row.nick);
      this.#owned.add(row.skeleton);
    }
  }

  /**
   * Every row's name and look-alike key, the keys made again where an older version
   * computed them otherwise (it folded `I` before lowercasing, so `Ivy` and `ivy` had two):
   * a file from before keeps working, its look-alikes owned as today's are.
   */
  #rekeyed(): { nick: string; skeleton: string }[] {
    const rows = this.#db.query<{ nick: string; skeleton: string }, []>("SELECT nick, skeleton FROM accounts").all();
    const stale = rows.filter((row) => row.skeleton !== nicknameKeys(row.nick).lookAlike);
    if (stale.length === 0) return rows;
    const rekey = this.#db.prepare("UPDATE accounts SET skeleton = $skeleton WHERE nick = $nick");
    this.#db.transaction(() => {
      for (const row of stale) rekey.run({ nick: row.nick, skeleton: (row.skeleton = nicknameKeys(row.nick).lookAlike) });
    })();
    return rows;
  }

  find(nick: string): Account | undefined {
    const { name, lookAlike } = nicknameKeys(nick);
    if (!this.#owned.has(name) && !this.#owned.has(lookAlike)) return undefined;
    const row = this.#find.get({ nick: name, skeleton: lookAlike });
    return row ? (JSON.parse(row.account) as Account) : undefined;
  }

  save(account: Account): void {
    const { name, lookAlike } = nicknameKeys(account.nick);
    this.#save.run({ nick: name, skeleton: lookAlike, account: JSON.stringify(account), op: account.op ? 1 : 0 });
    this.#owned.add(name);
    this.#owned.add(lookAlike);
  }

  delete(nick: string): void {
    const { name } = nicknameKeys(nick);
    this.#delete.run(name);
    // A skeleton may be shared by another account's name: the set keeps it, which costs a query, never a wrong answer.
    this.#owned.delete(name);
  }

  operators(): Account[] {
    return this.#operators.all().map((row) => JSON.parse(row.account) as Account);
  }

  close(): void {
    this.#db.close();
  }
}
