import { describe, expect, test } from "bun:test";
import { TestBrowser, until, useTestWeb, type SseReader } from "./helpers.ts";

const testWeb = useTestWeb();
const { start, joined } = testWeb;

/** Asks for one more stream and expects a refusal; a stream let in by mistake is closed again. */
async function refusedStream(browser: TestBrowser, query: string, headers: Record<string, string> = {}) {
  const response = await browser.get("/events" + query, headers);
  if (response.status === 200) {
    await response.body?.cancel();
    return { status: 200, text: "" };
  }
  return { status: response.status, text: await response.text() };
}

const closes = (nick: string) => testWeb.running.logs.filter((l) => l.startsWith(`web stream close ${nick} `)).length;

describe("event streams of one session", () => {
  test("the 6th stream on one cookie gets 429 while 5 stay open, and closing one lets a new one in", async () => {
    const running = start();
    const alice = await joined("alice");
    const after = `?after=${running.chat.lastEventId}`;
    const tabs: SseReader[] = [];
    for (let i = 0; i < 5; i++) tabs.push(await alice.stream(after));

    const sixth = await refusedStream(alice, after);
    expect(sixth.status).toBe(429);
    expect(sixth.text).toContain("Too many open tabs");
    // htmx's first connect swaps what it gets into the message list: the usual error line.
    const viaHtmx = await refusedStream(alice, after, { "HX-Request": "true" });
    expect(viaHtmx.status).toBe(429);
    expect(viaHtmx.text).toStartWith('<li class="event system error">');
    expect(viaHtmx.text).toContain("Too many open tabs");

    // The five are untouched and live.
    await alice.say("still here");
    for (const tab of tabs) await tab.waitFor("still here");

    await tabs[0]!.close();
    await until(() => closes("alice") === 1, "the first tab to close");
    const again = await alice.stream(after);
    await alice.say("back again");
    await again.waitFor("back again");
    expect((await refusedStream(alice, after)).status).toBe(429);
  });

  test("streams beyond a session's first count against --max-per-address, and are given back when they end", async () => {
    const running = start({}, { maxPerAddress: 3, limitLoopback: true });
    const alice = await joined("alice"); // slot 1: the seat, which also carries the first stream
    const after = `?after=${running.chat.lastEventId}`;
    const first = await alice.stream(after);
    const second = await alice.stream(after); // slot 2
    await alice.stream(after); // slot 3

    const fourth = await refusedStream(alice, after);
    expect(fourth.status).toBe(429);
    expect(fourth.text).toContain("Too many connections from your address");
    // The address is full for everyone on it, joins too.
    const bob = new TestBrowser(running.base);
    expect((await bob.join("bob")).status).toBe(429);

    // Closing a tab gives its slot back, whichever tab it was: the session keeps one
    // stream on its seat and counts the others.
    await second.close();
    await until(() => closes("alice") === 1, "a tab to close");
    await first.close();
    await until(() => closes("alice") === 2, "another tab to close");
    expect((await bob.join("bob")).status).toBe(303); // slot 2
    await alice.stream(after); // slot 3
    expect((await refusedStream(alice, after)).status).toBe(429);

    // Leaving gives back the seat with every slot its streams held.
    await alice.post("/leave", {});
    await until(() => running.logs.some((l) => l.startsWith("web leave alice")), "alice to leave");
    for (const nick of ["carol", "dave"]) expect((await new TestBrowser(running.base).join(nick)).status).toBe(303);
    expect((await new TestBrowser(running.base).join("erin")).status).toBe(429);
  });
});
