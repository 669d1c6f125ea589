import { expect, test } from "bun:test";
import { Chat } from "../../src/chat/chat.ts";
import { FakeSink, immediate, tryJoin } from "./chat-harness.ts";
import { FakeClock } from "../helpers/fake-clock.ts";
import { LocalBackend } from "../../src/chat/cluster/local-backend.ts";

function joined(chat: Chat, nick: string) {
  const member = tryJoin(chat, nick, "telnet", new FakeSink());
  if (!member.ok) throw new Error(member.error.message);
  return member.value;
}

test("a resume carries every room of the member's and its privates; a room's history and its pages none", () => {
  const chat = new Chat({}, new LocalBackend(), new FakeClock());
  const [alice, bob] = [joined(chat, "alice"), joined(chat, "bob")];
  expect(chat.moves.join(alice, "#dev").ok).toBe(true);
  expect(chat.moves.join(bob, "#dev").ok).toBe(true);
  chat.moves.view(alice, "#lobby");
  const from = chat.lastEventId;
  expect(immediate(chat.say(bob, "in dev")).ok).toBe(true);
  expect(immediate(chat.whisper(bob, "alice", "psst")).ok).toBe(true);
  const missed = chat.since(alice, from)!.filter((event) => event.kind === "message" || event.kind === "private");
  expect(missed.map((event) => event.kind)).toEqual(["message", "private"]);
  for (const room of ["#lobby", "#dev"]) expect(chat.recent(alice, 50, undefined, room).some((event) => event.kind === "private")).toBe(false);
  expect(chat.conversation(alice, bob.id).map((event) => event.text)).toEqual(["psst"]);
  expect(chat.conversations(alice)).toEqual([{ with: bob.id, nick: "bob", lastId: chat.lastEventId }]);
  expect(chat.conversations(bob)).toEqual([{ with: alice.id, nick: "alice", lastId: chat.lastEventId }]);
});
