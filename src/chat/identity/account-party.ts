import type { Account } from "../../stores/account-store.ts";
import { nickKey } from "../people/nickname.ts";

/**
 * Whom the privates of `account`'s owner are filed under (see `Account.party`). An
 * account from before parties were made has none: its name's key stands in, which no
 * account made since has (theirs end in a random part), so it is still no one else's.
 */
export function accountParty(account: Account): string {
  return account.party ?? `account:${nickKey(account.nick)}`;
}

/** A party for an account made now: never one an earlier holder of the name had. */
export function newAccountParty(nick: string): string {
  return `account:${nickKey(nick)}:${crypto.randomUUID()}`;
}
