import { afterEach, describe, expect, test } from "bun:test";
import { until } from "./test-client.ts";
import { startTestServer, type TestServer } from "./test-server.ts";

let server: TestServer;
afterEach(() => server?.stop());

const IAC = 0xff;

describe("telnet and netcat clients", () => {
  test("an nc client (bare LF) never receives a 0xFF byte, even when others send one", async () => {
    server = startTestServer();
    const nc = await server.join("nc");
    const telnet = await server.join("telnet");
    // Negotiation, a literal 0xFF (IAC IAC) and invalid UTF-8 from a telnet client...
    telnet.send(Uint8Array.from([IAC, 0xfd, 0x05, IAC, 0xfb, 0x18, ...Buffer.from("x"), IAC, IAC, 0xfe, ...Buffer.from("y\r\n")]));
    await nc.waitFor(/<telnet> x\ufffd\ufffdy\r\n/);
    // ...and bytes from nc itself that are not valid text.
    nc.send(Uint8Array.from([0x61, 0xfe, 0xc0, 0x62, 0x0a]));
    await telnet.waitFor(/<nc> a\ufffd\ufffdb\r\n/);
    nc.line("/who");
    await nc.waitFor(/-!- 2 in #lobby/);
    expect(nc.bytes.includes(IAC)).toBe(false);
  });

  test("a telnet client sending DO TIMING-MARK (Ctrl-C) gets WONT TIMING-MARK, and output keeps flowing", async () => {
    server = startTestServer();
    const ann = await server.join("ann");
    const tel = await server.join("tel");
    tel.send(Uint8Array.from([IAC, 0xf4, IAC, 0xfd, 0x06]));
    const wontTimingMark = Buffer.from([IAC, 0xfc, 0x06]);
    await until(() => tel.bytes.includes(wontTimingMark), "WONT TIMING-MARK");
    ann.line("still there?");
    await tel.waitFor(/<ann> still there\?\r\n/);
  });

  test("escape sequences, BEL and bidi overrides in a message never reach another client raw", async () => {
    server = startTestServer();
    const ann = await server.join("ann");
    const bob = await server.join("bob");
    ann.line("a\x1b[2J\x1b]0;pwned\x07b\x07c\u202ed\u2066e\x1b[31mf\x9b1mg");
    await bob.waitFor(/<ann> (.*)\r\n/);
    const received = bob.text;
    expect(received).not.toMatch(/[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
    expect(received).toContain("<ann> abcdefg\r\n");
  });

  test("an HTTP request on the telnet port gets a pointer to the web address and is closed", async () => {
    server = startTestServer({}, { webUrl: () => "http://example.test:3000/" });
    const client = await server.connect();
    client.send("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n");
    await client.waitFor(/This is Switchboard's telnet port; open http:\/\/example\.test:3000\/ in a browser\.\r\n/);
    await client.waitForClose();
    expect(server.chat.memberCount).toBe(0);
  });

  for (const first of ["CAP LS 302", "NICK irssi", "USER irssi 0 * :Real Name", "PASS secret"])
    test(`an IRC client's first line (${first.split(" ")[0]}) gets one line saying this is no IRC port, and is closed`, async () => {
      // Issue 22: irssi on the telnet port was refused "CAP LS 302" and "NICK irssi" as nicknames.
      server = startTestServer();
      const client = await server.connect();
      await client.waitFor(/Pick a nickname: $/);
      client.send(`${first}\r\nNICK irssi\r\n`);
      await client.waitFor(/This is Switchboard's telnet port, not IRC; IRC is not enabled on this server\.\r\n/);
      await client.waitForClose();
      expect(client.bytes.includes(IAC)).toBe(false);
      // Nothing else: no refusal of the line as a nickname, no second prompt.
      expect(client.text.split("Pick a nickname: ")[1]).toBe("-!- This is Switchboard's telnet port, not IRC; IRC is not enabled on this server.\r\n");
      expect(server.chat.memberCount).toBe(0);
    });

  test("a nickname that happens to be an IRC word is still a nickname", async () => {
    server = startTestServer();
    const client = await server.connect();
    await client.waitFor(/Pick a nickname: $/);
    client.line("NICK");
    await client.waitFor(/You are NICK\./);
  });

  test("a line over --max-line is refused with a notice, and the session goes on", async () => {
    server = startTestServer({ maxLine: 100 });
    const ann = await server.join("ann");
    const bob = await server.join("bob");
    ann.line("x".repeat(150));
    // The chat's own words for its limit, as the web says it.
    await ann.waitFor(/-!- Message too long \(150 bytes; the limit is 100\)\.\r\n/);
    ann.line("short one");
    await bob.waitFor(/<ann> short one\r\n/);
    expect(bob.text).not.toContain("xxxxx");
  });

  test("a too-long nickname line is refused and the prompt comes back", async () => {
    server = startTestServer({ maxLine: 100 });
    const client = await server.connect();
    await client.waitFor(/Pick a nickname: $/);
    client.line("n".repeat(500));
    await client.waitFor(/-!- Message too long \(500 bytes; the limit is 100\)\.\r\nPick a nickname: $/);
    client.line("ok");
    await client.waitFor(/You are ok\./);
  });

  test("input that never ends a line is cut off and the client disconnected with a reason", async () => {
    server = startTestServer({ maxLine: 1000 });
    const ann = await server.join("ann");
    const bob = await server.join("bob");
    bob.send("y".repeat(40 * 1024));
    await bob.waitFor(/-!- Input cut off: no line end in 16384 bytes; goodbye\.\r\n/);
    await bob.waitForClose();
    await ann.waitFor(/\*\*\* bob left #lobby \(line too long\)\r\n/);
  });

  test("input split anywhere, even inside IAC sequences and characters, arrives as whole lines", async () => {
    server = startTestServer();
    const ann = await server.join("ann");
    const tel = await server.connect();
    await tel.waitFor(/Pick a nickname: $/);
    const input = Buffer.concat([
      Buffer.from([IAC, 0xfb, 0x1f, IAC, 0xfa, 0x1f, 0, 80, 0, 24, IAC, 0xf0]),
      Buffer.from("tel\r\nné ", "utf8"),
      Buffer.from([IAC, 0xf1]),
      Buffer.from("日本\r\0", "utf8"),
    ]);
    for (const byte of input) {
      tel.send(Uint8Array.of(byte));
      await Bun.sleep(1);
    }
    await ann.waitFor(/<tel> né 日本\r\n/);
  });

  test("a client that sends its lines and then half-closes (nc at end of input) is heard, then leaves", async () => {
    server = startTestServer();
    const ann = await server.join("ann");
    const piped = await server.connect();
    piped.socket.end("bob\nhello from a pipe\n");
    await ann.waitFor(/<bob> hello from a pipe\r\n.*\*\*\* bob left #lobby \(connection closed\)\r\n/s);
    await piped.waitForClose();
    expect(piped.text).toContain("You are bob.");
  });
});
