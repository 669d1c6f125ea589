import { afterEach, describe, expect, test } from "bun:test";
import { until } from "./test-client.ts";
import { startTestServer, type TestServer } from "./test-server.ts";

let server: TestServer;
afterEach(() => server?.stop());

const TIME = String.raw`\[\d\d:\d\d\]`;

describe("a telnet conversation", () => {
  test("greets with the number online and asks for a nickname", async () => {
    server = startTestServer();
    await server.join("ann");
    const client = await server.connect();
    await client.waitFor(/Welcome to Switchboard\. 1 online\.\r\nPick a nickname: $/);
  });

  test("two clients see each other's messages with nick and time", async () => {
    server = startTestServer();
    const ann = await server.join("ann");
    const bob = await server.join("bob");
    await ann.waitFor(new RegExp(`${TIME} \\*\\*\\* bob joined #lobby \\(telnet\\)\r\n`));
    ann.line("hello bob");
    await bob.waitFor(new RegExp(`${TIME} <ann> hello bob\r\n`));
    bob.telnetLine("hi ann, ünïcödé ok");
    await ann.waitFor(new RegExp(`${TIME} <bob> hi ann, ünïcödé ok\r\n`));
  });

  test("in line mode the sender's own lines are not printed twice; everyone else sees them", async () => {
    server = startTestServer();
    const ann = await server.join("ann");
    const bob = await server.join("bob");
    ann.line("first");
    ann.line("/me waves");
    await bob.waitFor(new RegExp(`${TIME} <ann> first\r\n${TIME} \\* ann waves\r\n`));
    ann.line("/who");
    await ann.waitFor(/-!- 2 in #lobby/);
    expect(ann.text).not.toContain("<ann> first");
    expect(ann.text).not.toContain("* ann waves");
  });

  test("in character mode the sender sees its own line as the room does", async () => {
    server = startTestServer();
    const ann = await server.join("ann");
    ann.send(new Uint8Array([255, 253, 1])); // IAC DO ECHO: the client lets the server echo
    ann.send("first\r\0");
    // Character mode brings colours, so allow SGR codes around the nickname.
    await ann.waitFor(/<(\x1b\[[\d;]*m)*ann(\x1b\[[\d;]*m)*> first\r\n/);
  });

  test("a taken or invalid nickname is refused with a reason, an empty one asked again, and a retry works", async () => {
    server = startTestServer();
    await server.join("ann");
    const client = await server.connect();
    await client.waitFor(/Pick a nickname: $/);
    client.line("ANN");
    await client.waitFor(/-!- The nickname ANN is taken; please pick another\.\r\nPick a nickname: $/);
    client.line("a b");
    await client.waitFor(/-!- Nicknames may use only .*\r\nPick a nickname: $/);
    // An empty line only asks again: a flood of them must not cost an error line each.
    client.line("");
    await client.waitFor(/^Pick a nickname: $/);
    client.line("carol");
    await client.waitFor(/\*\*\* carol joined #lobby \(telnet\)\r\n-!- You are carol\./);
    expect(client.isClosed).toBe(false);
  });

  test("a newcomer sees the recent history of the room before its own join", async () => {
    server = startTestServer();
    const ann = await server.join("ann");
    ann.line("one");
    ann.line("two");
    await until(() => server.chat.lastEventId >= 3, "both messages recorded");
    const bob = await server.join("bob");
    expect(bob.text).toMatch(new RegExp(`<ann> one\r\n${TIME} <ann> two\r\n${TIME} \\*\\*\\* bob joined`));
  });

  test("a private message reaches only its recipient and its sender", async () => {
    server = startTestServer();
    const ann = await server.join("ann");
    const bob = await server.join("bob");
    const carol = await server.join("carol");
    ann.line("/msg bob the secret is 42");
    await bob.waitFor(new RegExp(`${TIME} -> private from ann: the secret is 42\r\n`));
    await ann.waitFor(new RegExp(`${TIME} -> private to bob: the secret is 42\r\n`));
    ann.line("public now");
    await carol.waitFor(/<ann> public now/);
    expect(carol.text).not.toContain("secret");
  });

  test("commands answer the sender alone, one line each", async () => {
    server = startTestServer();
    const ann = await server.join("ann");
    ann.line("/who");
    await ann.waitFor(/-!- 1 in #lobby: ann \(telnet\)\r\n/);
    ann.line("/frobnicate");
    await ann.waitFor(/-!- Unknown command \/frobnicate\. Type \/help for the list\.\r\n/);
    ann.line("/help");
    await ann.waitFor(/-!- Commands:\r\n(-!- .*\r\n)+/);
  });

  test("{quit} and /quit say goodbye and close, and the others see the leave", async () => {
    server = startTestServer();
    const ann = await server.join("ann");
    const bob = await server.join("bob");
    const carol = await server.join("carol");
    bob.line("{quit}");
    await bob.waitFor(/-!- Goodbye!\r\n/);
    await bob.waitForClose();
    await ann.waitFor(/\*\*\* bob left #lobby \(quit\)\r\n/);
    carol.line("/quit off to lunch");
    await carol.waitFor(/-!- Goodbye!\r\n/);
    await carol.waitForClose();
    await ann.waitFor(/\*\*\* carol left #lobby \(quit: off to lunch\)\r\n/);
    await until(() => server.telnet.connections === 1, "both sockets closed");
    expect(server.chat.memberCount).toBe(1);
  });

  test("a client that just disconnects leaves the room, and connect/disconnect are logged", async () => {
    server = startTestServer();
    const ann = await server.join("ann");
    const bob = await server.join("bob");
    bob.close();
    await ann.waitFor(/\*\*\* bob left #lobby \(connection closed\)\r\n/);
    await until(() => server.logLines.some((line) => line.startsWith("telnet disconnect 127.0.0.1")), "disconnect logged");
    expect(server.logLines.filter((line) => line === "telnet connect 127.0.0.1")).toHaveLength(2);
  });
});
