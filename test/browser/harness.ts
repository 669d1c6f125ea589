import { afterAll, afterEach, beforeEach, expect } from "bun:test";
import { existsSync } from "node:fs";
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type ConsoleMessage,
  type Page,
} from "playwright-core";
import type { Member } from "../../src/chat/people/member.ts";
import { parseConfig, type Config } from "../../src/main/config.ts";
import { startSwitchboard, type Switchboard } from "../../src/main/switchboard.ts";
import { immediate } from "../chat/chat-harness.ts";
import { TestClient } from "../telnet/test-client.ts";

export const CHROMIUM = "/usr/bin/chromium";
/** Browser tests skip (with this reason in their names) on machines without Debian's Chromium. */
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

/** Per-test timeout for browser tests: each starts a server and a few browser contexts. */
export const SLOW = 30_000;

/** A fresh headless Chromium with a temporary profile. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A whole Switchboard in this process on free ports, with no stored history. */
export interface TestServer {
  switchboard: Switchboard;
  /** `http://127.0.0.1:<port>` without the trailing slash. */
  base: string;
  logs: string[];
  /** Resolves once `count` streams of `nick` have been opened since the server started. */
  streamOpened(nick: string, count?: number): Promise<void>;
  stop(): Promise<void>;
}

export function startServer(overrides: Partial<Config> = {}): TestServer {
  const defaults = parseConfig([], {});
  if (defaults === "help") throw new Error("unreachable");
  const logs: string[] = [];
  const switchboard = startSwitchboard(
    { ...defaults, host: "127.0.0.1", httpPort: 0, telnetPort: 0, db: ":memory:", ...overrides },
    (line) => logs.push(line),
  );
  const opens = (nick: string) => logs.filter((l) => l.startsWith(`web stream open ${nick} `)).length;
  return {
    switchboard,
    base: switchboard.httpUrl.replace(/\/$/, ""),
    logs,
    streamOpened: async (nick, count = 1) => {
      await until(() => opens(nick) >= count, `stream ${count} of ${nick} to open`);
    },
    stop: () => switchboard.stop(),
  };
}

/** Polls `check` until it is truthy; fails after `timeoutMs` saying what it waited for. */
export async function until<T>(check: () => T | Promise<T>, what: string, timeoutMs = 8000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(25);
  }
}

/** A browser context (cookie jar) of its own with one page, and whatever went wrong in it. */
export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors, dialogs (alert/confirm) and console errors, e.g. CSP violations. */
  problems: string[];
}

/** How the page is seen: its window, its surroundings and its clock. */
export interface PageOptions {
  viewport?: { width: number; height: number };
  /** The reader's surroundings, e.g. `timezoneId` and `locale`. */
  context?: BrowserContextOptions;
  /** What the page's clock says (`Date`), fixed; its timers still run. */
  now?: Date;
}

/** Opens a blank page in a new context that records its problems (see `OpenedPage`). */
export async function openPage(browser: Browser, options: PageOptions = {}): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1100, height: 700 }, ...options.context });
  if (options.now) await context.clock.setFixedTime(options.now);
  // Well under SLOW, so that a failing wait fails the test with its own message, not a timeout.
  context.setDefaultTimeout(8000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("dialog", (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on("console", (message) => {
    if (message.type() === "error" && !isRefusedLine(message)) problems.push(`console: ${message.text()}`);
  });
  return { context, page, problems };
}

/** A person in a browser: their own context (cookie jar), one page, and whatever went wrong in it. */
export interface WebUser extends OpenedPage {
  nick: string;
  /** Types a line into the message box and presses Enter. */
  send(text: string): Promise<void>;
  /** Texts of the `.text` of every line in the list, in order. */
  lines(): Promise<string[]>;
}

/** Opens `base` in a new context, joins as `nick` and waits until the page's stream is open. */
export async function joinAs(
  browser: Browser,
  server: TestServer,
  nick: string,
  options: PageOptions & { base?: string } = {},
): Promise<WebUser> {
  const opened = await openPage(browser, options);
  const streams = server.logs.filter((l) => l.startsWith(`web stream open ${nick} `)).length;
  const user = await joinPage(opened, options.base ?? server.base, nick);
  await server.streamOpened(nick, streams + 1);
  return user;
}

/**
 * Goes to `base` in an opened page and joins as `nick` the way a person does, up to the
 * chat's view. Whether its stream is open yet is for the caller to find out: only the
 * server (or which of several) can tell.
 */
export async function joinPage({ context, page, problems }: OpenedPage, base: string, nick: string): Promise<WebUser> {
  await page.goto(base + "/");
  await page.fill("#nick", nick);
  await page.click("button[type=submit]");
  await page.waitForSelector("#messages");
  return {
    nick,
    context,
    page,
    problems,
    async send(text) {
      await page.fill("#text", text);
      await page.press("#text", "Enter");
    },
    lines: () => page.$$eval("#messages li .text", (items) => items.map((item) => item.textContent ?? "")),
  };
}

/**
 * Chromium logs every 4xx answer as a resource that failed to load, also a refusal of a
 * line posted from the message box (too long, too fast, a mistyped command): that is the
 * page telling its user why, not something broken.
 */
function isRefusedLine(message: ConsoleMessage): boolean {
  return /status of 4\d\d/.test(message.text()) && URL.parse(message.location().url)?.pathname === "/messages";
}

/** Waits until an element matching `selector` in `#messages` has `text` in it. */
export async function waitForLine(page: Page, text: string, selector = "li"): Promise<void> {
  await page.waitForFunction(
    ([sel, wanted]) => Array.from(document.querySelectorAll(`#messages ${sel}`)).some((li) => li.textContent?.includes(wanted)),
    [selector, text] as const,
    { timeout: 8000 },
  );
}

/** A terminal user on a raw TCP connection with bare-LF lines, like `nc`. */
export async function joinByTcp(server: TestServer, nick: string): Promise<TestClient> {
  const client = await TestClient.connect(server.switchboard.telnetPort);
  await client.waitFor(/nickname/i);
  client.line(nick);
  // The chat, not the greeting's wording (the telnet transport owns that), says when they are in.
  await until(() => server.switchboard.chat.find(nick), `${nick} to join over TCP`);
  return client;
}

/**
 * A member straight in the chat (no transport), to produce a lot of conversation quickly:
 * returns what makes it say a line (or run a command).
 */
export function feeder(server: TestServer, nick = "feeder"): (text: string) => void {
  const { chat } = server.switchboard;
  const seat = chat.admit("test");
  if (!seat.ok) throw new Error(seat.error.message);
  const joined = immediate(chat.join({ nick, transport: "telnet", seat: seat.value }, { enter() {}, deliver() {}, close() {} }));
  if (!joined.ok) throw new Error(joined.error.message);
  const member: Member = joined.value;
  return (text) => {
    const said = immediate(chat.input(member, text));
    if (!said.ok) throw new Error(`${nick} could not say ${JSON.stringify(text)}: ${said.error.message}`);
  };
}

/** What one browser test file needs: the shared browser, this test's server, and its people. */
export interface BrowserScene {
  /** The shared Chromium; relaunched before a test if the previous one took it down. */
  readonly browser: Browser;
  /** This test's server (the one `start` made); throws if the test has not started one. */
  readonly server: TestServer;
  /** Starts this test's server, which is stopped after the test. */
  start(overrides?: Partial<Config>): TestServer;
  /** Joins `nick` from a page of its own (see `joinAs`); its problems are checked after the test. */
  web(nick: string, options?: Parameters<typeof joinAs>[3]): Promise<WebUser>;
  /** Joins `nick` over TCP (see `joinByTcp`); closed after the test. */
  terminal(nick: string): Promise<TestClient>;
}

/**
 * Registers the hooks every browser test file shares and returns the scene they look after.
 * Before each test the browser is (re)launched if needed; after it, terminals and contexts are
 * closed, `cleanup` runs, the server stops, and the test fails if any page had a problem
 * (script error, dialog, console error) other than those matching `ignoreProblems`.
 * Call it once, at the top level of a test file.
 */
export function useBrowserScene(
  options: {
    /** Problems a file's tests cause on purpose, e.g. console errors while a connection is cut. */
    ignoreProblems?: RegExp;
    /** Runs after the people are gone and before the server stops, e.g. to stop a proxy in between. */
    cleanup?: () => void | Promise<void>;
  } = {},
): BrowserScene {
  let browser: Browser | undefined;
  let server: TestServer | undefined;
  const users: WebUser[] = [];
  const terminals: TestClient[] = [];

  beforeEach(async () => {
    // A test that timed out may have taken the browser down with it; the next one gets a fresh one.
    if (hasChromium && !browser?.isConnected()) browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    // Whatever a test did, no script error, dialog or CSP violation may have happened in any page.
    const problems = users
      .flatMap((user) => user.problems.map((p) => `${user.nick}: ${p}`))
      .filter((p) => !options.ignoreProblems?.test(p));
    for (const terminal of terminals.splice(0)) terminal.close();
    await Promise.all(users.splice(0).map((user) => user.context.close()));
    await options.cleanup?.();
    await server?.stop();
    server = undefined;
    expect(problems).toEqual([]);
  });

  const scene: BrowserScene = {
    get browser() {
      if (!browser) throw new Error("no browser: is Chromium installed?");
      return browser;
    },
    get server() {
      if (!server) throw new Error("this test has not started a server");
      return server;
    },
    start(overrides = {}) {
      server = startServer(overrides);
      return server;
    },
    async web(nick, joinOptions) {
      const user = await joinAs(scene.browser, scene.server, nick, joinOptions);
      users.push(user);
      return user;
    },
    async terminal(nick) {
      const client = await joinByTcp(scene.server, nick);
      terminals.push(client);
      return client;
    },
  };
  return scene;
}
