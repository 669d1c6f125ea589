import { afterEach, describe, expect, test } from "bun:test";
import { agreeToCharacterMode, emptyPromptRow, joinInCharacterMode } from "./character-client.ts";
import { startTestServer, type TestServer } from "./test-server.ts";
import { missingBinaries, TmuxTerminal } from "./tmux-terminal.ts";

let server: TestServer | undefined;
let terminal: TmuxTerminal | undefined;
afterEach(async () => {
  terminal?.kill();
  terminal = undefined;
  await server?.stop();
  server = undefined;
});

/** bob in character mode and ann by line, both in #lobby and #dev, which bob has in view. */
async function bobInDevWithAnn() {
  server = startTestServer();
  const bob = await joinInCharacterMode(server, "bob");
  const ann = await server.join("ann");
  bob.send("/join #dev\r\0");
  await bob.waitFor(emptyPromptRow("[bob #dev] "));
  ann.line("/join #dev");
  return { bob, ann };
}

describe("the hotlist and the keys that switch rooms (character mode)", () => {
  test("the prompt counts others' lines in rooms not in view, marks a mention, and Alt-2, Ctrl-N, Ctrl-P switch", async () => {
    const { bob, ann } = await bobInDevWithAnn();
    await bob.waitFor(/\*\*\* ann joined #dev/);
    bob.send("/join #lobby\r\0");
    await bob.waitFor(emptyPromptRow("[bob #lobby] "));
    ann.line("first of dev");
    ann.line("second of dev");
    await bob.waitFor(emptyPromptRow("[bob #lobby] [2:#dev 2] "));
    ann.line("bob: a question for you");
    // Printed, marked with its room, and the entry gets its `!`.
    await bob.waitFor(/\[#dev\] .*a question for you/);
    await bob.waitFor(emptyPromptRow("[bob #lobby] [2:#dev 3!] "));
    expect(bob.text).not.toContain("first of dev");
    // Alt-2, as a terminal whose Meta sends ESC: #dev in view, what was missed, the entry gone.
    bob.send("\x1b2");
    const [missed] = await bob.waitFor(/— #dev: 3 new —[^]*second of dev[^]*a question for you/);
    expect(missed).toContain("first of dev");
    await bob.waitFor(emptyPromptRow("[bob #dev] "));
    // Ctrl-N wraps past the last room to the first; Ctrl-P back; xterm's modifyOtherKeys form of Alt-1.
    bob.send("\x0e");
    await bob.waitFor(emptyPromptRow("[bob #lobby] "));
    bob.send("\x10");
    await bob.waitFor(emptyPromptRow("[bob #dev] "));
    bob.send("\x1b[27;3;49~");
    await bob.waitFor(emptyPromptRow("[bob #lobby] "));
    bob.send("\x1b9");
    await bob.waitFor(/No room 9: you are in 2 \(1:#lobby, 2:#dev\)\./);
  });

  test("an owned nickname coming back prints only its current room's lines; the prompt counts what its other rooms hold unread", async () => {
    server = startTestServer();
    const bob = await joinInCharacterMode(server, "bob");
    bob.send("/register bobsecret123\r\0");
    await bob.waitFor(/registered to you/);
    for (const room of ["#dev", "#ops"]) {
      bob.send(`/join ${room}\r\0`);
      await bob.waitFor(emptyPromptRow(`[bob ${room}] `));
    }
    bob.send("/quit\r\0");
    await bob.waitForClose();
    const ann = await server.join("ann");
    for (const line of ["/join #dev", "dev while bob was away", "bob: look here", "/join #ops", "ops while bob was away", "/who"]) ann.line(line);
    await ann.waitFor(/in #ops/);

    const back = await server.connect();
    await back.waitFor(/Pick a nickname: $/);
    back.telnetLine("bob");
    await agreeToCharacterMode(back);
    await back.waitFor(/bob is registered/);
    back.send("/identify bobsecret123\r\0");
    // Back in #ops, its room in view; #dev (window 2) has two lines, one naming bob.
    await back.waitFor(emptyPromptRow("[bob #ops] [2:#dev 2!] "));
    expect(back.text).toContain("ops while bob was away");
    expect(back.text).not.toContain("dev while bob was away");
  });

  test("what is typed stays in the row across a switch, and goes to the room switched to", async () => {
    const { bob, ann } = await bobInDevWithAnn();
    bob.send("/join #lobby\r\0");
    await bob.waitFor(emptyPromptRow("[bob #lobby] "));
    bob.send("half typed");
    bob.send("\x1b2");
    await bob.waitFor(/\r\[bob #dev\] half typed\x1b\[K$/);
    bob.send("\r\0");
    await ann.waitFor(/<bob> half typed\r\n/);
  });
});

const missing = missingBinaries("telnet", "tmux");
describe.skipIf(missing.length > 0)(`rooms with the real Debian telnet client in tmux${missing.length ? ` (skipped: ${missing.join(", ")} missing)` : ""}`, () => {
  test("a 30-row terminal: the hotlist rises, Alt-2 shows a screenful of what was missed and how many more, Ctrl-N goes back", async () => {
    server = startTestServer();
    const tel = TmuxTerminal.start(`telnet 127.0.0.1 ${server.telnet.port}`, 100, 30);
    terminal = tel;
    await tel.waitFor("the nickname prompt", (t) => t.screen().includes("Pick a nickname:"));
    tel.type("bob");
    tel.press("Enter");
    await tel.waitFor("the prompt", (t) => t.promptRow() === "[bob #lobby]");
    const ann = await server.join("ann");
    tel.type("/join #dev");
    tel.press("Enter");
    await tel.waitFor("#dev in view", (t) => t.promptRow() === "[bob #dev]");
    ann.line("/join #dev");
    await tel.waitFor("ann in #dev", (t) => t.screen().includes("*** ann joined #dev"));
    tel.type("/join #lobby");
    tel.press("Enter");
    await tel.waitFor("#lobby in view", (t) => t.promptRow() === "[bob #lobby]");
    for (let i = 1; i <= 40; i++) ann.line(`dev line ${i}`);
    await tel.waitFor("the hotlist", (t) => t.promptRow() === "[bob #lobby] [2:#dev 40]");
    expect(tel.screen()).not.toContain("dev line");
    tel.press("M-2");
    // 30 rows, less 4: 26 lines, the newest, then how many more.
    await tel.waitFor("the missed lines", (t) => t.screen().includes("— 14 more in #dev: /history 20 shows older lines —"));
    const screen = tel.screen();
    expect(screen).toContain("<ann> dev line 40");
    expect(screen).toContain("<ann> dev line 15");
    expect(screen).not.toContain("<ann> dev line 14\n");
    expect(tel.promptRow()).toBe("[bob #dev]");
    tel.press("C-n");
    await tel.waitFor("#lobby again", (t) => t.promptRow() === "[bob #lobby]");
  }, 20_000);
});
