import type { Clock } from "../clock.ts";
import type { Account } from "../../stores/account-store.ts";
import { fail, ok, type Result } from "../result.ts";
import type { Transport } from "../events.ts";
import { nickSkeleton } from "../people/nickname.ts";
import { splitFirst, utf8Length } from "../text.ts";
import { WindowCounts } from "./window-counts.ts";

/** What a client offers to prove that a nickname is theirs. */
export interface Proof {
  /** Typed on the join form, at the telnet prompt (`/identify`), or at SSH's password prompt. */
  readonly password?: string;
  /** The fingerprint of the SSH key the client signed with. */
  readonly key?: string;
  /** Skeletons of nicknames the member proved earlier this session (after a `/nick` away and back). */
  readonly proven?: ReadonlySet<string>;
}

export const PASSWORD_MIN_LENGTH = 8;
const PASSWORD_MAX_BYTES = 128;

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

/**
 * How long a wrong password waits before its answer: guessing costs a second a try, on
 * top of argon2's own cost. The right one is answered at once.
 */
export const WRONG_PASSWORD_DELAY_MS = 1000;

/**
 * argon2id as OWASP suggests (19 MiB, 2 passes): Bun's default takes 64 MiB a check, and
 * a flood of attempts must not take the machine's memory.
 */
const ARGON2 = { algorithm: "argon2id", memoryCost: 19456, timeCost: 2 } as const;

/** Checks run at once; more wait their turn, and past `MAX_WAITING` are refused. */
const CHECKS_AT_ONCE = 4;
const MAX_WAITING = 64;
let running = 0;
const waiting: (() => void)[] = [];

export function checkPassword(password: string): Result<string> {
  // One word: `/identify NICK PASSWORD` tells the two apart by the space.
  if (/\s/.test(password)) return fail("bad-arguments", "A password is one word, without spaces.");
  if (password.length < PASSWORD_MIN_LENGTH)
    return fail("bad-arguments", `A password needs at least ${PASSWORD_MIN_LENGTH} characters.`);
  if (utf8Length(password) > PASSWORD_MAX_BYTES) return fail("bad-arguments", `A password is at most ${PASSWORD_MAX_BYTES} bytes.`);
  return ok(password);
}

export function hashPassword(password: string): Promise<string> {
  return inTurn(() => Bun.password.hash(password, ARGON2));
}

/**
 * Whether `password` is the account's. A wrong one is answered after
 * `WRONG_PASSWORD_DELAY_MS`; one that cannot be checked now (too many at once) at once.
 */
export async function checkAgainst(account: Account, password: string, clock: Clock): Promise<Result<void>> {
  if (waiting.length >= MAX_WAITING) return fail("chat-paused", "Too many passwords are being checked right now; try again in a moment.");
  const hash = account.passwordHash;
  if (hash !== undefined && (await inTurn(() => Bun.password.verify(password, hash)))) return ok(undefined);
  await clock.sleep(WRONG_PASSWORD_DELAY_MS);
  return fail("wrong-password", `Wrong password for ${account.nick}.`);
}

/**
 * Tries at each nickname's password lately. The delay alone does not stop guesses made in
 * parallel from many connections: a try counts from the moment it starts (so a thousand
 * at once count as a thousand), a right password clears the count, and past `max` tries
 * in a minute the nickname takes no more until the minute is over (its owner included).
 */
export class PasswordTries {
  readonly #tries: WindowCounts;

  constructor(
    clock: Clock,
    private readonly max = 10,
  ) {
    this.#tries = new WindowCounts(clock, 60_000);
  }

  /** Counts a try at `nick`; the refusal when it is one too many. */
  begin(nick: string): Result<never> | undefined {
    const key = nick.toLowerCase();
    if (this.#tries.count(key) >= this.max)
      return fail("wrong-password", `Too many wrong passwords for ${nick}; try again in a minute.`);
    this.#tries.add(key);
    return undefined;
  }

  /** The try at `nick` proved it: its count starts again. */
  succeeded(nick: string): void {
    this.#tries.delete(nick.toLowerCase());
  }
}

/** Runs `work` when fewer than `CHECKS_AT_ONCE` others run: argon2 is meant to be costly. */
async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (running >= CHECKS_AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Whether `proof` proves `account` without a password to check (a key, or proven earlier). */
export function provenWithoutPassword(account: Account, proof: Proof | undefined): boolean {
  if (!proof) return false;
  if (proof.key !== undefined && account.keys.includes(proof.key)) return true;
  return proof.proven?.has(nickSkeleton(account.nick)) ?? false;
}

/**
 * Why an owned nickname is refused to someone who did not prove it, in the words of where
 * they asked for it: a transport's way in, or `chat` for a member already in (`/nick`).
 */
export function ownedRefusal(account: Account, where: Transport | "chat"): string {
  const nick = account.nick;
  if (account.passwordHash === undefined)
    return `The nickname ${nick} belongs to an SSH key: connect with ssh and that key, or pick another nickname.`;
  switch (where) {
    case "chat":
      return `The nickname ${nick} is registered. If it is yours, /identify ${nick} PASSWORD takes it.`;
    case "telnet":
      return `The nickname ${nick} is registered. If it is yours, type /identify PASSWORD; else pick another nickname.`;
    case "ssh":
      return `The nickname ${nick} is registered, and neither your key nor a password proved it. Pick another nickname.`;
    case "web":
      return `The nickname ${nick} is registered. If it is yours, enter its password; else pick another nickname.`;
  }
}

/** `SHA256:…` of an SSH public key's blob, as OpenSSH prints it. */
export function keyFingerprint(blob: Uint8Array): string {
  const digest = new Bun.CryptoHasher("sha256").update(blob).digest("base64");
  return `SHA256:${digest.replace(/=+$/, "")}`;
}

/** The fingerprint of an OpenSSH public key line (`ssh-ed25519 AAAA… comment`), as `/keys add` takes it. */
export function parsePublicKey(line: string): Result<string> {
  const [type = "", data = ""] = line.trim().split(/\s+/);
  if (!/^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp\d+|sk-[a-z0-9@.-]+)$/.test(type) || !/^[A-Za-z0-9+/]+=*$/.test(data))
    return fail("bad-arguments", "That is not an SSH public key: paste a line like ssh-ed25519 AAAA… (your ~/.ssh/id_ed25519.pub).");
  const blob = Buffer.from(data, "base64");
  // The blob starts with its own type as a length-prefixed string: a mangled paste does not.
  const named = blob.length > 4 ? blob.subarray(4, 4 + blob.readUInt32BE(0)).toString() : "";
  if (named !== type) return fail("bad-arguments", "That SSH public key is damaged: paste the whole line again.");
  return ok(keyFingerprint(blob));
}
