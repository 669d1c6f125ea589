import { describe, expect, test } from "bun:test";
import { isInlineType, sniffType, SNIFF_BYTES } from "../../src/files/sniff.ts";

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...new TextEncoder().encode(p)] : p)));

describe("sniffType", () => {
  test.each([
    ["image/png", bytes([0x89], "PNG", [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], "IHDR")],
    ["image/jpeg", bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], "JFIF")],
    ["image/gif", bytes("GIF89a", [1, 0, 1, 0])],
    ["image/gif", bytes("GIF87a", [1, 0, 1, 0])],
    ["image/webp", bytes("RIFF", [0x24, 0, 0, 0], "WEBPVP8 ")],
    ["application/pdf", bytes("%PDF-1.7\n%\xe2\xe3")],
    ["text/plain", bytes("just some words, ünïcödé too ✓\n\tand a tab\r\n")],
    ["image/svg+xml", bytes('<?xml version="1.0"?>\n<!-- drawn --><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ["image/svg+xml", bytes("\uFEFF  <svg>")],
    ["text/html", bytes("<!DOCTYPE html><html><body>hi</body></html>")],
    ["text/html", bytes("\n  <script>alert(1)</script>")],
    ["text/html", bytes("<HTML>")],
    ["application/octet-stream", bytes([0xc3, 0x28, 0x41])], // invalid UTF-8
    ["application/octet-stream", bytes("text with a NUL", [0], "inside")],
    ["application/octet-stream", bytes("RIFF", [0x24, 0, 0, 0], "WAVEfmt ")], // RIFF but not WebP
    ["application/octet-stream", new Uint8Array(0)],
  ])("%s", (type, input) => {
    expect(sniffType(input)).toBe(type);
  });

  test("a UTF-8 sequence cut at the end of the sniffed head is still text", () => {
    const text = "é".repeat(SNIFF_BYTES); // two bytes each: the head cuts mid-file, maybe mid-letter
    const input = new TextEncoder().encode("x" + text);
    expect(sniffType(input)).toBe("text/plain");
    // ...but a sequence cut short at the very end of a whole file is not.
    expect(sniffType(bytes("abc", [0xc3]))).toBe("application/octet-stream");
  });

  test("only plain images are shown inline, never SVG, HTML, PDF or text", () => {
    for (const type of ["image/png", "image/jpeg", "image/gif", "image/webp"]) expect(isInlineType(type)).toBe(true);
    for (const type of ["image/svg+xml", "text/html", "application/pdf", "text/plain", "application/octet-stream"]) expect(isInlineType(type)).toBe(false);
  });
});
