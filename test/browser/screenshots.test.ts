import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestClient } from "../telnet/test-client.ts";
import { SLOW, hasChromium, joinAs, joinByTcp, launchChromium, startServer, until, waitForLine, type TestServer } from "./harness.ts";
import { terminalPage } from "./terminal-html.ts";

/**
 * The README's pictures. Written to docs/ with UPDATE_SCREENSHOTS=1 (so an ordinary test
 * run leaves the work tree alone), otherwise to a temporary folder.
 */
const outDir = process.env.UPDATE_SCREENSHOTS
  ? join(import.meta.dir, "../../docs")
  : mkdtempSync(join(tmpdir(), "switchboard-screenshots-"));
mkdirSync(outDir, { recursive: true });

const tmux = Bun.which("tmux");
const telnet = Bun.which("telnet");
/** A tmux server of our own, so no one else's sessions are touched. */
const TMUX = [tmux ?? "tmux", "-L", `switchboard-test-${process.pid}`];

function tmuxRun(...args: string[]): string {
  const run = Bun.spawnSync([...TMUX, ...args], { stdout: "pipe", stderr: "pipe" });
  if (run.exitCode !== 0) throw new Error(`tmux ${args[0]} failed: ${run.stderr.toString()}`);
  return run.stdout.toString();
}

/** Types `text` and Enter into the telnet client, as a person would. */
const typeInTerminal = (text: string) => {
  tmuxRun("send-keys", "-t", "chat", "-l", text);
  tmuxRun("send-keys", "-t", "chat", "Enter");
};
const screen = (colours = false) => tmuxRun("capture-pane", "-p", ...(colours ? ["-e"] : []), "-t", "chat");

let server: TestServer | undefined;
let tmuxStarted = false;
afterAll(async () => {
  if (tmuxStarted) Bun.spawnSync([...TMUX, "kill-server"]);
  await server?.stop();
});

const isPng = (path: string) => readFileSync(path).subarray(1, 4).toString() === "PNG";

describe.skipIf(!hasChromium || !tmux || !telnet)("screenshots for the README", () => {
  test("a conversation between the web and a real telnet client, seen from both", async () => {
    server = startServer();
    const browser = await launchChromium();
    let carol: TestClient | undefined;
    try {
      tmuxRun("new-session", "-d", "-s", "chat", "-x", "92", "-y", "20", `telnet 127.0.0.1 ${server.switchboard.telnetPort}`);
      tmuxStarted = true;
      await until(() => /nickname/i.test(screen()), "the telnet client to be asked for a nickname");
      typeInTerminal("heidi");
      await until(() => server!.switchboard.chat.find("heidi"), "heidi to join over telnet");

      const alice = await joinAs(browser, server, "alice");
      const bob = await joinAs(browser, server, "bob");
      carol = await joinByTcp(server, "carol");

      await alice.send("Morning! Is the deploy done?");
      await waitForLine(alice.page, "deploy done");
      typeInTerminal("yes, it went out at 9:00. All green.");
      await waitForLine(alice.page, "All green");
      await bob.send("nice work, alice and heidi");
      await bob.send("I'll write the changelog");
      await waitForLine(alice.page, "changelog");
      carol.line("/me brings coffee for everyone");
      await waitForLine(alice.page, "brings coffee");
      await alice.send("thanks carol! see you at standup");
      await waitForLine(alice.page, "standup");
      await until(() => screen().includes("standup"), "the terminal to show the last message");
      // Head counts reach pages at most twice a second: wait for the room list to say 4.
      await until(
        async () => (await alice.page.textContent("#rooms .count"))?.trim().startsWith("4"),
        "the room list to count everyone",
      );

      const web = join(outDir, "screenshot-web.png");
      await alice.page.screenshot({ path: web });
      expect(isPng(web)).toBe(true);
      expect(alice.problems).toEqual([]);

      const page = await browser.newPage({ viewport: { width: 900, height: 480 } });
      await page.setContent(terminalPage(screen(true), `telnet 127.0.0.1 ${server.switchboard.telnetPort}`));
      const terminal = join(outDir, "screenshot-terminal.png");
      await page.locator(".window").screenshot({ path: terminal });
      expect(isPng(terminal)).toBe(true);
      expect(await page.textContent("pre")).toContain("thanks carol! see you at standup");
    } finally {
      carol?.close();
      await browser.close();
    }
  }, SLOW);
});
