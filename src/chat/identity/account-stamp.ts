import type { Account } from "../../stores/account-store.ts";

/**
 * What a kept session remembers of the account it proved: a digest of what proves it (the
 * password's hash, else the keys). A session comes back as the owner only while the stamp
 * still matches, so a guest's session does not become the owner of a name registered while
 * it was away, nor an old owner's session the owner of the same name registered anew.
 */
export function accountStamp(account: Account): string {
  const proof = account.passwordHash ?? [...account.keys].sort().join(" ");
  return new Bun.CryptoHasher("sha256").update(`${account.nick.toLowerCase()}\n${proof}`).digest("base64url").slice(0, 22);
}
