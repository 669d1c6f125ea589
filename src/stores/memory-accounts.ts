import type { Account, AccountStore } from "./account-store.ts";
import { nicknameKeys } from "./nickname-keys.ts";

/** Accounts in this process only (`--db :memory:` tests, unit tests). */
export class MemoryAccounts implements AccountStore {
  /** By nickname in lower case. */
  readonly #accounts = new Map<string, Account>();
  /** Skeleton → nickname in lower case. */
  readonly #looks = new Map<string, string>();

  find(nick: string): Account | undefined {
    const { name, lookAlike } = nicknameKeys(nick);
    return this.#accounts.get(name) ?? this.#accounts.get(this.#looks.get(lookAlike) ?? "");
  }

  save(account: Account): void {
    const { name, lookAlike } = nicknameKeys(account.nick);
    this.#accounts.set(name, account);
    this.#looks.set(lookAlike, name);
  }

  delete(nick: string): void {
    const { name, lookAlike } = nicknameKeys(nick);
    this.#accounts.delete(name);
    this.#looks.delete(lookAlike);
  }

  operators(): Account[] {
    return [...this.#accounts.values()].filter((account) => account.op);
  }
}
