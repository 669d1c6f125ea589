import { describe, expect, test } from "bun:test";
import { KeyDecoder, type Key } from "../../src/terminal/key-decoder.ts";
import { randomPieces, split } from "../telnet/telnet-bytes.ts";

/** Decodes `input` fed in pieces, with text runs merged so splits compare equal. */
function keys(input: string, pieces: number[] = [input.length]): Key[] {
  const decoder = new KeyDecoder();
  const out: Key[] = [];
  for (const chunk of split(input, pieces))
    for (const key of decoder.feed(chunk)) {
      const last = out.at(-1);
      if (key.kind === "text" && last?.kind === "text") out[out.length - 1] = { kind: "text", text: last.text + key.text };
      else out.push(key);
    }
  return out;
}

const k = (...kinds: string[]) => kinds.map((kind) => (kind.startsWith("'") ? { kind: "text", text: kind.slice(1) } : { kind }));

describe("key decoder", () => {
  test("reads arrows, Home and End in their ESC [ and ESC O spellings", () => {
    const input = "\x1b[A\x1b[B\x1b[C\x1b[D\x1b[H\x1b[F\x1bOA\x1bOD\x1bOH\x1bOF\x1b[1~\x1b[4~\x1b[7~\x1b[8~\x1b[3~\x1b[1;5C";
    expect(keys(input)).toEqual(
      k("up", "down", "right", "left", "home", "end", "up", "left", "home", "end", "home", "end", "home", "end", "delete", "right") as Key[],
    );
  });

  test("reads control keys: both Backspaces, ^U, ^W, ^C, ^D, ^L, Tab, ^A, ^E, ^K", () => {
    expect(keys("a\x7fb\x08\x15\x17\x03\x04\x0c\t\x01\x05\x0b")).toEqual(
      k("'a", "backspace", "'b", "backspace", "clear-line", "delete-word", "interrupt", "eof", "redraw", "tab", "home", "end", "kill-to-end") as Key[],
    );
  });

  test("CR NUL, CR LF, bare CR and bare LF are each one Enter, even split across reads", () => {
    const input = "a\r\0b\r\nc\rd\ne";
    const expected = k("'a", "enter", "'b", "enter", "'c", "enter", "'d", "enter", "'e") as Key[];
    expect(keys(input)).toEqual(expected);
    for (let seed = 1; seed <= 50; seed++) expect(keys(input, randomPieces(input.length, seed))).toEqual(expected);
  });

  test("escape sequences split anywhere still make one key", () => {
    const input = "x\x1b[Dy\x1bOCz\x1b[3~w";
    const expected = k("'x", "left", "'y", "right", "'z", "delete", "'w") as Key[];
    for (let seed = 1; seed <= 50; seed++) expect(keys(input, randomPieces(input.length, seed))).toEqual(expected);
    expect(keys(input, input.split("").map(() => 1))).toEqual(expected);
  });

  test("unknown sequences, OSC-like garbage, lone ESC, other controls and bidi marks never become text", () => {
    const out = keys("a\x1b[99zb\x1bxc\x1b[" + "1;".repeat(20) + "d\x07\x1b\x1b[Ce\u202ef\u2066g\x9bh\x00i");
    const text = out.flatMap((key) => (key.kind === "text" ? [key.text] : [])).join("");
    expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(out).toContainEqual({ kind: "right" });
    expect(text).toContain("a");
    expect(text).toContain("efghi");
  });

  test("a paste of printable text is one text key", () => {
    expect(keys("héllo wörld 日本 🎉")).toEqual([{ kind: "text", text: "héllo wörld 日本 🎉" }]);
  });
});
