import { describe, expect, test } from "bun:test";
import { hashPassword } from "../../../src/chat/identity/passwords.ts";
import { nickKey } from "../../../src/chat/people/nickname.ts";
import { setup, setupWithStores } from "../chat-harness.ts";

const PASSWORD = { password: "correct-horse" };
const texts = (events: readonly { text: string }[]) => events.map((event) => event.text);

describe("conversations of an owned nickname", () => {
  test("follow its account: after leaving and joining again with a new id, its owner finds them, and so does the other side", async () => {
    const t = setupWithStores();
    const alice = await t.join("alice");
    await t.chat.input(alice.member, "/register correct-horse");
    const bob = await t.join("bob");
    await t.chat.input(alice.member, "/msg bob hi bob");
    // `/reply` finds the sender by who it is here, not by the party the private is filed under.
    expect((await t.chat.input(bob.member, "/reply hi alice")).ok).toBe(true);
    expect(texts(alice.sink.of("private"))).toEqual(["hi bob", "hi alice"]);
    alice.leave();

    const back = await t.join("alice", PASSWORD);
    expect(back.member.id).not.toBe(alice.member.id);
    expect(texts(t.chat.conversation(back.member, bob.member.id))).toEqual(["hi bob", "hi alice"]);
    expect(t.chat.conversations(back.member).map((c) => c.nick)).toEqual(["bob"]);
    expect(texts(t.chat.since(back.member, 0)!.filter((e) => e.kind === "private"))).toEqual(["hi bob", "hi alice"]);
    // bob's side: the alice here now is the same account, so the same conversation goes on.
    expect(texts(t.chat.conversation(bob.member, back.member.id))).toEqual(["hi bob", "hi alice"]);
    await t.chat.input(bob.member, "/msg alice still there?");
    expect(texts(back.sink.of("private"))).toEqual(["still there?"]);
    expect(texts(t.chat.conversation(back.member, bob.member.id))).toEqual(["hi bob", "hi alice", "still there?"]);
  });

  test("/identify mid-connection: what was said before stays visible in that connection; the next connection has the account's alone", async () => {
    const t = setupWithStores();
    const owner = await t.join("alice");
    await t.chat.input(owner.member, "/register correct-horse");
    const bob = await t.join("bob");
    await t.chat.input(owner.member, "/msg bob as the owner");
    owner.leave();

    const guest = await t.join("guest1");
    await t.chat.input(guest.member, "/msg bob as a guest");
    await t.chat.input(guest.member, "/identify alice correct-horse");
    expect(guest.member.account?.nick).toBe("alice");
    await t.chat.input(guest.member, "/msg bob as alice again");
    expect(texts(t.chat.conversation(guest.member, bob.member.id))).toEqual(["as the owner", "as a guest", "as alice again"]);
    expect(texts(t.chat.conversation(bob.member, guest.member.id))).toEqual(["as the owner", "as a guest", "as alice again"]);
    expect(t.chat.conversations(guest.member)).toHaveLength(1);
    guest.leave();

    const next = await t.join("alice", PASSWORD);
    expect(texts(t.chat.conversation(next.member, bob.member.id))).toEqual(["as the owner", "as alice again"]);
  });

  test("a nickname an SSH key owns: its conversations follow the key to its next connection", async () => {
    const t = setupWithStores();
    const bob = await t.join("bob");
    const carol = await t.join("carol", { key: "SHA256:carols" }, "ssh");
    // The key claims the free name once its account is saved (a turn later).
    await Bun.sleep(0);
    expect(carol.member.party).toBeDefined();
    await t.chat.input(carol.member, "/msg bob over ssh");
    carol.leave();
    const back = await t.join("carol", { key: "SHA256:carols" }, "ssh");
    expect(texts(t.chat.conversation(back.member, bob.member.id))).toEqual(["over ssh"]);
  });

  test("whoever registers the name again after /unregister never sees the account's privates", async () => {
    const t = setupWithStores();
    const alice = await t.join("alice");
    await t.chat.input(alice.member, "/register correct-horse");
    const bob = await t.join("bob");
    await t.chat.input(alice.member, "/msg bob for bob from the first alice");
    await t.chat.input(bob.member, "/msg alice for the first alice");
    expect((await t.chat.input(alice.member, "/unregister")).ok).toBe(true);
    alice.leave();

    const newcomer = await t.join("alice");
    const seen = () => [...t.chat.conversation(newcomer.member, bob.member.id), ...t.chat.since(newcomer.member, 0)!.filter((e) => e.kind === "private")];
    expect(seen()).toEqual([]);
    expect(t.chat.conversations(newcomer.member)).toEqual([]);
    await t.chat.input(newcomer.member, "/register another-horse");
    expect(newcomer.member.account?.nick).toBe("alice");
    expect(seen()).toEqual([]);
    expect(t.chat.conversations(newcomer.member)).toEqual([]);
    // bob still has the first alice's lines, under whom they were with.
    expect(t.chat.conversations(bob.member)).toHaveLength(1);
    expect(texts(t.chat.conversation(bob.member, newcomer.member.id))).toEqual([]);
  });

  test("an account from before parties follows its owner too, and is still no one else's once given up", async () => {
    const t = setupWithStores();
    // As stored before accounts had a party.
    await t.chat.owners.save({ nick: "alice", keys: [], passwordHash: await hashPassword("correct-horse") });
    const bob = await t.join("bob");
    const alice = await t.join("alice", PASSWORD);
    expect(alice.member.party).toBe(`account:${nickKey("alice")}`);
    await t.chat.input(alice.member, "/msg bob from an old account");
    alice.leave();
    const back = await t.join("alice", PASSWORD);
    expect(texts(t.chat.conversation(back.member, bob.member.id))).toEqual(["from an old account"]);
    await t.chat.input(back.member, "/unregister");
    back.leave();

    const taker = await t.join("alice");
    await t.chat.input(taker.member, "/register another-horse");
    expect(taker.member.party).not.toBe(alice.member.party);
    expect(t.chat.conversation(taker.member, bob.member.id)).toEqual([]);
  });
});

describe("conversations of a guest", () => {
  test("a guest taking a free nickname does not see a previous guest's privates", () => {
    const { chat, join } = setup();
    const first = join("alice");
    const bob = join("bob");
    chat.input(first.member, "/msg bob from the first guest");
    chat.input(bob.member, "/msg alice back to the first guest");
    chat.leave(first.member, "quit");

    const second = join("alice");
    expect(second.member.party).toBeUndefined();
    expect(chat.conversation(second.member, bob.member.id)).toEqual([]);
    expect(chat.conversations(second.member)).toEqual([]);
    expect(chat.since(second.member, 0)!.filter((e) => e.kind === "private")).toEqual([]);
    expect(chat.conversation(bob.member, second.member.id)).toEqual([]);
  });
});
