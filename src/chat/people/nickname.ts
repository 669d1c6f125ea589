import { fail, ok, type Result } from "../result.ts";

export const NICK_MAX_LENGTH = 16;
const NICK_PATTERN = /^[A-Za-z0-9_.-]{1,16}$/;

/** Checks a requested nickname against SPEC §2: 1–16 of ASCII letters, digits, `_`, `-`, `.`. */
export function validateNick(raw: string): Result<string> {
  const nick = raw.trim();
  if (nick.length === 0) return fail("nick-invalid", "A nickname cannot be empty.");
  if (nick.length > NICK_MAX_LENGTH)
    return fail("nick-invalid", `Nicknames are at most ${NICK_MAX_LENGTH} characters.`);
  if (!NICK_PATTERN.test(nick))
    return fail("nick-invalid", "Nicknames may use only letters, digits, _ - and . (no spaces).");
  return ok(nick);
}

/**
 * The one key a nickname is compared by, wherever identity matters (members here, owned
 * nicknames, bans, mutes, ignores, claims shared through Redis): names with one key are
 * one name, whoever holds one holds them all. Case folds first, then what reads alike:
 * `i`, `l` and `1` fold together (so `I` does too), as do `o` and `0`, and `rn` reads as `m`.
 * Folding case first matters: `Ivy` and `ivy` must not get two keys.
 */
export function nickKey(nick: string): string {
  return nick.toLowerCase().replace(/[il1]/g, "l").replace(/[o0]/g, "0").replace(/rn/g, "m");
}

/** Whether `a` and `b` are one name to the chat (the same `nickKey`). */
export function sameNick(a: string, b: string): boolean {
  return nickKey(a) === nickKey(b);
}

/**
 * A number that stands for a nickname, the same whatever its case, for choosing its
 * colour: a person keeps their colour in every message, after a reload, and on every
 * transport (each takes it modulo its own palette). FNV-1a, then MurmurHash3's finalizer:
 * FNV alone leaves short names bunched in a few colours.
 */
export function nickHash(nick: string): number {
  let hash = 0x811c9dc5;
  for (const char of nick.toLowerCase()) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}
