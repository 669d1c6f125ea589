import { describe, expect, test } from "bun:test";
import { Chat } from "../../../src/chat/chat.ts";
import { LocalBackend } from "../../../src/chat/cluster/local-backend.ts";
import { MemoryHistory } from "../../../src/stores/memory-history.ts";
import { tryJoin } from "../chat-harness.ts";

describe("the local backend", () => {
  test("numbering continues from the history's last id", () => {
    const history = new MemoryHistory();
    const first = new Chat({}, new LocalBackend(history));
    tryJoin(first, "a");
    const second = new Chat({}, new LocalBackend(history));
    expect(second.lastEventId).toBe(first.lastEventId);
  });
});
