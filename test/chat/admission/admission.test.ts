import { describe, expect, test } from "bun:test";
import { setup, tryJoin } from "../chat-harness.ts";

describe("admission", () => {
  test("the listener limit refuses one member too many with a reason", () => {
    const { chat, join } = setup({ maxClients: 2 });
    join("a");
    join("b");
    expect(chat.admission.isFull()).toBe(true);
    const third = tryJoin(chat, "c", "web");
    expect(third.ok).toBe(false);
    if (!third.ok) expect(third.error.code).toBe("server-full");
  });
});
