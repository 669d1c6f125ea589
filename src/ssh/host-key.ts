import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
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
 * that has seen this server's fingerprint must see the same one after a restart.
 */
export function loadHostKey(path: string): string {
  if (existsSync(path)) return readFileSync(path, "utf8");
  const { private: key } = utils.generateKeyPairSync("ed25519");
  mkdirSync(dirname(path), { recursive: true });
  // Only the server may read its private key.
  writeFileSync(path, key, { mode: 0o600 });
  return key;
}
