import { describe, expect, test } from "bun:test";
import { parseTrustedProxies } from "../../src/web/trusted-proxies.ts";
import { TestBrowser, useTestWeb } from "./helpers.ts";

const scene = useTestWeb();

/** Starts a server whose reverse proxies are `trustProxy` (the `--trust-proxy` text; undefined: none). */
function start(trustProxy?: string, chatOptions = {}) {
  return scene.start(trustProxy === undefined ? {} : { trustProxy: parseTrustedProxies(trustProxy) }, chatOptions);
}

/** A browser behind a proxy: every request it makes carries `forwarded` headers. */
class ProxiedBrowser extends TestBrowser {
  constructor(
    base: string,
    readonly forwarded: Record<string, string>,
  ) {
    super(base);
  }

  override post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    return super.post(path, fields, { ...this.forwarded, ...headers });
  }

  override get(path: string, headers: Record<string, string> = {}) {
    return super.get(path, { ...this.forwarded, ...headers });
  }
}

/** Joins as `nick` with `X-Forwarded-For: forwardedFor` (and `extra` headers); returns the browser and the answer. */
async function joinVia(base: string, nick: string, forwardedFor: string, extra: Record<string, string> = {}) {
  const browser = new ProxiedBrowser(base, { "X-Forwarded-For": forwardedFor, ...extra });
  const response = await browser.join(nick);
  return { browser, response };
}

describe("reverse proxies (--trust-proxy)", () => {
  test("without --trust-proxy, X-Forwarded-For and -Proto are ignored: everyone behind the proxy counts as the proxy", async () => {
    const running = start(undefined, { maxPerAddress: 1, limitLoopback: true });
    const alice = await joinVia(running.base, "alice", "203.0.113.7", { "X-Forwarded-Proto": "https" });
    expect(alice.response.status).toBe(303);
    expect(alice.response.headers.get("set-cookie")).not.toMatch(/;\s*Secure/i);
    const bob = await joinVia(running.base, "bob", "198.51.100.9");
    expect(bob.response.status).toBe(429);
    expect(running.logs).toContain("web join alice from 127.0.0.1");
  });

  test("behind a trusted proxy, per-address limits count the forwarded client, for joins and for tabs", async () => {
    const running = start("127.0.0.1", { maxPerAddress: 2, limitLoopback: true });
    const alice = await joinVia(running.base, "alice", "203.0.113.7");
    expect(alice.response.status).toBe(303);
    const bob = await joinVia(running.base, "bob", "198.51.100.9");
    expect(bob.response.status).toBe(303);
    expect((await joinVia(running.base, "carol", "203.0.113.7")).response.status).toBe(303);
    const dave = await joinVia(running.base, "dave", "203.0.113.7");
    expect(dave.response.status).toBe(429);
    expect(await dave.response.text()).toContain("Too many connections from your address");
    expect(running.logs).toContain("web join alice from 203.0.113.7");
    expect(running.logs).toContain("web join bob from 198.51.100.9");

    // A second tab is one more connection from alice's own address, which is full...
    await alice.browser.stream();
    expect((await alice.browser.get("/events", { "HX-Request": "true" })).status).toBe(429);
    // ...while bob's address has room for his.
    await bob.browser.stream();
    await bob.browser.stream();
    await Promise.all([alice.browser.closeStreams(), bob.browser.closeStreams()]);
  });

  test("the client is the rightmost hop that is not a trusted proxy; what the client wrote itself is not believed", async () => {
    const running = start("127.0.0.1, 10.0.0.0/8");
    await joinVia(running.base, "alice", "6.6.6.6, 203.0.113.7, 10.1.2.3");
    expect(running.logs).toContain("web join alice from 203.0.113.7");
    await joinVia(running.base, "bob", "::ffff:198.51.100.9");
    expect(running.logs).toContain("web join bob from 198.51.100.9");
    await joinVia(running.base, "carol", "2001:db8::7, 10.0.0.1");
    expect(running.logs).toContain("web join carol from 2001:db8::7");
    // A hop that is not an address ends the walk at the proxy that passed it on.
    await joinVia(running.base, "dave", "<script>, 10.9.9.9");
    expect(running.logs).toContain("web join dave from 10.9.9.9");
  });

  test("a hop count trusts that many proxies, whoever they are", async () => {
    const running = start("2");
    await joinVia(running.base, "alice", "6.6.6.6, 203.0.113.7, 10.1.2.3");
    expect(running.logs).toContain("web join alice from 203.0.113.7");
    // Fewer hops than trusted: the farthest one is the client.
    await joinVia(running.base, "bob", "198.51.100.9");
    expect(running.logs).toContain("web join bob from 198.51.100.9");
  });

  test("headers from a peer that is not a listed proxy are ignored", async () => {
    const running = start("10.0.0.0/8, ::1");
    const { response } = await joinVia(running.base, "alice", "203.0.113.7", { "X-Forwarded-Proto": "https" });
    expect(response.status).toBe(303);
    expect(running.logs).toContain("web join alice from 127.0.0.1");
    expect(response.headers.get("set-cookie")).not.toMatch(/;\s*Secure/i);
  });

  test("the session cookie is Secure when the browser sees https, and only then", async () => {
    const running = start("loopback");
    // The page the browser sees is https, so its forms post with an https Origin.
    const httpsOrigin = running.base.replace(/^http:/, "https:");
    const https = await joinVia(running.base, "alice", "203.0.113.7", { "X-Forwarded-Proto": "https", Origin: httpsOrigin });
    expect(https.response.status).toBe(303);
    expect(https.response.headers.get("set-cookie")).toMatch(/;\s*Secure/i);
    const http = await joinVia(running.base, "bob", "203.0.113.8", { "X-Forwarded-Proto": "http" });
    expect(http.response.status).toBe(303);
    expect(http.response.headers.get("set-cookie")).not.toMatch(/;\s*Secure/i);
  });

  test("a form posted from https://chat.example behind a TLS-terminating proxy passes the cross-origin check", async () => {
    const behindProxy = { Host: "chat.example", "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7" };
    const trusted = start("127.0.0.1");
    const alice = new ProxiedBrowser(trusted.base, behindProxy);
    const joined = await alice.post("/join", { nick: "alice" }, { Origin: "https://chat.example" });
    expect(joined.status).toBe(303);
    alice.cookie = joined.headers.get("set-cookie")!.split(";")[0]!;
    expect((await alice.post("/messages", { text: "hello" }, { Origin: "https://chat.example", "HX-Request": "true" })).status).toBe(204);
    // Another site is still refused, and so is plain http for an https page.
    expect((await alice.post("/messages", { text: "forged" }, { Origin: "https://evil.example" })).status).toBe(403);
    expect((await alice.post("/messages", { text: "forged" }, { Origin: "http://chat.example" })).status).toBe(403);
    // The host is Host: an X-Forwarded-Host the proxy passed on from the client names nothing.
    const claimed = { Origin: "https://evil.example", "X-Forwarded-Host": "evil.example" };
    expect((await alice.post("/messages", { text: "forged" }, claimed)).status).toBe(403);
    expect(trusted.chat.stats.messages).toBe(1);
  });

  test("without --trust-proxy, the https origin behind a proxy is refused (the proxy's word is not taken)", async () => {
    const running = start(undefined);
    const browser = new ProxiedBrowser(running.base, { Host: "chat.example", "X-Forwarded-Proto": "https" });
    expect((await browser.post("/join", { nick: "alice" }, { Origin: "https://chat.example" })).status).toBe(403);
    expect((await browser.post("/join", { nick: "alice" }, { Origin: "http://chat.example" })).status).toBe(303);
  });
});

describe("--trust-proxy values", () => {
  test.each([
    ["127.0.0.1", "127.0.0.1", 0, true],
    ["127.0.0.1", "127.0.0.2", 0, false],
    ["10.0.0.0/8", "10.200.3.4", 3, true],
    ["10.0.0.0/8", "::ffff:10.1.1.1", 0, true],
    ["fd00::/8, 192.168.0.0/16", "fd00::2", 0, true],
    ["fd00::/8, 192.168.0.0/16", "192.168.7.1", 0, true],
    ["loopback", "::1", 0, true],
    ["loopback", "127.8.9.10", 0, true],
    ["private", "172.20.0.5", 0, true],
    ["private", "8.8.8.8", 0, false],
    ["1", "8.8.8.8", 0, true],
    ["1", "8.8.8.8", 1, false],
    ["none", "127.0.0.1", 0, false],
    ["", "127.0.0.1", 0, false],
  ] as const)("%p trusts %p at hop %p: %p", (text, address, hop, expected) => {
    expect(parseTrustedProxies(text).trusts(address, hop)).toBe(expected);
  });

  test.each([["proxy.example"], ["10.0.0.0/33"], ["0"], ["-1"], ["1.5"], ["10.0.0.1, nonsense"]])("%p is refused with a reason", (text) => {
    expect(() => parseTrustedProxies(text)).toThrow(/hop count|address/);
  });
});

describe("HSTS", () => {
  test("is sent over https only, and never for this machine's own names (it would pin every localhost site to https)", async () => {
    const running = start("127.0.0.1");
    const hsts = async (headers: Record<string, string>) => (await new TestBrowser(running.base).get("/", headers)).headers.get("strict-transport-security");
    expect(await hsts({ "X-Forwarded-Proto": "https", Host: "chat.example.com" })).toBe("max-age=15552000; includeSubDomains");
    expect(await hsts({ Host: "chat.example.com" })).toBeNull();
    expect(await hsts({ "X-Forwarded-Proto": "https" })).toBeNull();
    expect(await hsts({ "X-Forwarded-Proto": "https", Host: "localhost:3000" })).toBeNull();
  });
});
