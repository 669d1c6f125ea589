import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { TestClient } from "../telnet/test-client.ts";
import { tempDir, useServerProcesses } from "../helpers/server-process.ts";
import { TestBrowser } from "./helpers.ts";

const ENTRY = join(import.meta.dir, "../../src/index.ts");
const openssl = Bun.which("openssl");
if (!openssl) console.warn("skipping HTTPS tests: openssl is not installed (apt-get install openssl); they make a throwaway certificate with it");
const { start } = useServerProcesses();

/** A throwaway self-signed certificate for localhost and 127.0.0.1, and a second one whose key does not fit the first. */
const certs = { dir: "", cert: "", key: "", otherKey: "", pem: "" };

const dir = tempDir();
afterAll(dir.cleanup);

beforeAll(async () => {
  if (!openssl) return;
  certs.dir = dir.path;
  const make = async (name: string) => {
    const proc = Bun.spawn(
      [
        openssl,
        ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1"],
        ...["-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        ...["-keyout", join(dir.path, `${name}-key.pem`), "-out", join(dir.path, `${name}.pem`)],
      ],
      { stdout: "ignore", stderr: "pipe" },
    );
    if ((await proc.exited) !== 0) throw new Error(`openssl failed: ${await new Response(proc.stderr).text()}`);
  };
  await Promise.all([make("localhost"), make("other")]);
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

  test("the environment variables follow the same rule: TLS_CERT alone is refused", async () => {
    const { code, err } = await failedStart([], { TLS_CERT: certs.cert });
    expect(code).toBe(2);
    expect(err).toMatch(/--tls-cert \(TLS_CERT\) needs --tls-key \(TLS_KEY\)/);
  });
});
