import { describe, expect, test } from "bun:test";
import type { ChatEvent } from "../../src/chat/events.ts";
import { RenderedEvents, renderEvent, renderSystem } from "../../src/telnet/render.ts";

// 09:05 local time, whatever the machine's time zone.
const at = new Date(2024, 0, 2, 9, 5).getTime();

describe("telnet rendering", () => {
  test("renders each kind of event as CR LF terminated lines with a local time", () => {
    const cases: [ChatEvent, string][] = [
      [{ kind: "message", id: 1, at, room: "#lobby", from: "ann", text: "hi all" }, "[09:05] <ann> hi all\r\n"],
      [{ kind: "action", id: 2, at, room: "#lobby", from: "ann", text: "waves" }, "[09:05] * ann waves\r\n"],
      [{ kind: "join", id: 3, at, room: "#lobby", nick: "bob", transport: "web" }, "[09:05] *** bob joined #lobby (web)\r\n"],
      [{ kind: "leave", id: 4, at, room: "#lobby", nick: "bob", reason: "quit" }, "[09:05] *** bob left #lobby (quit)\r\n"],
      [{ kind: "rename", id: 5, at, room: "#lobby", from: "bob", to: "rob" }, "[09:05] *** bob is now known as rob\r\n"],
      [{ kind: "notice", id: 6, at, text: "maintenance soon" }, "[09:05] *** NOTICE: maintenance soon\r\n"],
      [{ kind: "system", at, text: "Rooms:\n  #lobby (2)" }, "-!- Rooms:\r\n-!-   #lobby (2)\r\n"],
    ];
    for (const [event, expected] of cases) expect(renderEvent(event, "viewer")).toBe(expected);
  });

  test("a private message reads differently for its sender and its recipient", () => {
    const event: ChatEvent = { kind: "private", id: 7, at, from: "ann", to: "bob", text: "psst" };
    expect(renderEvent(event, "Bob")).toBe("[09:05] -> private from ann: psst\r\n");
    expect(renderEvent(event, "ANN")).toBe("[09:05] -> private to bob: psst\r\n");
  });

  test("nothing a user sent can reach the terminal as a control or escape sequence", () => {
    const nasty = "a\x1b[2J\x1b]0;title\x07b\x07c\x08d\x7fe\x9b31mf\u202eg\u2066h\r\ni\x00j\tk";
    const event: ChatEvent = { kind: "message", id: 8, at, room: "#lobby", from: "x\x1b[31my", text: nasty };
    const out = renderEvent(event, "viewer");
    expect(out.endsWith("\r\n")).toBe(true);
    const body = out.slice(0, -2);
    expect(body).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(body).toBe("[09:05] <xy> abcdefghij k");
    expect(renderSystem("ring\x07 \x1b[1mbold")).toBe("-!- ring bold\r\n");
  });

  test("encodes an event once and hands every recipient the same bytes", () => {
    const rendered = new RenderedEvents();
    const message: ChatEvent = { kind: "message", id: 9, at, room: "#lobby", from: "ann", text: "once" };
    const first = rendered.bytesFor(message, "bob");
    expect(rendered.bytesFor(message, "carol")).toBe(first);
    expect(new TextDecoder().decode(first)).toBe("[09:05] <ann> once\r\n");
  });

  test("keeps one rendering per variant of a private message", () => {
    const rendered = new RenderedEvents();
    const whisper: ChatEvent = { kind: "private", id: 10, at, from: "ann", to: "bob", text: "hi" };
    const toRecipient = rendered.bytesFor(whisper, "bob");
    const toSender = rendered.bytesFor(whisper, "ann");
    expect(toSender).not.toBe(toRecipient);
    expect(rendered.bytesFor(whisper, "ann")).toBe(toSender);
    expect(new TextDecoder().decode(toSender)).toContain("private to bob");
  });
});
