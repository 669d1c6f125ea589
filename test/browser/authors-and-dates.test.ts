import { afterEach, describe, expect, setSystemTime, test } from "bun:test";
import type { Page } from "playwright-core";
import { SLOW, feeder, hasChromium, useBrowserScene, waitForLine } from "./harness.ts";

/**
 * Who said a line and when, as a reader sees it: names that come back in a long run, one
 * column of times, day separators in the reader's own time zone, links.
 *
 * The chat stamps events with `Date.now()`, so these tests stand the server's clock
 * (`setSystemTime`) at chosen instants, always forwards, and fix the page's clock too.
 */
const scene = useBrowserScene();
const { web } = scene;

afterEach(() => setSystemTime());

const FAST = { msgRate: 1000, msgBurst: 1000 };
/** What the readers' clocks say: Thursday 12 March 2026, noon UTC. */
const NOW = new Date("2026-03-12T12:00:00Z");
const IN_UTC = { context: { timezoneId: "UTC", locale: "en-US" }, now: NOW };
const IN_TOKYO = { context: { timezoneId: "Asia/Tokyo", locale: "en-US" }, now: NOW };

/** Sets the server's clock, which then stands still there until set again. */
const serverTime = (iso: string) => setSystemTime(new Date(iso));

/** The lines whose sender's name (and time) can be seen, by their text. */
function headers(page: Page): Promise<{ text: string; nick: boolean; time: boolean }[]> {
  return page.$$eval("#messages li.message", (items) => {
    const seen = (el: Element | null) => {
      const box = el?.getBoundingClientRect();
      return !!box && box.width > 2 && box.height > 2;
    };
    return items
      .filter((li) => seen(li.querySelector(".nick")) || seen(li.querySelector("time")))
      .map((li) => ({ text: li.querySelector(".text")?.textContent ?? "", nick: seen(li.querySelector(".nick")), time: seen(li.querySelector("time")) }));
  });
}

/** Waits for a line whose text is exactly `text`. */
function waitForText(page: Page, text: string): Promise<unknown> {
  return page.waitForFunction((wanted) => Array.from(document.querySelectorAll("#messages .text")).some((t) => t.textContent === wanted), text);
}

const shown = (...texts: string[]) => texts.map((text) => ({ text, nick: true, time: true }));

/** The messages and day separators of the list, in order: separators as "— label". */
function daysAndMessages(page: Page): Promise<string[]> {
  return page.$$eval("#messages > li", (items) =>
    items.flatMap((li) => {
      if (li.classList.contains("day")) return [`— ${li.textContent?.trim()}`];
      if (li.classList.contains("message")) return [li.querySelector(".text")?.textContent ?? ""];
      return [];
    }),
  );
}

describe.skipIf(!hasChromium)("who said it", () => {
  test("a long run from one sender shows the name and time again every 20 lines, in history, older pages and live", async () => {
    serverTime("2026-03-12T10:00:00Z");
    const server = scene.start({ ...FAST, history: 25 });
    const say = feeder(server, "carol");
    for (let i = 1; i <= 50; i++) say(`r${i}`);
    const alice = await web("alice", IN_UTC);
    expect(await headers(alice.page)).toEqual(shown("r26", "r46"));

    // The older page joins the run: the names are counted again from its start.
    await alice.page.click("#older a");
    await waitForText(alice.page, "r1");
    await alice.page.mouse.move(0, 0); // pointing at a line shows its time
    expect(await headers(alice.page)).toEqual(shown("r1", "r21", "r41"));

    for (let i = 51; i <= 75; i++) say(`r${i}`);
    await waitForLine(alice.page, "r75");
    expect(await headers(alice.page)).toEqual(shown("r1", "r21", "r41", "r61"));
  }, SLOW);

  test("a run from one sender shows the name again once 5 minutes have passed since it was last shown", async () => {
    serverTime("2026-03-12T09:00:00Z");
    const server = scene.start(FAST);
    const say = feeder(server, "carol");
    for (const [time, text] of [
      ["10:00", "m1"],
      ["10:02", "m2"],
      ["10:04", "m3"],
      ["10:06", "m4"],
      ["10:08", "m5"],
      ["10:12", "m6"],
    ]) {
      serverTime(`2026-03-12T${time}:00Z`);
      say(text!);
    }
    const alice = await web("alice", IN_UTC);
    // Each line is within 5 minutes of the one before; m4 and m6 are not of the last name shown.
    expect(await headers(alice.page)).toEqual(shown("m1", "m4", "m6"));

    serverTime("2026-03-12T10:13:00Z");
    say("m7");
    serverTime("2026-03-12T10:18:00Z");
    say("m8");
    await waitForLine(alice.page, "m8");
    expect(await headers(alice.page)).toEqual(shown("m1", "m4", "m6", "m8"));
  }, SLOW);

  test("a line of a run that comes more than 2 minutes after the one before it shows its time (a phone cannot point at it)", async () => {
    // Issue 22: a follow-up minutes later showed no time, and only hovering revealed it.
    serverTime("2026-03-12T10:00:00Z");
    const server = scene.start(FAST);
    const say = feeder(server, "carol");
    say("m1");
    serverTime("2026-03-12T10:01:00Z");
    say("m2");
    serverTime("2026-03-12T10:04:00Z");
    say("m3");
    const alice = await web("alice", IN_UTC);
    await alice.page.mouse.move(0, 0);
    expect(await headers(alice.page)).toEqual([...shown("m1"), { text: "m3", nick: false, time: true }]);
    // Live too.
    serverTime("2026-03-12T10:04:30Z");
    say("m4");
    serverTime("2026-03-12T10:07:00Z");
    say("m5");
    await waitForLine(alice.page, "m5");
    expect(await headers(alice.page)).toEqual([...shown("m1"), { text: "m3", nick: false, time: true }, ...shown("m5")]);
  }, SLOW);

  test("times sit in one column for every kind of line, and the text of a run in one column beside them", async () => {
    const server = scene.start(FAST);
    const alice = await web("alice");
    const say = feeder(server, "carol");
    say("a message");
    say("and another, grouped with it");
    say("/me waves");
    server.switchboard.chat.announce("Maintenance at noon");
    await alice.send("/who");
    await waitForLine(alice.page, "in #lobby", "li.system");
    await alice.send("/frobnicate");
    await waitForLine(alice.page, "frobnicate", "li.system.error");

    for (const width of [1100, 390]) {
      await alice.page.setViewportSize({ width, height: 800 });
      const lines = await alice.page.$$eval("#messages li.event", (items) =>
        items.map((li) => {
          const left = (el: Element | null) => el?.getBoundingClientRect().left ?? NaN;
          return {
            kind: li.className,
            grouped: li.classList.contains("grouped"),
            time: left(li.querySelector("time")),
            timeRight: li.querySelector("time")?.getBoundingClientRect().right ?? NaN,
            nick: left(li.querySelector(".nick")),
            text: left(li.querySelector(".text")),
          };
        }),
      );
      const kinds = new Set(lines.map((line) => line.kind.replace(/ (grouped|mention)/g, "")));
      expect([...kinds].sort()).toEqual(["event action", "event join", "event message", "event notice", "event system", "event system error"]);
      // (A refusal has no time; a line of a run shows its time only when pointed at.)
      const times = lines.filter((line) => !line.grouped && !Number.isNaN(line.time)).map((line) => Math.round(line.time));
      expect({ width, times: new Set(times).size }).toEqual({ width, times: 1 });
      for (const line of lines.filter((l) => l.kind.includes("message") && !l.grouped)) {
        expect(line.nick).toBeGreaterThanOrEqual(line.timeRight);
      }
      const texts = lines.filter((line) => line.kind.includes("message")).map((line) => Math.round(line.text));
      expect({ width, texts: new Set(texts).size }).toEqual({ width, texts: 1 });
    }
  }, SLOW);
});

describe.skipIf(!hasChromium)("when it was said", () => {
  test("day separators come from the reader's time zone, for history, live lines and older pages, once each", async () => {
    serverTime("2026-03-08T09:00:00Z");
    const server = scene.start({ ...FAST, history: 5 });
    const say = feeder(server, "carol");
    for (const [time, text] of [
      ["2026-03-08T10:00:00Z", "a0"],
      ["2026-03-10T07:00:00Z", "a1"],
      ["2026-03-10T08:00:00Z", "a2"],
      ["2026-03-10T09:00:00Z", "a3"],
      ["2026-03-10T10:00:00Z", "a4"],
      ["2026-03-11T09:00:00Z", "a5"],
      // 01:00 on the 12th in Tokyo, still the 11th in UTC.
      ["2026-03-11T16:00:00Z", "a6"],
    ]) {
      serverTime(time!);
      say(text!);
    }
    serverTime("2026-03-11T17:00:00Z");
    const bob = await web("bob", IN_TOKYO);
    const alice = await web("alice", IN_UTC);
    // The same lines from the server, each reader's own days.
    expect(await daysAndMessages(bob.page)).toEqual(["— Tuesday, March 10", "a2", "a3", "a4", "— Yesterday", "a5", "— Today", "a6"]);
    expect(await daysAndMessages(alice.page)).toEqual(["— Tuesday, March 10", "a2", "a3", "a4", "— Yesterday", "a5", "a6"]);

    // A new day begins while the page is open.
    serverTime("2026-03-12T11:00:00Z");
    say("a7");
    serverTime("2026-03-12T11:30:00Z");
    say("a8");
    await waitForLine(alice.page, "a8");
    await waitForLine(bob.page, "a8");
    expect(await daysAndMessages(alice.page)).toEqual(["— Tuesday, March 10", "a2", "a3", "a4", "— Yesterday", "a5", "a6", "— Today", "a7", "a8"]);
    expect(await daysAndMessages(bob.page)).toEqual(["— Tuesday, March 10", "a2", "a3", "a4", "— Yesterday", "a5", "— Today", "a6", "a7", "a8"]);

    // The older page ends on the day the list began with: that day is named once, above it.
    await alice.page.click("#older a");
    await waitForText(alice.page, "a0");
    expect(await daysAndMessages(alice.page)).toEqual([
      "— Sunday, March 8",
      "a0",
      "— Tuesday, March 10",
      "a1",
      "a2",
      "a3",
      "a4",
      "— Yesterday",
      "a5",
      "a6",
      "— Today",
      "a7",
      "a8",
    ]);
    // A separator is not a line of the conversation: the "new messages" count and the names ignore it.
    expect(await alice.page.$$eval("#messages li.day", (days) => days.every((d) => d.querySelector("time, .text, .nick") === null))).toBe(true);
  }, SLOW);

  test("a separator names the year of a day in another year", async () => {
    serverTime("2025-12-31T10:00:00Z");
    const server = scene.start(FAST);
    const say = feeder(server, "carol");
    say("last year");
    serverTime("2026-03-11T17:00:00Z");
    const alice = await web("alice", IN_UTC);
    expect(await daysAndMessages(alice.page)).toEqual(["— Wednesday, December 31, 2025", "last year"]);
  }, SLOW);
});

describe.skipIf(!hasChromium)("links", () => {
  test("web addresses in a message open in a new tab; the text reads the same; terminals get the plain text", async () => {
    const server = scene.start(FAST);
    const alice = await web("alice");
    const dave = await scene.terminal("dave");
    const say = feeder(server, "carol");
    const text = "see https://example.com/a?b=1&c=2 (and http://x.test/y). not javascript:alert(1)";
    say(text);
    await waitForLine(alice.page, "javascript:alert(1)");
    expect(await alice.lines()).toContain(text);
    const links = await alice.page.$$eval("#messages li.message .text a", (anchors) =>
      anchors.map((a) => ({ href: a.getAttribute("href"), text: a.textContent, rel: a.getAttribute("rel"), target: a.getAttribute("target") })),
    );
    const rel = "noopener noreferrer nofollow";
    expect(links).toEqual([
      { href: "https://example.com/a?b=1&c=2", text: "https://example.com/a?b=1&c=2", rel, target: "_blank" },
      { href: "http://x.test/y", text: "http://x.test/y", rel, target: "_blank" },
    ]);
    await dave.waitFor(/javascript:alert\(1\)/);
    expect(dave.text).toContain("see https://example.com/a?b=1&c=2 (and http://x.test/y).");
    expect(dave.text).not.toContain("<a");
  }, SLOW);
});
