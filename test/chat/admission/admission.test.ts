import { describe, expect, test } from "bun:test";
import { Admission } from "../../../src/chat/admission/admission.ts";
import { setup, tryJoin } from "../chat-harness.ts";

const limits = { maxClients: 100, maxPerAddress: 2, limitLoopback: false };

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

  test("a seat given back lets the next client in; giving it back twice frees one seat only", () => {
    const admission = new Admission({ ...limits, maxClients: 2 });
    const first = admission.admit("10.0.0.1");
    const second = admission.admit("10.0.0.2");
    if (!first.ok || !second.ok) throw new Error("refused");
    const refused = admission.admit("10.0.0.3");
    expect(!refused.ok && refused.error.message).toBe("The server is full (2 members); try again later.");
    expect(admission.refusedFull).toBe(1);
    first.value.release();
    first.value.release();
    expect(admission.seats).toBe(1);
    expect(admission.admit("10.0.0.3").ok).toBe(true);
    expect(admission.admit("10.0.0.4").ok).toBe(false);
  });

  test("one address takes at most --max-per-address places, a second tab's stream counting as one", () => {
    const admission = new Admission(limits);
    const tab = admission.admit("203.0.113.5");
    if (!tab.ok) throw new Error(tab.error.message);
    expect(tab.value.addConnection()).toBe(true);
    const refused = admission.admit("203.0.113.5");
    expect(!refused.ok && refused.error).toEqual({
      code: "too-many-from-address",
      message: "Too many connections from your address; close one and try again later.",
    });
    expect(tab.value.addConnection()).toBe(false);
    // Another address is not held back.
    expect(admission.admit("203.0.113.6").ok).toBe(true);
    tab.value.removeConnection();
    expect(admission.admit("203.0.113.5").ok).toBe(true);
  });

  test("a seat given back frees every place its connections held", () => {
    const admission = new Admission(limits);
    const tab = admission.admit("203.0.113.5");
    if (!tab.ok) throw new Error(tab.error.message);
    tab.value.addConnection();
    tab.value.release();
    // Released, it holds nothing and takes nothing more.
    expect(tab.value.addConnection()).toBe(false);
    expect([admission.admit("203.0.113.5").ok, admission.admit("203.0.113.5").ok]).toEqual([true, true]);
  });

  test("loopback is exempt from the per-address limit unless --limit-loopback", () => {
    for (const address of ["127.0.0.1", "::1", "::ffff:127.0.0.1"]) {
      const open = new Admission(limits);
      expect([1, 2, 3].map(() => open.admit(address).ok)).toEqual([true, true, true]);
      const limited = new Admission({ ...limits, limitLoopback: true });
      expect([1, 2, 3].map(() => limited.admit(address).ok)).toEqual([true, true, false]);
    }
  });

  test("once the chat stops, no one is let in, with the reason", () => {
    const { chat } = setup();
    chat.shutdown();
    const late = chat.admit("10.0.0.9");
    expect(!late.ok && late.error).toEqual({ code: "shutting-down", message: "The server is shutting down." });
  });

  test("a banned address is refused before it takes a seat", () => {
    const { chat } = setup({ maxClients: 1 });
    chat.runConsole("ban 198.51.100.7", { stop() {}, watch() {}, watching: false }, () => {});
    const banned = chat.admit("198.51.100.7");
    expect(!banned.ok && banned.error).toEqual({ code: "banned", message: "You are banned from this server." });
    expect(chat.admission.seats).toBe(0);
    expect(chat.admit("198.51.100.8").ok).toBe(true);
  });
});
