import { afterEach, describe, expect, test } from "bun:test";
import type { TestClient } from "./test-client.ts";
import { startTestServer, type TestServer } from "./test-server.ts";
import { missingBinaries, TmuxTerminal } from "./tmux-terminal.ts";

const missing = missingBinaries("telnet", "tmux");
if (missing.length > 0) console.warn(`real-telnet tests skipped: ${missing.join(", ")} not installed (apt-get install telnet tmux)`);

let server: TestServer | undefined;
let terminal: TmuxTerminal | undefined;
afterEach(async () => {
  terminal?.kill();
  terminal = undefined;
  await server?.stop();
  server = undefined;
});

/** The Debian telnet client in a 100x30 tmux, joined as `nick` and switched to character mode. */
async function telnetAs(nick: string): Promise<TmuxTerminal> {
  server = startTestServer();
  const tmux = TmuxTerminal.start(`telnet 127.0.0.1 ${server.telnet.port}`);
  terminal = tmux;
  await tmux.waitFor("the nickname prompt", (t) => t.screen().includes("Pick a nickname:"));
  tmux.type(nick);
  tmux.press("Enter");
  // The prompt only appears once the client has agreed to character mode.
  await tmux.waitFor("the character-mode prompt", (t) => t.promptRow() === `[${nick} #lobby]`);
  return tmux;
}

/** The prompt row shows `text` (capture-pane trims trailing blanks) with the cursor right after it. */
const showsPrompt = (text: string) => (t: TmuxTerminal) =>
  t.promptRow() === text.trimEnd() && t.cursorColumn() === Bun.stringWidth(text);

describe.skipIf(missing.length > 0)(`the real Debian telnet client in tmux${missing.length ? ` (skipped: ${missing.join(", ")} missing)` : ""}`, () => {
  test("a message arriving mid-line is shown above the intact half line, and the line goes out whole", async () => {
    const tel = await telnetAs("ann");
    const bob: TestClient = await server!.join("bob");
    await tel.waitFor("bob's join", (t) => t.screen().includes("*** bob joined #lobby (telnet)"));
    tel.type("half a line, 日本");
    await tel.waitFor("the half line", showsPrompt("[ann #lobby] half a line, 日本"));
    bob.line("hello from bob");
    await tel.waitFor("bob's message", (t) => /\[\d\d:\d\d\] <bob> hello from bob\n\[ann #lobby\] half a line, 日本$/.test(t.screen().trimEnd()));
    await tel.waitFor("the cursor back at the end of the half line", showsPrompt("[ann #lobby] half a line, 日本"));
    tel.type(" and the rest");
    tel.press("Enter");
    const [line] = await bob.waitFor(/\[\d\d:\d\d\] <ann> .*\r\n/);
    expect(line).toMatch(/^\[\d\d:\d\d\] <ann> half a line, 日本 and the rest\r\n$/);
    await tel.waitFor("the empty prompt", showsPrompt("[ann #lobby] "));
  });

  test("Ctrl-C clears the line and keeps the connection", async () => {
    const tel = await telnetAs("ann");
    const bob = await server!.join("bob");
    tel.type("never mind");
    await tel.waitFor("the typed line", showsPrompt("[ann #lobby] never mind"));
    tel.press("C-c");
    await tel.waitFor("the cleared line", showsPrompt("[ann #lobby] "));
    bob.line("still there?");
    await tel.waitFor("bob's message", (t) => t.screen().includes("<bob> still there?"));
    tel.type("yes");
    tel.press("Enter");
    await bob.waitFor(/<ann> yes\r\n/);
    expect(bob.text).not.toContain("never mind");
    expect(tel.isRunning()).toBe(true);
  });

  test("arrows, Backspace, Home/End and Tab edit the line as in a shell", async () => {
    const tel = await telnetAs("ann");
    const bob = await server!.join("bobby");
    tel.type("helo wrld");
    tel.press("Left", "Left", "Left", "o", "Home", "Right", "Right", "Right", "l", "End", "BSpace", "d", "Home");
    tel.type("bo");
    tel.press("Tab");
    await tel.waitFor("the edited line", (t) => t.promptRow() === "[ann #lobby] bobby: hello world" && t.cursorColumn() === 20);
    tel.press("Enter");
    await bob.waitFor(/<ann> bobby: hello world\r\n/);
    tel.press("Up");
    await tel.waitFor("the previous line back", showsPrompt("[ann #lobby] bobby: hello world"));
  });

  test("Ctrl-D on an empty line leaves, and telnet exits", async () => {
    const tel = await telnetAs("ann");
    const bob = await server!.join("bob");
    tel.press("C-d");
    await bob.waitFor(/\*\*\* ann left #lobby \(quit\)\r\n/);
    await tel.waitFor("telnet to exit", (t) => !t.isRunning());
  });

  test("a refused /register is not put back as stars: the next /register is sent alone, and what the row showed is what was sent", async () => {
    // Issue 22: the refused line came back as `/register *****` and the next one was glued to it.
    const tel = await telnetAs("ann");
    tel.type("/register short");
    tel.press("Enter");
    await tel.waitFor("the refusal", (t) => t.screen().includes("at least 8 characters"));
    await tel.waitFor("an empty prompt", showsPrompt("[ann #lobby] "));
    tel.type("/register bobsecret123");
    await tel.waitFor("the new line as stars", showsPrompt("[ann #lobby] /register ************"));
    tel.press("Enter");
    await tel.waitFor("the registration", (t) => t.screen().includes("ann is registered to you"), 10_000);
    expect(tel.screen()).not.toContain("without spaces");
    await tel.waitFor("an empty prompt", showsPrompt("[ann #lobby] "));
  }, 20_000);
});
