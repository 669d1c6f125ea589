import { describe, expect, test } from "bun:test";
import { LineDecoder, type LineEvent } from "../../src/telnet/line-decoder.ts";

function feedAll(decoder: LineDecoder, chunks: (string | number[])[]): LineEvent[] {
  return chunks.flatMap((chunk) =>
    decoder.feed(typeof chunk === "string" ? new TextEncoder().encode(chunk) : Uint8Array.from(chunk)),
  );
}

const lines = (...texts: string[]): LineEvent[] => texts.map((text) => ({ kind: "line", text }));

describe("line decoder", () => {
  test("ends lines at CR LF, CR NUL, bare LF and bare CR", () => {
    const decoder = new LineDecoder(100, 1000);
    expect(feedAll(decoder, ["a\r\nb\r", [0], "c\nd\re\n"])).toEqual(lines("a", "b", "c", "d", "e"));
  });

  test("a CR LF split across reads is one line end, not two", () => {
    const decoder = new LineDecoder(100, 1000);
    expect(feedAll(decoder, ["one\r", "\ntwo\r", [0], "three\r", "\n"])).toEqual(lines("one", "two", "three"));
  });

  test("a bare CR ends the line at once, without waiting for the next read", () => {
    const decoder = new LineDecoder(100, 1000);
    expect(feedAll(decoder, ["hello\r"])).toEqual(lines("hello"));
  });

  test("keeps empty lines", () => {
    expect(feedAll(new LineDecoder(100, 1000), ["\n\r\n"])).toEqual(lines("", ""));
  });

  test("tells telnet line ends (CR LF, CR NUL) from nc's bare LF", () => {
    const nc = new LineDecoder(100, 1000);
    feedAll(nc, ["hi\nthere\n"]);
    expect(nc.sawTelnetLineEnd).toBe(false);
    const telnet = new LineDecoder(100, 1000);
    feedAll(telnet, ["hi\r", "\n"]);
    expect(telnet.sawTelnetLineEnd).toBe(true);
    const characterMode = new LineDecoder(100, 1000);
    feedAll(characterMode, ["hi\r", [0]]);
    expect(characterMode.sawTelnetLineEnd).toBe(true);
  });

  test("decodes UTF-8 characters split across reads, byte by byte", () => {
    const bytes = [...new TextEncoder().encode("héllo wörld 日本 🎉\n")];
    const decoder = new LineDecoder(100, 1000);
    expect(feedAll(decoder, bytes.map((b) => [b]))).toEqual(lines("héllo wörld 日本 🎉"));
  });

  test("replaces invalid bytes and goes on", () => {
    const decoder = new LineDecoder(100, 1000);
    const events = feedAll(decoder, [[0x61, 0xff, 0x62, 0xc3], [0x0a], "ok\n", [0xe6, 0x97], "\n"]);
    expect(events).toEqual(lines("a\ufffdb\ufffd", "ok", "\ufffd"));
  });

  test("applies Backspace and DEL typed inside a line", () => {
    const decoder = new LineDecoder(100, 1000);
    expect(feedAll(decoder, ["helo\bl\x7flo\n", "日\bx\n", "\b\bz\n"])).toEqual(lines("hello", "x", "z"));
  });

  test("refuses a line over the limit, then accepts the next line", () => {
    const decoder = new LineDecoder(10, 1000);
    expect(feedAll(decoder, ["0123456789\n", "0123456789", "X\r\n", "fine\n"])).toEqual([
      { kind: "line", text: "0123456789" },
      { kind: "too-long", bytes: 11 },
      { kind: "line", text: "fine" },
    ]);
  });

  test("measures the limit in bytes, not characters", () => {
    const decoder = new LineDecoder(4, 1000);
    expect(feedAll(decoder, ["éé\n", "ééé\n"])).toEqual([
      { kind: "line", text: "éé" },
      { kind: "too-long", bytes: 6 },
    ]);
  });

  test("cuts off input that never ends a line, and takes nothing after", () => {
    const decoder = new LineDecoder(10, 100);
    const events = feedAll(decoder, ["ok\n", "x".repeat(60), "x".repeat(60), "late\n"]);
    expect(events).toEqual([
      { kind: "line", text: "ok" },
      { kind: "overflow", bytes: 120 },
    ]);
  });

  test("a line exactly at the hard cap is still only too long, not an overflow", () => {
    const decoder = new LineDecoder(10, 100);
    expect(feedAll(decoder, ["y".repeat(100), "\n", "next\n"])).toEqual([
      { kind: "too-long", bytes: 100 },
      { kind: "line", text: "next" },
    ]);
  });
});
