import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { TmuxTerminal } from "../telnet/tmux-terminal.ts";

/** Polls `check` every 25 ms until it holds; fails saying what it waited for and what `shown` shows then. */
export async function waitUntil(what: string, check: () => boolean, shown: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; it showed:\n${shown()}`);
    await Bun.sleep(25);
  }
}

/** A folder of its own under the system's temporary folder, for one client's home. */
function homeFolder(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `switchboard-${prefix}-`));
}

/**
 * Debian's irssi in a tmux window, with a throwaway home: a config with no networks, no
 * autoconnect and no scripts, so nothing from a user's ~/.irssi can change what it does.
 * It is read as a person reads it: the window in view, through `tmux capture-pane`.
 */
export class Irssi {
  private constructor(
    readonly nick: string,
    readonly terminal: TmuxTerminal,
    readonly home: string,
  ) {}

  /** Starts irssi connecting to 127.0.0.1:`port` as `nick`; resolves once the server has welcomed it. */
  static async connect(port: number, nick: string): Promise<Irssi> {
    const home = homeFolder("irssi");
    // cmd_queue_speed: irssi's own flood control sends one line every 2.2 s after a burst of
    // 5, and joining two channels queues six sync queries (MODE, WHO, MODE b): with the
    // default, the test would mostly wait for irssi. The server's fakelag still applies.
    writeFileSync(
      join(home, "config"),
      `settings = {\n  core = {\n    real_name = "Irssi Tester";\n    user_name = "irssi";\n    nick = "${nick}";\n` +
        `    settings_autosave = "no";\n  };\n  "irc/core" = { cmd_queue_speed = "50msec"; };\n};\n`,
    );
    // LANG: irssi writes to the terminal in the locale's charset, and the test's text is UTF-8.
    const terminal = TmuxTerminal.start(`env LANG=C.UTF-8 irssi --home=${home} -n ${nick} -c 127.0.0.1 -p ${port}`, 120, 50);
    const irssi = new Irssi(nick, terminal, home);
    await irssi.waitFor("the server's welcome", /Welcome to Switchboard/);
    return irssi;
  }

  /** Types `line` in irssi's input line and presses Enter: a message to the window in view, or a /command. */
  say(line: string): void {
    this.terminal.type(line);
    this.terminal.press("Enter");
  }

  /** Brings the window of `item` (a channel or a nickname's query) into view and waits until it is shown. */
  async show(item: string, timeoutMs = 10_000): Promise<void> {
    // The status bar's last row names the item in view: `[#dev]`, `[wendy]`.
    const inView = new RegExp(`\\[${escape(item)}(\\(\\S*\\))?\\]\\s*$`);
    const deadline = Date.now() + timeoutMs;
    // A query's window only exists once its first message has reached irssi: until then
    // `/window goto` finds nothing, so it is asked again, every second, until the deadline.
    while (Date.now() < deadline) {
      this.say(`/window goto ${item}`);
      const retry = Math.min(Date.now() + 1000, deadline);
      while (Date.now() < retry) {
        if (inView.test(this.screen())) return;
        await Bun.sleep(25);
      }
    }
    await this.waitFor(`${item}'s window in view`, inView, 0);
  }

  /** The window in view, the status rows included. */
  screen(): string {
    return this.terminal.isRunning() ? this.terminal.screen() : "(irssi exited)";
  }

  async waitFor(what: string, pattern: RegExp, timeoutMs = 10_000): Promise<void> {
    await waitUntil(`irssi (${this.nick}) to show ${what}`, () => pattern.test(this.screen()), () => this.screen() + this.#rawlog(), timeoutMs);
  }

  /** irssi's record of the raw traffic (its last 200 lines), for a failure's message: what was sent and answered. */
  #rawlog(): string {
    if (!this.terminal.isRunning()) return "";
    const file = join(this.home, "raw.log");
    this.say(`/rawlog save ${file}`);
    for (let tries = 0; tries < 40 && !existsSync(file); tries++) Bun.sleepSync(25);
    return existsSync(file) ? `\nirssi's raw log:\n${readFileSync(file, "utf8")}` : "";
  }

  /** Quits irssi and removes its home. Safe to call more than once. */
  close(): void {
    this.terminal.kill();
    rmSync(this.home, { recursive: true, force: true });
  }
}

/**
 * Debian's weechat-headless (no terminal at all), with a throwaway --dir. It is driven
 * through its FIFO pipe (`BUFFER *TEXT` lines, what a script or a remote would send) and
 * read through what its logger plugin writes of each buffer, flushed at once.
 */
export class WeeChat {
  private constructor(
    readonly nick: string,
    readonly proc: Subprocess<"ignore", "ignore", "ignore">,
    readonly dir: string,
  ) {}

  /** Starts weechat-headless connecting to 127.0.0.1:`port` as `nick`, joining `channels`; resolves once welcomed. */
  static async connect(port: number, nick: string, channels: string[]): Promise<WeeChat> {
    const dir = homeFolder("weechat");
    const commands = [
      // The logger writes a buffer's lines every 120 s by default: at once, for the test to read them.
      "/set logger.file.flush_delay 0",
      // WeeChat's own flood control holds each line 2 s after the first (as irssi's, see above).
      // WeeChat 3.8 (Debian 12) has the two prio options; 4.0 made them one, `anti_flood`, in ms:
      // whichever this version lacks is refused with a message in the core buffer, and no harm.
      "/set irc.server_default.anti_flood_prio_high 0",
      "/set irc.server_default.anti_flood_prio_low 0",
      "/set irc.server_default.anti_flood 0",
      `/server add sb 127.0.0.1/${port} -notls -nicks=${nick} -username=wee -realname=WeeChat_Tester -autojoin=${channels.join(",")}`,
      "/connect sb",
    ];
    // -s: no scripts; -P: only the plugins the test uses, as they ship.
    const proc = Bun.spawn(["weechat-headless", "--dir", dir, "-s", "-P", "irc,logger,fifo", "-r", commands.join(";")], {
      stdin: "ignore",
      stdout: "ignore",
      stderr: "ignore",
    });
    const weechat = new WeeChat(nick, proc, dir);
    await weechat.waitFor("irc.server.sb", "the server's welcome", /Welcome to Switchboard/);
    return weechat;
  }

  /** What the logger wrote of `buffer` (`irc.sb.#lobby`, `irc.server.sb`, `irc.sb.tom`), as `date\tprefix\ttext` lines. */
  log(buffer: string): string {
    const file = join(this.dir, "logs", `${buffer.toLowerCase()}.weechatlog`);
    return existsSync(file) ? readFileSync(file, "utf8") : "";
  }

  /** Sends `text` to `buffer` as if typed there: a message, or a /command run in that buffer. */
  send(buffer: string, text: string): void {
    const fifo = readdirSync(this.dir).find((name) => name.startsWith("weechat_fifo"));
    if (!fifo) throw new Error(`weechat's FIFO pipe is missing from ${this.dir}: ${readdirSync(this.dir).join(" ")}`);
    appendFileSync(join(this.dir, fifo), `${buffer} *${text}\n`);
  }

  async waitFor(buffer: string, what: string, pattern: RegExp, timeoutMs = 10_000): Promise<void> {
    const shown = () =>
      `${buffer}:\n${this.log(buffer)}\nirc.server.sb:\n${this.log("irc.server.sb")}${this.proc.exitCode === null ? "" : `\n(weechat exited ${this.proc.exitCode})`}`;
    await waitUntil(`weechat (${this.nick}) to show ${what} in ${buffer}`, () => pattern.test(this.log(buffer)), shown, timeoutMs);
  }

  /** Stops weechat and removes its folder. Safe to call more than once. */
  async close(): Promise<void> {
    this.proc.kill("SIGKILL");
    await this.proc.exited;
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The Debian telnet client in a tmux window, joined as `nick` (in #lobby) and in character mode. */
export async function telnetAs(port: number, nick: string): Promise<TmuxTerminal> {
  const terminal = TmuxTerminal.start(`telnet 127.0.0.1 ${port}`, 100, 50);
  await terminal.waitFor("the nickname prompt", (t) => t.screen().includes("Pick a nickname:"));
  terminal.type(nick);
  terminal.press("Enter");
  await terminal.waitFor("the character-mode prompt", (t) => t.promptRow().startsWith(`[${nick} #lobby]`));
  return terminal;
}

/** Types `line` into a terminal and presses Enter. */
export function typeLine(terminal: TmuxTerminal, line: string): void {
  terminal.type(line);
  terminal.press("Enter");
}

/** `text` as a literal in a RegExp. */
export function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
