import { describe, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { aliceInThreeRooms } from "./three-rooms.ts";
import { SLOW, feeder, hasChromium, until, useBrowserScene, waitForLine, type TestServer } from "./harness.ts";

// The test of a view that cannot be fetched cuts the network for it: Chromium logs that load as failed.
const scene = useBrowserScene({ ignoreProblems: /net::ERR_INTERNET_DISCONNECTED/ });

/** Streams of `nick`'s open now, as the server's log last counted them. */
function openStreams(server: TestServer, nick: string): number {
  const last = server.logs.findLast((line) => line.startsWith(`web stream open ${nick} `) || line.startsWith(`web stream close ${nick} `));
  return Number(/\((\d+) open\)/.exec(last ?? "")?.[1] ?? 0);
}

/** Marks the page's window: a page load loses the mark. */
const mark = (page: Page) => page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));
const stillMarked = (page: Page) => page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce === true);

/** Opens a view from the side panel and waits until its header says so. */
async function pick(page: Page, view: string): Promise<void> {
  await page.click(`li.view[data-view="${view}"] a`);
  await until(async () => (await page.textContent("#room")) === view, `${view} in view`);
}

const repeated = (lines: string[]) => lines.filter((line, at) => lines.indexOf(line) !== at);

describe.skipIf(!hasChromium)("switching views in place, in Chromium (issue 23)", () => {
  test("each room keeps its lines and scroll; coming back loads only what was said meanwhile, once", async () => {
    const { alice } = await aliceInThreeRooms(scene);
    const say = feeder(scene.server, "carol");
    say("/join #dev");
    for (let n = 1; n <= 60; n++) say(`dev line ${n}`);
    await mark(alice.page);
    const pages: string[] = [];
    alice.page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith("/r/")) pages.push(url.pathname + url.search);
    });

    await pick(alice.page, "#dev");
    expect(alice.page.url()).toEndWith("/r/dev");
    await waitForLine(alice.page, "dev line 60");
    // Read back a little way: the place to come back to.
    const place = await alice.page.evaluate(() => {
      const list = document.getElementById("messages")!;
      list.scrollTop = Math.floor((list.scrollHeight - list.clientHeight) / 2);
      return list.scrollTop;
    });
    await alice.page.waitForTimeout(100);

    await pick(alice.page, "#lobby");
    expect(await alice.lines()).not.toContain("dev line 60");
    say("said while away 1");
    say("said while away 2");
    const devCount = alice.page.locator('li.view[data-view="#dev"] .unread-count');
    await until(async () => (await devCount.textContent()) === "2", "the #dev count to reach 2");

    await pick(alice.page, "#dev");
    await waitForLine(alice.page, "said while away 2");
    const lines = await alice.lines();
    expect(repeated(lines)).toEqual([]);
    expect(lines.filter((line) => line.startsWith("dev line ")).length).toBeGreaterThan(0);
    expect(lines.slice(-2)).toEqual(["said while away 1", "said while away 2"]);
    expect(await alice.page.evaluate(() => document.getElementById("messages")!.scrollTop)).toBe(place);
    // Scrolled up, the new lines wait below a way down.
    expect(await alice.page.isVisible("#jump")).toBe(true);
    expect(await alice.page.isVisible('li.view[data-view="#dev"] .unread')).toBe(false);
    // Coming back asked only for what came after what the tab held (the #dev it had put away on joining #ops, the first time).
    const devPages = pages.filter((p) => p.startsWith("/r/dev"));
    expect(devPages).toHaveLength(2);
    expect(devPages[1]).toMatch(/^\/r\/dev\?after=\d+$/);
    expect(await stillMarked(alice.page)).toBe(true);
    expect(await alice.page.inputValue('#composer input[name="to"]')).toBe("#dev");
    expect(openStreams(scene.server, "alice")).toBe(1);

    // What alice writes goes to the view shown.
    await alice.send("from the switched view");
    await waitForLine(alice.page, "from the switched view");
    expect(scene.server.switchboard.chat.recent(scene.server.switchboard.chat.find("alice")!, 5, undefined, "#dev").map((e) => ("text" in e ? e.text : ""))).toContain("from the switched view");
  }, SLOW);

  test("back and forward go through the views shown, and a reload stays in the view", async () => {
    const { alice } = await aliceInThreeRooms(scene);
    await mark(alice.page);
    await pick(alice.page, "#dev");
    await pick(alice.page, "#lobby");
    await alice.page.goBack();
    await until(async () => (await alice.page.textContent("#room")) === "#dev", "#dev again, going back");
    expect(alice.page.url()).toEndWith("/r/dev");
    await alice.page.goBack();
    await until(async () => (await alice.page.textContent("#room")) === "#ops", "#ops again, going back");
    await alice.page.goForward();
    await until(async () => (await alice.page.textContent("#room")) === "#dev", "#dev again, going forward");
    expect(await stillMarked(alice.page)).toBe(true);
    expect(openStreams(scene.server, "alice")).toBe(1);

    await alice.page.reload();
    await alice.page.waitForSelector("#messages");
    expect(await alice.page.textContent("#room")).toBe("#dev");
  }, SLOW);

  test("twenty quick switches leave one stream, for the view shown last, and nothing shown twice", async () => {
    const { alice, bob } = await aliceInThreeRooms(scene);
    for (let n = 0; n < 20; n++) await alice.page.click(`li.view[data-view="${n % 2 ? "#lobby" : "#dev"}"] a`);
    await until(async () => (await alice.page.textContent("#room")) === "#lobby", "#lobby shown last");
    await until(() => openStreams(scene.server, "alice") === 1, "one stream of alice's open");
    await alice.page.waitForTimeout(300);
    expect(openStreams(scene.server, "alice")).toBe(1);
    await bob.send("/join #lobby");
    await bob.page.waitForURL("**/r/lobby");
    await bob.send("after the switches");
    await waitForLine(alice.page, "after the switches");
    await alice.page.waitForTimeout(200);
    expect(repeated(await alice.lines())).toEqual([]);
    expect(openStreams(scene.server, "alice")).toBe(1);
  }, SLOW);

  test("a view that cannot be fetched (the network is down) leaves the tab as it was, saying why", async () => {
    const { alice } = await aliceInThreeRooms(scene);
    await mark(alice.page);
    await alice.page.route("**/r/dev*", (route) => route.abort("internetdisconnected"));
    await alice.page.click('li.view[data-view="#dev"] a');
    await until(async () => (await alice.page.textContent("#connection"))?.includes("Could not open #dev"), "the reason shown");
    expect(await alice.page.textContent("#room")).toBe("#ops");
    expect(alice.page.url()).toEndWith("/r/ops");
    expect(await stillMarked(alice.page)).toBe(true);
    // Back up, the same click works.
    await alice.page.unroute("**/r/dev*");
    await pick(alice.page, "#dev");
  }, SLOW);

  test("a /join typed in the box opens the new room in place", async () => {
    const { alice } = await aliceInThreeRooms(scene);
    await mark(alice.page);
    await alice.send("/join #design");
    await until(async () => (await alice.page.textContent("#room")) === "#design", "#design in view");
    expect(alice.page.url()).toEndWith("/r/design");
    expect(await alice.page.isVisible('li.view[data-view="#design"]')).toBe(true);
    expect(await stillMarked(alice.page)).toBe(true);
    await alice.page.goBack();
    await until(async () => (await alice.page.textContent("#room")) === "#ops", "#ops again, going back");
  }, SLOW);
});
