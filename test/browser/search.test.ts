import { describe, expect, test } from "bun:test";
import { SLOW, hasChromium, useBrowserScene, waitForLine } from "./harness.ts";

const scene = useBrowserScene();
const FAST = { msgRate: 1000, msgBurst: 1000 };

describe.skipIf(!hasChromium)("searching from the page, in Chromium (issue 25)", () => {
  test(
    "the header's search box finds a telnet member's line, marks the words, and a result opens its room scrolled to it",
    async () => {
      scene.start(FAST);
      const wendy = await scene.web("wendy");
      const tom = await scene.terminal("tom");
      tom.line("the crème brûlée recipe is on the wiki");
      for (let i = 0; i < 60; i++) tom.line(`filler line ${i}`);
      await waitForLine(wendy.page, "filler line 59");
      await wendy.page.fill('form[role="search"] input[name="q"]', "creme recipe");
      await wendy.page.press('form[role="search"] input[name="q"]', "Enter");
      await wendy.page.waitForURL(/\/search\?q=creme\+recipe/);
      expect(await wendy.page.$$eval(".search-results mark", (marks) => marks.map((m) => m.textContent))).toEqual(["crème", "recipe"]);
      await wendy.page.click(".search-results .result a");
      await wendy.page.waitForURL(/\/r\/lobby\?before=\d+#e\d+/);
      const id = new URL(wendy.page.url()).hash.slice(1);
      await wendy.page.waitForSelector(`#${id}`);
      expect(await wendy.page.textContent(`#${id}`)).toContain("the crème brûlée recipe is on the wiki");
    },
    SLOW,
  );
});
