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
  const { private: key } = utils.generateKeyPairSync("ed25519");
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
