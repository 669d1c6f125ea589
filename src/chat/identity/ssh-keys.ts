import { fail, ok, type Result } from "../result.ts";

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
