import { describe, expect, test } from "bun:test";
import { CharacterMode, type TypingAction } from "../../src/terminal/character-mode.ts";
import { OneRowTerminal } from "./one-row-terminal.ts";
import { randomPieces, split } from "../telnet/telnet-bytes.ts";

/** Character mode over a recording sink. */
function setup() {
  const written: string[] = [];
  const decoder = new TextDecoder();
  const mode = new CharacterMode(
    { write: (bytes) => written.push(decoder.decode(bytes)), prompt: () => "> " },
    { maxBytes: 200, hardCap: 1000, completions: () => [] },
  );
  mode.redraw();
  return { mode, written };
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe("character mode input", () => {
  test("multi-byte UTF-8 arriving byte by byte, or split anywhere, is echoed as whole characters", () => {
    const input = bytes("héllo 日本 🎉 e\u0301\r\0");
    for (const pieces of [input.map(() => 1), ...[1, 2, 3, 4].map((seed) => randomPieces(input.length, seed))]) {
      const { mode, written } = setup();
      const actions: TypingAction[] = [];
      for (const chunk of split(input, [...pieces])) actions.push(...mode.type(chunk));
      expect(actions).toEqual([{ kind: "submit", line: "héllo 日本 🎉 e\u0301" }]);
      expect(written.join("")).not.toContain("\ufffd");
    }
  });

  test("output clears the row once, and the row comes back once, after the burst", async () => {
    const { mode, written } = setup();
    mode.type(bytes("typing"));
    written.length = 0;
    mode.print(bytes("one\r\n"));
    mode.print(bytes("two\r\n"));
    // Typing while the row is cleared is not echoed into the middle of the output...
    mode.type(bytes("!"));
    expect(written).toEqual(["\r\x1b[K", "one\r\n", "two\r\n"]);
    await Promise.resolve();
    // ...the redraw shows it.
    expect(written.slice(3)).toEqual(["\r> typing!\x1b[K"]);
  });

  test("after stop, output still goes out but the prompt is not redrawn", async () => {
    const { mode, written } = setup();
    written.length = 0;
    mode.print(bytes("Goodbye!\r\n"));
    mode.stop();
    await Promise.resolve();
    expect(written).toEqual(["\r\x1b[K", "Goodbye!\r\n"]);
  });

  test("a line put back after its refusal is drawn once, by the redraw that follows the refusal", async () => {
    const { mode, written } = setup();
    mode.type(bytes("/frob\r"));
    written.length = 0;
    mode.print(bytes("-!- Unknown command /frob.\r\n"));
    mode.putBack("/frob");
    await Promise.resolve();
    expect(written).toEqual(["\r\x1b[K", "-!- Unknown command /frob.\r\n", "\r> /frob\x1b[K"]);
  });

  test("a narrower window redraws the row to fit", () => {
    const { mode, written } = setup();
    mode.type(bytes("x".repeat(30)));
    mode.setColumns(20);
    const terminal = new OneRowTerminal(20);
    terminal.write(written.at(-1)!);
    expect(terminal.row).toBe("> " + "x".repeat(17));
    expect(terminal.cursor).toBe(19);
  });
});
