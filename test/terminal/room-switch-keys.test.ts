import { describe, expect, test } from "bun:test";
import { Hotlist } from "../../src/terminal/hotlist.ts";
import { KeyDecoder } from "../../src/terminal/key-decoder.ts";
import { LineEditor } from "../../src/terminal/line-editor.ts";

describe("keys that switch rooms", () => {
  test("Alt and a digit comes as ESC digit, xterm's modifyOtherKeys and CSI u forms, split anywhere", () => {
    for (const input of ["\x1b3", "\x1b[27;3;51~", "\x1b[51;3u"]) {
      const keys = new KeyDecoder();
      const decoded = [...input].flatMap((char) => keys.feed(char));
      expect(decoded).toEqual([{ kind: "window", number: 3 }]);
    }
    // ESC 0 and Alt with a letter are no room: the ESC is dropped, as before, the key typed.
    expect(new KeyDecoder().feed("\x1b0a\x1bxb")).toEqual([{ kind: "text", text: "0axb" }]);
  });

  test("Ctrl-N and Ctrl-P switch rooms; Up and Down still go through the history", () => {
    expect(new KeyDecoder().feed("\x0e\x10\x1b[A\x1b[B")).toEqual([{ kind: "next-room" }, { kind: "previous-room" }, { kind: "up" }, { kind: "down" }]);
    const editor = new LineEditor({ maxBytes: 100, completions: () => [] });
    editor.feed([{ kind: "text", text: "said" }, { kind: "enter" }]);
    editor.feed([{ kind: "text", text: "draft" }]);
    const switched = editor.feed([{ kind: "next-room" }, { kind: "previous-room" }, { kind: "window", number: 2 }]);
    expect(switched.actions).toEqual([
      { kind: "switch", to: "next" },
      { kind: "switch", to: "previous" },
      { kind: "switch", to: 2 },
    ]);
    // The line typed is kept as it is, and Up still recalls the last one.
    expect(editor.text).toBe("draft");
    editor.feed([{ kind: "up" }]);
    expect(editor.text).toBe("said");
  });
});

describe("the hotlist", () => {
  test("numbers rooms by their place among the member's, counts lines, marks a mention, keeps short", () => {
    const hotlist = new Hotlist();
    const rooms = ["#lobby", "#dev", "#ops", "#a-very-long-room-name", "#e", "#f", "#g"];
    expect(hotlist.text(rooms)).toBe("");
    hotlist.note("#ops", false);
    hotlist.note("#dev", false);
    hotlist.note("#dev", true);
    hotlist.note("#dev", false);
    expect(hotlist.text(rooms)).toBe("[2:#dev 3!, 3:#ops 1]");
    for (let i = 0; i < 150; i++) hotlist.note("#a-very-long-room-name", false);
    for (const room of ["#e", "#f", "#g"]) hotlist.note(room, false);
    expect(hotlist.text(rooms)).toBe("[2:#dev 3!, 3:#ops 1, 4:#a-very-l… 99+, 5:#e 1, +2]");
    expect(hotlist.clear("#dev")).toBe(true);
    expect(hotlist.clear("#dev")).toBe(false);
    // A room the member is no longer in is not shown.
    expect(hotlist.text(["#lobby", "#ops"])).toBe("[2:#ops 1]");
  });
});
