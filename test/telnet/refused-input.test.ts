import { afterEach, describe, test } from "bun:test";
import { emptyPromptRow, joinInCharacterMode } from "./character-client.ts";
import { startTestServer, type TestServer } from "./test-server.ts";

let server: TestServer;
afterEach(() => server?.stop());

const HOME = "\x01", RIGHT = "\x06", DELETE = "\x1b[3~", UP = "\x1b[A";

describe("refused input on telnet", () => {
  test("a refused line comes back into the line editor, cursor at its end, to be fixed and sent again", async () => {
    // Issue 11, item 4: the editor was emptied, so the line was lost.
    server = startTestServer();
    const bob = await server.join("bob");
    const tel = await joinInCharacterMode(server, "tel");
    tel.send("/mgs bob the plan\r\0");
    await tel.waitFor(/Unknown command \/mgs\. Type \/help for the list\.(\x1b\[0m)?\r\n\r\[tel #lobby\] \/mgs bob the plan\x1b\[K$/);
    tel.send(HOME + RIGHT + RIGHT + DELETE + DELETE + "sg\r\0");
    await bob.waitFor(/-> private from tel: the plan\r\n/);
  });

  test("a refused line is not also one Up away: Up goes to the line before it", async () => {
    server = startTestServer();
    const bob = await server.join("bob");
    const tel = await joinInCharacterMode(server, "tel");
    tel.send("earlier\r\0");
    await bob.waitFor(/<tel> earlier\r\n/);
    tel.send("/frob\r\0");
    await tel.waitFor(/\r\[tel #lobby\] \/frob\x1b\[K$/);
    // Up from the refused line shows the line sent before it, not the refused one again.
    tel.send("\x15" + UP + "\r\0");
    await bob.waitFor(/<tel> earlier\r\n/);
  });

  test("what was typed after a refused line is kept, not replaced by it", async () => {
    server = startTestServer();
    const bob = await server.join("bob");
    const tel = await joinInCharacterMode(server, "tel");
    // One read: the refused command, then the start of the next line.
    tel.send("/frob\r\0typed ahead");
    await tel.waitFor(/Unknown command \/frob.*\r\n\r\[tel #lobby\] typed ahead\x1b\[K$/);
    tel.send("\r\0");
    await bob.waitFor(/<tel> typed ahead\r\n/);
  });

  test("an accepted line still leaves an empty prompt", async () => {
    server = startTestServer();
    const bob = await server.join("bob");
    const tel = await joinInCharacterMode(server, "tel");
    tel.send("fine\r\0");
    await bob.waitFor(/<tel> fine\r\n/);
    await tel.waitFor(emptyPromptRow("[tel #lobby] "));
  });
});
