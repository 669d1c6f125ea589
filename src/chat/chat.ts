import type { Account } from "../stores/account-store.ts";
import { Admission, SHUTTING_DOWN, type Seat } from "./admission/admission.ts";
import { systemClock, type Clock, type Timer } from "./clock.ts";
import {
  type BackendHost,
  type ChatBackend,
  type PresenceChange,
  type RelayedRequest,
  type RemotePresence,
  type Whereabouts,
} from "./cluster/backend.ts";
import { LocalBackend } from "./cluster/local-backend.ts";
import { remoteMember } from "./cluster/remote-member.ts";
import { runCommand } from "./commands/commands.ts";
import {
  sameNick,
  type ChatEvent,
  type MemberMarks,
  type NewEvent,
  type RecordedEvent,
  type TopicEvent,
  type Transport,
} from "./events.ts";
import { OwnedNicknames } from "./identity/owned-nicknames.ts";
import type { Proof } from "./identity/owners.ts";
import { TokenBucket } from "./input/rate-limit.ts";
import { WaitingLines } from "./input/waiting-lines.ts";
import { Moderation, type ModerationHost } from "./moderation/moderation.ts";
import { Member, type MemberSink } from "./people/member.ts";
import { nickSkeleton, validateNick } from "./people/nickname.ts";
import { Roster } from "./people/roster.ts";
import { andThen, fail, ok, whenSettled, type Pending, type Result } from "./result.ts";
import { Crowds } from "./rooms/crowds.ts";
import { LOBBY } from "./rooms/room-name.ts";
import { byNick, Room } from "./rooms/room.ts";
import { cleanText, utf8Length } from "./text.ts";

export interface ChatOptions {
  /** Clients connected at once, both transports together (the classic "listener limit"). */
  maxClients: number;
  /** Connections from one address. */
  maxPerAddress: number;
  /** Whether loopback addresses count against `maxPerAddress` too. */
  limitLoopback: boolean;
  /** Longest message in UTF-8 bytes. */
  maxLine: number;
  /** Messages per second per member, on average. */
  msgRate: number;
  /** Messages a member may send at once before the rate applies (a short paste). */
  msgBurst: number;
  /** How many past events a newcomer sees. */
  historyOnJoin: number;
  /** Members above which a room announces comings and goings once a second, in one line. */
  bigRoom: number;
  /** Nicknames that are operators once proven (`--op`), besides those the console made. */
  operators: readonly string[];
}

/**
 * Lines that may wait their turn at once, and their size: a paste of a few dozen lines
 * goes through; past that a member is sending faster than anyone reads.
 */
const MAX_WAITING_LINES = 40;
const MAX_WAITING_BYTES = 16 * 1024;

/** Most missed events a resuming client is sent one by one; past that it redraws. */
const MAX_REPLAY = 1000;

const DEFAULT_CHAT_OPTIONS: ChatOptions = {
  maxClients: 1000,
  maxPerAddress: 10,
  limitLoopback: false,
  maxLine: 2048,
  msgRate: 5,
  msgBurst: 10,
  historyOnJoin: 50,
  bigRoom: 100,
  operators: [],
};

/** How often a big room's comings and goings are told (see `Crowds`). */
const CROWD_EVERY_MS = 1000;

export interface JoinRequest {
  nick: string;
  transport: Transport;
  /** The place `admit` gave the client; the member keeps it until the transport releases it. */
  seat: Seat;
  /**
   * Who this is, when the client was a member before (a browser whose session outlived a
   * restart): its private messages are still its own. A new identity when absent.
   */
  identity?: string;
  /** The room to come back to (#lobby when absent). */
  room?: string;
  /**
   * Lines over the rate wait their turn and go out at the allowed rate, in order, instead
   * of being refused: a terminal's paste. A transport that must answer each line at once
   * with the truth (a web POST) leaves it off.
   */
  paceInput?: boolean;
  /** What proves an owned nickname: a password, an SSH key. A free nickname needs none. */
  proof?: Proof;
}

/** Counters for /metrics. */
export interface ChatStats {
  messages: number;
  joins: number;
  leaves: number;
}

/**
 * The chat itself: members, rooms, history and commands. It knows nothing about
 * sockets, HTTP or HTML; transports hand it lines and it hands them events.
 *
 * What several instances must agree on (nicknames, the order of events, history) goes
 * through its `backend`. Alone, every answer is immediate. With a shared backend the
 * calls that need the others' agreement (`join`, `rename`, anything said) answer with a
 * promise, and events are routed when they come back in the one order (`receive`).
 */
export class Chat implements BackendHost {
  readonly options: ChatOptions;
  readonly stats: ChatStats = { messages: 0, joins: 0, leaves: 0 };
  readonly admission: Admission;
  readonly #rooms = new Map<string, Room>();
  /** Everyone, here and on other instances: nicknames are unique across all of them. */
  readonly #roster = new Roster();
  /** Members of other instances, by identity. */
  readonly #remote = new Map<string, Member>();
  /** Nicknames (by skeleton) this instance is claiming from the shared backend right now. */
  readonly #claiming = new Map<string, string>();
  /** Members coming back here from another instance, by identity, until the handover is read. */
  readonly #adopting = new Map<string, Adoption>();
  readonly #crowds = new Crowds();
  /** Who owns which nickname. */
  readonly owners: OwnedNicknames;
  /** Kicks, bans, mutes and operators. */
  readonly moderation: Moderation;
  /** Each room's topic; kept while the room is empty, for whoever comes next. */
  readonly #topics = new Map<string, TopicEvent>();
  readonly #observers: ((event: RecordedEvent) => void)[] = [];
  #closed = false;
  /** Why the chat is paused (its shared backend is out of reach), or undefined. */
  #paused: string | undefined;

  constructor(
    options: Partial<ChatOptions> = {},
    readonly backend: ChatBackend = new LocalBackend(),
    readonly clock: Clock = systemClock,
    private readonly log: (line: string) => void = () => {},
  ) {
    this.options = { ...DEFAULT_CHAT_OPTIONS, ...options };
    this.admission = new Admission(this.options);
    this.#rooms.set(LOBBY, new Room(LOBBY, this.options.bigRoom));
    this.owners = new OwnedNicknames(backend.accounts, log, clock, this.options.operators);
    this.moderation = new Moderation(this.#moderationHost(), backend.bans, this.owners, clock, log);
    for (const topic of backend.history.topics()) this.#topics.set(topic.room, topic);
    backend.attach(this);
  }

  /** Members on every instance. */
  get memberCount(): number {
    return this.#roster.size;
  }

  /** Lets a client in (before it has a nickname), or says why not: full, too many from its address, shutting down. */
  admit(address: string): Result<Seat> {
    return this.moderation.refuseAddress(address) ?? this.admission.admit(address);
  }

  /** Calls `observer` with every event as it is recorded (logging, metrics, replication). */
  observe(observer: (event: RecordedEvent) => void): void {
    this.#observers.push(observer);
  }

  /** Checks that `nick` is well-formed, free, and not a look-alike of someone here. */
  checkNick(raw: string, except?: Member): Result<string> {
    const valid = validateNick(raw);
    if (!valid.ok) return valid;
    const holder = this.#roster.clash(valid.value, except)?.nick ?? this.#claiming.get(nickSkeleton(valid.value));
    if (holder && sameNick(holder, valid.value))
      return fail("nick-taken", `The nickname ${valid.value} is taken; please pick another.`);
    if (holder)
      return fail("nick-taken", `The nickname ${valid.value} looks too much like ${holder}, who is here; please pick another.`);
    return valid;
  }

  /**
   * Adds an admitted client to #lobby (or the room it comes back to) as a member: hands it
   * the room's recent history, then announces the join. Refused (with a reason) for a bad
   * or taken nickname.
   */
  join(request: JoinRequest, sink: MemberSink): Pending<Member> {
    if (this.#closed) return fail("shutting-down", SHUTTING_DOWN);
    const nick = this.checkNick(request.nick);
    if (!nick.ok) return nick;
    const banned = this.moderation.refuseNick(nick.value);
    if (banned) return banned;
    return andThen(this.owners.ownership(nick.value, request.proof, request.transport), (account) => {
      const identity = request.identity ?? crypto.randomUUID();
      return this.#claim(nick.value, identity, (claimed) => {
        if (!claimed.ok) return claimed;
        // The shared backend took its time: the server may have begun to stop meanwhile.
        if (this.#closed) {
          this.backend.releaseNick(nick.value, identity);
          return fail("shutting-down", SHUTTING_DOWN);
        }
        return ok(this.#add({ ...request, nick: nick.value, identity }, sink, account));
      });
    });
  }

  /** `/identify [NICK] PASSWORD`: proves an owned nickname, and takes it when it is not the member's yet. */
  identify(member: Member, nick: string, password: string): Pending<string> {
    if (!sameNick(nick, member.nick)) return this.rename(member, nick, { password });
    if (member.account) return ok(member.nick);
    return andThen(this.owners.prove(nick, password), (account) => {
      if (sameNick(member.nick, account.nick)) this.owners.own(member, account);
      return ok(member.nick);
    });
  }

  /** `/ignore NICK` and `/unignore NICK`; kept in the account of a registered member. */
  ignore(member: Member, nick: string, on: boolean): Result<void> {
    if (on) {
      if (sameNick(nick, member.nick)) return fail("bad-arguments", "You cannot ignore yourself.");
      (member.ignoring ??= new Set()).add(nick.toLowerCase());
    } else {
      if (!member.ignoring?.delete(nick.toLowerCase())) return fail("bad-arguments", `You are not ignoring ${nick}.`);
      if (member.ignoring.size === 0) member.ignoring = undefined;
    }
    void whenSettled(this.owners.keepIgnores(member), (kept) => {
      if (!kept.ok) this.tell(member, `Your ignores could not be kept for next time: ${kept.error.message}`, true);
    });
    return ok(undefined);
  }

  /**
   * A member whose session outlived where it was connected comes back here as itself:
   * the same identity, nickname and room. Moved from another instance that has it (no
   * leave, no join: to the room nothing happened), else joined again (a restart).
   */
  comeBack(request: JoinRequest & { identity: string; room: string }, sink: MemberSink): Pending<Member> {
    if (this.#closed) return fail("shutting-down", SHUTTING_DOWN);
    const valid = validateNick(request.nick);
    if (!valid.ok) return valid;
    const nick = valid.value;
    const holder = this.#roster.clash(nick);
    if (holder && holder.id !== request.identity && holder.instance === undefined)
      return fail("nick-taken", `The nickname ${nick} is taken; please pick another.`);
    // Waiting before asking: the handover may be read before the backend's answer arrives.
    const { identity } = request;
    let settle!: (result: Result<Member>) => void;
    const adopted = new Promise<Result<Member>>((resolve) => (settle = resolve));
    const timer = this.clock.after(ADOPTION_TIMEOUT_MS, () => {
      if (this.#adopting.get(identity)?.settle !== settle) return;
      this.#adopting.delete(identity);
      settle(fail("chat-paused", "Coming back took too long; please try again."));
    });
    this.#adopting.set(identity, { request, sink, settle, timer });
    const next = (result: Result<"moved" | "new">): Pending<Member> => {
      if (result.ok && result.value === "moved") return adopted;
      timer.cancel();
      if (this.#adopting.get(identity)?.settle === settle) this.#adopting.delete(identity);
      if (!result.ok) return result;
      if (this.#closed) return fail("shutting-down", SHUTTING_DOWN);
      const member = this.#add({ ...request, nick }, sink);
      this.#restoreAccount(member);
      return ok(member);
    };
    const back = this.backend.comeBack(identity, nick);
    return back instanceof Promise ? back.then(next) : next(back);
  }

  /** A member of another instance leaves through this one (a browser's Leave reached it). */
  leaveElsewhere(member: Member): Pending<unknown> {
    if (member.instance === undefined) return ok(this.leave(member, "left"));
    return this.backend.relay(member.instance, { member: member.id, leave: true });
  }

  /**
   * A member whose session outlived where it was (a restart, another instance) proved its
   * nickname when it first joined: what its account holds applies to it again.
   */
  #restoreAccount(member: Member): void {
    void whenSettled(this.owners.find(member.nick), (found) => {
      if (!found.ok || !found.value || !this.#isHere(member)) return;
      this.owners.own(member, found.value);
      this.#marksMaybeChanged(member);
    });
  }

  #add(request: JoinRequest & { identity: string }, sink: MemberSink, account?: Account): Member {
    const bucket = new TokenBucket(this.options.msgRate, this.options.msgBurst, this.clock);
    const { nick, transport, seat, paceInput = false, identity, room = LOBBY } = request;
    const member = new Member(identity, nick, transport, seat.address, room, sink, bucket, paceInput);
    member.activeAt = this.clock.now();
    member.key = request.proof?.key;
    member.mutedUntil = this.moderation.mutedUntil(nick);
    this.owners.own(member, account);
    member.marksTold = marksKey(member.marks());
    const history = this.#historyIn(member, room);
    this.#forgetStale(nick);
    this.#roster.add(member);
    this.stats.joins++;
    this.log(`join ${member.nick} (${member.transport} ${member.address})`);
    this.#enter(member, room, history);
    if (!account && member.key !== undefined) this.#ownByKey(member, member.key);
    return member;
  }

  /** The first key to come with a free nickname owns it (SSH). */
  #ownByKey(member: Member, key: string): void {
    void whenSettled(this.owners.claimForKey(member, key), (saved) => {
      if (!saved.ok) return this.tell(member, `Your nickname could not be kept for your key: ${saved.error.message}`, true);
      if (!this.#isHere(member) || !sameNick(member.nick, saved.value.nick)) return;
      this.owners.own(member, saved.value);
      this.#marksMaybeChanged(member);
      this.tell(
        member,
        `The nickname ${member.nick} is now yours: only your key (${key}) can use it over SSH. /keys manages keys; /register PASSWORD lets you use it from telnet and the web.`,
      );
    });
  }

  /**
   * Claims `nick` for `identity` from the backend, then goes on with `next`. While a shared
   * backend is asked, the name counts as taken here, so two joins on this instance cannot
   * both win it.
   */
  #claim<T>(nick: string, identity: string, next: (claimed: Result<void>) => Result<T>): Pending<T> {
    const claim = this.backend.claimNick(nick, identity);
    if (!(claim instanceof Promise)) return next(claim);
    const skeleton = nickSkeleton(nick);
    this.#claiming.set(skeleton, nick);
    return claim.then((claimed) => {
      this.#claiming.delete(skeleton);
      return next(claimed);
    });
  }

  /**
   * The backend gave `nick` to a member of this instance, so whoever this instance still
   * lists under it (a member of another instance whose leave is on its way) is gone.
   */
  #forgetStale(nick: string): void {
    const stale = this.#roster.clash(nick);
    if (stale?.instance !== undefined) this.#forgetRemote(stale);
  }

  /**
   * Handles one line a member typed: a `/command`, the classic `{quit}`, or a message.
   * A refusal (a mistake, a limit) comes back as the result, for the transport to show
   * in its own way; a command's answers go to the member's sink as system events.
   * For a member whose input is paced, a line over the rate waits its turn (the result
   * is ok), and so does every line after it, so they keep their order.
   */
  input(member: Member, line: string): Pending<unknown> {
    if (!this.#isHere(member)) return fail("not-in-chat", "You are not in the chat.");
    // Connected to another instance (a browser's POST may reach any): that one handles it.
    if (member.instance !== undefined) return this.backend.relay(member.instance, { member: member.id, line });
    if (line.trim()) member.activeAt = this.clock.now();
    if (member.waiting) return this.#wait(member, line);
    const result = this.#run(member, line);
    // A refusal for the rate is immediate, whatever the backend: it is decided here.
    if (!(result instanceof Promise) && !result.ok && result.error.code === "rate-limited" && member.pacesInput)
      return this.#wait(member, line);
    return result;
  }

  #run(member: Member, line: string): Pending<unknown> {
    const trimmed = line.trim();
    // Pressing Enter on an empty line is not a mistake worth an answer.
    if (!trimmed) return ok(undefined);
    if (trimmed === "{quit}") return runCommand(this, member, "/quit");
    if (trimmed.startsWith("/") && !trimmed.startsWith("//")) {
      const ran = runCommand(this, member, trimmed);
      // /away, /register, /identify… may change what the member list shows of them.
      void whenSettled(ran, () => this.#marksMaybeChanged(member));
      return ran;
    }
    // "//text" sends "/text" as a message.
    return this.say(member, trimmed.startsWith("//") ? trimmed.slice(1) : line);
  }

  /** Posts a message (or, with `action`, a /me) to the member's room. */
  say(member: Member, raw: string, action = false): Pending<RecordedEvent> {
    const text = this.#checkText(member, raw);
    if (!text.ok) return text;
    const kind = action ? "action" : "message";
    return this.#publishMessage({ kind, room: member.room, from: member.nick, text: text.value });
  }

  /** Sends a private message. */
  whisper(member: Member, to: string, raw: string): Pending<RecordedEvent> {
    const target = this.find(to);
    if (!target) return fail("no-such-nick", `No one called ${to} is here.`);
    const text = this.#checkText(member, raw);
    if (!text.ok) return text;
    // Away (`/away`): the sender is told why no answer may come soon.
    if (target.away !== undefined) this.tell(member, `${target.nick} is away: ${target.away}`);
    return this.#publishMessage({
      kind: "private",
      from: member.nick,
      to: target.nick,
      text: text.value,
      sender: { id: member.id, room: member.room },
      recipient: { id: target.id, room: target.room },
    });
  }

  /**
   * `/reply`: a private message to whoever last sent `member` one, by who they are, not by
   * the nickname they had (they may have changed it since).
   */
  answerPrivately(member: Member, raw: string): Pending<RecordedEvent> {
    if (member.repliesTo === undefined) return fail("no-such-nick", "No one has sent you a private message yet.");
    const sender = this.#roster.findById(member.repliesTo);
    if (!sender) return fail("no-such-nick", "Whoever last sent you a private message has left.");
    return this.whisper(member, sender.nick, raw);
  }

  /** Changes a member's nickname and tells their room; `proof` for an owned one (`/identify`). */
  rename(member: Member, raw: string, proof?: { password: string }): Pending<string> {
    const nick = this.checkNick(raw, member);
    if (!nick.ok) return nick;
    const muted = this.moderation.mutedRefusal(member);
    if (muted) return muted;
    const banned = this.moderation.refuseNick(nick.value);
    if (banned) return banned;
    const from = member.nick;
    if (from === nick.value) return ok(from);
    const paced = this.#paced(member);
    if (paced) return paced;
    const offered: Proof = { key: member.key, proven: member.proven, password: proof?.password };
    return andThen(this.owners.ownership(nick.value, offered, "chat"), (account) => this.#renameAs(member, nick.value, account));
  }

  #renameAs(member: Member, nick: string, account: Account | undefined): Pending<string> {
    const from = member.nick;
    return this.#claim(nick, member.id, (claimed) => {
      if (!claimed.ok) return claimed;
      // Gone while the name was claimed (quit, kicked, shut down): the name goes back.
      if (!this.#isHere(member)) {
        this.backend.releaseNick(nick, member.id);
        return fail("not-in-chat", "You are not in the chat.");
      }
      this.backend.releaseNick(member.nick, member.id);
      this.#forgetStale(nick);
      this.#roster.rename(member, nick);
      this.owners.own(member, account);
      // The rename's presence carries the marks: no status of its own is needed.
      member.marksTold = marksKey(member.marks());
      this.#rooms.get(member.room)?.renamed();
      this.log(`rename ${from} -> ${member.nick}`);
      this.#publish({ kind: "rename", room: member.room, from, to: member.nick }, this.#presence(member));
      return ok(member.nick);
    });
  }

  /** Moves a member to `room` (already validated), creating it if needed. */
  moveTo(member: Member, room: string): Result<void> {
    if (member.room === room) return ok(undefined);
    // Others could not be told: a member would be in one room here and another elsewhere.
    if (this.#paused) return fail("chat-paused", this.#paused);
    const history = this.#historyIn(member, room);
    this.#exit(member, `moved to ${room}`, room);
    this.#enter(member, room, history);
    return ok(undefined);
  }

  /**
   * The member leaves the chat; safe to call more than once. Does not close the sink.
   * `quietly`: the room was told another way (a moderation line), so the leave is not
   * shown again, though every instance and page still learns of it.
   */
  leave(member: Member, reason: string, quietly = false): void {
    if (member.instance !== undefined || !this.#roster.delete(member)) return;
    this.stats.leaves++;
    this.log(`leave ${member.nick} (${member.transport} ${member.address}): ${reason}`);
    this.backend.releaseNick(member.nick, member.id);
    this.#exit(member, reason, undefined, quietly);
  }

  /**
   * `/quit`: leave, then have the transport say goodbye and disconnect. The reason is
   * shown to the room, so it follows the rules of a message.
   */
  quit(member: Member, rawReason: string): Result<void> {
    const reason = cleanText(rawReason);
    const tooLong = this.#checkLength(reason, "Quit reason");
    if (!tooLong.ok) return tooLong;
    this.leave(member, reason ? `quit: ${reason}` : "quit");
    member.sink.close("Goodbye!");
    return ok(undefined);
  }

  /**
   * `/away [reason]`: away with a reason (cleaned like a message: others see it), or back
   * without one. It changes the member's mark in every page, so it takes a token too.
   */
  setAway(member: Member, raw: string): Result<string | undefined> {
    const reason = cleanText(raw);
    const tooLong = this.#checkLength(reason, "Away reason");
    if (!tooLong.ok) return tooLong;
    const paced = this.#paced(member);
    if (paced) return paced;
    member.away = reason || undefined;
    return ok(member.away);
  }

  /** `/topic TEXT`: what the member's room is about (empty clears it). */
  setTopic(member: Member, raw: string): Pending<RecordedEvent> {
    const muted = this.moderation.mutedRefusal(member);
    if (muted) return muted;
    const topic = cleanText(raw);
    const tooLong = this.#checkLength(topic, "Topic");
    if (!tooLong.ok) return tooLong;
    const paced = this.#paced(member);
    if (paced) return paced;
    return this.#publish({ kind: "topic", room: member.room, by: member.nick, topic });
  }

  /**
   * Tells the room (its pages) and the other instances when what the member list shows
   * of a member of this instance changed: registered, operator, away.
   */
  #marksMaybeChanged(member: Member): void {
    if (member.instance !== undefined || !this.#isHere(member)) return;
    const marks = member.marks();
    const key = marksKey(marks);
    if (key === member.marksTold) return;
    member.marksTold = key;
    try {
      this.#publish({ kind: "status", room: member.room, nick: member.nick, marks }, this.#presence(member));
    } catch (error) {
      this.log(`status of ${member.nick}: ${String(error)}`);
    }
  }

  /** What moderation may ask of the chat. */
  #moderationHost(): ModerationHost {
    const chat = this;
    return {
      find: (nick) => this.find(nick),
      *localMembers() {
        for (const member of [...chat.#roster.values()]) if (member.instance === undefined) yield member;
      },
      publish: (fields) => this.#publish(fields),
      remove: (member, why, told) => {
        this.leave(member, why, told);
        member.sink.close(`You were ${why}`);
      },
      tell: (member, text) => this.tell(member, text),
      marksChanged: (member) => this.#marksMaybeChanged(member),
      checkLength: (text, what) => this.#checkLength(text, what),
    };
  }

  /** The topic of `room`, if it has one. */
  topicOf(room: string): TopicEvent | undefined {
    return this.#topics.get(room);
  }

  /** A notice from the server to everyone (console `say`). */
  announce(text: string): Pending<RecordedEvent> {
    const clean = cleanText(text);
    if (!clean) return fail("message-empty", "Nothing to send.");
    return this.#publish({ kind: "notice", text: clean });
  }

  /** False while the history cannot be written: messages are refused until it can. */
  get historyWritable(): boolean {
    return this.backend.trouble === undefined;
  }

  /** Why the chat is paused (its shared backend is out of reach), or undefined. */
  get paused(): string | undefined {
    return this.#paused;
  }

  /**
   * Closes every member with `reason` and refuses new joins. No leave notices: everyone
   * is going, and a thousand "left" lines each would only delay the goodbye.
   */
  shutdown(reason = SHUTTING_DOWN): void {
    if (this.#closed) return;
    this.#closed = true;
    this.admission.close();
    this.log(`shutdown: closing ${this.#roster.size} members`);
    const members = [...this.#roster.values()];
    this.#roster.clear();
    this.#remote.clear();
    this.#crowds.clear();
    for (const room of this.#rooms.values()) room.clear();
    for (const member of members) if (member.instance === undefined) member.sink.close(reason, "shutdown");
    for (const waiting of this.#adopting.values()) waiting.settle(fail("shutting-down", SHUTTING_DOWN));
    this.#adopting.clear();
  }

  /** The chat's clock: ms since the epoch (a test's fixed clock in tests). */
  now(): number {
    return this.clock.now();
  }

  /** Sends a line to one member only. */
  tell(member: Member, text: string, error = false): void {
    const event: ChatEvent = { kind: "system", at: this.clock.now(), text, ...(error ? { error } : {}) };
    member.sink.deliver(event);
  }

  find(nick: string): Member | undefined {
    return this.#roster.find(nick);
  }

  /** The member whose identity is `id`, here or on another instance. */
  findById(id: string): Member | undefined {
    return this.#roster.findById(id);
  }

  /** Everyone in `room`, sorted by nickname. */
  membersOf(room: string): readonly Member[] {
    return this.#rooms.get(room)?.sortedMembers() ?? [];
  }

  /** Every member, sorted by nickname. */
  allMembers(): Member[] {
    return [...this.#roster.values()].sort((a, b) => byNick.compare(a.nick, b.nick));
  }

  /** Members of this instance on each transport: for metrics, which are polled, so nothing is sorted. */
  countByTransport(): Record<Transport, number> {
    const counts: Record<Transport, number> = { telnet: 0, ssh: 0, web: 0 };
    for (const member of this.#roster.values()) if (member.instance === undefined) counts[member.transport]++;
    return counts;
  }

  /** Members connected to other instances. */
  get remoteCount(): number {
    return this.#remote.size;
  }

  /** Rooms with their member counts and topics, by name. */
  rooms(): { name: string; members: number; topic?: string }[] {
    return [...this.#rooms.values()]
      .map((room) => ({ name: room.name, members: room.size, topic: this.#topics.get(room.name)?.topic }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The newest events `member` may see in their room (older pages with `beforeId`). */
  recent(member: Member, limit = this.options.historyOnJoin, beforeId?: number): readonly RecordedEvent[] {
    return withoutIgnored(member, this.backend.history.recent(member, limit, beforeId));
  }

  /**
   * What `member` missed in their room after event `afterId` (resuming a stream), or
   * undefined when that is too much to replay: the client should redraw from `recent`.
   */
  since(member: Member, afterId: number): readonly RecordedEvent[] | undefined {
    const missed = this.backend.history.since(member, afterId, MAX_REPLAY);
    return missed && withoutIgnored(member, missed);
  }

  /** The id of the newest recorded event. */
  get lastEventId(): number {
    return this.backend.lastId;
  }

  /**
   * What `member` is shown on entering `room`. Read before anything changes: a store that
   * fails to read then costs the move, never a member half in and half out.
   */
  #historyIn(member: Member, room: string): readonly RecordedEvent[] {
    return withoutIgnored(member, this.backend.history.recent({ id: member.id, room }, this.options.historyOnJoin));
  }

  #enter(member: Member, name: string, history: readonly RecordedEvent[]): void {
    const room = this.#roomNamed(name);
    member.room = name;
    member.sink.enter(name, history, member.seenUpTo(name));
    const topic = this.#topics.get(name);
    if (topic) this.tell(member, `Topic of ${name}: ${topic.topic} (set by ${topic.by})`);
    room.add(member);
    const quiet = this.#isBig(room.size) && this.#gather(name, member.nick, false);
    const join = { kind: "join", room: name, nick: member.nick, transport: member.transport } as const;
    this.#publish(quiet ? { ...join, quiet } : join, this.#presence(member));
  }

  /** Whether a room of `size` members (counting the one coming or going) is big. */
  #isBig(size: number): boolean {
    return size > this.options.bigRoom;
  }

  /** Counts a coming or going in its room's next crowd line (scheduling that line if need be); true. */
  #gather(room: string, nick: string, left: boolean): true {
    if (this.#crowds.note(room, nick, left)) this.clock.after(CROWD_EVERY_MS, () => this.#tellCrowd(room));
    return true;
  }

  /** A big room's comings and goings since its last line, in one line. */
  #tellCrowd(room: string): void {
    const gathered = this.#crowds.take(room);
    if (!gathered || this.#closed) return;
    const { joined, joinedCount, left, leftCount } = gathered;
    try {
      this.#publish({ kind: "crowd", room, joined, joinedCount, left, leftCount });
    } catch (error) {
      this.log(`crowd line of ${room}: ${String(error)}`);
    }
  }

  /** The member leaves its room, for `movingTo` or, without it, the chat. */
  #exit(member: Member, reason: string, movingTo?: string, quietly = false): void {
    const room = this.#rooms.get(member.room);
    if (!room?.delete(member)) return;
    member.leftRoom(room.name, this.backend.lastId);
    const change = { member: member.id, now: movingTo ? { ...whereabouts(member), room: movingTo } : null };
    const quiet = quietly || (this.#isBig(room.size + 1) && this.#gather(room.name, member.nick, true));
    const leave = { kind: "leave", room: room.name, nick: member.nick, reason } as const;
    this.#publish(quiet ? { ...leave, quiet } : leave, change);
    this.#dropIfEmpty(room);
  }

  #dropIfEmpty(room: Room): void {
    if (room.size === 0 && room.name !== LOBBY) this.#rooms.delete(room.name);
  }

  #presence(member: Member): PresenceChange {
    return { member: member.id, now: whereabouts(member) };
  }

  #checkText(member: Member, raw: string): Result<string> {
    const muted = this.moderation.mutedRefusal(member);
    if (muted) return muted;
    const text = cleanText(raw);
    if (!text) return fail("message-empty", "Nothing to send.");
    const tooLong = this.#checkLength(text, "Message");
    if (!tooLong.ok) return tooLong;
    return this.#paced(member) ?? ok(text);
  }

  /**
   * Takes one of the member's tokens for something everyone in the room sees (a message,
   * a new nickname, a topic); the refusal when there is none left.
   */
  #paced(member: Member): Result<never> | undefined {
    if (member.bucket.take()) return undefined;
    return fail("rate-limited", `Slow down: at most ${this.options.msgRate} messages per second.`);
  }

  #checkLength(text: string, what: string): Result<string> {
    const bytes = utf8Length(text);
    if (bytes > this.options.maxLine)
      return fail("message-too-long", `${what} too long (${bytes} bytes; the limit is ${this.options.maxLine}).`);
    return ok(text);
  }

  #publishMessage(fields: NewEvent): Pending<RecordedEvent> {
    const published = this.#publish(fields);
    if (published instanceof Promise) return published.then((result) => this.#counted(result));
    return this.#counted(published);
  }

  #counted(published: Result<RecordedEvent>): Result<RecordedEvent> {
    if (published.ok) this.stats.messages++;
    return published;
  }

  #isHere(member: Member): boolean {
    return this.#roster.find(member.nick) === member;
  }

  /** Puts a line behind those waiting, and has the first sent when the rate allows. */
  #wait(member: Member, line: string): Result<unknown> {
    const waiting = (member.waiting ??= new WaitingLines(MAX_WAITING_LINES, MAX_WAITING_BYTES));
    if (!waiting.push(line))
      return fail(
        "too-much-waiting",
        `Slow down: ${waiting.size} lines are still waiting to be sent at ${this.options.msgRate} a second; the rest were dropped.`,
      );
    this.#sendWaitingLater(member, waiting);
    return ok(undefined);
  }

  #sendWaitingLater(member: Member, waiting: WaitingLines): void {
    if (waiting.scheduled) return;
    waiting.scheduled = true;
    this.clock.after(member.bucket.msUntilToken(), () => {
      waiting.scheduled = false;
      try {
        this.#sendWaiting(member, waiting);
      } catch (error) {
        this.log(`waiting lines of ${member.nick}: ${String(error)}`);
      }
    });
  }

  /** Sends the waiting lines in order, as far as the rate allows; answers their refusals on the sink. */
  #sendWaiting(member: Member, waiting: WaitingLines): void {
    for (let line = waiting.peek(); line !== undefined; line = waiting.peek()) {
      // Gone (left, quit, kicked, shut down): what was still waiting goes with them.
      if (!this.#isHere(member) || member.waiting !== waiting) return;
      const result = this.#run(member, line);
      // A refusal for the rate is immediate, whatever the backend: it is decided here.
      if (!(result instanceof Promise) && !result.ok && result.error.code === "rate-limited")
        return this.#sendWaitingLater(member, waiting);
      waiting.shift();
      void whenSettled(result, (sent) => {
        if (!sent.ok) this.tell(member, sent.error.message, true);
      });
    }
    if (member.waiting === waiting) member.waiting = undefined;
  }

  /**
   * Has the backend number and record an event, then routes it: at once when the backend
   * answers at once, else when the event comes back in the one order (`receive`). What is
   * said goes out only once it is recorded (see `ChatBackend.record`).
   */
  #publish(fields: NewEvent, change?: PresenceChange): Pending<RecordedEvent> {
    const recorded = this.backend.record(fields, this.clock.now(), change);
    if (!(recorded instanceof Promise) && recorded.ok) this.#dispatch(recorded.value);
    return recorded;
  }

  #dispatch(event: RecordedEvent): void {
    this.#route(event);
    for (const observer of this.#observers) observer(event);
    if (event.kind === "moderation") this.moderation.enforce(event);
  }

  // What a shared backend tells the chat (BackendHost).

  receive(event: RecordedEvent, instance: string, change?: PresenceChange): void {
    // A member of this instance is already where the event says; others are listed from it.
    if (change && (instance !== this.backend.instance || this.#remote.has(change.member)))
      this.#applyRemote(change, instance);
    this.#dispatch(event);
  }

  rollCall(instance: string, members: readonly RemotePresence[]): void {
    for (const member of [...this.#remote.values()]) if (member.instance === instance) this.#forgetRemote(member);
    for (const presence of members) this.#applyRemote({ member: presence.id, now: presence }, instance);
  }

  forgetOthers(): void {
    for (const member of [...this.#remote.values()]) this.#forgetRemote(member);
  }

  localPresence(): RemotePresence[] {
    const members: RemotePresence[] = [];
    for (const member of this.#roster.values())
      if (member.instance === undefined) members.push({ id: member.id, ...whereabouts(member) });
    return members;
  }

  linkChanged(reason: string | undefined): void {
    if (this.#paused === reason) return;
    const was = this.#paused;
    this.#paused = reason;
    if (reason) this.#tellEveryone(`The chat is paused: ${reason}`);
    else if (was) this.#tellEveryone("The chat is back: messages go through again.");
  }

  handedOver(id: string, from: string, to: string, now: Whereabouts): void {
    if (to !== this.backend.instance) {
      const local = this.#roster.findById(id);
      if (local && local.instance === undefined) this.#letGo(local, to);
      this.#applyRemote({ member: id, now }, to);
      return;
    }
    const known = this.#remote.get(id);
    if (known) this.#forgetRemote(known);
    const adoption = this.#adopting.get(id);
    this.#adopting.delete(id);
    adoption?.timer.cancel();
    if (!adoption || this.#closed) {
      // Handed here, but no one here waits for it any more (gave up, or shutting down): it leaves.
      this.#publish({ kind: "leave", room: now.room, nick: now.nick, reason: "connection lost" }, { member: id, now: null });
      this.backend.releaseNick(now.nick, id);
      adoption?.settle(fail("shutting-down", SHUTTING_DOWN));
      return;
    }
    adoption.settle(ok(this.#adopt(id, now, adoption, from)));
  }

  relayed(request: RelayedRequest): Pending<unknown> {
    const member = this.#roster.findById(request.member);
    if (!member || member.instance !== undefined) return fail("not-in-chat", "You are not in the chat.");
    if ("line" in request) return this.input(member, request.line);
    this.leave(member, "left");
    member.sink.close("You left the chat.");
    return ok(undefined);
  }

  /** A member moved here from `from`: listed and delivered to here from this point of the order on. */
  #adopt(id: string, now: Whereabouts, { request, sink }: Adoption, from: string): Member {
    const bucket = new TokenBucket(this.options.msgRate, this.options.msgBurst, this.clock);
    const { seat, paceInput = false } = request;
    const member = new Member(id, now.nick, now.transport, seat.address, now.room, sink, bucket, paceInput);
    this.#forgetStale(now.nick);
    this.#roster.add(member);
    sink.enter(now.room, this.#historyIn(member, now.room));
    this.#roomNamed(now.room).add(member);
    this.log(`${member.nick} moved here from ${from} (${member.transport} ${member.address})`);
    member.marksTold = marksKey(now.marks ?? {});
    this.#restoreAccount(member);
    return member;
  }

  /** A member of this instance is now connected to `to`: it goes quietly, and its client reconnects. */
  #letGo(member: Member, to: string): void {
    this.#roster.delete(member);
    const room = this.#rooms.get(member.room);
    if (room?.delete(member)) this.#dropIfEmpty(room);
    this.log(`${member.nick} moved to ${to} (${member.transport} ${member.address})`);
    member.sink.close("Moved to another server.", "moved");
  }

  #tellEveryone(text: string): void {
    for (const member of this.#roster.values()) if (member.instance === undefined) this.tell(member, text, true);
  }

  /** A member of another instance is now where `change` says (or gone). */
  #applyRemote(change: PresenceChange, instance: string): void {
    const known = this.#remote.get(change.member);
    if (known) this.#forgetRemote(known);
    const now = change.now;
    if (!now) return;
    const holder = this.#roster.clash(now.nick);
    // Nicknames are claimed through the backend, so this is a race already lost by one side.
    if (holder && holder.instance === undefined) {
      this.log(`${instance} lists ${now.nick}, who is a member here; not listed twice`);
      return;
    }
    if (holder) this.#forgetRemote(holder);
    const member = remoteMember({ id: change.member, ...now }, instance);
    this.#remote.set(member.id, member);
    this.#roster.add(member);
    this.#roomNamed(now.room).add(member);
  }

  #forgetRemote(member: Member): void {
    this.#remote.delete(member.id);
    this.#roster.delete(member);
    const room = this.#rooms.get(member.room);
    if (room?.delete(member)) this.#dropIfEmpty(room);
  }

  #roomNamed(name: string): Room {
    let room = this.#rooms.get(name);
    if (!room) {
      room = new Room(name, this.options.bigRoom);
      this.#rooms.set(name, room);
    }
    return room;
  }

  #route(event: RecordedEvent): void {
    switch (event.kind) {
      case "join":
      case "leave":
        // A quiet one reaches no one: the room's crowd line tells it (n of them to n members is n²).
        if (event.quiet) return;
        this.#rooms.get(event.room)?.broadcast(event);
        return;
      case "crowd":
        // The line goes with the room's listing as it is now, on every instance that lists it.
        this.#rooms.get(event.room)?.relist();
        this.#rooms.get(event.room)?.broadcast(event);
        return;
      case "topic":
        // Live here; the history keeps it for the next start (`HistoryStore.topics`).
        if (event.topic) this.#topics.set(event.room, event);
        else this.#topics.delete(event.room);
        this.#rooms.get(event.room)?.broadcast(event);
        return;
      case "moderation":
        // A quiet one completes an earlier line (see `ModerationEvent.quiet`): it only takes effect.
        if (!event.quiet) this.#rooms.get(event.room)?.broadcast(event);
        return;
      case "message":
      case "action":
      case "rename":
      case "status":
        this.#rooms.get(event.room)?.broadcast(event);
        return;
      case "private": {
        // Found by nickname, checked by identity: both are still here, as themselves.
        const to = this.find(event.to);
        const from = this.find(event.from);
        if (to?.id === event.recipient.id && !to.ignores(event)) {
          to.repliesTo = event.sender.id;
          to.sink.deliver(event);
        }
        if (from?.id === event.sender.id && from !== to) from.sink.deliver(event);
        return;
      }
      case "notice":
        for (const member of this.#roster.values()) member.sink.deliver(event);
        return;
    }
  }
}

/** `events` but for the lines of those `member` ignores (the same array when they ignore no one). */
function withoutIgnored(member: Member, events: readonly RecordedEvent[]): readonly RecordedEvent[] {
  return member.ignoring === undefined ? events : events.filter((event) => !member.ignores(event));
}

/** How long a member coming back from another instance waits for the handover to be read. */
const ADOPTION_TIMEOUT_MS = 5000;

/** A member coming back here from another instance: what it joins with, and who waits. */
interface Adoption {
  readonly request: JoinRequest;
  readonly sink: MemberSink;
  readonly settle: (result: Result<Member>) => void;
  readonly timer: Timer;
}

function whereabouts(member: Member): Whereabouts {
  const marks = member.marks();
  const where = { nick: member.nick, room: member.room, transport: member.transport };
  return marksKey(marks) === "" ? where : { ...where, marks };
}

/** Marks as a short string, to tell whether they changed. */
function marksKey(marks: MemberMarks): string {
  return `${marks.registered ? "r" : ""}${marks.op ? "o" : ""}${marks.away !== undefined ? `a${marks.away}` : ""}`;
}
