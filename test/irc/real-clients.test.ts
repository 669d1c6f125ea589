import { afterAll, afterEach, describe, expect, test } from "bun:test";
import type { Browser } from "playwright-core";
import { CHROMIUM, joinPage, launchChromium, openPage, until, waitForLine, type WebUser } from "../browser/harness.ts";
import { startServerProcess, type ServerProcess } from "../helpers/server-process.ts";
import { missingBinaries, type TmuxTerminal } from "../telnet/tmux-terminal.ts";
import { escape, Irssi, telnetAs, typeLine, WeeChat } from "./irc-clients.ts";

/**
 * Issue 24's "done when": real IRC clients from Debian (irssi under tmux, weechat-headless)
 * on --irc-port, in #lobby and #dev with a telnet user (the real telnet under tmux) and a
 * browser user (Chromium), each seeing the others' lines. Nothing here is skipped: a client
 * that is not installed fails the test (CI installs irssi, weechat-headless, telnet, tmux, chromium).
 */

/** The Debian package of each program the tests drive. */
const PACKAGES: Record<string, string> = { irssi: "irssi", "weechat-headless": "weechat-headless", telnet: "telnet", tmux: "tmux", [CHROMIUM]: "chromium" };

/** Fails the test, naming the Debian packages, when a client it drives is not installed. */
function requireBinaries(...names: string[]): void {
  const missing = missingBinaries(...names);
  if (missing.length > 0) throw new Error(`not installed: ${missing.join(", ")} (apt-get install -y ${missing.map((name) => PACKAGES[name] ?? name).join(" ")})`);
}

const cleanups: (() => void | Promise<void>)[] = [];
let browser: Browser | undefined;

async function cleanUp(): Promise<void> {
  // Last started, first stopped: clients go before the server they talk to.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}
afterEach(cleanUp);
afterAll(async () => {
  await cleanUp();
  await browser?.close();
});

async function startServer(): Promise<ServerProcess & { ircPort: number }> {
  const server = await startServerProcess(["--irc-port", "0", "--db", ":memory:"]);
  cleanups.push(async () => {
    server.proc.kill("SIGKILL");
    await server.exited;
  });
  if (server.ircPort === undefined) throw new Error(`no IRC line in the server's output:\n${server.output()}`);
  return { ...server, ircPort: server.ircPort };
}

async function irssiAs(port: number, nick: string): Promise<Irssi> {
  const irssi = await Irssi.connect(port, nick);
  cleanups.push(() => irssi.close());
  return irssi;
}

async function weechatAs(port: number, nick: string, channels: string[]): Promise<WeeChat> {
  const weechat = await WeeChat.connect(port, nick, channels);
  cleanups.push(() => weechat.close());
  return weechat;
}

async function telnet(port: number, nick: string): Promise<TmuxTerminal> {
  const terminal = await telnetAs(port, nick);
  cleanups.push(() => terminal.kill());
  return terminal;
}

/** `nick` in a Chromium page of its own, joined and with its stream open (as the server's log says). */
async function webAs(server: ServerProcess, nick: string): Promise<WebUser> {
  if (!browser?.isConnected()) browser = await launchChromium();
  const opened = await openPage(browser);
  cleanups.push(() => opened.context.close());
  const user = await joinPage(opened, server.httpUrl.replace(/\/$/, ""), nick);
  await server.waitForOutput(new RegExp(`web stream open ${nick} `));
  return user;
}

/** Opens a view from the page's side panel and waits until its header names it. */
async function pick(user: WebUser, view: string): Promise<void> {
  await user.page.click(`li.view[data-view="${view}"] a`);
  await until(async () => (await user.page.textContent("#room")) === view, `${view} in ${user.nick}'s view`);
}

/** A terminal's screen shows `text` (a message line, an action...). */
const shows = (terminal: TmuxTerminal, what: string, text: string) =>
  terminal.waitFor(what, (t) => t.screen().includes(text), 10_000);

/** irssi's line for a message from `nick`: `01:14 < tom> text` (the space is where a `@` would be). */
const irssiLine = (nick: string, text: string) => new RegExp(`<.?${escape(nick)}> ${escape(text)}`);

describe("real IRC clients on --irc-port, with telnet and browser users (issue 24)", () => {
  test("irssi under tmux talks with telnet and a browser in #lobby and #dev, with /me and private messages", async () => {
    requireBinaries("irssi", "telnet", "tmux", CHROMIUM);
    const server = await startServer();
    const irssi = await irssiAs(server.ircPort, "irann");
    irssi.say("/join #lobby,#dev");
    await irssi.waitFor("its join of #dev", /irann \[[^\]]+\] has joined #dev/);

    const tom = await telnet(server.telnetPort, "tom");
    typeLine(tom, "/join #dev");
    await tom.waitFor("#dev in view", (t) => t.promptRow().startsWith("[tom #dev]"));
    const wendy = await webAs(server, "wendy");
    await wendy.send("/join #dev");
    await wendy.page.waitForURL("**/r/dev");
    // irssi's #dev window (the last joined is in view) shows both arrive, each with a user@host.
    await irssi.waitFor("tom's join", /tom \[[^\]@\s]+@[^\]\s]+\] has joined #dev/);
    await irssi.waitFor("wendy's join", /wendy \[[^\]@\s]+@[^\]\s]+\] has joined #dev/);
    // The page lists the IRC member as such.
    const ircMembers = () => wendy.page.$$eval("#members li.member-irc", (items) => items.map((li) => li.textContent?.replace(/\s+/g, " ").trim()));
    await until(async () => (await ircMembers()).join() === "irann irc", "irann marked irc in wendy's member list");
    irssi.say("/names #dev");
    await irssi.waitFor("all three in NAMES", /\[Users #dev\]\n.*irann.*tom.*wendy/);

    // #dev, with everyone looking at it.
    irssi.say("dev line from irssi, café");
    typeLine(tom, "dev line from telnet");
    await wendy.send("dev line from the web");
    await irssi.waitFor("tom's line", irssiLine("tom", "dev line from telnet"));
    await irssi.waitFor("wendy's line", irssiLine("wendy", "dev line from the web"));
    await shows(tom, "irann's line", "<irann> dev line from irssi, café");
    await shows(tom, "wendy's line", "<wendy> dev line from the web");
    await waitForLine(wendy.page, "dev line from irssi, café");
    await waitForLine(wendy.page, "dev line from telnet");

    // #lobby: everyone switches to it the way each client does.
    await irssi.show("#lobby");
    typeLine(tom, "/join #lobby");
    await tom.waitFor("#lobby in view", (t) => t.promptRow().startsWith("[tom #lobby]"));
    await pick(wendy, "#lobby");
    irssi.say("lobby line from irssi");
    irssi.say("/me waves from irssi");
    typeLine(tom, "lobby line from telnet");
    await wendy.send("lobby line from the web");
    await irssi.waitFor("tom's line", irssiLine("tom", "lobby line from telnet"));
    await irssi.waitFor("wendy's line", irssiLine("wendy", "lobby line from the web"));
    await irssi.waitFor("its own action", /\* irann waves from irssi/);
    await shows(tom, "irann's line", "<irann> lobby line from irssi");
    await shows(tom, "irann's action", "* irann waves from irssi");
    await shows(tom, "wendy's line", "<wendy> lobby line from the web");
    await waitForLine(wendy.page, "lobby line from irssi");
    await waitForLine(wendy.page, "lobby line from telnet");
    await waitForLine(wendy.page, "waves from irssi", "li.action");
    // The #lobby lines stayed out of #dev, in all three.
    await irssi.show("#dev");
    expect(irssi.screen()).not.toContain("lobby line from");
    await pick(wendy, "#dev");
    expect((await wendy.lines()).filter((line) => line.includes("lobby line from"))).toEqual([]);

    // Private messages to irssi from both, each in its own query window, and answers back.
    await wendy.send("/msg irann psst from the web");
    typeLine(tom, "/msg irann psst from telnet");
    await irssi.show("wendy");
    await irssi.waitFor("wendy's private message", irssiLine("wendy", "psst from the web"));
    irssi.say("psst back to wendy");
    await irssi.show("tom");
    await irssi.waitFor("tom's private message", irssiLine("tom", "psst from telnet"));
    irssi.say("psst back to tom");
    await shows(tom, "irann's answer", "psst back to tom");
    await pick(wendy, "@irann");
    await waitForLine(wendy.page, "psst back to wendy");
    expect((await wendy.lines()).filter((line) => line.includes("line from"))).toEqual([]);

    expect(wendy.problems).toEqual([]);
    expect(irssi.terminal.isRunning()).toBe(true);
  }, 50_000);

  test("weechat-headless joins #lobby and #dev and talks with a telnet user and a browser in both, with /me and private messages", async () => {
    requireBinaries("weechat-headless", "telnet", "tmux", CHROMIUM);
    const server = await startServer();
    const weechat = await weechatAs(server.ircPort, "weezy", ["#lobby", "#dev"]);
    await weechat.waitFor("irc.sb.#lobby", "its join", /weezy .*has joined #lobby/);
    await weechat.waitFor("irc.sb.#dev", "its join", /weezy .*has joined #dev/);

    const tom = await telnet(server.telnetPort, "tom");
    await weechat.waitFor("irc.sb.#lobby", "tom's join, with a user@host", /\ttom .*\([^)@\s]+@[^)\s]+\) has joined #lobby/);
    typeLine(tom, "lobby line from telnet");
    weechat.send("irc.sb.#lobby", "lobby line from weechat, café");
    await weechat.waitFor("irc.sb.#lobby", "tom's line", /\ttom\tlobby line from telnet\n/);
    await shows(tom, "weezy's line", "<weezy> lobby line from weechat, café");
    const wendy = await webAs(server, "wendy");
    await wendy.send("lobby line from the web");
    await weechat.waitFor("irc.sb.#lobby", "wendy's line", /\twendy\tlobby line from the web\n/);
    // Joining, the page shows the room's recent lines: weechat's among them.
    await waitForLine(wendy.page, "lobby line from weechat, café");

    typeLine(tom, "/join #dev");
    await tom.waitFor("#dev in view", (t) => t.promptRow().startsWith("[tom #dev]"));
    await weechat.waitFor("irc.sb.#dev", "tom's join", /\ttom .*has joined #dev/);
    typeLine(tom, "dev line from telnet");
    weechat.send("irc.sb.#dev", "dev line from weechat");
    weechat.send("irc.sb.#dev", "/me waves from weechat");
    await weechat.waitFor("irc.sb.#dev", "tom's line", /\ttom\tdev line from telnet\n/);
    await shows(tom, "weezy's line", "<weezy> dev line from weechat");
    await shows(tom, "weezy's action", "* weezy waves from weechat");
    // The browser in #dev too: it finds weechat's lines there, and weechat gets its.
    await wendy.send("/join #dev");
    await wendy.page.waitForURL("**/r/dev");
    await weechat.waitFor("irc.sb.#dev", "wendy's join", /\twendy .*has joined #dev/);
    await waitForLine(wendy.page, "dev line from weechat");
    await wendy.send("dev line from the web");
    await weechat.waitFor("irc.sb.#dev", "wendy's line in #dev", /\twendy\tdev line from the web\n/);
    // Each room's lines stayed in it.
    expect(weechat.log("irc.sb.#lobby")).not.toContain("dev line from");
    expect(weechat.log("irc.sb.#dev")).not.toContain("lobby line from");

    typeLine(tom, "/msg weezy psst from telnet");
    await weechat.waitFor("irc.sb.tom", "tom's private message", /\ttom\tpsst from telnet\n/);
    weechat.send("irc.sb.tom", "psst back to tom");
    await shows(tom, "weezy's answer", "psst back to tom");
    expect(wendy.problems).toEqual([]);
    expect(weechat.proc.exitCode).toBeNull();
  }, 40_000);
});
