import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { useServerProcesses } from "../helpers/server-process.ts";
import { TestClient } from "../telnet/test-client.ts";
import { TestBrowser } from "../web/helpers.ts";

const servers = useServerProcesses();

describe("topic changes and moderation lines are history", () => {
  test("a newcomer, on telnet and on the web, sees when the topic changed and why someone was kicked, also after a restart", async () => {
    const db = join(servers.tempDir(), "history.sqlite");
    const first = await servers.start(["--db", db]);
    const alice = await TestClient.joinAs(first.telnetPort, "alice");
    const troll = await TestClient.joinAs(first.telnetPort, "troll");
    alice.line("/topic release on friday");
    await alice.waitFor(/release on friday/);
    first.type("kick troll spamming the room");
    await alice.waitFor(/kicked troll/);
    await troll.closed;

    const newbie = await TestClient.joinAs(first.telnetPort, "newbie");
    // The room's history comes before the welcome.
    expect(newbie.text).toContain("alice set the topic: release on friday");
    expect(newbie.text).toContain("the console kicked troll: spamming the room");
    const browser = new TestBrowser(new URL(first.httpUrl).origin);
    expect((await browser.join("webby")).status).toBe(303);
    const page = await (await browser.get("/")).text();
    expect(page).toContain("the console kicked troll: spamming the room");
    expect(page).toMatch(/class="event topic"[^]*release on friday/);

    first.type("stop");
    expect(await first.exited).toBe(0);
    const second = await servers.start(["--db", db]);
    const later = await TestClient.joinAs(second.telnetPort, "later");
    expect(later.text).toContain("the console kicked troll: spamming the room");
  });
});
