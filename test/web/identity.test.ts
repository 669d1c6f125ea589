import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memberElementId } from "../../views/member-list.tsx";
import { TestBrowser, until, useTestWeb, type SseReader, type TestWeb } from "./helpers.ts";

const { start, joined, connected } = useTestWeb();

const PASSWORD = "correct-horse";

/** `nick` joins, registers with `PASSWORD` and leaves: from then on the nickname needs it. */
async function registered(running: TestWeb, nick: string, init: BunFetchRequestInit = {}): Promise<void> {
  const owner = new TestBrowser(running.base, init);
  expect((await owner.join(nick)).status).toBe(303);
  expect((await owner.say(`/register ${PASSWORD}`)).status).toBe(204);
  expect((await owner.post("/leave", {})).status).toBe(303);
  expect(running.chat.find(nick)).toBeUndefined();
}

/** The join form's password input, as the page has it. */
function passwordInput(page: string): string {
  return /<input[^>]*id="password"[^>]*>/.exec(page)?.[0] ?? "";
}

/** The `<details>` that holds the password field, its opening tag. */
function passwordDetails(page: string): string {
  return /<details class="password"[^>]*>/.exec(page)?.[0] ?? "";
}

describe("registered nicknames on the join form", () => {
  test("the join form has an optional password field, folded away, that remembers nothing", async () => {
    const running = start();
    const page = await (await new TestBrowser(running.base).get("/")).text();
    expect(passwordDetails(page)).toBe('<details class="password">');
    expect(page).toContain("<summary>Registered nickname? Password</summary>");
    const input = passwordInput(page);
    expect(input).toContain('type="password"');
    expect(input).toContain('autocomplete="current-password"');
    expect(input).not.toContain("autofocus");
    expect(input).not.toContain("required");
    expect(page).toContain("Only if you registered this nickname (<kbd>/register</kbd>).");
    expect(/<input[^>]*id="nick"[^>]*>/.exec(page)?.[0]).toContain("autofocus");
  });

  test("a registered nickname without its password is refused 403, with the reason and the password field open and focused", async () => {
    const running = start();
    await registered(running, "alice");
    const response = await new TestBrowser(running.base).join("alice");
    expect(response.status).toBe(403);
    expect(response.headers.get("set-cookie")).toBeNull();
    const page = await response.text();
    expect(page).toContain("The nickname alice is registered. If it is yours, enter its password; else pick another nickname.");
    expect(passwordDetails(page)).toBe('<details class="password" open>');
    expect(passwordInput(page)).toContain("autofocus");
    // The typed nickname stays; the focus is on the password, not on it.
    const nick = /<input[^>]*id="nick"[^>]*>/.exec(page)?.[0] ?? "";
    expect(nick).toContain('value="alice"');
    expect(nick).not.toContain("autofocus");
    expect(running.chat.find("alice")).toBeUndefined();
  });

  test("the right password joins (303 and a cookie) as a registered member; a wrong one is 403 and never shown back", async () => {
    const running = start();
    await registered(running, "alice");

    const guess = "not-the-password";
    const wrong = new TestBrowser(running.base);
    const began = Date.now();
    const refused = await wrong.join("alice", guess);
    expect(refused.status).toBe(403);
    expect(Date.now() - began).toBeGreaterThanOrEqual(900);
    expect(refused.headers.get("set-cookie")).toBeNull();
    const page = await refused.text();
    expect(page).toContain("Wrong password for alice.");
    expect(passwordDetails(page)).toBe('<details class="password" open>');
    expect(page).not.toContain(guess);
    expect(passwordInput(page)).not.toContain("value");

    const owner = new TestBrowser(running.base);
    const response = await owner.join("alice", PASSWORD);
    expect(response.status).toBe(303);
    expect(response.headers.get("set-cookie")).toMatch(/^switchboard_session=/);
    expect(running.chat.find("alice")?.account?.nick).toBe("alice");
  });

  test("a free nickname joins with or without a password (an empty field proves nothing and is not needed)", async () => {
    const running = start();
    const response = await new TestBrowser(running.base).post("/join", { nick: "bob", password: "" });
    expect(response.status).toBe(303);
    expect(running.chat.find("bob")?.account).toBeUndefined();
    expect((await new TestBrowser(running.base).post("/join", { nick: "carol", password: "whatever-typed" })).status).toBe(303);
  });

  test("a banned nickname is 403 with the reason", async () => {
    const running = start();
    await running.chat.moderation.ban(undefined, "mallory", "1h", "spam");
    const response = await new TestBrowser(running.base).join("mallory");
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("You are banned from this server for another");
  });
});

describe("identity and moderation commands from the page", () => {
  test("/register with a short password is 400, and without JavaScript the password does not come back into the box", async () => {
    start();
    const alice = await joined("alice");
    const short = await alice.say("/register short");
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("A password needs at least 8 characters.");
    const plain = await alice.post("/messages", { text: "/register hunter2" });
    expect(plain.status).toBe(400);
    const page = await plain.text();
    expect(page).toContain("A password needs at least 8 characters.");
    expect(page).not.toContain("hunter2");
  });

  test("a muted member's line is 403 with the reason; a non-operator's /kick is 403", async () => {
    const running = start();
    const bob = await joined("bob");
    await running.chat.moderation.mute(undefined, "bob", "10m", "flooding");
    const muted = await bob.say("hello?");
    expect(muted.status).toBe(403);
    expect(await muted.text()).toContain("You are muted for another");
    const plain = await bob.post("/messages", { text: "hello?" });
    expect(plain.status).toBe(403);
    expect(await plain.text()).toContain("You are muted");
    expect(running.chat.stats.messages).toBe(0);

    const carol = await joined("carol");
    const kick = await carol.say("/kick bob");
    expect(kick.status).toBe(403);
    expect(await kick.text()).toContain("/kick is for operators");
    expect(running.chat.find("bob")).toBeDefined();
  });

  test("the member list marks registered members and operators, and moderation redraws or removes entries live", async () => {
    const running = start();
    await registered(running, "alice");
    const alice = new TestBrowser(running.base);
    expect((await alice.join("alice", PASSWORD)).status).toBe(303);
    expect(await running.chat.moderation.setOperator("alice", true)).toMatchObject({ ok: true });
    const bob = await connected("bob");
    const page = await (await alice.get("/")).text();
    const aliceEntry = new RegExp(`<li[^>]*id="${memberElementId("alice")}"[^>]*>.*?</li>`).exec(page)?.[0] ?? "";
    expect(aliceEntry).toContain('<span class="badge badge-registered" title="registered nickname">');
    expect(aliceEntry).toContain('<span class="badge badge-op" title="operator">op</span>');
    // On bob's stream too, as the list it got on opening.
    const bobId = memberElementId("bob");
    expect(bob.stream.raw).toContain('<span class="badge badge-op" title="operator">op</span>');

    expect((await alice.say("/mute bob 10m flooding")).status).toBe(204);
    const mute = await bob.stream.waitFor("muted bob");
    expect(mute.data).toContain(`<hx-partial hx-target="#${bobId}" hx-swap="outerHTML"><li`);
    expect(mute.data).toContain('<span class="badge badge-muted"');
    expect((await bob.browser.say("let me speak")).status).toBe(403);

    expect((await alice.say("/unmute bob")).status).toBe(204);
    const unmute = await bob.stream.waitFor("unmuted bob");
    expect(unmute.data).toContain(`hx-target="#${bobId}" hx-swap="outerHTML"`);
    expect(unmute.data).not.toContain("badge-muted");

    const carol = await connected("carol");
    expect((await alice.say("/kick bob enough")).status).toBe(204);
    const kick = await carol.stream.waitFor("kicked bob");
    expect(kick.data).toContain(`<hx-partial hx-target="#${bobId}" hx-swap="delete">`);
    await bob.stream.waitFor("You were kicked by alice: enough");
    expect(running.chat.find("bob")).toBeUndefined();
    expect(await (await alice.get("/")).text()).not.toContain(bobId);

    // The console takes alice's rights: the line redraws her entry, and a tab opened then
    // (the room's members unchanged since the list was last rendered) lists her without them.
    const listOf = async (stream: SseReader) => (await stream.waitFor('hx-target="#members"')).data;
    expect(await listOf(await carol.browser.stream())).toContain("badge-op");
    expect(await running.chat.moderation.setOperator("alice", false)).toMatchObject({ ok: true });
    const deop = await carol.stream.waitFor("took operator rights from alice");
    expect(deop.data).toContain(`hx-target="#${memberElementId("alice")}" hx-swap="outerHTML"`);
    expect(deop.data).toContain("badge-registered");
    expect(deop.data).not.toContain("badge-op");
    const list = await listOf(await carol.browser.stream());
    expect(list).toContain("badge-registered");
    expect(list).not.toContain("badge-op");
  });

  test("the room's topic is in the page header, set live, and follows the member from room to room", async () => {
    const running = start();
    const alice = await connected("alice");
    expect(alice.page).toContain('<p id="topic" class="topic"></p>');
    expect((await alice.browser.say("/topic Release <b>on</b> Friday")).status).toBe(204);
    const set = await alice.stream.waitFor("set the topic");
    expect(set.data).toContain('<hx-partial hx-target="#topic" hx-swap="innerHTML">Release &lt;b&gt;on&lt;/b&gt; Friday</hx-partial>');
    expect(running.chat.topicOf("#lobby")?.topic).toBe("Release <b>on</b> Friday");
    const page = await (await alice.browser.get("/")).text();
    expect(page).toContain('<p id="topic" class="topic">Release &lt;b&gt;on&lt;/b&gt; Friday</p>');

    // Another room has none; the lobby's page has its own still.
    expect((await alice.browser.say("/join #side")).status).toBe(204);
    expect(await (await alice.browser.get("/r/side")).text()).toContain('<p id="topic" class="topic"></p>');
    expect(await (await alice.browser.get("/r/lobby")).text()).toContain('<p id="topic" class="topic">Release &lt;b&gt;on&lt;/b&gt; Friday</p>');
  });
});

describe("the join form over HTTPS", () => {
  const openssl = Bun.which("openssl");
  test.skipIf(!openssl)("asks for and takes the password the same way, posted to the page's own origin, with a Secure cookie", async () => {
    const dir = mkdtempSync(join(tmpdir(), "switchboard-tls-"));
    try {
      const [key, cert] = [join(dir, "key.pem"), join(dir, "cert.pem")];
      const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"];
      const made = Bun.spawnSync([openssl!, "req", "-x509", ...ec, "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-keyout", key, "-out", cert], {
        stderr: "pipe",
      });
      expect(made.exitCode).toBe(0);
      const running = start({ tls: { cert: readFileSync(cert, "utf8"), key: readFileSync(key, "utf8") } });
      expect(running.base).toStartWith("https://");
      // The certificate is self-signed: this client takes it, as a user who accepted it would.
      const selfSigned: BunFetchRequestInit = { tls: { rejectUnauthorized: false } };
      const visitor = new TestBrowser(running.base, selfSigned);
      // A relative action: the password goes where the page came from, over the same TLS.
      expect(await (await visitor.get("/")).text()).toContain('<form method="post" action="/join"');

      await registered(running, "alice", selfSigned);
      const asked = await visitor.join("alice");
      expect(asked.status).toBe(403);
      expect(passwordDetails(await asked.text())).toBe('<details class="password" open>');
      // From another origin (a page elsewhere posting to this form) it is refused before any check.
      const elsewhere = await visitor.post("/join", { nick: "alice", password: PASSWORD }, { Origin: "https://evil.example" });
      expect(elsewhere.status).toBe(403);
      expect(running.chat.find("alice")).toBeUndefined();

      const response = await visitor.join("alice", PASSWORD);
      expect(response.status).toBe(303);
      expect(response.headers.get("set-cookie")).toContain("Secure");
      expect(running.chat.find("alice")?.account).toBeDefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
