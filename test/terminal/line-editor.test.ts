import { describe, expect, test } from "bun:test";
import { KeyDecoder } from "../../src/terminal/key-decoder.ts";
import { LineEditor, type EditorAction } from "../../src/terminal/line-editor.ts";
import { OneRowTerminal } from "./one-row-terminal.ts";

/** An editor wired to a one-row terminal, typed at as a terminal would send keys. */
function setup({ columns = 40, maxBytes = 100, nicks = ["bob", "carol", "chris"] } = {}) {
  const editor = new LineEditor({ maxBytes, completions: () => nicks });
  const keys = new KeyDecoder();
  const terminal = new OneRowTerminal(columns);
  const actions: EditorAction[] = [];
  editor.setColumns(columns);
  editor.setPrompt("[ann] ");
  terminal.write(editor.render());
  return {
    editor,
    terminal,
    actions,
    type(input: string) {
      const result = editor.feed(keys.feed(input));
      terminal.write(result.output);
      actions.push(...result.actions);
      return result.output;
    },
  };
}

const LEFT = "\x1b[D", RIGHT = "\x1b[C", UP = "\x1b[A", DOWN = "\x1b[B", HOME = "\x1b[H", END = "\x1bOF";

describe("line editor", () => {
  test("echoes typing at the end of the line as just the typed text", () => {
    const { type, terminal } = setup();
    expect(type("h")).toBe("h");
    expect(type("ello")).toBe("ello");
    expect(terminal.row).toBe("[ann] hello");
    expect(terminal.cursor).toBe(11);
  });

  test("edits in the middle: arrows, Home, End, Backspace (DEL and ^H), Delete", () => {
    const { type, terminal, editor } = setup();
    type("helo wrld");
    type(LEFT.repeat(3) + "o");
    expect(terminal.row).toBe("[ann] helo world");
    type(HOME + RIGHT.repeat(3) + "l" + END + "\x7f\x08" + "d!");
    expect(editor.text).toBe("hello word!");
    type(HOME + "\x1b[3~");
    expect(terminal.row).toBe("[ann] ello word!");
    expect(terminal.cursor).toBe(6);
  });

  test("counts columns, not characters: CJK and emoji take two, a combining mark none", () => {
    const { type, terminal, editor } = setup();
    type("日本🎉e\u0301x");
    expect(terminal.cursor).toBe(6 + 2 + 2 + 2 + 1 + 1);
    type(LEFT + LEFT);
    expect(terminal.cursor).toBe(6 + 6);
    type("\x7f");
    expect(editor.text).toBe("日本e\u0301x");
    expect(terminal.row).toBe("[ann] 日本e\u0301x");
    expect(terminal.cursor).toBe(10);
    type(RIGHT + "\x7f");
    expect(editor.text).toBe("日本x");
  });

  test("Ctrl-U clears the line, Ctrl-W deletes a word, Ctrl-K deletes to the end", () => {
    const { type, editor, terminal } = setup();
    type("one two  three");
    type("\x17");
    expect(editor.text).toBe("one two  ");
    type(LEFT.repeat(6) + "\x0b");
    expect(editor.text).toBe("one");
    type("\x15");
    expect(editor.text).toBe("");
    expect(terminal.row).toBe("[ann]");
  });

  test("Enter (CR NUL, CR LF or LF) hands over the line and leaves an empty prompt", () => {
    const { type, actions, terminal } = setup();
    type("first\r\0second\r\nthird\n");
    expect(actions).toEqual([
      { kind: "submit", line: "first" },
      { kind: "submit", line: "second" },
      { kind: "submit", line: "third" },
    ]);
    expect(terminal.row).toBe("[ann]");
    expect(terminal.cursor).toBe(6);
  });

  test("Ctrl-C clears the line; Ctrl-D deletes under the cursor, and on an empty line asks to leave", () => {
    const { type, actions, editor } = setup();
    type("oops\x03");
    expect(editor.text).toBe("");
    type("ab" + LEFT + "\x04");
    expect(editor.text).toBe("a");
    expect(actions).toEqual([]);
    type("\x15\x04");
    expect(actions).toEqual([{ kind: "leave" }]);
  });

  test("Up and Down go through the user's own lines and back to the draft", () => {
    const { type, editor } = setup();
    type("one\rtwo\r\rtwo\r");
    type("draft" + UP);
    expect(editor.text).toBe("two");
    type(UP);
    expect(editor.text).toBe("one");
    type(UP);
    expect(editor.text).toBe("one");
    type(DOWN + DOWN);
    expect(editor.text).toBe("draft");
    type(UP + "!" + "\r" + UP);
    expect(editor.text).toBe("two!");
  });

  test("a refused line put back is edited again, cursor at its end, and is not also the newest history entry", () => {
    const { type, editor, terminal } = setup();
    type("one\r/frob two\r");
    expect(editor.putBack("/frob two")).toBe(true);
    terminal.write(editor.render());
    expect(terminal.row).toBe("[ann] /frob two");
    expect(terminal.cursor).toBe(6 + "/frob two".length);
    type(UP);
    expect(editor.text).toBe("one");
    type(DOWN);
    expect(editor.text).toBe("/frob two");
  });

  test("a refused line holding a password is never put back: the row shows it as stars, so typing on would glue the next line to it unseen", () => {
    // Issue 22: `/register short` came back as `/register *****`, and the next
    // `/register bobsecret123` was sent as `/register short/register bobsecret123`.
    const { type, editor, terminal } = setup();
    type("/register short\r");
    expect(editor.putBack("/register short")).toBe(false);
    expect(editor.putBack("  /IDENTIFY wrong")).toBe(false);
    terminal.write(editor.render());
    expect(terminal.row).toBe("[ann]");
    expect(terminal.cursor).toBe(6);
    type("/register bobsecret123");
    expect(editor.text).toBe("/register bobsecret123");
  });

  test("a line typed since is kept rather than replaced by a refused one", () => {
    const { type, editor } = setup();
    type("/frob\rtyped ahead");
    expect(editor.putBack("/frob")).toBe(false);
    expect(editor.text).toBe("typed ahead");
    type("\x15" + UP);
    expect(editor.text).toBe("/frob");
  });

  test("lines entered while the editor is told not to remember are not kept for Up", () => {
    let chatting = false;
    const editor = new LineEditor({ maxBytes: 100, completions: () => [], remembers: () => chatting });
    const keys = new KeyDecoder();
    editor.feed(keys.feed("my-nickname\r"));
    chatting = true;
    editor.feed(keys.feed("hello\r" + UP + UP));
    expect(editor.text).toBe("hello");
  });

  test("a password after /register, /identify or /password shows as stars, is sent as typed, and never comes back with Up", () => {
    const { type, terminal, actions, editor } = setup();
    type("/identify alice s3cret");
    expect(terminal.row).toBe("[ann] /identify " + "*".repeat(12));
    expect(terminal.cursor).toBe(6 + "/identify alice s3cret".length);
    type(LEFT + LEFT + "X");
    expect(terminal.row).toBe("[ann] /identify " + "*".repeat(13));
    type("\r");
    expect(actions).toEqual([{ kind: "submit", line: "/identify alice s3crXet" }]);
    type("hello\r" + UP + UP);
    expect(editor.text).toBe("hello");
    expect(terminal.row).toBe("[ann] hello");
  });

  test("Tab completes a nickname: 'nick: ' at the start, 'nick ' elsewhere, and cycles on", () => {
    const { type, editor } = setup();
    type("B\t");
    expect(editor.text).toBe("bob: ");
    type("\x15hi c\t");
    expect(editor.text).toBe("hi carol ");
    type("\t");
    expect(editor.text).toBe("hi chris ");
    type("\t");
    expect(editor.text).toBe("hi carol ");
    type("x z\t");
    expect(editor.text).toBe("hi carol x z");
  });

  test("Tab offers no name that would take the line past the byte limit", () => {
    const { type, editor } = setup({ maxBytes: 10, nicks: ["alexandra", "al"] });
    type("hi a\t");
    expect(editor.text).toBe("hi al ");
    type("\t");
    expect(editor.text).toBe("hi al ");
  });

  test("a burst of keys redraws the row once, however many keys change it", () => {
    const { type, terminal, editor } = setup({ columns: 40 });
    type("a".repeat(30));
    const output = type((LEFT + "\x0c" + HOME + END).repeat(500) + "b" + LEFT);
    expect(output.split("\r").length - 1).toBe(1);
    const fresh = new OneRowTerminal(40);
    fresh.write(editor.render());
    expect(terminal.row).toBe(fresh.row);
    expect(terminal.cursor).toBe(fresh.cursor);
  });

  test("a burst of Tabs searches the room once; the next press searches again", () => {
    let searches = 0;
    const editor = new LineEditor({ maxBytes: 100, completions: () => (searches++, ["bob"]) });
    editor.feed(new KeyDecoder().feed("x" + "\t".repeat(1000)));
    expect(searches).toBe(1);
    editor.feed([{ kind: "tab" }]);
    expect(searches).toBe(2);
  });

  test("stops taking text at the byte limit", () => {
    const { type, editor } = setup({ maxBytes: 5 });
    type("abcé");
    type("fg");
    expect(editor.text).toBe("abcé");
  });

  test("a line wider than the terminal scrolls sideways within one row", () => {
    const { type, terminal, editor } = setup({ columns: 20 });
    const text = "abcdefghijklmnopqrstuvwxyz0123456789";
    type(text);
    // 20 columns, 6 for the prompt, the last one kept free: 13 characters show.
    expect(terminal.row).toBe("[ann] " + text.slice(-13));
    expect(terminal.cursor).toBe(19);
    type(HOME);
    expect(terminal.row).toBe("[ann] " + text.slice(0, 13));
    expect(terminal.cursor).toBe(6);
    type(END + "日本語");
    expect(Bun.stringWidth(terminal.row)).toBeLessThanOrEqual(19);
    expect(terminal.row.endsWith("日本語")).toBe(true);
    expect(editor.text).toBe(text + "日本語");
  });

  test("whatever is typed, the row always equals a fresh redraw of the same state", () => {
    const pieces = ["a", "é", "日", "🎉", "\u0301", " ", LEFT, RIGHT, HOME, END, "\x7f", "\x1b[3~", "\x17", "\x0b", UP, DOWN, "\t", "b", "\r"];
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (const columns of [12, 20, 80]) {
      const { type, terminal, editor } = setup({ columns, maxBytes: 60 });
      for (let step = 0; step < 2000; step++) {
        type(pieces[next() % pieces.length]!);
        const fresh = new OneRowTerminal(columns);
        fresh.write(editor.render());
        expect(terminal.row).toBe(fresh.row);
        expect(terminal.cursor).toBe(fresh.cursor);
      }
    }
  });
});
