import { createPrivateKey, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";

/** A certificate chain and its private key, in PEM, as Bun.serve's `tls` takes them. */
export interface TlsFiles {
  readonly cert: string;
  readonly key: string;
}

/**
 * The TLS 1.2 suites offered: ECDHE key exchange (forward secrecy) with an AEAD cipher,
 * Mozilla's "intermediate" list without its finite-field DHE. BoringSSL's default (Bun's)
 * also took AES128-SHA and AES256-SHA (RSA key exchange: a stolen key decrypts every past
 * session) and the CBC-SHA1 ECDHE suites. TLS 1.3's suites are all sound, and BoringSSL
 * does not let them be chosen; TLS 1.0 and 1.1 are refused by Bun already. Every browser
 * since 2014 speaks these. Every TLS listener passes them with its certificate.
 */
export const TLS12_CIPHERS = [
  "ECDHE-ECDSA-AES128-GCM-SHA256",
  "ECDHE-RSA-AES128-GCM-SHA256",
  "ECDHE-ECDSA-AES256-GCM-SHA384",
  "ECDHE-RSA-AES256-GCM-SHA384",
  "ECDHE-ECDSA-CHACHA20-POLY1305",
  "ECDHE-RSA-CHACHA20-POLY1305",
].join(":");

/**
 * Reads `--tls-cert` and `--tls-key` and checks that they are a certificate and the key it
 * was made for. Bun would refuse a wrong pair too, but without naming the file: the same
 * "PEM routines:NO_START_LINE" for a bad certificate or a bad key, "KEY_VALUES_MISMATCH"
 * for keys swapped between two certificates. Throws an Error with a one-line reason.
 */
export function readTlsFiles(certPath: string, keyPath: string): TlsFiles {
  const cert = readPem("--tls-cert", certPath);
  const key = readPem("--tls-key", keyPath);
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch {
    throw new Error(`--tls-cert ${certPath} is not a certificate in PEM format (-----BEGIN CERTIFICATE-----)`);
  }
  let privateKey: ReturnType<typeof createPrivateKey>;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw new Error(`--tls-key ${keyPath} is not an unencrypted private key in PEM format`);
  }
  if (!certificate.checkPrivateKey(privateKey))
    throw new Error(`--tls-key ${keyPath} is not the private key of the certificate in --tls-cert ${certPath}`);
  return { cert, key };
}

const READ_ERRORS: Record<string, string> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EISDIR: "it is a folder, not a file",
};

function readPem(flag: string, path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new Error(`cannot read ${flag} ${path}: ${READ_ERRORS[code ?? ""] ?? message.split("\n")[0]}`);
  }
}
