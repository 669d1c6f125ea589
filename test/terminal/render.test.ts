import { describe, expect, test } from "bun:test";
import type { ChatEvent } from "../../src/chat/events.ts";
import { mentions } from "../../src/chat/mentions.ts";
import { RenderedEvents, renderEvent, renderSystem } from "../../src/terminal/render.ts";
import { nickColour } from "../../src/terminal/terminal-style.ts";

// 09:05 local time, whatever the machine's time zone.
const at = new Date(2024, 0, 2, 9, 5).getTime();

const ann = { id: "id-ann", room: "#lobby" };
const bob = { id: "id-bob", room: "#lobby" };

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
    const event: ChatEvent = { kind: "private", id: 7, at, from: "ann", to: "bob", text: "psst", sender: ann, recipient: bob };
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
    const whisper: ChatEvent = { kind: "private", id: 10, at, from: "ann", to: "bob", text: "hi", sender: ann, recipient: bob };
    const toRecipient = rendered.bytesFor(whisper, "bob");
    const toSender = rendered.bytesFor(whisper, "ann");
    expect(toSender).not.toBe(toRecipient);
    expect(rendered.bytesFor(whisper, "ann")).toBe(toSender);
    expect(new TextDecoder().decode(toSender)).toContain("private to bob");
  });

  test("colours: nicknames keep one palette colour each, notices and system lines have their own", () => {
    const colour = { colour: true, timestamps: true };
    const message: ChatEvent = { kind: "message", id: 11, at, room: "#lobby", from: "Ann", text: "hi" };
    expect(renderEvent(message, "bob", colour)).toBe(`\x1b[2m[09:05]\x1b[0m <\x1b[${nickColour("ann")}mAnn\x1b[0m> hi\r\n`);
    expect(nickColour("ANN")).toBe(nickColour("ann"));
    const colours = new Set(["ann", "bob", "carol", "dave", "erin", "frank", "grace"].map(nickColour));
    expect(colours.size).toBeGreaterThan(3);
    expect(renderEvent({ kind: "join", id: 12, at, room: "#lobby", nick: "bob", transport: "web" }, "x", colour)).toBe(
      "\x1b[2m[09:05]\x1b[0m \x1b[2m*** bob joined #lobby (web)\x1b[0m\r\n",
    );
    expect(renderSystem("ok", colour)).toBe("\x1b[36m-!-\x1b[0m ok\r\n");
    expect(renderEvent({ kind: "system", at, text: "no", error: true }, "x", colour)).toBe("\x1b[31m-!- no\x1b[0m\r\n");
  });

  test("timestamps can be left out", () => {
    const message: ChatEvent = { kind: "message", id: 13, at, room: "#lobby", from: "ann", text: "hi" };
    expect(renderEvent(message, "bob", { colour: false, timestamps: false })).toBe("<ann> hi\r\n");
  });

  test("a mention is the viewer's nickname as a word, in someone else's message", () => {
    const said = (from: string, text: string): ChatEvent => ({ kind: "message", id: 14, at, room: "#lobby", from, text });
    expect(mentions(said("ann", "hi Bob!"), "bob")).toBe(true);
    expect(mentions(said("ann", "bob: there?"), "bob")).toBe(true);
    expect(mentions(said("ann", "bobby, hobo, bob_2"), "bob")).toBe(false);
    expect(mentions(said("bob", "I am bob"), "bob")).toBe(false);
    expect(mentions(said("ann", "a.b is here"), "a.b")).toBe(true);
    expect(mentions(said("ann", "axb is here"), "a.b")).toBe(false);
  });

  test("each variant (colour, timestamps, mention with or without bell) is encoded once, and only a live mention rings", () => {
    const rendered = new RenderedEvents();
    const event: ChatEvent = { kind: "message", id: 15, at, room: "#lobby", from: "ann", text: "hey bob" };
    const colour = { colour: true, timestamps: true };
    const live = rendered.bytesFor(event, "bob", colour, true);
    expect(rendered.bytesFor(event, "BOB", colour, true)).toBe(live);
    expect(new TextDecoder().decode(live)).toBe(`\x07\x1b[2m[09:05]\x1b[0m <\x1b[${nickColour("ann")}mann\x1b[0m> \x1b[1;7mhey bob\x1b[0m\r\n`);
    const replayed = new TextDecoder().decode(rendered.bytesFor(event, "bob", colour, false));
    expect(replayed).not.toContain("\x07");
    expect(replayed).toContain("\x1b[1;7mhey bob");
    // Others in colour share one rendering without highlight; plain viewers never get a bell.
    const other = rendered.bytesFor(event, "carol", colour, true);
    expect(rendered.bytesFor(event, "dave", colour, true)).toBe(other);
    expect(new TextDecoder().decode(rendered.bytesFor(event, "bob", { colour: false, timestamps: true }, true))).toBe(
      "[09:05] <ann> hey bob\r\n",
    );
  });
});

test("an answer's parts set apart (a /search's matched words) are bold where colours are on, plain text otherwise", () => {
  const event = { kind: "system", at: 0, text: "[#dev] <ann> the crème brûlée", emphasis: [[17, 22], [23, 29]] } as const;
  const coloured = renderEvent(event, "bob", { colour: true, timestamps: false });
  expect(coloured).toContain("\x1b[1mcrème\x1b[0m \x1b[1mbrûlée\x1b[0m");
  expect(renderEvent(event, "bob")).toBe("-!- [#dev] <ann> the crème brûlée\r\n");
});
