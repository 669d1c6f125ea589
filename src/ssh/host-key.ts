import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { utils } from "ssh2";

/**
 * Where the SSH host key lives: `given`, else beside the history file (in `data/` when
 * the history is kept in memory only), so the server's fingerprint outlives restarts.
 */
export function hostKeyPath(given: string, db: string): string {
  if (given) return given;
  return join(db === ":memory:" ? "data" : dirname(db), "ssh_host_ed25519_key");
}

/**
 * The host key at `path` (OpenSSH format), made once if the file is missing: a client
 * that has seen this server's fingerprint must see the same one after a restart. Servers
 * starting at once (`--reuse-port`, a test run) agree on one: the key is written aside and
 * linked into place, which fails for all but the first, who then read the first's.
 */
export function loadHostKey(path: string): string {
  if (existsSync(path)) return readFileSync(path, "utf8");
  const key = newHostKey();
  mkdirSync(dirname(path), { recursive: true });
  const aside = `${path}.${process.pid}.new`;
  // Only the server may read its private key.
  writeFileSync(aside, key, { mode: 0o600 });
  try {
    linkSync(aside, path);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return readFileSync(path, "utf8");
  } finally {
    rmSync(aside, { force: true });
  }
}

/** Tries at making a key before giving up (see `newHostKey`): one bad key in 300 makes ten in a row out of the question. */
const KEY_TRIES = 10;

/**
 * A new ed25519 host key that ssh2 reads back. Under Bun, about one key in 300 that
 * ssh2's `generateKeyPairSync` writes is one it cannot read ("Malformed OpenSSH private
 * key": a 31-byte public key, its leading zero byte lost), and the server could not start.
 */
function newHostKey(): string {
  for (let tries = 0; tries < KEY_TRIES; tries++) {
    const { private: key } = utils.generateKeyPairSync("ed25519");
    if (!(utils.parseKey(key) instanceof Error)) return key;
  }
  throw new Error(`could not make an SSH host key that ssh2 reads, in ${KEY_TRIES} tries`);
}
