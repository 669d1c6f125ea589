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
 * What a nickname looks like, for telling apart names that are different strings but
 * read the same: `I`, `l` and `1` fold together, as do `O`, `o` and `0`, and `rn` reads
 * as `m`. Case folds last, so a lowercase `i` (it has a dot) stays itself.
 */
export function nickSkeleton(nick: string): string {
  return nick.replace(/[Il1]/g, "l").replace(/[Oo0]/g, "0").toLowerCase().replace(/rn/g, "m");
}

/**
 * Whether `a` and `b` are one name to the chat: the same in any case, or look-alikes (see
 * `nickSkeleton`). Who holds one holds the other, and what keeps one out keeps out both.
 */
export function isSameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase() || nickSkeleton(a) === nickSkeleton(b);
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
