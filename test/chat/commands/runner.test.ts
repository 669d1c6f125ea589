import { describe, expect, test } from "bun:test";
import { immediate, setup } from "../chat-harness.ts";

describe("the table's rows", () => {
  test("an unknown command and extra arguments are explained", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const refusals = ["/dance", "/who is here"].map((line) => immediate(chat.input(alice.member, line)));
    expect(refusals.map((r) => !r.ok && r.error.message)).toEqual(["Unknown command /dance. Type /help for the list.", "Usage: /who"]);
  });
});
