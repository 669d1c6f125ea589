import { afterEach, describe, expect, test } from "bun:test";
import { Chat } from "../../src/chat/chat.ts";
import { createApp } from "../../src/web/app.ts";
import { startTestWeb, TestBrowser, type TestWeb } from "./helpers.ts";

let running: TestWeb | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

const XSS = "<img src=x onerror=alert(1)>";

describe("web security", () => {
  test("a POST from another origin is refused with 403", async () => {
    running = startTestWeb();
    const browser = new TestBrowser(running.base);
    const join = await browser.post("/join", { nick: "mallory" }, { Origin: "http://evil.example" });
    expect(join.status).toBe(403);
    expect(running.chat.memberCount).toBe(0);

    await browser.join("alice");
    const say = await browser.post("/messages", { text: "forged" }, { Origin: "http://evil.example" });
    expect(say.status).toBe(403);
    expect(running.chat.stats.messages).toBe(0);
    const leave = await browser.post("/leave", {}, { Origin: "http://evil.example" });
    expect(leave.status).toBe(403);
    expect(running.chat.find("alice")).toBeDefined();
  });

  test("a body over the limit is answered 413, by Bun and by the app", async () => {
    running = startTestWeb({ maxBodyBytes: 1024 });
    const browser = new TestBrowser(running.base);
    await browser.join("alice");
    const response = await browser.say("x".repeat(5000));
    expect(response.status).toBe(413);
    expect(running.chat.stats.messages).toBe(0);

    const chat = new Chat();
    const { app, sessions } = createApp(chat, {
      hostname: "127.0.0.1",
      port: 0,
      maxBodyBytes: 1024,
      graceSeconds: 30,
      log: () => {},
    });
    try {
      const viaApp = await app.request("http://localhost/join", {
        method: "POST",
        headers: { Origin: "http://localhost", "Content-Type": "application/x-www-form-urlencoded" },
        body: "nick=" + "x".repeat(5000),
      });
      expect(viaApp.status).toBe(413);
    } finally {
      sessions.close();
    }
  });

  test("pages carry a CSP that allows scripts from this server only, and no inline script", async () => {
    running = startTestWeb();
    const browser = new TestBrowser(running.base);
    await browser.join("alice");
    const response = await browser.get("/");
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    const page = await response.text();
    for (const [, attributes] of page.matchAll(/<script([^>]*)>/g)) expect(attributes).toMatch(/src="\/[\w-]+\.js"/);
    expect(page).not.toMatch(/<script[^>]*>[^<]+<\/script>/);
    expect(page).not.toContain("hx-on");
    expect(page).not.toMatch(/\sstyle=/); // the CSP allows no inline styles either
    expect(page).not.toContain("unpkg");
  });

  test("htmx, its SSE extension and our own files are served from this server with types and cache headers", async () => {
    running = startTestWeb();
    const browser = new TestBrowser(running.base);
    for (const [path, type] of [
      ["/htmx.js", "text/javascript"],
      ["/hx-sse.js", "text/javascript"],
      ["/page.js", "text/javascript"],
      ["/style.css", "text/css"],
    ] as const) {
      const response = await browser.get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain(type);
      expect(response.headers.get("cache-control")).toBeTruthy();
      const etag = response.headers.get("etag")!;
      expect(etag).toBeTruthy();
      expect((await response.text()).length).toBeGreaterThan(100);
      expect((await browser.get(path, { "If-None-Match": etag })).status).toBe(304);
    }
    expect(await (await browser.get("/hx-sse.js")).text()).toMatch(/registerExtension\(["']sse["']/);
  });

  test("user text is escaped everywhere: page, stream, member list", async () => {
    running = startTestWeb();
    const alice = new TestBrowser(running.base);
    const bob = new TestBrowser(running.base);
    await alice.join("alice");
    await bob.join("bob");
    const after = `?after=${running.chat.lastEventId}`;
    const bobStream = await bob.stream(after);
    const aliceStream = await alice.stream(after);
    await alice.say(XSS);
    await alice.say(`/me ${XSS}`);
    await alice.say(`/msg bob ${XSS}`);
    // A refusal answers the post itself: with htmx a line for the list, without a page
    // that puts what was typed back in the box (an attribute, so quotes matter too).
    const refusedLine = await (await alice.say(`/nope${XSS}`)).text();
    expect(refusedLine).toContain("Unknown command");
    const refusedPage = await (await alice.post("/messages", { text: `/nope"${XSS}` })).text();
    expect(refusedPage).toContain("Unknown command");
    expect(refusedPage).toContain('value="/nope&quot;&lt;img src=x onerror=alert(1)&gt;"');
    for (const refusal of [refusedLine, refusedPage]) {
      expect(refusal).not.toContain("<img");
      expect(refusal).toContain("&lt;img");
    }
    // In the lobby's view a private is activity for the side panel, its text in JSON with < and > escaped too.
    await bobStream.waitFor('"kind":"private"');
    await aliceStream.waitFor('"kind":"private"');
    const escaped = "&lt;img src=x onerror=alert(1)&gt;";
    const pages = [await (await bob.get("/")).text(), await (await alice.get("/")).text()];
    for (const raw of [bobStream.raw, aliceStream.raw, ...pages]) {
      expect(raw).not.toContain("<img");
      expect(raw).toContain(escaped);
    }
    await alice.closeStreams();
    await bob.closeStreams();
  });
});
