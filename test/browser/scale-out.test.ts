import { afterEach, describe, expect, test } from "bun:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { REDIS_SKIP_REASON, explainSkip, useRedis } from "../helpers/redis-server.ts";
import { useServerProcesses, type ServerProcess } from "../helpers/server-process.ts";
import { TestClient } from "../telnet/test-client.ts";
import { startBalancer, type Balancer } from "./balancer.ts";
import { hasChromium, joinPage, openPage, until, useBrowserScene, waitForLine, type WebUser } from "./harness.ts";

explainSkip();
const redis = useRedis();
const servers = useServerProcesses();
let balancer: Balancer | undefined;
let context: BrowserContext | undefined;
const terminals: TestClient[] = [];
// Only for the shared browser: this file's people and servers are its own.
const scene = useBrowserScene();
afterEach(async () => {
  for (const terminal of terminals.splice(0)) terminal.close();
  await context?.close();
  context = undefined;
  balancer?.stop();
  balancer = undefined;
});

/** Losing the connection makes the browser and htmx log failed loads in the console; anything else is a problem. */
const EXPECTED_WHILE_RECONNECTING = /^console: (Failed to load resource|htmx: htmx:sse:error)/;

/** How often `nick`'s stream has been opened on `server`, by its log. */
const streamsOpened = (server: ServerProcess, nick: string) =>
  server.output().split("\n").filter((line) => line.includes(` web stream open ${nick} `)).length;

/**
 * Opens `base` in a new context and joins as `nick` the way a person does, then waits until
 * one of `instances` says the page's stream is open there.
 */
async function joinThrough(browser: Browser, base: string, nick: string, instances: ServerProcess[]): Promise<WebUser> {
  const opened = await openPage(browser);
  // Closed after the test (this file's people are not the scene's).
  context = opened.context;
  const visitor = await joinPage(opened, base, nick);
  await until(() => instances.some((server) => streamsOpened(server, nick) > 0), `${nick}'s stream to open`);
  return visitor;
}

/** What a failed wait should say: the page and both instances' logs. */
async function explain(what: string, page: Page, instances: Record<string, ServerProcess>): Promise<string> {
  const text = await page.innerText("body").catch((error: Error) => `(page unreadable: ${error.message})`);
  const logs = Object.entries(instances).map(([name, server]) => `--- instance ${name} ---\n${server.output()}`);
  return [`${what}`, "--- page ---", text, ...logs].join("\n");
}

describe.skipIf(!!REDIS_SKIP_REASON || !hasChromium)("the page through a balancer in front of two instances", () => {
  test("when the instance holding the page's stream is killed with kill -9, the page carries on on the other as the same nickname", async () => {
    const shared = await redis.start();
    const [one, two] = await Promise.all([
      servers.start(["--redis", shared.url, "--db", ":memory:"]),
      servers.start(["--redis", shared.url, "--db", ":memory:"]),
    ]);
    balancer = startBalancer([one!, two!].map((server) => Number(new URL(server.httpUrl).port)));
    const base = `http://127.0.0.1:${balancer.port}`;

    // alice first: which instance her stream is on decides where tom sits (not there, so he survives the kill).
    const alice = await joinThrough(scene.browser, base, "alice", [one!, two!]);
    const [doomed, survivor] = streamsOpened(one!, "alice") > 0 ? [one!, two!] : [two!, one!];
    const names = { [`killed (${doomed.httpUrl})`]: doomed, [`surviving (${survivor.httpUrl})`]: survivor };
    expect(streamsOpened(survivor, "alice")).toBe(0);
    const tom = await TestClient.joinAs(survivor.telnetPort, "tom");
    terminals.push(tom);

    tom.line("hello alice");
    await waitForLine(alice.page, "hello alice", ".text");
    await alice.send("hi tom");
    await tom.waitFor(/<alice> hi tom\r\n/);

    doomed.proc.kill("SIGKILL");
    await doomed.exited;
    const killedAt = Date.now();
    // The page reconnects through the balancer, which can only send it to the survivor: alice is brought over.
    try {
      await until(() => streamsOpened(survivor, "alice") > 0, "alice's stream to open on the surviving instance", 10_000);
    } catch (error) {
      throw new Error(await explain((error as Error).message, alice.page, names));
    }
    await alice.page.waitForFunction(() => document.getElementById("connection")?.textContent === "");

    tom.line("are you still there");
    await waitForLine(alice.page, "are you still there", ".text");
    await alice.send("yes, still here");
    await tom.waitFor(/<alice> yes, still here\r\n/);

    // Still the same person on the same page: no join form, no "no longer in the chat".
    expect(await alice.page.$("#nick")).toBeNull();
    expect(await alice.page.$("#composer.ended")).toBeNull();
    expect(await alice.page.textContent("#me")).toBe("alice");
    await Bun.sleep(1500);
    expect(tom.text).not.toContain("alice left");

    // Long after the killed instance's beat expired (about 10 s), alice is still here: she was moved, not reaped.
    await Bun.sleep(Math.max(0, killedAt + 12_000 - Date.now()));
    tom.line("/who");
    await tom.waitFor(/-!- 2 in #lobby: alice \(web\), tom \(telnet\)\r\n/);
    expect(tom.text).not.toContain("alice left");
    expect(await alice.page.$("#nick")).toBeNull();

    // Nothing shown twice.
    const lines = await alice.lines();
    for (const text of ["hello alice", "hi tom", "are you still there", "yes, still here"]) {
      expect(lines.filter((line) => line === text)).toEqual([text]);
    }
    expect(alice.problems.filter((problem) => !EXPECTED_WHILE_RECONNECTING.test(problem))).toEqual([]);
  }, 40_000);

  test("two tabs of one session, each held on its own instance, both stream for 10 s: one member, each message once in each tab, no handover loop", async () => {
    const shared = await redis.start();
    const [one, two] = await Promise.all([
      servers.start(["--redis", shared.url, "--db", ":memory:"]),
      servers.start(["--redis", shared.url, "--db", ":memory:"]),
    ]);
    const tom = await TestClient.joinAs(one!.telnetPort, "tom");
    terminals.push(tom);
    // Each tab talks to its own instance, as a least-connections balancer keeps them; the cookie is one (it ignores the port).
    const first = await joinThrough(scene.browser, one!.httpUrl.replace(/\/$/, ""), "alice", [one!]);
    const second = await first.context.newPage();
    await second.goto(two!.httpUrl.replace(/\/$/, "") + "/");
    await second.waitForSelector("#messages");
    await until(() => streamsOpened(two!, "alice") > 0, "the second tab's stream to open");
    await second.waitForFunction(() => document.getElementById("connection")?.textContent === "");

    const said: string[] = [];
    for (let i = 0; i < 10; i++) {
      said.push(`tick ${i}`);
      tom.line(`tick ${i}`);
      await Bun.sleep(1000);
    }
    await waitForLine(first.page, "tick 9", ".text");
    await waitForLine(second, "tick 9", ".text");
    const shownIn = (page: Page) => page.$$eval("#messages .text", (texts) => texts.map((t) => t.textContent ?? ""));
    for (const lines of [await first.lines(), await shownIn(second)]) {
      expect(lines.filter((line) => line.startsWith("tick "))).toEqual(said);
    }
    // Two streams opened, and at most two reconnects in all.
    const opened = streamsOpened(one!, "alice") + streamsOpened(two!, "alice");
    expect(opened).toBeLessThanOrEqual(4);
    const handovers = async (server: ServerProcess) => {
      const metrics = await (await fetch(new URL("/metrics", server.httpUrl))).text();
      return Number(/^switchboard_handovers_total(?:\{[^}]*\})? (\d+)$/m.exec(metrics)?.[1] ?? NaN);
    };
    expect((await handovers(one!)) + (await handovers(two!))).toBeLessThanOrEqual(1);
    // One member: one join, no leave.
    tom.line("/who");
    await tom.waitFor(/-!- 2 in #lobby: alice \(web\), tom \(telnet\)\r\n/);
    expect(tom.text.match(/alice joined/g) ?? []).toHaveLength(1);
    expect(tom.text).not.toContain("alice left");
  }, 40_000);
});
