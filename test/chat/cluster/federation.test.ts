import { describe, expect, test } from "bun:test";
import { Chat } from "../../../src/chat/chat.ts";
import type { BackendHost, RemotePresence } from "../../../src/chat/cluster/backend.ts";
import { LocalBackend } from "../../../src/chat/cluster/local-backend.ts";
import { ok, type Result } from "../../../src/chat/result.ts";
import { FakeClock } from "../../helpers/fake-clock.ts";
import { accountStamp } from "../../../src/chat/identity/account-stamp.ts";
import type { Account } from "../../../src/stores/account-store.ts";
import { codeOf, FakeSink, FINGERPRINT, immediate, tryJoin } from "../chat-harness.ts";

/**
 * A backend as a shared one behaves towards its host, but in this process: the test
 * plays the other instances by calling the host it was given (`BackendHost`).
 */
class SharedBackendStandIn extends LocalBackend {
  override readonly instance = "here";
  host!: BackendHost;
  /** What `comeBack` answers: "moved" when another instance had the member. */
  comesBackAs: "moved" | "new" = "new";
  relayed: unknown[] = [];

  override attach(host: BackendHost): void {
    this.host = host;
  }

  override comeBack(): Result<"moved" | "new"> {
    return ok(this.comesBackAs);
  }

  override relay(instance: string, request: unknown): Result<unknown> {
    this.relayed.push({ instance, request });
    return ok(undefined);
  }
}

function setup() {
  const clock = new FakeClock();
  const backend = new SharedBackendStandIn();
  const chat = new Chat({}, backend, clock);
  const join = (nick: string) => {
    const sink = new FakeSink();
    const joined = tryJoin(chat, nick, "telnet", sink);
    if (!joined.ok) throw new Error(joined.error.message);
    return { member: joined.value, sink };
  };
  return { chat, clock, backend, host: backend.host, join };
}

const bob: RemotePresence = { id: "bob-id", nick: "bob", room: "#lobby", transport: "web" };

describe("members of other instances", () => {
  test("are listed from a roll call, in the roster and their room, hold their nickname here, and are replaced by the next roll call", () => {
    const { chat, host, join } = setup();
    const alice = join("alice");
    host.rollCall("there", [bob, { id: "carol-id", nick: "carol", room: "#dev", transport: "ssh", marks: { away: "lunch" } }]);
    expect(chat.find("bob")).toMatchObject({ nick: "bob", instance: "there", isLocal: false, address: "" });
    expect(chat.find("carol")?.away).toBe("lunch");
    expect(chat.membersOf("#lobby").map((m) => m.nick)).toEqual(["alice", "bob"]);
    expect(chat.remoteCount).toBe(2);
    expect(tryJoin(chat, "B0b").ok).toBe(false);
    // What alice says is delivered here to alice only: bob's own instance delivers to him.
    expect(immediate(chat.input(alice.member, "hello")).ok).toBe(true);
    expect(alice.sink.of("message").map((e) => e.text)).toEqual(["hello"]);
    host.rollCall("there", [bob]);
    expect(chat.find("carol")).toBeUndefined();
    expect(chat.membersOf("#dev")).toEqual([]);
    host.forgetOthers();
    expect(chat.find("bob")).toBeUndefined();
    expect(tryJoin(chat, "bob").ok).toBe(true);
  });

  test("an event from another instance reaches the members here, and its presence change moves its member", () => {
    const { chat, host, join } = setup();
    const alice = join("alice");
    host.rollCall("there", [bob]);
    host.receive({ kind: "message", id: 100, at: 0, room: "#lobby", from: "bob", text: "hi from there" }, "there");
    expect(alice.sink.of("message").map((e) => e.text)).toEqual(["hi from there"]);
    host.receive({ kind: "leave", id: 101, at: 0, room: "#lobby", nick: "bob", reason: "moved to #dev" }, "there", {
      member: bob.id,
      now: { ...bob, room: "#dev" },
    });
    expect(chat.membersOf("#dev").map((m) => m.nick)).toEqual(["bob"]);
    expect(chat.membersOf("#lobby").map((m) => m.nick)).toEqual(["alice"]);
    host.receive({ kind: "leave", id: 102, at: 0, room: "#dev", nick: "bob", reason: "quit" }, "there", { member: bob.id, now: null });
    expect(chat.find("bob")).toBeUndefined();
  });

  test("a line a member of another instance types here is relayed to its instance, not run here", () => {
    const { chat, backend, host } = setup();
    host.rollCall("there", [bob]);
    expect(immediate(chat.input(chat.find("bob")!, "hello")).ok).toBe(true);
    expect(backend.relayed).toEqual([{ instance: "there", request: { member: bob.id, line: "hello" } }]);
  });

  test("this instance lists its own members for the others, and runs what they relay for them", () => {
    const { chat, host, join } = setup();
    const alice = join("alice");
    const tom = join("tom");
    host.rollCall("there", [bob]);
    expect(host.localPresence()).toEqual([
      { id: alice.member.id, nick: "alice", room: "#lobby", transport: "telnet" },
      { id: tom.member.id, nick: "tom", room: "#lobby", transport: "telnet" },
    ]);
    expect(immediate(host.relayed({ member: alice.member.id, line: "typed through another instance" })).ok).toBe(true);
    expect(tom.sink.of("message").map((e) => e.text)).toEqual(["typed through another instance"]);
    expect(immediate(host.relayed({ member: tom.member.id, leave: true })).ok).toBe(true);
    expect(tom.sink.closedWith).toBe("You left the chat.");
    expect(chat.find("tom")).toBeUndefined();
    expect(immediate(host.relayed({ member: "nobody", line: "x" })).ok).toBe(false);
  });
});

describe("the link to the shared store", () => {
  test("going down pauses the chat: everyone is told once, and moving rooms waits until it is back", () => {
    const { chat, host, join } = setup();
    const alice = join("alice");
    host.linkChanged("Redis is out of reach");
    host.linkChanged("Redis is out of reach");
    expect(alice.sink.told.filter((t) => t.includes("paused"))).toEqual(["The chat is paused: Redis is out of reach"]);
    expect(chat.paused).toBe("Redis is out of reach");
    const moved = immediate(chat.input(alice.member, "/join #dev"));
    expect(moved.ok || moved.error.code).toBe("chat-paused");
    host.linkChanged(undefined);
    expect(alice.sink.told.at(-1)).toBe("The chat is back: messages go through again.");
    expect(immediate(chat.input(alice.member, "/join #dev")).ok).toBe(true);
    expect(alice.member.room).toBe("#dev");
  });
});

describe("members moving between instances", () => {
  const request = (nick: string, id: string) => ({
    nick,
    identity: id,
    room: "#dev",
    transport: "web" as const,
    seat: { address: "10.0.0.2", addConnection: () => true, removeConnection() {}, release() {} },
  });

  test("one handed over from another instance is adopted quietly: no leave, no join, in the room it was in", async () => {
    const { chat, backend, host, join } = setup();
    const alice = join("alice");
    immediate(chat.input(alice.member, "/join #dev"));
    host.rollCall("there", [{ ...bob, room: "#dev" }]);
    backend.comesBackAs = "moved";
    const sink = new FakeSink();
    const coming = chat.comeBack(request("bob", bob.id), sink);
    expect(coming).toBeInstanceOf(Promise);
    const before = alice.sink.events.length;
    host.handedOver(bob.id, "there", "here", { nick: "bob", room: "#dev", transport: "web" });
    const adopted = await coming;
    expect(adopted.ok && adopted.value).toMatchObject({ nick: "bob", room: "#dev", isLocal: true });
    expect(sink.entered.map((e) => e.room)).toEqual(["#dev"]);
    expect(alice.sink.events.slice(before).filter((e) => e.kind === "join" || e.kind === "leave")).toEqual([]);
    expect(chat.membersOf("#dev").map((m) => [m.nick, m.isLocal])).toEqual([
      ["alice", true],
      ["bob", true],
    ]);
    expect(chat.remoteCount).toBe(0);
  });

  test("one whose handover never comes gives up after five seconds; a late handover then becomes its leave", async () => {
    const { chat, clock, backend, host, join } = setup();
    const alice = join("alice");
    backend.comesBackAs = "moved";
    const coming = chat.comeBack(request("bob", bob.id), new FakeSink());
    clock.advance(4999);
    await Bun.sleep(0);
    clock.advance(1);
    const gaveUp = await coming;
    expect(gaveUp.ok || gaveUp.error.code).toBe("chat-paused");
    host.handedOver(bob.id, "there", "here", { nick: "bob", room: "#lobby", transport: "web" });
    expect(alice.sink.of("leave").map((e) => [e.nick, e.reason])).toEqual([["bob", "connection lost"]]);
  });

  test("one of this instance handed over to another goes quietly, is told it moved, and is listed there", () => {
    const { chat, host, join } = setup();
    const alice = join("alice");
    const tom = join("tom");
    host.handedOver(tom.member.id, "here", "there", { nick: "tom", room: "#lobby", transport: "telnet" });
    expect(tom.sink.closedWith).toBe("Moved to another server.");
    expect(chat.find("tom")).toMatchObject({ instance: "there" });
    expect(alice.sink.of("leave")).toEqual([]);
  });

  test("a session that outlived a restart comes back as itself: the same identity, nickname and room, announced as a join", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    immediate(chat.input(alice.member, "/join #dev"));
    const sink = new FakeSink();
    const back = immediate(chat.comeBack(request("wendy", "wendy-id"), sink));
    expect(back.ok && [back.value.id, back.value.nick, back.value.room]).toEqual(["wendy-id", "wendy", "#dev"]);
    expect(alice.sink.of("join").map((e) => [e.room, e.nick])).toEqual([
      ["#lobby", "alice"],
      ["#dev", "alice"],
      ["#dev", "wendy"],
    ]);
  });
});

describe("a kept session coming back", () => {
  const seat = { address: "10.0.0.2", addConnection: () => true, removeConnection() {}, release() {} };
  const request = (provenAs?: string) => ({
    nick: "bob",
    identity: "bob-session",
    room: "#lobby",
    transport: "web" as const,
    seat,
    ...(provenAs === undefined ? {} : { provenAs }),
  });
  const owned: Account = { nick: "bob", keys: [FINGERPRINT] };
  const console = { watching: false, stop() {}, watch() {} };

  test("as a guest, after its nickname was registered meanwhile, is refused: it does not become the owner", async () => {
    const { chat, backend } = setup();
    await backend.accounts.save(owned);
    const back = await chat.comeBack(request(), new FakeSink());
    expect(back.ok ? "came back" : back.error.code).toBe("nick-owned");
    expect(chat.find("bob")).toBeUndefined();
  });

  test("as the owner it proved, holds its account again; after the name was registered anew by another, it is refused", async () => {
    const { chat, backend } = setup();
    await backend.accounts.save(owned);
    const back = await chat.comeBack(request(accountStamp(owned)), new FakeSink());
    expect(back.ok && back.value.account?.nick).toBe("bob");
    chat.leave(chat.find("bob")!, "left");
    await backend.accounts.save({ nick: "bob", keys: [], passwordHash: "$argon2id$someone-else" });
    const again = await chat.comeBack(request(accountStamp(owned)), new FakeSink());
    expect(again.ok ? "came back" : again.error.code).toBe("nick-owned");
  });

  test("with a nickname banned while it was away, is refused", async () => {
    const { chat } = setup();
    await chat.runConsole("ban bob 1h", console, () => {});
    const back = await chat.comeBack(request(), new FakeSink());
    expect(back.ok ? "came back" : back.error.code).toBe("banned");
  });

  test("moved from another instance, holds only the account it proved", async () => {
    const { chat, backend, host } = setup();
    await backend.accounts.save(owned);
    backend.comesBackAs = "moved";
    const guest = chat.comeBack(request(), new FakeSink());
    expect(await codeOf(guest)).toBe("nick-owned");
    const coming = chat.comeBack(request(accountStamp(owned)), new FakeSink());
    await Bun.sleep(0);
    host.handedOver("bob-session", "there", "here", { nick: "bob", room: "#lobby", transport: "web" });
    const back = await coming;
    expect(back.ok && back.value.account?.nick).toBe("bob");
  });
});
