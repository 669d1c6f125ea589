import { afterEach, describe, expect, test } from "bun:test";
import { emptyPromptRow, joinInCharacterMode } from "./character-client.ts";
import { startTestServer, type TestServer } from "./test-server.ts";

let server: TestServer;
afterEach(() => server?.stop());

describe("rooms on telnet", () => {
  test("the prompt shows the nickname and the room, and follows /join, /nick and /part", async () => {
    // Issue 11, item 7: the prompt stayed `[tel]` in every room.
    server = startTestServer();
    const tel = await joinInCharacterMode(server, "tel");
    tel.send("/join #dev\r\0");
    await tel.waitFor(emptyPromptRow("[tel #dev] "));
    tel.send("/nick tom\r\0");
    await tel.waitFor(emptyPromptRow("[tom #dev] "));
    tel.send("/part\r\0");
    await tel.waitFor(emptyPromptRow("[tom #lobby] "));
  });

  test("re-entering a room shows only what was said there while away", async () => {
    // Issue 11, item 7: coming back dumped the room's last 50 lines again.
    server = startTestServer();
    const ann = await server.join("ann");
    const bob = await server.join("bob");
    ann.line("/join #dev");
    bob.line("/join #dev");
    await bob.waitFor(/\*\*\* bob joined #dev/);
    ann.line("said before bob left");
    await bob.waitFor(/<ann> said before bob left\r\n/);
    bob.line("/part");
    // Back in #lobby, which bob never left.
    await bob.waitFor(/-!- — #lobby: nothing new —/);
    ann.line("said while bob was away");
    await ann.waitFor(/\*\*\* bob left #dev/);
    bob.line("/join #dev");
    await bob.waitFor(/<ann> said while bob was away\r\n.*\*\*\* bob joined #dev/);
    expect(bob.text.split("said before bob left")).toHaveLength(2);
  });

  test("re-entering a room where nothing was said since says so in one line", async () => {
    server = startTestServer();
    const ann = await server.join("ann");
    ann.line("/join #dev");
    ann.line("hello dev");
    ann.line("/part");
    await ann.waitFor(/-!- — #lobby: nothing new —/);
    ann.line("/join #dev");
    await ann.waitFor(/-!- No new messages in #dev since you were here\.\r\n.*\*\*\* ann joined #dev/);
    // The first visit showed no history (the room was new), so "hello dev" was never replayed.
    expect(ann.text).not.toContain("hello dev");
  });

  test("a private message is shown once: moving between rooms does not bring it back", async () => {
    // Issue 11, item 2, on telnet: /join #x, /part replayed the same private each time.
    server = startTestServer();
    const ann = await server.join("ann");
    const yves = await server.join("yves");
    yves.line("/msg ann psst");
    await ann.waitFor(/-> private from yves: psst\r\n/);
    // Into new rooms (whose history is shown), between rooms, out of one.
    ann.line("/join #x");
    ann.line("/join #y");
    ann.line("/join #lobby");
    ann.line("/join #x");
    ann.line("/part");
    // Out of #x, into the room joined last of those left.
    await ann.waitFor(/-!- — #x: nothing new —\r\n-!- — #y: nothing new —\r\n/);
    ann.line("/who");
    await ann.waitFor(/-!- 1 in #y/);
    expect(ann.text.split("psst")).toHaveLength(2);
  });

  test("a notice heard in another room is not shown again on coming back", async () => {
    server = startTestServer();
    const ann = await server.join("ann");
    ann.line("/join #dev");
    ann.line("/part");
    await ann.waitFor(/-!- — #lobby: nothing new —/);
    server.chat.announce("maintenance at noon");
    await ann.waitFor(/NOTICE: maintenance at noon\r\n/);
    ann.line("/join #dev");
    await ann.waitFor(/-!- No new messages in #dev since you were here\.\r\n/);
    expect(ann.text.split("maintenance at noon")).toHaveLength(2);
  });
});
