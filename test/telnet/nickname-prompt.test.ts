import { afterEach, describe, expect, test } from "bun:test";
import { agreeToCharacterMode, emptyPromptRow } from "./character-client.ts";
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

const missing = missingBinaries("telnet", "tmux");

describe("the nickname prompt", () => {
  test.skipIf(missing.length > 0)("each refused nickname stays on screen above its reason, in character mode too (real telnet)", async () => {
    // Issue 11, item 10: the second attempt, typed in character mode, was wiped from the screen.
    server = startTestServer();
    await server.join("alice");
    const tel = TmuxTerminal.start(`telnet 127.0.0.1 ${server.telnet.port}`);
    terminal = tel;
    await tel.waitFor("the nickname prompt", (t) => t.promptRow() === "Pick a nickname:");
    tel.type("ALICE");
    tel.press("Enter");
    await tel.waitFor("the first refusal", (t) => t.screen().includes("-!- The nickname ALICE is taken"));
    tel.type("Alice");
    tel.press("Enter");
    const taken = (nick: string) => `Pick a nickname: ${nick}\n-!- The nickname ${nick} is taken; please pick another.\n`;
    await tel.waitFor("both attempts and their reasons", (t) =>
      t.screen().trimEnd().endsWith(taken("ALICE") + taken("Alice") + "Pick a nickname:"),
    );
    tel.type("carol");
    tel.press("Enter");
    await tel.waitFor("the chat prompt", (t) => t.promptRow() === "[carol #lobby]");
    expect(tel.screen()).toContain(taken("Alice") + "Pick a nickname: carol\n");
  });

  test("a refused nickname reads the same before and after the client switches to character mode", async () => {
    // Issue 11, item 10: the first refusal was plain and the later ones coloured.
    server = startTestServer();
    await server.join("alice");
    const tel = await server.connect();
    await tel.waitFor(/Pick a nickname: $/);
    tel.telnetLine("ALICE");
    const [first] = await tel.waitFor(/-!- .*taken.*\r\n/);
    await agreeToCharacterMode(tel);
    await tel.waitFor(emptyPromptRow("Pick a nickname: "));
    tel.send("ALICE\r\0");
    const [second] = await tel.waitFor(/-!- .*taken.*\r\n/);
    expect(second).toBe(first);
    expect(first).toBe("-!- The nickname ALICE is taken; please pick another.\r\n");
  });

  test("the nickname typed at the prompt is not in the Up-arrow history", async () => {
    // Issue 11, item 10: Up after joining brought back the nickname.
    server = startTestServer();
    const bob = await server.join("bob");
    const tel = await server.connect();
    await tel.waitFor(/Pick a nickname: $/);
    tel.telnetLine("bob");
    await agreeToCharacterMode(tel);
    await tel.waitFor(emptyPromptRow("Pick a nickname: "));
    tel.send("carol\r\0");
    await tel.waitFor(emptyPromptRow("[carol #lobby] "));
    // Up with no line of the chat sent yet recalls nothing, so Enter sends only what follows.
    tel.send("\x1b[Aalone\r\0");
    await bob.waitFor(/<carol> (.*)\r\n/);
    expect(bob.text).toMatch(/<carol> alone\r\n/);
  });

  // Domain answers (src/chat/commands.ts, src/chat/chat.ts), asked of the lead: these pass
  // through telnet unchanged once the chat gives them.
  test("/nick with one's own nickname says so", async () => {
    server = startTestServer();
    const bob = await server.join("bob");
    bob.line("/nick bob");
    await bob.waitFor(/-!- You are already bob\.\r\n/);
  });

  test("/join with a bad room name says what is wrong with it, not only the usage", async () => {
    server = startTestServer();
    const bob = await server.join("bob");
    bob.line("/join #bad room!");
    const [answer] = await bob.waitFor(/-!- .*\r\n/);
    expect(answer).not.toMatch(/^-!- Usage: \/join #ROOM\r\n$/);
    expect(answer).toContain("#bad room!");
  });
});
