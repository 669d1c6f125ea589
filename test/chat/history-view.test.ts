import { describe, expect, test } from "bun:test";
import { immediate, setup } from "./chat-harness.ts";

describe("resuming", () => {
  test("since() returns exactly what came after an id, visible to the member", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    immediate(chat.input(alice.member, "one"));
    const mark = chat.lastEventId;
    immediate(chat.input(alice.member, "two"));
    immediate(chat.input(alice.member, "/msg bob private"));
    immediate(chat.input(alice.member, "three"));
    expect(chat.since(bob.member, mark)!.map((e) => ("text" in e ? e.text : e.kind))).toEqual(["two", "private", "three"]);
  });

  test("since() gives up, rather than skip, when more than a thousand events were missed", () => {
    const { chat, join } = setup({ msgRate: 1e6, msgBurst: 1e6 });
    const alice = join("alice");
    const mark = chat.lastEventId;
    for (let i = 0; i < 1000; i++) immediate(chat.input(alice.member, `m${i}`));
    expect(chat.since(alice.member, mark)).toHaveLength(1000);
    immediate(chat.input(alice.member, "one too many"));
    expect(chat.since(alice.member, mark)).toBeUndefined();
  });
});

describe("the history a member may see", () => {
  test("older pages: recent() before an id gives the newest events before it, oldest first", () => {
    const { chat, join } = setup({ historyOnJoin: 3 });
    const alice = join("alice");
    for (const text of ["one", "two", "three", "four", "five"]) immediate(chat.input(alice.member, text));
    const texts = (events: readonly { kind: string }[]) => events.map((e) => ("text" in e ? e.text : e.kind));
    const newest = chat.recent(alice.member);
    expect(texts(newest)).toEqual(["three", "four", "five"]);
    expect(texts(chat.recent(alice.member, 2, newest[0]!.id))).toEqual(["one", "two"]);
  });

  test("what a member is shown entering a room is that room's alone; resuming, its rooms' and no others'", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    const carol = join("carol");
    immediate(chat.input(bob.member, "/join #dev"));
    immediate(chat.input(carol.member, "/join #ops"));
    const mark = chat.lastEventId;
    immediate(chat.input(alice.member, "lobby only"));
    immediate(chat.input(bob.member, "dev only"));
    immediate(chat.input(carol.member, "ops only"));
    const text = (e: { kind: string }) => ("text" in e ? e.text : e.kind);
    expect(chat.since(bob.member, mark)!.map(text)).toEqual(["lobby only", "dev only"]);
    immediate(chat.input(alice.member, "/join #dev"));
    expect(alice.sink.entered.at(-1)!.history.map((e) => ("text" in e ? e.text : e.kind))).toEqual(["dev only"]);
  });

  test("entering a room shows its recent conversation without the lines of those the member ignores", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const troll = join("troll");
    const carol = join("carol");
    immediate(chat.input(alice.member, "/ignore troll"));
    for (const member of [troll, carol]) immediate(chat.input(member.member, "/join #dev"));
    immediate(chat.input(troll.member, "nobody likes me"));
    immediate(chat.input(carol.member, "hello dev"));
    immediate(chat.input(alice.member, "/join #dev"));
    expect(alice.sink.entered.at(-1)!.history.map((e) => "text" in e && e.text)).toEqual(["hello dev"]);
  });
});
