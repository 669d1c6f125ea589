import { describe, expect, test } from "bun:test";
import { immediate } from "../chat/chat-harness.ts";
import { TestBrowser, until, useTestWeb } from "./helpers.ts";

const { start, connected } = useTestWeb();

const ROOMS_PARTIAL = '<hx-partial hx-target="#rooms" hx-swap="innerHTML">';

describe("the room list", () => {
  test("the page lists every room with its head count, its own room marked, each a form that types /join (a member stays in #lobby after joining #side)", async () => {
    start();
    const alice = await connected("alice");
    await alice.browser.say("/join #side");
    const bob = await connected("bob");
    expect(bob.page).toContain('<ul id="rooms"');
    expect(bob.page).toMatch(/data-room="#lobby">.*?aria-current="true"><span class="room-name">#lobby<\/span> <span class="count"[^>]*>2/);
    expect(bob.page).toMatch(/data-room="#side"><button type="submit" name="text" value="\/join #side"><span class="room-name">#side<\/span> <span class="count"[^>]*>1/);
  });

  test("a room that opens redraws the list on every page once, also in other rooms, rendered once for all", async () => {
    start();
    const alice = await connected("alice");
    const bob = await connected("bob");
    await alice.stream.waitFor("bob</span> joined");
    const before = bob.stream.messages.length;

    // A move is a leave and a join: one redraw for both.
    await alice.browser.say("/join #side");
    const seen = await bob.stream.waitFor('data-room="#side"');
    expect(seen.data.startsWith(ROOMS_PARTIAL)).toBe(true);
    expect(seen.id).toBeUndefined(); // not an event: resuming must not skip or repeat on its account
    expect(seen.data).not.toContain("aria-current");
    await bob.browser.say("marker");
    await bob.stream.waitFor("marker");
    const redraws = bob.stream.messages.slice(before).filter((m) => m.data.startsWith(ROOMS_PARTIAL));
    expect(redraws.length).toBe(1);
    // alice, now in the other room, got the very same list.
    await until(() => alice.stream.messages.some((m) => m.data === seen.data), "alice to get the same list");

  });

  test("a join or leave in a listed room updates just that head count", async () => {
    start();
    const alice = await connected("alice");
    await alice.browser.say("/join #side");
    // The new room is announced with the whole list first.
    await until(() => alice.stream.messages.some((m) => m.data.startsWith(ROOMS_PARTIAL)), "the list with #side");
    const bob = await connected("bob");
    const lobbyCount = `<hx-partial hx-target="#rc-${Buffer.from("#lobby").toString("hex")}" hx-swap="innerHTML">`;
    // alice is in #lobby and #side at once: bob makes two in #lobby.
    await alice.stream.waitFor(`${lobbyCount}2`);
    await bob.browser.post("/leave", {});
    const emptied = await alice.stream.waitFor(`${lobbyCount}1`);
    expect(emptied.data).not.toContain(ROOMS_PARTIAL);
    expect(emptied.id).toBeUndefined();
  });

  test("with many rooms the page lists #lobby and the busiest, and says how many more there are", async () => {
    const running = start();
    const sink = { enter() {}, deliver() {}, close() {} };
    // Room r gets r + 1 members: the busiest rooms are the last ones.
    for (let r = 0; r < 25; r++) {
      for (let i = 0; i <= r; i++) {
        const seat = running.chat.admit("127.0.0.1");
        if (!seat.ok) throw new Error(seat.error.message);
        const joined = immediate(running.chat.join({ nick: `m${r}x${i}`, transport: "web", seat: seat.value }, sink));
        if (!joined.ok) throw new Error(joined.error.message);
        immediate(running.chat.input(joined.value, `/join #r${String(r).padStart(2, "0")}`));
      }
    }
    const alice = await connected("alice");
    const listed = [...alice.page.matchAll(/data-room="(#[\w-]+)"/g)].map((m) => m[1]);
    expect(listed).toEqual(["#lobby", ...Array.from({ length: 19 }, (_, i) => `#r${String(i + 6).padStart(2, "0")}`)]);
    expect(alice.page).toContain("6 more: <kbd>/rooms</kbd> lists them");
  });

  test("a stream that opens gets the room list with the member list", async () => {
    start();
    const alice = await connected("alice");
    const opened = await alice.stream.waitFor(ROOMS_PARTIAL);
    expect(opened.data).toContain('<hx-partial hx-target="#members"');
  });
});

describe("older history", () => {
  test("GET /history?before= answers the page before, led by a link to the one before that, for htmx to swap in place", async () => {
    const running = start({}, { historyOnJoin: 3, msgBurst: 100 });
    const alice = await connected("alice");
    for (let i = 1; i <= 7; i++) await alice.browser.say(`m${i}`);
    const page = await (await alice.browser.get("/")).text();
    expect(page.match(/>m\d<\/span>/g)).toEqual([">m5</span>", ">m6</span>", ">m7</span>"]);
    const link = /hx-get="(\/history\?before=\d+&view=%23lobby)" hx-target="#older" hx-swap="outerHTML"/.exec(page);
    expect(link).not.toBeNull();

    const older = await alice.browser.get(link![1]!, { "HX-Request": "true" });
    expect(older.status).toBe(200);
    const fragment = await older.text();
    expect(fragment.match(/>m\d<\/span>/g)).toEqual([">m2</span>", ">m3</span>", ">m4</span>"]);
    expect(fragment).toStartWith('<li id="older" class="older">');

    const next = /hx-get="(\/history\?before=\d+&view=%23lobby)"/.exec(fragment)![1]!;
    const first = await (await alice.browser.get(next, { "HX-Request": "true" })).text();
    expect(first.match(/>m\d<\/span>/g)).toEqual([">m1</span>"]);
    expect(first).not.toContain('id="older"');
    expect((await new TestBrowser(running.base).get(next)).status).toBe(401);
  });
});
