import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { TestClient } from "../telnet/test-client.ts";
import { tempDir, useServerProcesses } from "../helpers/server-process.ts";
import { TestBrowser } from "./helpers.ts";

const ENTRY = join(import.meta.dir, "../../src/index.ts");
import { makeCertificate, openssl } from "../helpers/certificate.ts";
if (!openssl) console.warn("skipping HTTPS tests: openssl is not installed (apt-get install openssl); they make a throwaway certificate with it");
const { start } = useServerProcesses();

/**
 * A throwaway self-signed certificate for localhost and 127.0.0.1, a second one whose key
 * does not fit the first, and an RSA one (`rsa.pem`), with which RSA key exchange is possible.
 */
const certs = { dir: "", cert: "", key: "", otherKey: "", pem: "" };

const dir = tempDir();
afterAll(dir.cleanup);

beforeAll(async () => {
  if (!openssl) return;
  certs.dir = dir.path;
  const make = (name: string, key?: string[]) => makeCertificate(dir.path, name, key);
  await Promise.all([make("localhost"), make("other"), make("rsa", ["rsa:2048"])]);
  certs.cert = join(dir.path, "localhost.pem");
  certs.key = join(dir.path, "localhost-key.pem");
  certs.otherKey = join(dir.path, "other-key.pem");
  certs.pem = await Bun.file(certs.cert).text();
});

/** Runs the server with `args` and returns how it ended: exit code and what it said on stderr. */
async function failedStart(args: string[], env: Record<string, string> = {}): Promise<{ code: number; err: string }> {
  const proc = Bun.spawn(["bun", "run", ENTRY, "--http-port", "0", "--telnet-port", "0", "--db", ":memory:", ...args], {
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, TLS_CERT: "", TLS_KEY: "", ...env },
  });
  const [err] = await Promise.all([new Response(proc.stderr).text(), new Response(proc.stdout).text()]);
  return { code: await proc.exited, err };
}

/** The cipher suite `openssl s_client` agrees on with the server at `port` ("(NONE)" when refused). */
async function cipherAgreed(port: string, args: string[]): Promise<string> {
  const proc = Bun.spawn([openssl!, "s_client", "-connect", `127.0.0.1:${port}`, ...args], { stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [out] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return /Cipher is (\S+)/.exec(out)?.[1] ?? "(NONE)";
}

describe.skipIf(!openssl)("HTTPS built in (--tls-cert, --tls-key)", () => {
  async function startHttps() {
    const server = await start(["--db", ":memory:", "--tls-cert", certs.cert, "--tls-key", certs.key]);
    const origin = new URL(server.httpUrl).origin;
    // Trusting only this certificate, as a browser trusts mkcert's local CA: no verification turned off.
    return { server, origin, browser: () => new TestBrowser(origin, { tls: { ca: certs.pem } }) };
  }

  test("it prints an https:// address and serves the page over TLS, with the same security headers", async () => {
    const { server, origin, browser } = await startHttps();
    expect(server.httpUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await browser().get("/");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="nick"');
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    // The certificate names localhost too: the same server by name.
    const byName = await fetch(`https://localhost:${new URL(origin).port}/healthz`, { tls: { ca: certs.pem } });
    expect(byName.status).toBe(200);
  });

  test("the session cookie is Secure and HttpOnly, and a same-origin POST over https passes the origin check", async () => {
    const { origin, browser } = await startHttps();
    const alice = browser();
    const joined = await alice.join("alice");
    expect(joined.status).toBe(303);
    const cookie = joined.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^switchboard_session=/);
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*HttpOnly/i);

    const stream = await alice.stream();
    // TestBrowser posts with `Origin: https://127.0.0.1:PORT`, as the browser would.
    expect(alice.base).toBe(origin);
    expect((await alice.say("hello over TLS")).status).toBe(204);
    await stream.waitFor("hello over TLS");
    await alice.closeStreams();

    // The http:// spelling of the same host and port is another origin: refused.
    const spoofed = await alice.post("/messages", { text: "from elsewhere" }, { Origin: origin.replace("https:", "http:") });
    expect(spoofed.status).toBe(403);
  });

  test("plain HTTP on the TLS port gets no answer", async () => {
    const { origin } = await startHttps();
    await expect(fetch(origin.replace("https:", "http:") + "/healthz")).rejects.toThrow();
  });

  test("a browser that does not trust the certificate is refused by its own TLS check", async () => {
    const { origin } = await startHttps();
    await expect(fetch(origin + "/healthz")).rejects.toThrow(/self.signed/i);
  });

  test("listening on every address, the network addresses it prints say https:// too", async () => {
    const server = await start(["--db", ":memory:", "--tls-cert", certs.cert, "--tls-key", certs.key, "--host", "0.0.0.0"]);
    await server.waitForOutput(/Type "help"/);
    expect(server.httpUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.output()).not.toMatch(/http:\/\//);
  });

  test("an HTTP request on the telnet port is pointed to the https:// address", async () => {
    const { server } = await startHttps();
    const client = await TestClient.connect(server.telnetPort);
    client.send("GET / HTTP/1.1\r\nHost: example.test\r\n\r\n");
    await client.waitFor(new RegExp(`open ${server.httpUrl.replace(/[.]/g, "\\.")} in a browser`));
    await client.waitForClose();
  });

  test.each([
    [["--tls-cert", "CERT"], 2, /--tls-cert \(TLS_CERT\) needs --tls-key/],
    [["--tls-key", "KEY"], 2, /--tls-key \(TLS_KEY\) needs --tls-cert/],
    [["--tls-cert", "MISSING", "--tls-key", "KEY"], 1, /cannot read --tls-cert \S*missing\.pem: no such file/],
    [["--tls-cert", "CERT", "--tls-key", "DIR"], 1, /cannot read --tls-key \S+: it is a folder/],
    [["--tls-cert", "KEY", "--tls-key", "KEY"], 1, /--tls-cert \S*localhost-key\.pem is not a certificate/],
    [["--tls-cert", "CERT", "--tls-key", "CERT"], 1, /--tls-key \S*localhost\.pem is not an unencrypted private key/],
    [["--tls-cert", "CERT", "--tls-key", "OTHER_KEY"], 1, /--tls-key \S*other-key\.pem is not the private key of the certificate in --tls-cert/],
  ])("%p is a one-line error naming the option and file, exit code %p", async (args, code, message) => {
    const paths: Record<string, string> = {
      CERT: certs.cert,
      KEY: certs.key,
      OTHER_KEY: certs.otherKey,
      MISSING: join(certs.dir, "missing.pem"),
      DIR: join(certs.dir, "folder"),
    };
    mkdirSync(paths.DIR!, { recursive: true });
    const { code: exitCode, err } = await failedStart(args.map((a) => paths[a] ?? a));
    expect(exitCode).toBe(code);
    expect(err.trim().split("\n")).toHaveLength(1);
    expect(err).toMatch(message);
    expect(err).not.toContain("    at ");
  });

  test("TLS 1.2 takes only forward-secret AEAD suites (no AES128-SHA, no RSA key exchange); TLS 1.3 works", async () => {
    for (const [cert, key, accepted, refused] of [
      [certs.cert, certs.key, ["ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305"], ["ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA"]],
      [
        join(certs.dir, "rsa.pem"),
        join(certs.dir, "rsa-key.pem"),
        ["ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-CHACHA20-POLY1305"],
        ["AES128-SHA", "AES256-SHA", "ECDHE-RSA-AES128-SHA", "ECDHE-RSA-AES256-SHA", "AES128-GCM-SHA256", "AES256-GCM-SHA384"],
      ],
    ] as const) {
      const server = await start(["--db", ":memory:", "--tls-cert", cert, "--tls-key", key]);
      const port = new URL(server.httpUrl).port;
      const negotiated = await Promise.all([...accepted, ...refused].map((cipher) => cipherAgreed(port, ["-tls1_2", "-cipher", `${cipher}@SECLEVEL=0`])));
      expect(negotiated).toEqual([...accepted, ...refused.map(() => "(NONE)")]);
      expect(await cipherAgreed(port, ["-tls1_3"])).toMatch(/^TLS_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)$/);
    }
  });

  test("the environment variables follow the same rule: TLS_CERT alone is refused", async () => {
    const { code, err } = await failedStart([], { TLS_CERT: certs.cert });
    expect(code).toBe(2);
    expect(err).toMatch(/--tls-cert \(TLS_CERT\) needs --tls-key \(TLS_KEY\)/);
  });
});
