import { afterEach, describe, expect, test } from "bun:test";
import { Chat } from "../../src/chat/chat.ts";
import { createApp } from "../../src/web/app.ts";
import { startTestWeb, TestBrowser, type TestWeb } from "./helpers.ts";

let running: TestWeb | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

function form(fields: Record<string, string>, origin = "http://localhost") {
  return {
    method: "POST",
    headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  };
}

describe("joining from a browser", () => {
  test("the home page without a session is the join form", async () => {
    running = startTestWeb();
    const response = await new TestBrowser(running.base).get("/");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const page = await response.text();
    expect(page.startsWith("<!doctype html>")).toBe(true);
    expect(page).toContain('<form method="post" action="/join"');
    expect(page).toContain('<label for="nick">');
    expect(page).toContain('name="nick"');
  });

  test("a good nickname sets an HttpOnly SameSite session cookie and redirects to the chat", async () => {
    running = startTestWeb();
    const browser = new TestBrowser(running.base);
    const response = await browser.join("alice");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^switchboard_session=[\w-]{40,};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toMatch(/SameSite=(Lax|Strict)/);
    expect(cookie).toContain("Path=/");
    expect(running.chat.find("alice")?.transport).toBe("web");

    await browser.say("first words");
    const page = await (await browser.get("/")).text();
    expect(page).toContain('id="messages"');
    expect(page).toContain('hx-sse:connect="/events?after=');
    expect(page).toContain('aria-live="polite"');
    expect(page).toContain('<ul id="members"');
    expect(page).toContain('<ul id="rooms"');
    expect(page).toContain('action="/leave"');
    expect(page).toMatch(/<time datetime="\d{4}-\d\d-\d\dT[^"]+">\d\d:\d\d<\/time>/);
    expect(page).toContain("alice");
  });

  test("an invalid nickname shows the form again with the reason, 400, and no cookie", async () => {
    running = startTestWeb();
    const response = await new TestBrowser(running.base).join("no spaces");
    expect(response.status).toBe(400);
    expect(response.headers.get("set-cookie")).toBeNull();
    const page = await response.text();
    expect(page).toContain("Nicknames may use only letters, digits");
    expect(page).toContain('action="/join"');
    expect(running.chat.memberCount).toBe(0);
  });

  test("a taken nickname (any case, any transport) is 409 with the reason and no cookie", async () => {
    running = startTestWeb();
    expect((await new TestBrowser(running.base).join("Alice")).status).toBe(303);
    const response = await new TestBrowser(running.base).join("alice");
    expect(response.status).toBe(409);
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(await response.text()).toContain("The nickname alice is taken");
  });

  test("a full server is 503 with the reason", async () => {
    running = startTestWeb({}, { maxClients: 1 });
    await new TestBrowser(running.base).join("alice");
    const response = await new TestBrowser(running.base).join("bob");
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("The server is full");
  });

  test("the join page says who is online and how to connect from a terminal, by the name the browser used", async () => {
    // Issue 22: it said neither.
    running = startTestWeb({ terminalPorts: () => ({ telnet: 2323, ssh: 2222 }) });
    const empty = await (await new TestBrowser(running.base).get("/")).text();
    expect(empty).toContain("No one is online yet.");
    for (const nick of ["carol", "alice", "bob"]) await new TestBrowser(running.base).join(nick);
    const page = await (await new TestBrowser(running.base).get("/")).text();
    expect(page).toContain("3 online. In #lobby: alice, bob, carol.");
    expect(page).toContain("<code>telnet 127.0.0.1 2323</code>");
    expect(page).toContain("<code>ssh -p 2222 NICK@127.0.0.1</code>");
    expect(page).not.toContain("irc");
  });

  test("without SSH the join page offers telnet and nc only, and Join again's nickname comes back escaped", async () => {
    running = startTestWeb({ terminalPorts: () => ({ telnet: 4000 }) });
    const page = await (await new TestBrowser(running.base).get("/?nick=%22%3E%3Cb%3Ejill")).text();
    expect(page).toContain("<code>telnet 127.0.0.1 4000</code>");
    expect(page).toContain("<code>nc 127.0.0.1 4000</code>");
    expect(page).not.toContain("ssh -p");
    expect(page).toContain('value="&quot;&gt;&lt;b&gt;jill"');
  });

  test("a nickname echoed back in the form is escaped", async () => {
    running = startTestWeb();
    const response = await new TestBrowser(running.base).join('"><img src=x onerror=alert(1)>');
    const page = await response.text();
    expect(response.status).toBe(400);
    expect(page).not.toContain("<img src=x");
    expect(page).not.toContain('"><img');
  });

  test("the per-address limit refuses a join with 429 and frees the slot on leave", async () => {
    const chat = new Chat({ maxPerAddress: 1, limitLoopback: true });
    const { app, sessions } = createApp(chat, {
      hostname: "127.0.0.1",
      port: 0,
      maxBodyBytes: 4096,
      graceSeconds: 30,
      log: () => {},
    });
    try {
      const first = await app.request("http://localhost/join", form({ nick: "alice" }));
      expect(first.status).toBe(303);
      const second = await app.request("http://localhost/join", form({ nick: "bob" }));
      expect(second.status).toBe(429);
      expect(await second.text()).toContain("Too many connections from your address");
      expect(chat.find("bob")).toBeUndefined();

      const cookie = first.headers.get("set-cookie")!.split(";")[0]!;
      const left = await app.request("http://localhost/leave", { ...form({}), headers: { ...form({}).headers, Cookie: cookie } });
      expect(left.status).toBe(303);
      expect((await app.request("http://localhost/join", form({ nick: "bob" }))).status).toBe(303);
    } finally {
      sessions.close();
    }
  });
});
