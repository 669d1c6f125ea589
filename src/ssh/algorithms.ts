import type { Algorithms } from "ssh2";

/**
 * What the SSH listener offers, before anyone has authenticated. ssh2's defaults include
 * finite-field Diffie-Hellman (group14 to group18, and group exchange), whose keys it makes
 * synchronously, on the one event-loop thread: one stranger offering only group18 froze
 * every member for 27 s, and could do it again and again. Curve25519 and ECDH cost well
 * under a millisecond. The rest is Mozilla's "modern" OpenSSH list, which every current
 * client speaks: AES-GCM, else AES-CTR with an encrypt-then-MAC SHA-2 MAC; SHA-2 RSA
 * signatures; no compression, so nothing is inflated for a client that has proved nothing.
 */
export const SSH_ALGORITHMS: Algorithms = {
  kex: ["curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521"],
  // The host key's own type picks among these (the key made here is ed25519).
  serverHostKey: ["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256"],
  // chacha20-poly1305 needs ssh2's native binding, which is not built (see README, "Install").
  cipher: ["aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr", "aes192-ctr", "aes256-ctr"],
  // With CTR only (GCM carries its own): encrypt-then-MAC, never MAC-then-encrypt or SHA-1.
  hmac: ["hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com"],
  compress: ["none"],
};
