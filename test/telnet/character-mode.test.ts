import { afterEach, describe, expect, test } from "bun:test";
import { CHARACTER_MODE_OFFER as OFFER, joinInCharacterMode } from "./character-client.ts";
import { until } from "./test-client.ts";
import { startTestServer, type TestServer } from "./test-server.ts";
import { DO, ECHO, IAC, IP, NAWS, SB, SE, SGA, TM, TTYPE, WONT } from "./telnet-bytes.ts";

let server: TestServer;
afterEach(() => server?.stop());

const CLEAR = "\r\x1b[K";

/** The server's own escape sequences: colours, erase to end of line, cursor left. */
const SERVER_SEQUENCES = /\x1b\[[0-9;]*m|\x1b\[K|\x1b\[\d+D/g;

describe("character mode", () => {
  test("a CR LF client is offered character mode once, after its first line; nc never is", async () => {
    server = startTestServer();
    const nc = await server.join("nc");
    nc.line("hello");
    const tel = await server.connect();
    await tel.waitFor(/Pick a nickname: $/);
    expect(tel.bytes.includes(IAC)).toBe(false);
    tel.telnetLine("tel");
    await until(() => tel.bytes.includes(OFFER), "the offer");
    tel.telnetLine("still line mode");
    await nc.waitFor(/<tel> still line mode\r\n/);
    expect(tel.bytes.indexOf(OFFER)).toBe(tel.bytes.lastIndexOf(OFFER));
    expect(nc.bytes.includes(IAC)).toBe(false);
  });

  test("a client that refuses stays in line mode: plain lines, no escape codes", async () => {
    server = startTestServer();
    const ann = await server.join("ann");
    const tel = await server.connect();
    await tel.waitFor(/Pick a nickname: $/);
    tel.telnetLine("tel");
    await until(() => tel.bytes.includes(OFFER), "the offer");
    tel.send(Uint8Array.from([IAC, 0xfe, ECHO, IAC, 0xfe, SGA, IAC, WONT, NAWS, IAC, WONT, TTYPE]));
    ann.line("hi tel");
    await tel.waitFor(/\[\d\d:\d\d\] <ann> hi tel\r\n$/);
    expect(tel.text).not.toContain("\x1b");
    expect(tel.text).not.toContain("\x07");
  });

  test("an incoming message is printed above the prompt and the half-typed line comes back", async () => {
    server = startTestServer();
    const ann = await server.join("ann");
    const tel = await joinInCharacterMode(server, "tel");
    tel.send("half a li");
    await tel.waitFor(/half a li$/);
    ann.line("interrupting");
    const match = await tel.waitFor(/\r\x1b\[K(.*)\r\n\r\[tel #lobby\] half a li\x1b\[K$/);
    expect(match[1]!.replace(SERVER_SEQUENCES, "")).toMatch(/^\[\d\d:\d\d\] <ann> interrupting$/);
    tel.send("ne\r\0");
    await ann.waitFor(/<tel> half a line\r\n/);
  });

  test("a burst of events clears the prompt once and redraws it once", async () => {
    server = startTestServer();
    const tel = await joinInCharacterMode(server, "tel");
    tel.send("typing");
    await tel.waitFor(/typing$/);
    const before = tel.bytes.length;
    for (const text of ["one", "two", "three"]) server.chat.announce(text);
    await tel.waitFor(/three.*\r\n\r\[tel #lobby\] typing\x1b\[K$/);
    const burst = tel.bytes.subarray(before).toString("utf8");
    expect(burst.split(CLEAR)).toHaveLength(2);
    expect(burst.split("\r[tel #lobby] typing")).toHaveLength(2);
  });

  test("Ctrl-C and IAC IP clear the line without disconnecting; DO TIMING-MARK still gets WONT", async () => {
    server = startTestServer();
    const ann = await server.join("ann");
    const tel = await joinInCharacterMode(server, "tel");
    tel.send("discard me\x03");
    await tel.waitFor(/\r\[tel #lobby\] \x1b\[K$/);
    tel.send("and me");
    tel.send(Uint8Array.from([IAC, IP, IAC, DO, TM]));
    await until(() => tel.bytes.includes(Buffer.from([IAC, WONT, TM])), "WONT TIMING-MARK");
    tel.send("kept\r\0");
    await ann.waitFor(/<tel> kept\r\n/);
    expect(ann.text).not.toContain("discard");
    expect(ann.text).not.toContain("and me");
    expect(tel.isClosed).toBe(false);
  });

  test("Ctrl-D on an empty line leaves, as /quit does", async () => {
    server = startTestServer();
    const ann = await server.join("ann");
    const tel = await joinInCharacterMode(server, "tel");
    tel.send("x\x7f\x04");
    await tel.waitFor(/Goodbye!.*\r\n$/);
    await tel.waitForClose();
    await ann.waitFor(/\*\*\* tel left #lobby \(quit\)\r\n/);
  });

  test("Tab completes the nickname of someone in the room", async () => {
    server = startTestServer();
    const bob = await server.join("bobby");
    const tel = await joinInCharacterMode(server, "tel");
    tel.send("bo\tyou there?\r\0");
    await bob.waitFor(/<tel> bobby: you there\?\r\n/);
  });

  test("colours are on in character mode, and /color and /timestamps switch them per member", async () => {
    server = startTestServer();
    const ann = await server.join("ann");
    const tel = await joinInCharacterMode(server, "tel");
    ann.line("coloured");
    await tel.waitFor(/\x1b\[2m\[\d\d:\d\d\]\x1b\[0m <\x1b\[\d+mann\x1b\[0m> coloured\r\n/);
    tel.send("/color off\r\0");
    await tel.waitFor(/-!- Colours off\.\r\n/);
    tel.send("/timestamps off\r\0");
    await tel.waitFor(/-!- Timestamps off\.\r\n/);
    ann.line("plain");
    await tel.waitFor(/\r\x1b\[K<ann> plain\r\n/);
    // A line-mode member can ask for colours too.
    ann.line("/color on");
    await ann.waitFor(/Colours on\./);
    tel.send("back\r\0");
    await ann.waitFor(/<\x1b\[\d+mtel\x1b\[0m> back\r\n/);
    tel.send("/help\r\0");
    await tel.waitFor(/\/color on\|off.*\r\n.*\/timestamps on\|off/);
  });

  test("a terminal type that shows no colours (dumb) gets none by default", async () => {
    server = startTestServer();
    const ann = await server.join("ann");
    const tel = await joinInCharacterMode(server, "tel", { terminal: "DUMB" });
    ann.line("hello");
    await tel.waitFor(/\r\x1b\[K\[\d\d:\d\d\] <ann> hello\r\n/);
  });

  test("a mention is highlighted and rings once when it arrives, but not when replayed", async () => {
    server = startTestServer();
    const ann = await server.join("ann");
    const bob = await server.join("bob");
    ann.line("earlier, TEL said hi");
    await bob.waitFor(/earlier/);
    const tel = await joinInCharacterMode(server, "tel");
    expect(tel.text).toContain("earlier, TEL said hi");
    expect(tel.text).not.toContain("\x07");
    ann.line("hey tel, look");
    await tel.waitFor(/hey tel, look/);
    ann.line("hotel is not a mention");
    await tel.waitFor(/hotel is not a mention/);
    expect(tel.text.split("\x07")).toHaveLength(2);
    expect(tel.text).toMatch(/\x07.*<\x1b\[\d+mann\x1b\[0m> \x1b\[1;7mhey tel, look\x1b\[0m\r\n/);
    // The sender and nc clients get no bell.
    expect(ann.text).not.toContain("\x07");
  });

  test("nothing another user sends reaches the screen raw, and typed controls are not echoed", async () => {
    server = startTestServer();
    const ann = await server.join("ann");
    const tel = await joinInCharacterMode(server, "tel");
    const joined = tel.bytes.length;
    tel.send("ok\x1b]52;c;cGFzdGU=\x07\x1b[2J\x07\x01\x1b[31m\u202e!");
    ann.line("a\x1b[2J\x1b]0;pwned\x07b\x07c\u202ed\u2066e\x1b[31mf\x9b1mg\x1b]52;c;cGFzdGU=\x07h\u200fi");
    await tel.waitFor(/abcdefg/);
    tel.send("\r\0");
    await ann.waitFor(/<tel> (.*)\r\n/);
    const screen = tel.bytes.subarray(joined).toString("utf8").replace(SERVER_SEQUENCES, "");
    expect(screen).not.toMatch(/[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    expect(screen).toContain("abcdefghi");
  });

  test("the client's window width (NAWS) sets where a long line scrolls", async () => {
    server = startTestServer();
    const tel = await joinInCharacterMode(server, "tel", { columns: 30 });
    tel.send("x".repeat(40));
    // 30 columns, 13 for "[tel #lobby] ", the last one kept free: 16 characters show.
    await tel.waitFor(new RegExp(`\\r\\[tel #lobby\\] x{16}\\x1b\\[K$`));
    tel.send(Uint8Array.from([IAC, SB, NAWS, 0, 40, 0, 24, IAC, SE]));
    await tel.waitFor(new RegExp(`\\r\\[tel #lobby\\] x{26}\\x1b\\[K$`));
  });
});
