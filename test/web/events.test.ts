import { describe, expect, test } from "bun:test";
import { connectCursor, TestBrowser, useTestWeb } from "./helpers.ts";

const { start, joined, connected } = useTestWeb();

describe("the SSE stream", () => {
  test("without a session it is 401", async () => {
    const running = start();
    const anonymous = new TestBrowser(running.base);
    expect((await anonymous.get("/events")).status).toBe(401);
    anonymous.cookie = "switchboard_session=forged";
    expect((await anonymous.get("/events")).status).toBe(401);
    expect((await anonymous.say("hello")).status).toBe(401);
  });

  test("sends its headers at once, before any event happens", async () => {
    const running = start();
    const alice = await joined("alice");
    const response = await Promise.race([
      alice.get(`/events?after=${running.chat.lastEventId}`),
      Bun.sleep(2000).then(() => undefined),
    ]);
    expect(response).toBeDefined();
    expect(response!.status).toBe(200);
    expect(response!.headers.get("content-type")).toContain("text/event-stream");
    const first = await response!.body!.getReader().read();
    expect(new TextDecoder().decode(first.value)).toStartWith("retry: 1000\n\n");
    await response!.body?.cancel().catch(() => {});
  });

  test("a message posted by one member arrives on the other's stream, with an id, as the page would render it", async () => {
    const running = start();
    const alice = await connected("alice");
    const bob = await connected("bob");
    const posted = await alice.browser.say("hello <b>bob</b> & co");
    expect(posted.status).toBe(204);
    const message = await bob.stream.waitFor("hello");
    expect(message.event).toBeUndefined(); // only unnamed messages are swapped by htmx 4
    const id = Number(message.id);
    expect(id).toBe(running.chat.lastEventId);
    expect(message.data).toContain(`id="e${id}"`);
    expect(message.data).toContain("hello &lt;b&gt;bob&lt;/b&gt; &amp; co");
    // The sender sees its own message too, and a reload renders the very same item.
    const own = await alice.stream.waitFor("hello");
    expect(own.data).toBe(message.data);
    expect(await (await bob.browser.get("/")).text()).toContain(message.data);
  });

  test("joins and leaves add or remove just that member's entry, in order, with the transport", async () => {
    start();
    const alice = await connected("alice");
    const entry = (nick: string) => `#m-${Buffer.from(nick).toString("hex")}`;
    const bob = await joined("bob");
    const bobJoin = await alice.stream.waitFor("bob</span> joined");
    // Nobody sorts after bob: his entry goes at the end.
    expect(bobJoin.data).toContain('<hx-partial hx-target="#members" hx-swap="beforeend">');
    expect(bobJoin.data).toMatch(/<span class="nick nick-c\d">bob<\/span><\/span> <span class="transport transport-web"[^>]*>web<\/span>/);
    await joined("Aaron");
    const aaronJoin = await alice.stream.waitFor("Aaron</span> joined");
    expect(aaronJoin.data).toContain(`<hx-partial hx-target="${entry("alice")}" hx-swap="beforebegin">`);
    await bob.post("/leave", {});
    const bobLeave = await alice.stream.waitFor("bob</span> left");
    expect(bobLeave.data).toContain(`<hx-partial hx-target="${entry("bob")}" hx-swap="delete">`);
    expect(bobLeave.data).not.toContain("alice");
  });

  test("a plain form post (no JavaScript) redirects back to the view's address, at its newest line", async () => {
    start();
    const alice = await joined("alice");
    const response = await alice.post("/messages", { text: "no js here" });
    expect(response.status).toBe(303);
    // At the list's end, where the line just sent is: without JavaScript nothing else scrolls the list there.
    expect(response.headers.get("location")).toBe("/r/lobby#latest");
    expect(await (await alice.get("/")).text()).toContain("no js here");
  });

  test("without JavaScript a mistake comes back at once with its reason, and a command's answer shows on the next page, once", async () => {
    start();
    const alice = await joined("alice");
    const refused = await alice.post("/messages", { text: "/bogus" });
    expect(refused.status).toBe(400);
    const refusedPage = await refused.text();
    expect(refusedPage).toContain("Unknown command /bogus.");
    expect(refusedPage).toContain('value="/bogus"');
    expect((await alice.post("/messages", { text: "/who" })).status).toBe(303);
    const page = await (await alice.get("/")).text();
    expect(page).toContain("1 in #lobby: alice (web)");
    // The mistake was shown with its own answer, not again here.
    expect(page).not.toContain("Unknown command");
    expect(await (await alice.get("/")).text()).not.toContain("1 in #lobby");
  });

  test("resuming with Last-Event-ID replays exactly the missed events, none lost and none repeated", async () => {
    const running = start();
    const alice = await connected("alice");
    const bob = await connected("bob");
    await alice.browser.say("one");
    const seen = await bob.stream.waitFor("one");
    await bob.stream.close();
    await until(() => running.logs.some((l) => l.includes("web stream close bob")));

    for (const text of ["two", "three", "four"]) expect((await alice.browser.say(text)).status).toBe(204);
    const missed = running.chat.lastEventId;

    // Reconnect the way htmx does: same URL (with the page's old cursor) plus Last-Event-ID.
    const resumed = await bob.browser.stream("?after=0", { "Last-Event-ID": seen.id! });
    await resumed.waitFor("four");
    await alice.browser.say("five");
    await resumed.waitFor("five");
    const texts = resumed.messages.map((m) => /<span class="text">([a-z]+)<\/span>/.exec(m.data)?.[1]).filter(Boolean);
    expect(texts).toEqual(["two", "three", "four", "five"]);
    const ids = resumed.ids();
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(missed);
    expect(ids.every((id) => id > Number(seen.id))).toBe(true);
  });

  test("a stream that missed more than a thousand events is redrawn, never left with a silent gap", async () => {
    const running = start({}, { msgRate: 1e6, msgBurst: 1e6 });
    const alice = await connected("alice");
    const bob = await connected("bob");
    await alice.browser.say("before the gap");
    const seen = await bob.stream.waitFor("before the gap");
    await bob.stream.close();
    await until(() => running.logs.some((l) => l.includes("web stream close bob")));

    for (let i = 1; i <= 1100; i++) expect((await alice.browser.say(`missed ${i}`)).status).toBe(204);
    const resumed = await bob.browser.stream("?after=0", { "Last-Event-ID": seen.id! });
    // One message redraws the conversation as it is now, current to the newest id.
    const redraw = await resumed.waitFor('hx-target="#messages" hx-swap="innerHTML"');
    expect(Number(redraw.id)).toBe(running.chat.lastEventId);
    expect(redraw.data).toContain("missed 1100");
    expect(resumed.messages.filter((m) => m.data.includes("missed 1<"))).toEqual([]);
  });

  test("the page's after= cursor is used when there is no Last-Event-ID", async () => {
    const running = start();
    const alice = await connected("alice");
    const bob = await joined("bob");
    const page = await (await bob.get("/")).text();
    await alice.browser.say("said between render and connect");
    const stream = await bob.stream(connectCursor(page));
    const replayed = await stream.waitFor("said between render and connect");
    expect(Number(replayed.id)).toBe(running.chat.lastEventId);
    expect(stream.messages.filter((m) => m.data.includes("said between")).length).toBe(1);
  });

  test("a private message reaches only its recipient (and the sender)", async () => {
    start();
    const alice = await connected("alice");
    const bob = await connected("bob");
    const carol = await connected("carol");
    await alice.browser.say("/msg bob psst secret");
    const received = await bob.stream.waitFor("psst secret");
    expect(received.id).toBeDefined();
    await alice.stream.waitFor("psst secret");
    // Anything carol gets after the private one proves she was not skipped by delay.
    await alice.browser.say("public after");
    await carol.stream.waitFor("public after");
    expect(carol.stream.raw).not.toContain("psst");
    expect(await (await carol.browser.get("/")).text()).not.toContain("psst");
  });

  test("command answers go to the sender only, over the stream without an id; a mistake is the answer to the sender's post", async () => {
    start();
    const alice = await connected("alice");
    const bob = await connected("bob");
    const refused = await alice.browser.say("/frobnicate");
    expect(refused.status).toBe(400);
    const error = await refused.text();
    expect(error).toContain("Unknown command /frobnicate");
    expect(error).toContain("error");
    await alice.browser.say("/who");
    const who = await alice.stream.waitFor("2 in #lobby");
    expect(who.id).toBeUndefined();
    await alice.browser.say("done");
    await bob.stream.waitFor("done");
    await alice.stream.waitFor("done");
    // Shown once, where the post's answer lands; nobody's stream carries it.
    expect(alice.stream.raw).not.toContain("frobnicate");
    expect(bob.stream.raw).not.toContain("frobnicate");
    expect(bob.stream.raw).not.toContain("2 in #lobby");
  });

  test("a /join sends the tab that typed it to the room's address; the stream of the room left is not redrawn", async () => {
    start();
    const alice = await connected("alice");
    await alice.browser.say("in the lobby");
    const joined = await alice.browser.post("/messages", { text: "/join #side", to: "#lobby" }, { "HX-Request": "true" });
    expect(joined.status).toBe(204);
    expect(joined.headers.get("HX-Redirect")).toBe("/r/side");
    const page = await (await alice.browser.get("/r/side")).text();
    expect(page).toContain('<h1 id="room">#side</h1>');
    expect(page).not.toContain("in the lobby");
    await alice.browser.say("still here");
    expect(alice.stream.messages.some((m) => m.data.includes('hx-target="#messages" hx-swap="innerHTML"') && m.data.includes("#side"))).toBe(false);
  });

  test("a stream that reconnects without a cursor shows the nickname taken while it was away", async () => {
    start();
    const alice = await connected("alice");
    await alice.stream.close();
    await alice.browser.say("/nick alicia");
    const again = await alice.browser.stream();
    const redraw = await again.waitFor('hx-target="#messages" hx-swap="innerHTML"');
    expect(redraw.data).toContain('<hx-partial hx-target="#me" hx-swap="innerHTML">alicia</hx-partial>');
  });
});

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await Bun.sleep(10);
  }
}
