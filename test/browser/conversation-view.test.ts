import { describe, expect, test } from "bun:test";
import { SLOW, hasChromium, until, useBrowserScene, waitForLine } from "./harness.ts";

const scene = useBrowserScene();
const { web } = scene;

describe.skipIf(!hasChromium)("a conversation's own view at /dm/NICK, in Chromium (issue 23)", () => {
  test("its header names the person, its composer posts to them, and it shows their privates and none of the room's lines", async () => {
    scene.start({ msgRate: 1000, msgBurst: 1000 });
    const alice = await web("alice");
    const bob = await web("bob");
    await bob.send("a lobby line");
    await waitForLine(alice.page, "a lobby line");
    await bob.send("/msg alice psst");
    const entry = alice.page.locator('li.view[data-view="@bob"] a');
    await until(async () => (await entry.count()) === 1, "the @bob entry in alice's side panel");

    await entry.click();
    await alice.page.waitForURL("**/dm/bob");
    expect(await alice.page.textContent("#room")).toBe("@bob");
    expect(await alice.page.getAttribute("#composer input[name=to]", "value")).toBe("@bob");
    expect(await alice.page.getAttribute("#messages", "data-view")).toBe("@bob");
    expect(await alice.page.getAttribute('li.view[data-view="@bob"] a', "aria-current")).toBe("page");
    await waitForLine(alice.page, "psst");
    expect(await alice.lines()).not.toContain("a lobby line");

    await alice.send("hi back");
    await waitForLine(alice.page, "hi back");
    await bob.page.goto(`${scene.server.base}/dm/alice`);
    await waitForLine(bob.page, "hi back");
    expect((await bob.lines()).filter((line) => line === "psst").length).toBe(1);
  }, SLOW);
});
