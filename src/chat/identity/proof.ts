import type { Account } from "../../stores/account-store.ts";
import { nickKey } from "../people/nickname.ts";
import { splitFirst } from "../text.ts";

/** What a client offers to prove that a nickname is theirs. */
export interface Proof {
  /** Typed on the join form, at the telnet prompt (`/identify`), or at SSH's password prompt. */
  readonly password?: string;
  /** The fingerprint of the SSH key the client signed with. */
  readonly key?: string;
  /** Keys (`nickKey`) of nicknames the member proved earlier this session (after a `/nick` away and back). */
  readonly proven?: ReadonlySet<string>;
}

/** Whether `proof` proves `account` without a password to check (a key, or proven earlier). */
export function provenWithoutPassword(account: Account, proof: Proof | undefined): boolean {
  if (!proof) return false;
  if (proof.key !== undefined && account.keys.includes(proof.key)) return true;
  return proof.proven?.has(nickKey(account.nick)) ?? false;
}

/**
 * A line with a password in it (`/register`, `/identify`, `/password`): no transport keeps
 * it anywhere it could be seen again (a line editor's history, a page sent back).
 */
export function holdsPassword(line: string): boolean {
  return /^\s*\/(register|identify|password)\b/i.test(line);
}

/**
 * The arguments of `/identify [NICK] PASSWORD`: the nickname when one is given (else it is
 * the member's own), and the password (empty when missing).
 */
export function identifyArguments(args: string): { readonly nick?: string; readonly password: string } {
  const [first, rest] = splitFirst(args);
  return rest ? { nick: first, password: rest } : { password: first };
}

/** `/identify`'s arguments when `line` is one (typed at a nickname prompt, say), else undefined. */
export function readIdentify(line: string): { readonly nick?: string; readonly password: string } | undefined {
  const identify = /^\s*\/identify(?:\s+(.*))?$/is.exec(line);
  return identify ? identifyArguments(identify[1] ?? "") : undefined;
}
