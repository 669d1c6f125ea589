import { nickSkeleton } from "../chat/people/nickname.ts";

/**
 * The keys a nickname is kept under, the same in every store: the name in lower case, and
 * its skeleton (see `nickSkeleton`), which every look-alike of it shares. Accounts are found
 * by the name first, then by the look-alike; a claim on either is a claim on both.
 */
export function nicknameKeys(nick: string): { readonly name: string; readonly lookAlike: string } {
  return { name: nick.toLowerCase(), lookAlike: nickSkeleton(nick) };
}
