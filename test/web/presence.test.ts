import { describe, expect, test } from "bun:test";
import { until, useTestWeb } from "./helpers.ts";

const testWeb = useTestWeb();
const { start, joined } = testWeb;

/** Everything #lobby saw, as someone there would (a test makes few enough events for one page). */
const lobby = () => testWeb.running.chat.backend.history.since({ id: "observer", room: "#lobby" }, 0, 10_000) ?? [];
const leaves = (nick: string) => lobby().filter((e) => e.kind === "leave" && e.nick === nick);
const joins = (nick: string) => lobby().filter((e) => e.kind === "join" && e.nick === nick);

describe("web presence", () => {
  test("a stream closed and reopened within the grace period makes no leave/join; with none open, the member leaves after it", async () => {
    const running = start({ graceSeconds: 1 });
    const bob = await joined("bob");
    const first = await bob.stream(`?after=${running.chat.lastEventId}`);

    // A reload: the stream goes away and a new one comes back quickly.
    await first.close();
    await until(() => running.logs.some((l) => l.startsWith("web stream close bob")), "the stream to close");
    const second = await bob.stream(`?after=${running.chat.lastEventId}`);
    await Bun.sleep(1300); // longer than the grace period, with a stream open all along
    expect(running.chat.find("bob")).toBeDefined();
    expect(leaves("bob")).toEqual([]);
    expect(joins("bob").length).toBe(1);

    // Tab closed for good: no stream for the grace period, so bob leaves (once).
    const closedAt = Date.now();
    await second.close();
    await until(() => leaves("bob").length > 0, "bob to leave", 5000);
    expect(Date.now() - closedAt).toBeGreaterThanOrEqual(900);
    expect(leaves("bob").length).toBe(1);
    expect(running.chat.find("bob")).toBeUndefined();
    expect((await bob.get("/events")).status).toBe(401);
    expect(await (await bob.get("/")).text()).toContain('action="/join"');
  });

  test("a member who never opens a stream leaves after the grace period", async () => {
    const running = start({ graceSeconds: 1 });
    await joined("ghost");
    await until(() => leaves("ghost").length > 0, "ghost to leave", 5000);
    expect(running.chat.memberCount).toBe(0);
  });

  test("two tabs: closing one keeps the member, events reach the other", async () => {
    const running = start({ graceSeconds: 1 });
    const alice = await joined("alice");
    const bob = await joined("bob");
    const after = `?after=${running.chat.lastEventId}`;
    const tab1 = await alice.stream(after);
    const tab2 = await alice.stream(after);
    await bob.stream(after);
    await tab1.close();
    await bob.say("still there?");
    await tab2.waitFor("still there?");
    await Bun.sleep(1200);
    expect(running.chat.find("alice")).toBeDefined();
  });

  test("Leave announces the leave to the room, ends the other tabs with a notice and clears the session", async () => {
    const running = start();
    const alice = await joined("alice");
    const bob = await joined("bob");
    const after = `?after=${running.chat.lastEventId}`;
    const bobStream = await bob.stream(after);
    const aliceOtherTab = await alice.stream(after);

    const response = await alice.post("/leave", {});
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
    expect(response.headers.get("set-cookie")).toMatch(/switchboard_session=;.*Max-Age=0/);

    const left = await bobStream.waitFor("left");
    expect(left.data).toContain('<span class="nick">alice</span> left');
    expect(left.data).not.toContain('<span class="nick">alice</span> <span class="transport"');
    expect(await aliceOtherTab.waitFor("You left the chat.")).toBeDefined();
    const bye = await until(() => aliceOtherTab.messages.find((m) => m.event === "bye"), "the bye event");
    expect(bye.data).toBe("");
    await aliceOtherTab.waitForEnd();
    expect(running.chat.find("alice")).toBeUndefined();
    expect((await alice.get("/events")).status).toBe(401);
    expect(running.logs.some((l) => l.startsWith("web leave alice from 127.0.0.1"))).toBe(true);
  });

  test("/quit from the page leaves, says goodbye on the stream and ends it", async () => {
    const running = start();
    const alice = await joined("alice");
    const stream = await alice.stream(`?after=${running.chat.lastEventId}`);
    await alice.say("/quit see you");
    await stream.waitFor("Goodbye!");
    await stream.waitForEnd();
    expect(leaves("alice")[0]).toMatchObject({ reason: "quit: see you" });
  });
});
