import { join } from "node:path";

/** Debian's openssl, which the TLS tests make throwaway certificates with; undefined when missing. */
export const openssl = Bun.which("openssl") ?? undefined;

/**
 * A throwaway self-signed certificate for localhost and 127.0.0.1 in `dir`: `NAME.pem` and
 * `NAME-key.pem` (an EC P-256 key unless `key` says otherwise, e.g. `["rsa:2048"]`).
 */
export async function makeCertificate(dir: string, name: string, key = ["ec", "-pkeyopt", "ec_paramgen_curve:P-256"]): Promise<{ cert: string; key: string }> {
  if (!openssl) throw new Error("openssl is not installed (apt-get install openssl)");
  const paths = { cert: join(dir, `${name}.pem`), key: join(dir, `${name}-key.pem`) };
  const proc = Bun.spawn(
    [
      openssl,
      ...["req", "-x509", "-newkey", ...key, "-nodes", "-days", "1"],
      ...["-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
      ...["-keyout", paths.key, "-out", paths.cert],
    ],
    { stdout: "ignore", stderr: "pipe" },
  );
  if ((await proc.exited) !== 0) throw new Error(`openssl failed: ${await new Response(proc.stderr).text()}`);
  return paths;
}
