import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { startCuttableProxy, type CuttableProxy } from "./cuttable-proxy.ts";
import { SLOW, hasChromium, until, useBrowserScene, waitForLine } from "./harness.ts";

let proxy: CuttableProxy | undefined;
const scene = useBrowserScene({
  // Reconnecting logs failed fetches (by the browser and by htmx) in the console; anything else is a problem.
  ignoreProblems: /console: (Failed to load resource|htmx: htmx:sse:error)/,
  // The proxy stands between a page and the server: stop it once the pages are closed, before the server.
  cleanup: () => {
    proxy?.stop();
    proxy = undefined;
  },
});
const { web, terminal } = scene;

/** How many list items carry each event id (every one should be there once). */
const idCounts = (page: Page) =>
  page.$$eval("#messages li[id]", (items) => {
    const counts: Record<string, number> = {};
    for (const item of items) counts[item.id] = (counts[item.id] ?? 0) + 1;
    return counts;
  });

/** Makes the page believe its tab was hidden or shown again (headless tabs are always visible). */
const setHidden = (page: Page, hidden: boolean) =>
  page.evaluate((value) => {
    Object.defineProperty(document, "hidden", { configurable: true, get: () => value });
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (value ? "hidden" : "visible") });
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);

describe.skipIf(!hasChromium)("the page through reloads, hidden tabs and a dropped network", () => {
  test("a reload makes no leave or join, for the other page or the terminal", async () => {
    const server = scene.start({ grace: 2 });
    const alice = await web("alice");
    const bob = await web("bob");
    const carol = await terminal("carol");
    const carolBefore = carol.text.length;

    await alice.page.reload();
    await server.streamOpened("alice", 2);
    await bob.send("after the reload");
    await waitForLine(alice.page, "after the reload");
    await Bun.sleep(2500); // longer than the grace period: proving no delayed leave comes either
    await alice.send("still here");
    await waitForLine(bob.page, "still here");
    await carol.waitFor(/still here/);

    expect(await bob.page.$$("#messages li.leave, #messages li:is(.join):has-text('alice')")).toEqual([]);
    expect(carol.text.slice(carolBefore)).not.toMatch(/alice.*(left|joined)/);
    expect(server.logs.filter((l) => /^(leave|join) alice/.test(l))).toEqual(["join alice (web 127.0.0.1)"]);
  }, SLOW);

  test("a hidden tab keeps its stream past the grace period and counts unread messages in the title", async () => {
    const server = scene.start({ grace: 1 });
    const alice = await web("alice");
    const bob = await web("bob");
    expect(await alice.page.title()).toBe("#lobby — Switchboard");

    await setHidden(alice.page, true);
    await bob.send("one");
    await bob.send("two");
    await alice.page.waitForFunction(() => document.title === "(2) #lobby — Switchboard");
    await Bun.sleep(1500); // past the grace period: the stream must still be open, so alice is still here
    expect(server.logs.some((l) => l.startsWith("web stream close alice"))).toBe(false);
    expect(server.switchboard.chat.find("alice")).toBeDefined();

    await setHidden(alice.page, false);
    await alice.page.waitForFunction(() => document.title === "#lobby — Switchboard");
  }, SLOW);

  test("after the network drops, the page says it is reconnecting, then shows what was said meanwhile exactly once", async () => {
    const server = scene.start();
    proxy = startCuttableProxy(Number(new URL(server.base).port));
    const alice = await web("alice", { base: `http://127.0.0.1:${proxy.port}` });
    const bob = await web("bob");
    const carol = await terminal("carol");
    await bob.send("before the drop");
    await waitForLine(alice.page, "before the drop");
    expect(await alice.page.textContent("#connection")).toBe("");

    proxy.cut();
    await alice.page.waitForFunction(() => document.getElementById("connection")?.textContent?.includes("Reconnecting"));
    expect(await alice.page.isVisible("#connection")).toBe(true);
    await bob.send("during one");
    carol.line("during two");
    await bob.send("during three");
    await waitForLine(bob.page, "during three");
    proxy.restore();

    await waitForLine(alice.page, "during three");
    await bob.send("after the drop");
    await waitForLine(alice.page, "after the drop");
    await alice.page.waitForFunction(() => document.getElementById("connection")?.textContent === "");
    expect(await alice.page.isVisible("#connection")).toBe(false);

    const lines = await alice.lines();
    for (const text of ["before the drop", "during one", "during two", "during three", "after the drop"]) {
      expect(lines.filter((line) => line === text)).toEqual([text]);
    }
    const counts = await idCounts(alice.page);
    expect(Object.values(counts).every((n) => n === 1)).toBe(true);
    // Every event bob saw from "before the drop" on (carol's join too) is on alice's page, once.
    const first = Number((await bob.page.getAttribute("#messages li:has-text('before the drop')", "id"))!.slice(1));
    const bobIds = Object.keys(await idCounts(bob.page)).filter((id) => Number(id.slice(1)) >= first);
    expect(bobIds.length).toBeGreaterThanOrEqual(5);
    for (const id of bobIds) expect(counts[id]).toBe(1);
  }, SLOW);

  test("after the server stops and starts again, an open page reconnects by itself and carries on as the same member", async () => {
    const dir = mkdtempSync(join(tmpdir(), "switchboard-restart-"));
    try {
      const db = join(dir, "switchboard.sqlite");
      const first = scene.start({ db });
      const alice = await web("alice");
      await alice.send("/join #dev");
      await alice.page.waitForFunction(() => document.getElementById("room")?.textContent === "#dev");
      await alice.send("before the restart");
      await waitForLine(alice.page, "before the restart");

      await first.stop();
      await alice.page.waitForFunction(() => document.getElementById("connection")?.textContent?.includes("Reconnecting"));
      const second = scene.start({ db, httpPort: Number(new URL(first.base).port) });
      await second.streamOpened("alice");
      await alice.page.waitForFunction(() => document.getElementById("connection")?.textContent === "");

      await alice.send("after the restart");
      await waitForLine(alice.page, "after the restart");
      expect(await alice.page.textContent("#me")).toBe("alice");
      expect(await alice.page.textContent("#room")).toBe("#dev");
      expect(await alice.page.$("#composer.ended")).toBeNull();
      expect((await alice.lines()).filter((line) => line === "before the restart")).toHaveLength(1);
      expect(Object.values(await idCounts(alice.page)).every((n) => n === 1)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, SLOW);

  test("a page that comes back after its member left (grace period over) offers to join again", async () => {
    const server = scene.start({ grace: 1 });
    proxy = startCuttableProxy(Number(new URL(server.base).port));
    const alice = await web("alice", { base: `http://127.0.0.1:${proxy.port}` });
    const bob = await web("bob");
    proxy.cut();
    await until(() => !server.switchboard.chat.find("alice"), "alice to leave after the grace period");
    await waitForLine(bob.page, "left", "li.leave");
    proxy.restore();

    await alice.page.waitForSelector("p#composer.ended");
    expect(await alice.page.textContent("#composer")).toContain("You are no longer in the chat.");
    expect(await alice.page.getAttribute("#composer a", "href")).toBe("/?nick=alice");
    expect(await alice.page.textContent("#whoami")).toBe("Not in the chat");
    expect(await alice.page.$$("#members li")).toEqual([]);
    await alice.page.waitForFunction(() => document.getElementById("connection")?.textContent === "");
    // It stopped trying: no more requests for the stream after the refusal.
    let retries = 0;
    alice.page.on("request", (request) => void (request.url().includes("/events") && retries++));
    await Bun.sleep(1500);
    expect(retries).toBe(0);
  }, SLOW);
});
