import { describe, expect, test } from "bun:test";
import { Chat } from "../../../src/chat/chat.ts";
import { LocalBackend } from "../../../src/chat/cluster/local-backend.ts";
import type { RecordedEvent } from "../../../src/chat/events.ts";
import { MemoryHistory } from "../../../src/stores/memory-history.ts";
import { FakeClock } from "../../helpers/fake-clock.ts";
import { FakeSink, immediate, tryJoin } from "../chat-harness.ts";

/** A history whose disk can fill up: while `full`, nothing can be appended. */
class FillingHistory extends MemoryHistory {
  full = false;

  override append(event: RecordedEvent): void {
    if (this.full) throw new Error("SQLITE_FULL: database or disk is full");
    super.append(event);
  }
}

describe("the local backend", () => {
  test("numbering continues from the history's last id", () => {
    const history = new MemoryHistory();
    const first = new Chat({}, new LocalBackend(history));
    tryJoin(first, "a");
    const second = new Chat({}, new LocalBackend(history));
    expect(second.lastEventId).toBe(first.lastEventId);
  });

  test("while the history cannot be written, what is said is refused and comings and goings still happen; the cause is logged once", () => {
    const history = new FillingHistory();
    const logged: string[] = [];
    const chat = new Chat({}, new LocalBackend(history, (line) => logged.push(line)), new FakeClock());
    const aliceSink = new FakeSink();
    const alice = tryJoin(chat, "alice", "telnet", aliceSink);
    if (!alice.ok) throw new Error(alice.error.message);
    history.full = true;
    const refused = ["one", "two"].map((line) => immediate(chat.input(alice.value, line)));
    expect(refused.map((r) => !r.ok && r.error.code)).toEqual(["history-unavailable", "history-unavailable"]);
    expect(chat.historyWritable).toBe(false);
    expect(aliceSink.of("message")).toEqual([]);
    // A full disk keeps no one in or out.
    expect(tryJoin(chat, "bob").ok).toBe(true);
    expect(aliceSink.of("join").map((e) => e.nick)).toEqual(["alice", "bob"]);
    expect(logged).toEqual(["history: cannot write (SQLITE_FULL: database or disk is full); messages are refused until it can"]);
    history.full = false;
    expect(immediate(chat.input(alice.value, "three")).ok).toBe(true);
    expect(chat.historyWritable).toBe(true);
    expect(aliceSink.of("message").map((e) => e.text)).toEqual(["three"]);
    expect(logged.at(-1)).toBe("history: writing again; messages are accepted");
  });

  test("ids increase by one from event to event, whatever their kind, and never repeat over a failing write", () => {
    const history = new FillingHistory();
    const chat = new Chat({}, new LocalBackend(history), new FakeClock());
    const sink = new FakeSink();
    const alice = tryJoin(chat, "alice", "telnet", sink);
    if (!alice.ok) throw new Error(alice.error.message);
    immediate(chat.input(alice.value, "one"));
    history.full = true;
    immediate(chat.input(alice.value, "lost"));
    history.full = false;
    immediate(chat.input(alice.value, "two"));
    const ids = sink.events.flatMap((e) => ("id" in e ? [e.id] : []));
    expect(ids).toEqual([1, 2, 3]);
    expect(chat.lastEventId).toBe(3);
  });
});
