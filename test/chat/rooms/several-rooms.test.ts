import { describe, expect, test } from "bun:test";
import { immediate, setup } from "../chat-harness.ts";

describe("several rooms at once", () => {
  test("/join adds a room and makes it current: the member stays in the others, each sees one join, and each room's lines reach it once", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    immediate(chat.input(bob.member, "/join #dev"));
    immediate(chat.input(bob.member, "/join #ops"));
    expect(bob.member.rooms).toEqual(["#lobby", "#dev", "#ops"]);
    expect(bob.member.room).toBe("#ops");
    // No leave for moving on: #lobby saw bob join once, and nothing since.
    expect(alice.sink.of("leave")).toEqual([]);
    expect(alice.sink.of("join").map((e) => e.nick)).toEqual(["alice", "bob"]);
    immediate(chat.input(alice.member, "/join #dev"));
    for (const room of ["#lobby", "#dev"]) immediate(chat.input(alice.member, `in ${room}`, room));
    expect(bob.sink.of("message").map((e) => [e.room, e.text])).toEqual([
      ["#lobby", "in #lobby"],
      ["#dev", "in #dev"],
    ]);
    expect(chat.membersOf("#dev").map((m) => m.nick)).toEqual(["alice", "bob"]);
    expect(chat.membersOf("#lobby").map((m) => m.nick)).toEqual(["alice", "bob"]);
  });

  test("/join of a room one is in only makes it current: no event, the member's view changes", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    immediate(chat.input(bob.member, "/join #dev"));
    const events = alice.sink.events.length;
    expect(immediate(chat.input(bob.member, "/join #lobby")).ok).toBe(true);
    expect(bob.member.room).toBe("#lobby");
    expect(bob.sink.viewed).toEqual(["#lobby"]);
    expect(alice.sink.events.length).toBe(events);
    expect(bob.sink.entered.map((e) => e.room)).toEqual(["#lobby", "#dev"]);
  });

  test("/part leaves one room (the current one by default), lands in another of the member's, and #lobby when none is left", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    for (const room of ["#dev", "#ops"]) {
      immediate(chat.input(alice.member, `/join ${room}`));
      immediate(chat.input(bob.member, `/join ${room}`));
    }
    immediate(chat.input(bob.member, "/part #dev see you"));
    expect(bob.member.rooms).toEqual(["#lobby", "#ops"]);
    expect(bob.member.room).toBe("#ops");
    expect(alice.sink.of("leave").map((e) => [e.room, e.reason])).toEqual([["#dev", "left: see you"]]);
    immediate(chat.input(bob.member, "/part"));
    expect(bob.member.rooms).toEqual(["#lobby"]);
    expect(bob.sink.viewed.at(-1)).toBe("#lobby");
    const lobbyOnly = immediate(chat.input(bob.member, "/part"));
    expect(lobbyOnly.ok || lobbyOnly.error.message).toBe("You are only in #lobby; /quit leaves the chat.");
    const notIn = immediate(chat.input(bob.member, "/part #dev"));
    expect(notIn.ok || notIn.error.message).toBe("You are not in #dev.");
    // Out of #lobby and into #dev, then out of #dev: back in #lobby, joined before #dev is left.
    immediate(chat.input(bob.member, "/join #dev"));
    immediate(chat.input(bob.member, "/part #lobby"));
    expect(bob.member.rooms).toEqual(["#dev"]);
    immediate(chat.input(bob.member, "/part"));
    expect(bob.member.rooms).toEqual(["#lobby"]);
    const order = alice.sink.events.filter((e) => (e.kind === "join" || e.kind === "leave") && e.nick === "bob").map((e) => `${e.kind} ${"room" in e && e.room}`);
    expect(order.slice(-2)).toEqual(["join #lobby", "leave #dev"]);
  });

  test("quitting is one leave in each room; a rename and new marks are one event in each room", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    for (const room of ["#dev", "#ops"]) immediate(chat.input(bob.member, `/join ${room}`));
    immediate(chat.input(alice.member, "/join #dev"));
    immediate(chat.input(bob.member, "/nick robert"));
    expect(alice.sink.of("rename").map((e) => e.room)).toEqual(["#lobby", "#dev"]);
    immediate(chat.input(bob.member, "/away lunch"));
    expect(alice.sink.of("status").map((e) => e.room)).toEqual(["#lobby", "#dev"]);
    immediate(chat.input(bob.member, "/quit"));
    expect(alice.sink.of("leave").map((e) => e.room)).toEqual(["#lobby", "#dev"]);
    expect(chat.rooms().map((r) => r.name)).toEqual(["#dev", "#lobby"]);
  });

  test("what a line goes to: the room it was typed in when the client says, else the current room; a room one is not in is refused", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    immediate(chat.input(bob.member, "/join #dev"));
    immediate(chat.input(alice.member, "/join #dev"));
    immediate(chat.input(bob.member, "from the lobby tab", "#lobby"));
    immediate(chat.input(bob.member, "to the current room"));
    expect(alice.sink.of("message").map((e) => [e.room, e.text])).toEqual([
      ["#lobby", "from the lobby tab"],
      ["#dev", "to the current room"],
    ]);
    immediate(chat.input(bob.member, "/topic lobby things", "#lobby"));
    expect(chat.topicOf("#lobby")?.topic).toBe("lobby things");
    const elsewhere = immediate(chat.input(bob.member, "hi", "#ops"));
    expect(elsewhere.ok || elsewhere.error.message).toBe("You are not in #ops: /join #ops first.");
    immediate(chat.input(bob.member, "psst", "@alice"));
    expect(alice.sink.of("private").map((e) => e.text)).toEqual(["psst"]);
  });

  test("unread lines: others' conversation in a room not in view, counted by /rooms; viewing the room reads it", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    immediate(chat.input(alice.member, "/join #dev"));
    immediate(chat.input(bob.member, "/join #dev"));
    immediate(chat.input(bob.member, "/join #lobby"));
    for (const text of ["one", "two", "three"]) immediate(chat.input(alice.member, text, "#dev"));
    immediate(chat.input(bob.member, "my own line", "#dev"));
    expect(chat.moves.unread(bob.member, "#dev")).toBe(3);
    expect(chat.moves.unread(bob.member, "#lobby")).toBe(0);
    immediate(chat.input(bob.member, "/rooms"));
    expect(bob.sink.told.at(-1)).toBe("Rooms: #dev (2, yours, 3 unread), #lobby (2, you are here)");
    expect(chat.moves.view(bob.member, "#dev").ok).toBe(true);
    expect(bob.sink.viewed.at(-1)).toBe("#dev");
    immediate(chat.input(alice.member, "while bob reads #dev"));
    chat.moves.view(bob.member, "#lobby");
    // Read while in view: nothing unread there now.
    expect(chat.moves.unread(bob.member, "#dev")).toBe(0);
    chat.moves.read(bob.member, "#dev");
    const notIn = chat.moves.view(bob.member, "#ops");
    expect(notIn.ok || notIn.error.message).toBe("You are not in #ops: /join #ops first.");
  });

  test("unread lines name the member: as a word, in any case, said by someone else, in that room", () => {
    const { chat, join } = setup({ msgBurst: 50 });
    const alice = join("alice");
    const bob = join("bob");
    immediate(chat.input(alice.member, "/join #dev"));
    immediate(chat.input(bob.member, "/join #dev"));
    immediate(chat.input(bob.member, "/join #lobby"));
    for (const text of ["bob-bot is down", "kebob for lunch", "bobby is away"]) immediate(chat.input(alice.member, text, "#dev"));
    expect(chat.moves.unreadLines(bob.member, "#dev")).toEqual({ count: 3, mentioned: false });
    immediate(chat.input(alice.member, "ask BOB: he knows", "#dev"));
    expect(chat.moves.unreadLines(bob.member, "#dev")).toEqual({ count: 4, mentioned: true });
    expect(chat.moves.unreadLines(bob.member, "#lobby")).toEqual({ count: 0, mentioned: false });
  });

  test("limits: rooms per member and rooms in all, each refused with what to do", () => {
    const { chat, join } = setup({ maxRoomsPerMember: 3, maxRooms: 4, msgBurst: 50 });
    const bob = join("bob");
    for (const room of ["#a", "#b"]) expect(immediate(chat.input(bob.member, `/join ${room}`)).ok).toBe(true);
    const tooMany = immediate(chat.input(bob.member, "/join #c"));
    expect(tooMany.ok || tooMany.error.message).toBe("You are in 3 rooms, as many as one may be in: /part one first.");
    const alice = join("alice");
    expect(immediate(chat.input(alice.member, "/join #c")).ok).toBe(true);
    const full = immediate(chat.input(alice.member, "/join #d"));
    expect(full.ok || full.error.message).toBe("There are 4 rooms, as many as the chat holds: join one of them (/rooms lists them).");
    // An existing room is always open.
    expect(immediate(chat.input(alice.member, "/join #a")).ok).toBe(true);
  });

  test("a member is in a room from the newest event when it came in; back in a room it left, it is told the newest event when it left", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    immediate(chat.input(bob.member, "/join #dev"));
    const joinedAt = alice.sink.of("join").at(-1)?.id ?? 0;
    expect(bob.member.memberships.get("#dev")!.since).toBeLessThan(chat.lastEventId + 1);
    immediate(chat.input(bob.member, "said in dev"));
    const leftAt = chat.lastEventId;
    immediate(chat.input(bob.member, "/part"));
    immediate(chat.input(alice.member, "/join #dev"));
    immediate(chat.input(alice.member, "said while bob was away"));
    immediate(chat.input(bob.member, "/join #dev"));
    expect(bob.sink.entered.at(-1)).toMatchObject({ room: "#dev", seenUpTo: leftAt });
    expect(joinedAt).toBeGreaterThanOrEqual(0);
  });
});

describe("talking with one person alone", () => {
  test("/query NICK: typed lines go to them as privates until /query alone; neither is in a room's history", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    immediate(chat.input(bob.member, "/query alice"));
    expect(bob.sink.viewed).toEqual(["@alice"]);
    immediate(chat.input(bob.member, "just between us"));
    expect(alice.sink.of("private").map((e) => e.text)).toEqual(["just between us"]);
    expect(alice.sink.of("message")).toEqual([]);
    immediate(chat.input(bob.member, "/query"));
    expect(bob.sink.viewed.at(-1)).toBe("#lobby");
    immediate(chat.input(bob.member, "to everyone"));
    expect(alice.sink.of("message").map((e) => e.text)).toEqual(["to everyone"]);
    expect(chat.recent(alice.member).map((e) => e.kind)).toEqual(["message"]);
    expect(chat.recent(bob.member).map((e) => e.kind)).toEqual(["message"]);
    const self = immediate(chat.input(bob.member, "/query bob"));
    expect(self.ok || self.error.message).toBe("That is you: /query another nickname.");
    const gone = immediate(chat.input(bob.member, "/query nobody"));
    expect(gone.ok || gone.error.message).toBe("No one called nobody is here.");
  });
});

describe("moderation in several rooms", () => {
  test("a kick is one line in the room of the kicked member's, and a leave in each of its other rooms", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const troll = join("troll");
    immediate(chat.input(alice.member, "/join #dev"));
    immediate(chat.input(troll.member, "/join #dev"));
    immediate(chat.input(troll.member, "/join #lobby"));
    immediate(chat.moderation.kick(undefined, "troll", "spam"));
    expect(alice.sink.of("moderation").map((e) => [e.room, e.action])).toEqual([["#lobby", "kick"]]);
    // #lobby had the kick's line; #dev only sees troll go.
    expect(alice.sink.of("leave").map((e) => e.room)).toEqual(["#dev"]);
    expect(chat.membersOf("#dev").map((m) => m.nick)).toEqual(["alice"]);
    expect(troll.sink.closedWith).toBe("You were kicked by the console: spam");
  });
});
