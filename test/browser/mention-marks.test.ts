import { describe, expect, test } from "bun:test";
import { aliceInThreeRooms } from "./three-rooms.ts";
import { SLOW, hasChromium, useBrowserScene } from "./harness.ts";

const scene = useBrowserScene();

describe.skipIf(!hasChromium)("mention marks on first paint, in Chromium (issue 23)", () => {
  test("a room whose unread lines name the member has its mark in the page as served, not only after a live event", async () => {
    const { alice, bob } = await aliceInThreeRooms(scene);
    await alice.page.goto(`${scene.server.base}/r/lobby`);
    await alice.page.close();

    await bob.send("alice: hi");
    await bob.send("/join #ops");
    await bob.page.waitForURL("**/r/ops");
    await bob.send("nothing for you");

    // The page as the server sends it, with alice's cookie: no script has run on it.
    const served = await (await alice.context.request.get(`${scene.server.base}/r/lobby`)).text();
    const entry = (view: string) => served.match(new RegExp(`<li class="[^"]*" data-view="${view}">`))?.[0] ?? "";
    expect(entry("#dev")).toBe('<li class="view mentioned" data-view="#dev">');
    expect(entry("#ops")).toBe('<li class="view" data-view="#ops">');

    const page = await alice.context.newPage();
    await page.goto(`${scene.server.base}/r/lobby`);
    expect(await page.isVisible('li.view[data-view="#dev"] .mention-mark')).toBe(true);
    expect(await page.isVisible('li.view[data-view="#ops"] .mention-mark')).toBe(false);
    expect(await page.textContent('li.view[data-view="#ops"] .unread-count')).toBe("1");
  }, SLOW);
});
