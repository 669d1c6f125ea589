import { describe, expect, test } from "bun:test";
import { aliceInThreeRooms } from "./three-rooms.ts";
import { SLOW, hasChromium, until, useBrowserScene, waitForLine } from "./harness.ts";

const scene = useBrowserScene();

describe.skipIf(!hasChromium)("a member in three rooms, in Chromium (issue 23)", () => {
  test("lines elsewhere raise that room's count and mention mark, notify once on, and show on switching; the view shows its own room only", async () => {
    const { alice, bob } = await aliceInThreeRooms(scene);
    await alice.context.grantPermissions(["notifications"]);
    await alice.page.goto(`${scene.server.base}/r/lobby`);
    await alice.page.evaluate(() => {
      const seen: { title: string; body: string }[] = [];
      (window as unknown as { seen: typeof seen }).seen = seen;
      const Real = window.Notification;
      class Watched extends Real {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options);
          seen.push({ title, body: options?.body ?? "" });
        }
      }
      Object.defineProperty(window, "Notification", { value: Watched, configurable: true });
    });
    await alice.page.getByRole("button", { name: /notif/i }).click();
    await until(async () => (await alice.page.getAttribute("#notify", "aria-pressed")) === "true", "notifications to be on");

    await bob.send("just dev talk");
    await bob.send("alice: <b>look</b> here");
    const devCount = alice.page.locator('li.view[data-view="#dev"] .unread-count');
    await until(async () => (await devCount.textContent()) === "2", "the #dev count to reach 2");
    expect(await alice.page.isVisible('li.view[data-view="#dev"] .mention-mark')).toBe(true);
    const seen = await until(async () => {
      const notes = await alice.page.evaluate(() => (window as unknown as { seen: { title: string; body: string }[] }).seen);
      return notes.length > 0 && notes;
    }, "a notification");
    expect(seen).toEqual([{ title: "bob in #dev", body: "alice: <b>look</b> here" }]);
    expect(await alice.lines()).not.toContain("just dev talk");
    expect(await alice.page.title()).toStartWith("(2)");

    await alice.page.click('li.view[data-view="#dev"] a');
    await alice.page.waitForURL("**/r/dev");
    await waitForLine(alice.page, "just dev talk");
    expect((await alice.lines()).filter((line) => line === "just dev talk").length).toBe(1);
    await alice.page.screenshot({ path: "docs/page-rooms.png" });
  }, SLOW);
});
