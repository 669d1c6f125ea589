import { nickKey } from "../chat/people/nickname.ts";

/**
 * The keys a nickname is kept under, the same in every store: `name`, the record's own
 * address (the name in lower case: rows made before look-alikes were folded as they are
 * now may share a look-alike key, and each keeps its own row), and `lookAlike`, its
 * `nickKey`, by which every name is compared. Accounts are found by the name first, then
 * by the look-alike; a claim on either is a claim on both.
 */
export function nicknameKeys(nick: string): { readonly name: string; readonly lookAlike: string } {
  return { name: nick.toLowerCase(), lookAlike: nickKey(nick) };
}
