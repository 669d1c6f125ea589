import { describe, expect, test } from "bun:test";
import { Chat } from "../../../src/chat/chat.ts";
import type { BackendHost, PresenceChange, RemotePresence } from "../../../src/chat/cluster/backend.ts";
import { LocalBackend } from "../../../src/chat/cluster/local-backend.ts";
import type { NewEvent, RecordedEvent, Transport } from "../../../src/chat/events.ts";
import { FakeClock } from "../../helpers/fake-clock.ts";
import { FakeSink, immediate, tryJoin } from "../chat-harness.ts";

/** A local backend that keeps the host the chat attaches, to speak to it as a shared backend would. */
class HostCapturingBackend extends LocalBackend {
  #host: BackendHost | undefined;

  override attach(host: BackendHost): void {
    this.#host = host;
  }

  get host(): BackendHost {
    if (!this.#host) throw new Error("the chat did not attach");
    return this.#host;
  }
}

/** A chat whose backend tells it about other instances; `logged` holds what it logged. */
function withOtherInstances() {
  const backend = new HostCapturingBackend();
  const logged: string[] = [];
  const chat = new Chat({}, backend, new FakeClock(), (line) => logged.push(line));
  const join = (nick: string, transport: Transport = "telnet") => {
    const sink = new FakeSink();
    const joined = tryJoin(chat, nick, transport, sink);
    if (!joined.ok) throw new Error(joined.error.message);
    return { member: joined.value, sink };
  };
  let nextId = 1000;
  /** An event of another instance, in the one order, with the presence change it makes. */
  const receive = (fields: NewEvent, instance: string, change?: PresenceChange) =>
    backend.host.receive({ ...fields, id: nextId++, at: 0 } as RecordedEvent, instance, change);
  return { chat, host: backend.host, logged, join, receive };
}

const rita: RemotePresence = { id: "id-rita", nick: "rita", room: "#lobby", transport: "web" };
const sam: RemotePresence = { id: "id-sam", nick: "sam", room: "#dev", transport: "ssh", marks: { away: "lunch" } };

describe("members of other instances", () => {
  test("a roll call lists another instance's members in their rooms, counted apart from this instance's", () => {
    const { chat, host, join } = withOtherInstances();
    const alice = join("alice");
    host.rollCall("b", [rita, sam]);
    expect(chat.membersOf("#lobby").map((m) => m.nick)).toEqual(["alice", "rita"]);
    expect(chat.rooms()).toEqual([
      { name: "#dev", members: 1, topic: undefined },
      { name: "#lobby", members: 2, topic: undefined },
    ]);
    expect([chat.memberCount, chat.remoteCount]).toEqual([3, 2]);
    expect(chat.countByTransport()).toEqual({ telnet: 1, ssh: 0, web: 0, irc: 0 });
    expect(chat.find("SAM")).toMatchObject({ nick: "sam", room: "#dev", instance: "b", isLocal: false, away: "lunch" });
    immediate(chat.input(alice.member, "/who"));
    expect(alice.sink.told.at(-1)).toBe("2 in #lobby: alice (telnet), rita (web)");
    immediate(chat.input(alice.member, "/whois sam"));
    expect(alice.sink.told.at(-1)).toBe("sam: on ssh, in #dev, connected to b, away: lunch, nickname not registered");
  });

  test("the console's who names the instance of each member of another one", () => {
    const { chat, host, join } = withOtherInstances();
    join("alice");
    host.rollCall("b", [rita]);
    const printed: string[] = [];
    chat.runConsole("who", { stop() {}, watch() {}, watching: false }, (text) => printed.push(text));
    expect(printed).toEqual(["2 online, 1 of them on other instances\n  alice (telnet, #lobby, 10.0.0.1)\n  rita (web, #lobby, on b)"]);
  });

  test("another instance's members hold their nicknames here, and look-alikes of them", () => {
    const { chat, host } = withOtherInstances();
    host.rollCall("b", [{ ...rita, nick: "bob0" }]);
    for (const nick of ["BOB0", "bobO"]) {
      const refused = tryJoin(chat, nick);
      expect(!refused.ok && refused.error.code).toBe("nick-taken");
    }
  });

  test("a roll call replaces what was known of its instance, and of no other", () => {
    const { chat, host } = withOtherInstances();
    host.rollCall("b", [rita, sam]);
    host.rollCall("c", [{ id: "id-carl", nick: "carl", room: "#dev", transport: "telnet" }]);
    host.rollCall("b", [rita]);
    expect(chat.allMembers().map((m) => `${m.nick}@${m.instance}`)).toEqual(["carl@c", "rita@b"]);
    expect(chat.membersOf("#dev").map((m) => m.nick)).toEqual(["carl"]);
    expect(tryJoin(chat, "sam").ok).toBe(true);
  });

  test("the presence change that comes with an event moves, renames and removes another instance's member", () => {
    const { chat, host, join, receive } = withOtherInstances();
    const alice = join("alice");
    host.rollCall("b", [rita]);
    receive({ kind: "leave", room: "#lobby", nick: "rita", reason: "moved to #dev" }, "b", { member: rita.id, now: { ...rita, room: "#dev" } });
    expect(chat.membersOf("#lobby").map((m) => m.nick)).toEqual(["alice"]);
    expect(chat.membersOf("#dev").map((m) => m.nick)).toEqual(["rita"]);
    // The event itself reaches the members here as any other.
    expect(alice.sink.of("leave").at(-1)).toMatchObject({ nick: "rita", reason: "moved to #dev" });
    receive({ kind: "rename", room: "#dev", from: "rita", to: "rita2" }, "b", { member: rita.id, now: { ...rita, nick: "rita2", room: "#dev" } });
    expect(chat.find("rita")).toBeUndefined();
    expect(chat.find("rita2")).toMatchObject({ id: rita.id, room: "#dev" });
    receive({ kind: "leave", room: "#dev", nick: "rita2", reason: "quit" }, "b", { member: rita.id, now: null });
    expect(chat.remoteCount).toBe(0);
    expect(chat.rooms().map((r) => r.name)).toEqual(["#lobby"]);
    expect(tryJoin(chat, "rita2").ok).toBe(true);
  });

  test("when the shared store lost its data, every member of another instance is forgotten until the next roll call", () => {
    const { chat, host, join } = withOtherInstances();
    join("alice");
    host.rollCall("b", [rita]);
    host.rollCall("c", [sam]);
    host.forgetOthers();
    expect(chat.allMembers().map((m) => m.nick)).toEqual(["alice"]);
    expect(chat.remoteCount).toBe(0);
    expect(chat.rooms().map((r) => r.name)).toEqual(["#lobby"]);
  });

  test("a listing of a nickname a member here has is not listed twice, and is logged", () => {
    const { chat, host, join, logged } = withOtherInstances();
    const alice = join("alice");
    host.rollCall("b", [{ ...rita, nick: "Alice" }]);
    expect(chat.find("alice")).toBe(alice.member);
    expect(chat.remoteCount).toBe(0);
    expect(logged).toContain("b lists Alice, who is a member here; not listed twice until one gives the name up");
  });

  test("a member here who must give up a name the other held first is renamed, told why, and the other is listed", async () => {
    const { chat, host, join } = withOtherInstances();
    const alice = join("alice");
    host.rollCall("b", [{ ...rita, nick: "Alice" }]);
    host.nickLost(alice.member.id);
    await Bun.sleep(0);
    expect(alice.member.nick).toBe("alice_");
    expect(alice.sink.told.at(-1)).toBe(
      "Your nickname alice was held by someone else before the chat's shared store restarted empty, and they keep it; you are now alice_ (/nick to choose another).",
    );
    expect(chat.find("Alice")).toMatchObject({ id: "id-rita", instance: "b" });
  });

  test("the members to register again are this instance's own, with their marks when they have some", () => {
    const { chat, host, join } = withOtherInstances();
    const alice = join("alice");
    const bob = join("bob", "web");
    immediate(chat.input(bob.member, "/away lunch"));
    host.rollCall("b", [rita]);
    expect(host.localPresence()).toEqual([
      { id: alice.member.id, nick: "alice", room: "#lobby", transport: "telnet" },
      { id: bob.member.id, nick: "bob", room: "#lobby", transport: "web", marks: { away: "lunch" } },
    ]);
  });

  test("a member of another instance who proved an account is listed with its party: privates to and from it are filed under it, and /reply finds it", () => {
    const { chat, host, join, receive } = withOtherInstances();
    const alice = join("alice");
    host.rollCall("b", [{ ...rita, marks: { registered: true }, party: "account:rita:1" }]);
    immediate(chat.input(alice.member, "/msg rita hello"));
    expect(alice.sink.of("private").at(-1)).toMatchObject({ sender: { id: alice.member.id }, recipient: { id: "account:rita:1" } });
    receive({ kind: "private", from: "rita", to: "alice", text: "hi back", sender: { id: "account:rita:1" }, recipient: { id: alice.member.id } }, "b");
    expect(alice.sink.of("private").at(-1)?.text).toBe("hi back");
    immediate(chat.input(alice.member, "/reply and again"));
    expect(alice.sink.of("private").at(-1)).toMatchObject({ to: "rita", text: "and again", recipient: { id: "account:rita:1" } });
    // Found by rita's id, under her party (this backend's history holds what this instance recorded).
    expect(chat.conversation(alice.member, rita.id).map((e) => e.text)).toEqual(["hello", "and again"]);
  });
});

describe("the link to the shared store", () => {
  test("down, every member here is told once and moves are refused; back up, they are told so once", () => {
    const { chat, host, join } = withOtherInstances();
    const alice = join("alice");
    const bob = join("bob", "web");
    host.linkChanged("the shared store is out of reach");
    host.linkChanged("the shared store is out of reach");
    expect(chat.paused).toBe("the shared store is out of reach");
    for (const sink of [alice.sink, bob.sink])
      expect(sink.of("system").map((e) => [e.text, e.error])).toEqual([["The chat is paused: the shared store is out of reach", true]]);
    const move = immediate(chat.input(alice.member, "/join #dev"));
    expect(!move.ok && move.error).toEqual({ code: "chat-paused", message: "the shared store is out of reach" });
    expect(alice.member.room).toBe("#lobby");
    host.linkChanged(undefined);
    host.linkChanged(undefined);
    expect(chat.paused).toBeUndefined();
    expect(bob.sink.told).toEqual(["The chat is paused: the shared store is out of reach", "The chat is back: messages go through again."]);
    expect(immediate(chat.input(alice.member, "/join #dev")).ok).toBe(true);
  });
});
