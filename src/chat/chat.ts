import { systemClock, type Clock } from "./clock.ts";
import { runCommand } from "./commands.ts";
import { fail, ok, type Result } from "./errors.ts";
import type { ChatEvent, NewEvent, RecordedEvent, Transport } from "./events.ts";
import { MemoryHistory, type HistoryStore } from "./history.ts";
import { Member, type MemberSink } from "./member.ts";
import { validateNick } from "./nickname.ts";
import { TokenBucket } from "./rate-limit.ts";
import { byNick, Room } from "./room.ts";
import { LOBBY } from "./room-name.ts";
import { cleanText, utf8Length } from "./text.ts";

export interface ChatOptions {
  /** Members connected at once, both transports together (the classic "listener limit"). */
  maxClients: number;
  /** Longest message in UTF-8 bytes. */
  maxLine: number;
  /** Messages per second per member, on average. */
  msgRate: number;
  /** Messages a member may send at once before the rate applies (a short paste). */
  msgBurst: number;
  /** How many past events a newcomer sees. */
  historyOnJoin: number;
}

const DEFAULT_CHAT_OPTIONS: ChatOptions = {
  maxClients: 1000,
  maxLine: 2048,
  msgRate: 5,
  msgBurst: 10,
  historyOnJoin: 50,
};

export interface JoinRequest {
  nick: string;
  transport: Transport;
  address: string;
}

/** Counters for /metrics. */
export interface ChatStats {
  messages: number;
  joins: number;
  leaves: number;
  refusedJoins: number;
}

/**
 * The chat itself: members, rooms, history and commands. It knows nothing about
 * sockets, HTTP or HTML; transports hand it lines and it hands them events.
 */
export class Chat {
  readonly options: ChatOptions;
  readonly stats: ChatStats = { messages: 0, joins: 0, leaves: 0, refusedJoins: 0 };
  readonly #rooms = new Map<string, Room>();
  readonly #byNick = new Map<string, Member>();
  readonly #observers: ((event: RecordedEvent) => void)[] = [];
  #lastId: number;
  #closed = false;

  constructor(
    options: Partial<ChatOptions> = {},
    readonly history: HistoryStore = new MemoryHistory(),
    readonly clock: Clock = systemClock,
    private readonly log: (line: string) => void = () => {},
  ) {
    this.options = { ...DEFAULT_CHAT_OPTIONS, ...options };
    this.#lastId = history.lastId();
    this.#rooms.set(LOBBY, new Room(LOBBY));
  }

  get memberCount(): number {
    return this.#byNick.size;
  }

  /** True when no one else can join; transports check it to refuse early. */
  isFull(): boolean {
    return this.#byNick.size >= this.options.maxClients;
  }

  /** Calls `observer` with every event as it is recorded (logging, metrics, replication). */
  observe(observer: (event: RecordedEvent) => void): void {
    this.#observers.push(observer);
  }

  /** Checks that `nick` is well-formed and free. */
  checkNick(raw: string, except?: Member): Result<string> {
    const valid = validateNick(raw);
    if (!valid.ok) return valid;
    const holder = this.find(valid.value);
    if (holder && holder !== except)
      return fail("nick-taken", `The nickname ${valid.value} is taken; please pick another.`);
    return valid;
  }

  /**
   * Adds a member to #lobby: hands it the room's recent history, then announces the join.
   * Refused (with a reason) for a bad or taken nickname or a full server.
   */
  join(request: JoinRequest, sink: MemberSink): Result<Member> {
    if (this.#closed) return fail("shutting-down", "The server is shutting down.");
    const nick = this.checkNick(request.nick);
    if (!nick.ok) return nick;
    if (this.isFull()) {
      this.stats.refusedJoins++;
      return fail("server-full", `The server is full (${this.options.maxClients} members); try again later.`);
    }
    const bucket = new TokenBucket(this.options.msgRate, this.options.msgBurst, this.clock);
    const member = new Member(nick.value, request.transport, request.address, LOBBY, sink, bucket);
    this.#byNick.set(member.nick.toLowerCase(), member);
    this.stats.joins++;
    this.log(`join ${member.nick} (${member.transport} ${member.address})`);
    this.#enter(member, LOBBY);
    return ok(member);
  }

  /**
   * Handles one line a member typed: a `/command`, the classic `{quit}`, or a message.
   * Answers to mistakes go to the member alone as system events.
   */
  input(member: Member, line: string): void {
    if (!this.#byNick.has(member.nick.toLowerCase())) return;
    const trimmed = line.trim();
    // Pressing Enter on an empty line is not a mistake worth an answer.
    if (!trimmed) return;
    if (trimmed === "{quit}") return this.quit(member, "");
    if (trimmed.startsWith("/") && !trimmed.startsWith("//")) {
      const result = runCommand(this, member, trimmed);
      if (!result.ok) this.tell(member, result.error.message, true);
      return;
    }
    // "//text" sends "/text" as a message.
    const said = this.say(member, trimmed.startsWith("//") ? trimmed.slice(1) : line);
    if (!said.ok) this.tell(member, said.error.message, true);
  }

  /** Posts a message (or, with `action`, a /me) to the member's room. */
  say(member: Member, raw: string, action = false): Result<RecordedEvent> {
    const text = this.#checkText(member, raw);
    if (!text.ok) return text;
    this.stats.messages++;
    const kind = action ? "action" : "message";
    return ok(this.#publish({ kind, room: member.room, from: member.nick, text: text.value }));
  }

  /** Sends a private message. */
  whisper(member: Member, to: string, raw: string): Result<RecordedEvent> {
    const target = this.find(to);
    if (!target) return fail("no-such-nick", `No one called ${to} is here.`);
    const text = this.#checkText(member, raw);
    if (!text.ok) return text;
    this.stats.messages++;
    return ok(this.#publish({ kind: "private", from: member.nick, to: target.nick, text: text.value }));
  }

  /** Changes a member's nickname and tells their room. */
  rename(member: Member, raw: string): Result<string> {
    const nick = this.checkNick(raw, member);
    if (!nick.ok) return nick;
    const from = member.nick;
    if (from === nick.value) return ok(from);
    this.#byNick.delete(from.toLowerCase());
    member.nick = nick.value;
    this.#byNick.set(member.nick.toLowerCase(), member);
    this.#rooms.get(member.room)?.renamed();
    this.log(`rename ${from} -> ${member.nick}`);
    this.#publish({ kind: "rename", room: member.room, from, to: member.nick });
    return ok(member.nick);
  }

  /** Moves a member to `room` (already validated), creating it if needed. */
  moveTo(member: Member, room: string): void {
    if (member.room === room) return;
    this.#exit(member, `moved to ${room}`);
    this.#enter(member, room);
  }

  /** The member leaves the chat; safe to call more than once. Does not close the sink. */
  leave(member: Member, reason: string): void {
    if (this.#byNick.get(member.nick.toLowerCase()) !== member) return;
    this.#byNick.delete(member.nick.toLowerCase());
    this.stats.leaves++;
    this.log(`leave ${member.nick} (${member.transport} ${member.address}): ${reason}`);
    this.#exit(member, reason);
  }

  /** `/quit`: leave, then have the transport say goodbye and disconnect. */
  quit(member: Member, reason: string): void {
    this.leave(member, reason ? `quit: ${reason}` : "quit");
    member.sink.close("Goodbye!");
  }

  /** Removes `nick` from the chat with a reason (console `kick`). */
  kick(nick: string, reason: string): boolean {
    const member = this.find(nick);
    if (!member) return false;
    const why = reason ? `kicked: ${reason}` : "kicked";
    this.leave(member, why);
    member.sink.close(`You were ${why}`);
    return true;
  }

  /** A notice from the server to everyone (console `say`). */
  announce(text: string): void {
    const clean = cleanText(text);
    if (clean) this.#publish({ kind: "notice", text: clean });
  }

  /**
   * Closes every member with `reason` and refuses new joins. No leave notices: everyone
   * is going, and a thousand "left" lines each would only delay the goodbye.
   */
  shutdown(reason = "The server is shutting down."): void {
    if (this.#closed) return;
    this.#closed = true;
    this.log(`shutdown: closing ${this.#byNick.size} members`);
    const members = [...this.#byNick.values()];
    this.#byNick.clear();
    for (const room of this.#rooms.values()) room.clear();
    for (const member of members) member.sink.close(reason);
  }

  /** Sends a line to one member only. */
  tell(member: Member, text: string, error = false): void {
    const event: ChatEvent = { kind: "system", at: this.clock(), text, ...(error ? { error } : {}) };
    member.sink.deliver(event);
  }

  find(nick: string): Member | undefined {
    return this.#byNick.get(nick.toLowerCase());
  }

  /** Everyone in `room`, sorted by nickname. */
  membersOf(room: string): readonly Member[] {
    return this.#rooms.get(room)?.sortedMembers() ?? [];
  }

  /** Every member, sorted by nickname. */
  allMembers(): Member[] {
    return [...this.#byNick.values()].sort((a, b) => byNick.compare(a.nick, b.nick));
  }

  /** Members on each transport: for metrics, which are polled, so nothing is sorted. */
  countByTransport(): Record<Transport, number> {
    const counts: Record<Transport, number> = { telnet: 0, web: 0 };
    for (const member of this.#byNick.values()) counts[member.transport]++;
    return counts;
  }

  /** Rooms with their member counts, by name. */
  rooms(): { name: string; members: number }[] {
    return [...this.#rooms.values()]
      .map((room) => ({ name: room.name, members: room.size }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The newest events `member` may see in their room (older pages with `beforeId`). */
  recent(member: Member, limit = this.options.historyOnJoin, beforeId?: number): RecordedEvent[] {
    return this.history.recent(member.room, member.nick, limit, beforeId);
  }

  /** What `member` missed after event `afterId` (resuming a stream). */
  since(member: Member, afterId: number): RecordedEvent[] {
    return this.history.since(member.room, member.nick, afterId);
  }

  /** The id of the newest recorded event. */
  get lastEventId(): number {
    return this.#lastId;
  }

  #enter(member: Member, name: string): void {
    let room = this.#rooms.get(name);
    if (!room) {
      room = new Room(name);
      this.#rooms.set(name, room);
    }
    member.room = name;
    member.sink.enter(name, this.recent(member));
    room.add(member);
    this.#publish({ kind: "join", room: name, nick: member.nick, transport: member.transport });
  }

  #exit(member: Member, reason: string): void {
    const room = this.#rooms.get(member.room);
    if (!room?.delete(member)) return;
    this.#publish({ kind: "leave", room: room.name, nick: member.nick, reason });
    if (room.size === 0 && room.name !== LOBBY) this.#rooms.delete(room.name);
  }

  #checkText(member: Member, raw: string): Result<string> {
    const text = cleanText(raw);
    if (!text) return fail("message-empty", "Nothing to send.");
    const bytes = utf8Length(text);
    if (bytes > this.options.maxLine)
      return fail("message-too-long", `Message too long (${bytes} bytes; the limit is ${this.options.maxLine}).`);
    if (!member.bucket.take())
      return fail("rate-limited", `Slow down: at most ${this.options.msgRate} messages per second.`);
    return ok(text);
  }

  /** Numbers, records and routes an event. */
  #publish(fields: NewEvent): RecordedEvent {
    const event = { ...fields, id: ++this.#lastId, at: this.clock() } as RecordedEvent;
    this.history.append(event);
    this.#route(event);
    for (const observer of this.#observers) observer(event);
    return event;
  }

  #route(event: RecordedEvent): void {
    switch (event.kind) {
      case "message":
      case "action":
      case "join":
      case "leave":
      case "rename":
        this.#rooms.get(event.room)?.broadcast(event);
        return;
      case "private": {
        const to = this.find(event.to);
        const from = this.find(event.from);
        to?.sink.deliver(event);
        if (from && from !== to) from.sink.deliver(event);
        return;
      }
      case "notice":
        for (const member of this.#byNick.values()) member.sink.deliver(event);
        return;
    }
  }
}
