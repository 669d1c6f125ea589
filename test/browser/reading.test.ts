import { describe, expect, test } from "bun:test";
import { SLOW, feeder, hasChromium, until, useBrowserScene, waitForLine } from "./harness.ts";

const scene = useBrowserScene();
const { web } = scene;

const FAST = { msgRate: 1000, msgBurst: 1000 };

describe.skipIf(!hasChromium)("reading a long conversation", () => {
  test("the list follows new messages; scrolled up, it stays put and offers a way down", async () => {
    scene.start(FAST);
    const alice = await web("alice");
    const say = feeder(scene.server);
    for (let i = 1; i <= 40; i++) say(`line ${i}`);
    await waitForLine(alice.page, "line 40");
    const position = () =>
      alice.page.$eval("#messages", (list) => ({ top: list.scrollTop, fromBottom: list.scrollHeight - list.scrollTop - list.clientHeight }));
    await until(async () => (await position()).fromBottom < 5, "the list to be at the bottom");

    await alice.page.$eval("#messages", (list) => (list.scrollTop = 0));
    await alice.page.waitForFunction(() => document.getElementById("messages")!.scrollTop === 0);
    await Bun.sleep(100); // let the scroll event land before the next message
    say("while you were reading");
    await waitForLine(alice.page, "while you were reading");
    await alice.page.waitForSelector("#jump", { state: "visible" });
    expect((await position()).top).toBe(0);

    await alice.page.click("#jump");
    await until(async () => (await position()).fromBottom < 5, "the list to scroll down");
    expect(await alice.page.isVisible("#jump")).toBe(false);
    say("and one more");
    await waitForLine(alice.page, "and one more");
    await until(async () => (await position()).fromBottom < 5, "the list to follow again");
    expect(await alice.page.isVisible("#jump")).toBe(false);
  }, SLOW);

  test("'Load older messages' fetches earlier history in place, keeps your place, and ends at the start", async () => {
    scene.start({ ...FAST, history: 10 });
    const say = feeder(scene.server);
    for (let i = 1; i <= 25; i++) say(`m${i}`);
    const alice = await web("alice");
    const texts = async () => (await alice.lines()).filter((t) => /^m\d+$/.test(t));
    expect(await texts()).toEqual(Array.from({ length: 10 }, (_, i) => `m${i + 16}`));

    // Where the words of a line are (its name may fold away once the page above ends with the same sender).
    const topOf = (text: string) => alice.page.$eval(`#messages .text:text-is("${text}")`, (words) => words.getBoundingClientRect().top);
    await alice.page.$eval("#messages", (list) => (list.scrollTop = 0));
    const before = await topOf("m16");
    await alice.page.click("#older a");
    await waitForLine(alice.page, "m6");
    expect(await texts()).toEqual(Array.from({ length: 20 }, (_, i) => `m${i + 6}`));
    expect(Math.abs((await topOf("m16")) - before)).toBeLessThan(4);
    expect(new URL(alice.page.url()).search).toBe(""); // in place, not a navigation

    await alice.page.click("#older a");
    // ("m1" alone would match m10–m15, already there.)
    await until(async () => (await texts()).length > 20, "the first page of history");
    expect(await texts()).toEqual(Array.from({ length: 25 }, (_, i) => `m${i + 1}`));
    expect(await alice.page.$$("#older")).toEqual([]);
    const ids = await alice.page.$$eval("#messages li[id]", (items) => items.map((li) => li.id));
    expect(new Set(ids).size).toBe(ids.length);
  }, SLOW);

  test("on a 390 px phone there is no sideways scrolling and the input stays in reach", async () => {
    scene.start();
    const alice = await web("alice", { viewport: { width: 390, height: 844 } });
    await alice.send("x".repeat(300));
    await alice.send("https://example.com/" + "very-long-path/".repeat(20));
    await waitForLine(alice.page, "very-long-path");
    for (const scheme of ["light", "dark"] as const) {
      await alice.page.emulateMedia({ colorScheme: scheme });
      const { scrollWidth, clientWidth } = await alice.page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    }
    const input = (await alice.page.locator("#text").boundingBox())!;
    expect(input.y + input.height).toBeLessThanOrEqual(844);
    expect(input.x + input.width).toBeLessThanOrEqual(390);
    // Rooms and people are folded away until asked for.
    expect(await alice.page.isVisible("#members")).toBe(false);
    await alice.page.click("#side summary");
    await alice.page.waitForSelector("#members li", { state: "visible" });
  }, SLOW);

  test("the message list is a live region and every control has a name", async () => {
    scene.start();
    const alice = await web("alice");
    expect(await alice.page.getAttribute("#messages", "aria-live")).toBe("polite");
    expect(await alice.page.getAttribute("#connection", "role")).toBe("status");
    const unnamed = await alice.page.$$eval("input:not([type=hidden]), button", (controls) =>
      (controls as (HTMLInputElement | HTMLButtonElement)[])
        .filter((c) => !c.hidden)
        .filter((c) => !(c.labels?.length || c.getAttribute("aria-label") || c.textContent?.trim()))
        .map((c) => c.outerHTML),
    );
    expect(unnamed).toEqual([]);
    // Keyboard focus is visible.
    await alice.page.keyboard.press("Tab");
    const outline = await alice.page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe("none");
  }, SLOW);
});

describe.skipIf(!hasChromium)("without JavaScript", () => {
  test("joining, sending, switching rooms and leaving work as plain forms", async () => {
    const server = scene.start();
    const context = await scene.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto(server.base + "/");
      await page.fill("#nick", "nojs");
      await page.click("button[type=submit]");
      await page.waitForSelector("#composer");
      await page.fill("#text", "typed without scripts");
      await page.click("#composer button[type=submit]");
      await page.waitForSelector("#messages li:has-text('typed without scripts')");
      // A post comes back to the address of the view it was typed in.
      expect(new URL(page.url()).pathname).toBe("/r/lobby");

      await page.fill("#text", "/join #quiet");
      await page.click("#composer button[type=submit]");
      await page.waitForFunction(() => document.getElementById("room")?.textContent === "#quiet");
      expect(await page.getAttribute("#rooms li[data-room='#quiet'] button", "aria-current")).toBe("true");
      await page.click("#rooms li[data-room='#lobby'] button");
      await page.waitForFunction(() => document.getElementById("room")?.textContent === "#lobby");
      expect(server.switchboard.chat.find("nojs")?.room).toBe("#lobby");

      await page.click(".leave button");
      await page.waitForSelector("#nick");
      expect(server.switchboard.chat.find("nojs")).toBeUndefined();
    } finally {
      await context.close();
    }
  }, SLOW);
});
