import { afterEach, describe, expect, test } from "bun:test";
import type { Subprocess } from "bun";
import { until } from "./test-client.ts";
import { startTestServer, type TestServer } from "./test-server.ts";
import { ascii, DO, ECHO, IAC, NAWS, SB, SE, SGA, TTYPE, WILL } from "./telnet-bytes.ts";
import { missingBinaries } from "./tmux-terminal.ts";

const missing = missingBinaries("nc");
if (missing.length > 0) console.warn("real-nc tests skipped: nc not installed (apt-get install netcat-openbsd)");

let server: TestServer | undefined;
let nc: Subprocess<"pipe", "pipe", "ignore"> | undefined;
afterEach(async () => {
  nc?.kill();
  nc = undefined;
  await server?.stop();
  server = undefined;
});

describe.skipIf(missing.length > 0)(`the real nc${missing.length ? " (skipped: nc missing)" : ""}`, () => {
  test("gets clean CR LF lines, never a 0xFF byte, ESC or BEL, while a character-mode client talks", async () => {
    server = startTestServer();
    const proc = Bun.spawn(["nc", "127.0.0.1", String(server.telnet.port)], { stdin: "pipe", stdout: "pipe", stderr: "ignore" });
    nc = proc;
    const received: Uint8Array[] = [];
    void (async () => {
      const reader = proc.stdout.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) received.push(read.value);
    })();
    const output = () => Buffer.concat(received);
    const waitFor = (pattern: RegExp) => until(() => pattern.test(output().toString("utf8")), `nc to show ${pattern}`);

    await waitFor(/Pick a nickname: $/);
    proc.stdin.write("carol\n");
    await waitFor(/You are carol\./);

    // A telnet client in character mode, with colours, mentioning carol and sending a literal 0xFF.
    const tel = await server.connect();
    await tel.waitFor(/Pick a nickname: $/);
    tel.telnetLine("tel");
    tel.send(Uint8Array.from([IAC, DO, ECHO, IAC, DO, SGA, IAC, WILL, NAWS, IAC, SB, NAWS, 0, 80, 0, 24, IAC, SE, IAC, WILL, TTYPE]));
    tel.send(Uint8Array.from([IAC, SB, TTYPE, 0, ...ascii("XTERM"), IAC, SE]));
    await tel.waitFor(/\r\[tel #lobby\] \x1b\[K$/);
    tel.send(Uint8Array.from([...ascii("hey carol "), IAC, IAC, ...ascii(" \x1b[31mred\x07\r\0")]));
    await waitFor(/<tel> hey carol .* red\r\n/);

    proc.stdin.write("hi tel, ünïcödé\n/who\n");
    await proc.stdin.flush();
    await tel.waitFor(/carol\x1b\[0m> .*hi tel, ünïcödé/);
    await waitFor(/-!- 2 in #lobby: carol \(telnet\), tel \(telnet\)\r\n$/);

    const bytes = output();
    expect(bytes.includes(0xff)).toBe(false);
    expect(bytes.includes(0x1b)).toBe(false);
    expect(bytes.includes(0x07)).toBe(false);
    const text = bytes.toString("utf8");
    // Every line ends in CR LF; the only bare text left is the nickname prompt, before the first answer.
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    expect(text).toMatch(/\[\d\d:\d\d\] <tel> hey carol \ufffd red\r\n/);
    // nc shows what carol typed itself, so the server does not print her line a second time.
    expect(text).not.toContain("<carol> hi tel");
  });

  test("nc -C (CR LF, like telnet) gets the one offer of character mode at the start of a row, then a CR, before any answer: the next line covers it", async () => {
    // Issue 22: nc -C ends lines as the Debian telnet client does, which says nothing of
    // telnet on its own (captured: `telnet host PORT` sends "ann\r\n" and no IAC), so both
    // are offered character mode after their first line. The offer came after the
    // nickname's answer, where it stayed as garbage on the row the user types on.
    server = startTestServer();
    const proc = Bun.spawn(["nc", "-C", "127.0.0.1", String(server.telnet.port)], { stdin: "pipe", stdout: "pipe", stderr: "ignore" });
    nc = proc;
    const received: Uint8Array[] = [];
    void (async () => {
      const reader = proc.stdout.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) received.push(read.value);
    })();
    const output = () => Buffer.concat(received).toString("latin1");
    await until(() => output().endsWith("Pick a nickname: "), "the nickname prompt");
    proc.stdin.write("ann\n");
    await proc.stdin.flush();
    await until(() => /You are ann\./.test(output()), "the welcome");
    // The row after the typed nickname: only negotiation (which nc prints), a CR, then the first answer over it.
    expect(output()).toMatch(/Pick a nickname: (\xff[\xfb\xfd][\x01\x03\x18\x1f])+\r\[\d\d:\d\d\] \*\*\* ann joined #lobby \(telnet\)\r\n/);
    expect(output().split("\xff").length - 1).toBe(4);
  });
});
