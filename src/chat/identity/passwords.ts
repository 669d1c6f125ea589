import type { Account } from "../../stores/account-store.ts";
import type { Clock } from "../clock.ts";
import { fail, ok, type Result } from "../result.ts";
import { utf8Length } from "../text.ts";

export const PASSWORD_MIN_LENGTH = 8;
const PASSWORD_MAX_BYTES = 128;

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
