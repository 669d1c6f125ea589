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
