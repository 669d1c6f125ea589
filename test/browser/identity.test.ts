import { describe, expect, test } from "bun:test";
import { SLOW, hasChromium, openPage, until, useBrowserScene, waitForLine } from "./harness.ts";

const scene = useBrowserScene();
const { web, terminal } = scene;

describe.skipIf(!hasChromium)("registered nicknames and operators in a real browser", () => {
  test("a nickname registered from the page needs its password on the join form, and shows as registered", async () => {
    const server = scene.start();
    const { chat } = server.switchboard;
    const first = await web("alice");
    // The password shows as dots while typed, and the box is a plain one again once sent.
    await first.page.fill("#text", "/register correct-horse");
    expect(await first.page.getAttribute("#text", "type")).toBe("password");
    await first.page.press("#text", "Enter");
    await waitForLine(first.page, "alice is registered to you", "li.system");
    await until(async () => (await first.page.getAttribute("#text", "type")) === "text", "the box to be plain again");
    await first.page.click("form.leave button");
    await first.page.waitForSelector("#nick");
    await until(() => !chat.find("alice"), "alice to leave");

    // Someone else (another cookie jar) tries the name: the form says why and asks for the password.
    const other = await openPage(scene.browser);
    try {
      const { page } = other;
      await page.goto(server.base + "/");
      expect(await page.isVisible("#password")).toBe(false);
      await page.fill("#nick", "alice");
      await page.click("button[type=submit]");
      await page.waitForSelector("#join-error");
      expect(await page.textContent("#join-error")).toContain("The nickname alice is registered");
      expect(await page.isVisible("#password")).toBe(true);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("password");
      expect(await page.inputValue("#nick")).toBe("alice");
      expect(chat.find("alice")).toBeUndefined();

      // A wrong one is refused the same way, and the field comes back empty.
      await page.fill("#password", "wrong-horse");
      await page.press("#password", "Enter");
      await page.waitForSelector("#join-error:has-text('Wrong password')");
      expect(await page.inputValue("#password")).toBe("");

      const opened = server.logs.filter((l) => l.startsWith("web stream open alice ")).length;
      await page.fill("#password", "correct-horse");
      await page.press("#password", "Enter");
      await page.waitForSelector("#messages");
      await server.streamOpened("alice", opened + 1);
      expect(await page.textContent("#me")).toBe("alice");
      expect(chat.find("alice")?.account?.nick).toBe("alice");
      await page.waitForSelector("#members li:has-text('alice') .badge-registered");
      expect(await page.getAttribute("#members li:has-text('alice') .badge-registered", "title")).toBe("registered nickname");
      // Chromium logs each page answered 403 as a resource that failed to load: those are the refusals above.
      expect(other.problems.filter((p) => !/status of 403/.test(p))).toEqual([]);
    } finally {
      await other.context.close();
    }
  }, SLOW);

  test("an operator on the page mutes, then kicks, a telnet troll, and sets the room's topic", async () => {
    const server = scene.start();
    const { chat } = server.switchboard;
    const alice = await web("alice");
    await alice.send("/register correct-horse");
    await waitForLine(alice.page, "alice is registered to you", "li.system");
    // The server's console makes operators (`op alice`); this is what it runs.
    expect(await chat.moderation.setOperator("alice", true)).toMatchObject({ ok: true });
    await waitForLine(alice.page, "the console made alice an operator");
    await alice.page.waitForSelector("#members li:has-text('alice') .badge-op");

    const troll = await terminal("troll");
    await alice.page.waitForSelector("#members li:has-text('troll')");
    await alice.send("/mute troll 10m flooding");
    await troll.waitFor(/alice muted troll for 10 minutes: flooding/);
    await alice.page.waitForSelector("#members li:has-text('troll') .badge-muted");
    expect(await alice.page.textContent("#members li:has-text('troll') .badge-muted")).toBe("muted");
    troll.line("spam spam spam");
    await troll.waitFor(/You are muted for another/);
    expect(await alice.lines()).not.toContain("spam spam spam");

    await alice.send("/kick troll");
    await troll.waitFor(/You were kicked by alice/);
    await troll.waitForClose();
    await alice.page.waitForSelector("#members li:has-text('troll')", { state: "detached" });
    await waitForLine(alice.page, "alice kicked troll");
    expect(chat.find("troll")).toBeUndefined();

    expect(await alice.page.isVisible("#topic")).toBe(false);
    await alice.send("/topic Release on Friday");
    await alice.page.waitForFunction(() => document.getElementById("topic")?.textContent === "Release on Friday");
    expect(await alice.page.isVisible("#topic")).toBe(true);
    await waitForLine(alice.page, "alice set the topic: Release on Friday");
  }, SLOW);
});
