import { describe, expect, test } from "bun:test";
import { startCuttableProxy, type CuttableProxy } from "./cuttable-proxy.ts";
import { SLOW, feeder, hasChromium, until, useBrowserScene, waitForLine } from "./harness.ts";

let proxy: CuttableProxy | undefined;
const scene = useBrowserScene({
  // Reconnecting logs failed fetches (by the browser and by htmx) in the console.
  ignoreProblems: /console: (Failed to load resource|htmx: htmx:sse:error)/,
  cleanup: () => {
    proxy?.stop();
    proxy = undefined;
  },
});
const { web } = scene;
const FAST = { msgRate: 1000, msgBurst: 1000 };
const CONSOLE = { stop() {}, watch() {}, watching: false };

/** Whether the line holding `text` is wholly inside the visible part of `#messages`. */
const lineInView = (text: string) => {
  const list = document.getElementById("messages")!;
  const line = Array.from(list.querySelectorAll("li")).findLast((li) => li.textContent?.includes(text));
  if (!line) return false;
  const box = list.getBoundingClientRect();
  const at = line.getBoundingClientRect();
  const cover = document.getElementById("connection")!.getBoundingClientRect();
  const covered = cover.height > 0 && at.bottom > cover.top && at.top < cover.bottom;
  return at.top >= box.top - 1 && at.bottom <= box.bottom + 1 && !covered;
};

describe.skipIf(!hasChromium)("what a new web user trips over (issue 22)", () => {
  test("a kicked page says so in its side panel too, and Join again brings the nickname back into the form", async () => {
    const server = scene.start(FAST);
    const jill = await web("jill");
    await web("bob");
    await until(async () => (await jill.page.textContent("#members"))?.includes("bob"), "bob in jill's list");
    server.switchboard.chat.runConsole("kick jill flooding", CONSOLE, () => {});
    await jill.page.waitForSelector("p#composer.ended");
    // Nothing on the page still claims she is in, nor keeps counting people she no longer sees.
    expect(await jill.page.textContent(".top")).not.toContain("You are jill");
    expect(await jill.page.$$("#members li")).toEqual([]);
    expect(await jill.page.$$("#rooms li")).toEqual([]);
    await jill.page.click("#composer a");
    await jill.page.waitForSelector("#nick");
    expect(await jill.page.inputValue("#nick")).toBe("jill");
  }, SLOW);

  test("the reconnecting bar does not hide the newest line", async () => {
    const server = scene.start(FAST);
    proxy = startCuttableProxy(Number(new URL(server.base).port));
    const alice = await web("alice", { base: `http://127.0.0.1:${proxy.port}`, viewport: { width: 400, height: 500 } });
    const say = feeder(server);
    for (let i = 1; i <= 30; i++) say(`line ${i}`);
    await waitForLine(alice.page, "line 30");
    await until(() => alice.page.evaluate(lineInView, "line 30"), "the newest line in view");
    proxy.cut();
    await alice.page.waitForFunction(() => document.getElementById("connection")?.textContent?.includes("Reconnecting"));
    expect(await alice.page.evaluate(lineInView, "line 30")).toBe(true);
  }, SLOW);

  test("without JavaScript, the page after a post shows the newest line, not the top of the list", async () => {
    const server = scene.start(FAST);
    const say = feeder(server);
    for (let i = 1; i <= 40; i++) say(`older ${i}`);
    const context = await scene.browser.newContext({ javaScriptEnabled: false, viewport: { width: 400, height: 500 } });
    const page = await context.newPage();
    try {
      await page.goto(server.base + "/");
      await page.fill("#nick", "nojs");
      await page.click("button[type=submit]");
      await page.fill("#text", "my own words");
      await page.click("#composer button[type=submit]");
      await page.waitForSelector("#messages li:has-text('my own words')");
      expect(await page.evaluate(lineInView, "my own words")).toBe(true);
    } finally {
      await context.close();
    }
  }, SLOW);

  test("/help on a phone is a list of commands whose descriptions wrap in one clean column", async () => {
    scene.start(FAST);
    const alice = await web("alice", { viewport: { width: 375, height: 700 } });
    await alice.send("/help");
    await alice.page.waitForSelector("#messages li.system dl.table");
    const layout = await alice.page.$eval("#messages li.system dl.table", (table) => {
      const left = (selector: string) => Array.from(table.querySelectorAll(selector)).map((e) => Math.round(e.getBoundingClientRect().left));
      const list = document.getElementById("messages")!.getBoundingClientRect();
      const widest = Math.max(...Array.from(table.querySelectorAll("dt, dd")).map((e) => e.getBoundingClientRect().right));
      return { terms: new Set(left("dt")).size, descriptions: new Set(left("dd")).size, count: table.querySelectorAll("dt").length, fits: widest <= list.right };
    });
    expect(layout.count).toBeGreaterThan(10);
    expect(layout).toEqual({ terms: 1, descriptions: 1, count: layout.count, fits: true });
    // The terminal's answer keeps its columns.
    const carol = await scene.terminal("carol");
    carol.line("/help");
    await carol.waitFor(/-!- {3}\/help \[command\] {10,}List the commands/);
  }, SLOW);

  test("a new user's empty room says so and points to /help, until something is said", async () => {
    const server = scene.start(FAST);
    const alice = await web("alice");
    const hint = "#messages .placeholder";
    expect(await alice.page.textContent(hint)).toBe("Nothing has been said here yet. Type /help for the commands.");
    expect(await alice.page.isVisible(hint)).toBe(true);
    feeder(server, "bob")("hello alice");
    await waitForLine(alice.page, "hello alice");
    expect(await alice.page.isVisible(hint)).toBe(false);
    // A room with a conversation has none; nor has the next page to open.
    const carol = await web("carol");
    expect(await carol.page.$$(hint)).toEqual([]);
  }, SLOW);

  test("the join page says who is online and gives the terminal commands with the ports as bound", async () => {
    const server = scene.start(FAST);
    await web("alice");
    const page = (await scene.browser.newContext()).newPage();
    const visitor = await page;
    try {
      await visitor.goto(server.base + "/");
      expect(await visitor.textContent(".online")).toBe("1 online. In #lobby: alice.");
      const port = server.switchboard.telnetPort;
      expect(await visitor.$$eval(".terminals code", (codes) => codes.map((c) => c.textContent))).toEqual([`telnet 127.0.0.1 ${port}`, `nc 127.0.0.1 ${port}`]);
    } finally {
      await visitor.context().close();
    }
  }, SLOW);
});
