import { describe, expect, test } from "bun:test";
import { IrcLineReader } from "../../src/irc/irc-lines.ts";

/** A reader with what it made of the bytes: the lines, and a mark for each line too long. */
function reader() {
  const got: string[] = [];
  const lines = new IrcLineReader({ line: (text) => got.push(text), tooLong: () => got.push("<too long>") });
  return { got, push: (bytes: string | Uint8Array) => lines.push(typeof bytes === "string" ? Buffer.from(bytes, "latin1") : bytes) };
}

describe("IRC lines from a client's bytes", () => {
  test("CR LF and LF alone end a line, however the bytes are cut", () => {
    const whole = "NICK alice\r\nUSER a 0 * :Alice A\nPING :x\r\n";
    for (const cut of [1, 2, 3, 7, whole.length]) {
      const { got, push } = reader();
      for (let at = 0; at < whole.length; at += cut) push(whole.slice(at, at + cut));
      expect(got).toEqual(["NICK alice", "USER a 0 * :Alice A", "PING :x"]);
    }
  });

  test("a line end split between reads, and what comes after it, are one line each", () => {
    const { got, push } = reader();
    push("PRIVMSG #dev :hi\r");
    expect(got).toEqual([]);
    push("\nPRIVMSG #dev :again\r\nQU");
    push("IT\n");
    expect(got).toEqual(["PRIVMSG #dev :hi", "PRIVMSG #dev :again", "QUIT"]);
  });

  test("UTF-8 split between reads is one character; invalid UTF-8 is replaced, never passed on", () => {
    const { got, push } = reader();
    const text = Buffer.from("PRIVMSG #dev :héllo ☃\r\n", "utf8");
    push(text.subarray(0, 16));
    push(text.subarray(16));
    push(Uint8Array.from([...Buffer.from("USER a 0 * :"), 0xff, 0xfe, 0x41, 0x0d, 0x0a]));
    expect(got).toEqual(["PRIVMSG #dev :héllo ☃", "USER a 0 * :\ufffd\ufffdA"]);
  });

  test("a line over 512 bytes (tags aside, up to 4,096 of them) is dropped and told, once; the next line is read as ever", () => {
    const { got, push } = reader();
    const fits = `PRIVMSG #dev :${"x".repeat(510 - 14)}`;
    push(`${fits}\r\n`);
    push(`${fits}y\r\n`);
    // 4,096 bytes of tags with their "@" and space: the most a client may send.
    push(`@${"t".repeat(4094)} ${fits}\r\n`);
    push(`@${"t".repeat(4095)} ${fits}\r\n`);
    push("PING :ok\r\n");
    expect(got).toEqual([fits, "<too long>", `@${"t".repeat(4094)} ${fits}`, "<too long>", "PING :ok"]);
  });

  test("an endless line costs one mark and no memory past the limit; it ends at the next LF", () => {
    const { got, push } = reader();
    const chunk = new Uint8Array(4096).fill(0x61);
    for (let i = 0; i < 1000; i++) push(chunk);
    expect(got).toEqual(["<too long>"]);
    push("tail of it\r\nPING :after\r\n");
    expect(got).toEqual(["<too long>", "PING :after"]);
  });
});
