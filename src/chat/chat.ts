import { Admission, SHUTTING_DOWN, type Seat } from "./admission/admission.ts";
import { systemClock, type Clock } from "./clock.ts";
import type { ChatBackend } from "./cluster/backend.ts";
import { Federation } from "./cluster/federation.ts";
import { LocalBackend } from "./cluster/local-backend.ts";
import type { Command, CommandHelp, CommandTarget, ConsoleControls } from "./commands/command.ts";
import { CommandRunner } from "./commands/runner.ts";
import { COMMANDS } from "./commands/table.ts";
import { ChatCore } from "./core.ts";
import type { ConversationSummary } from "../stores/history-store.ts";
import type { Emphasis, PrivateEvent, RecordedEvent, TopicEvent, Transport } from "./events.ts";
import { OwnedNicknames } from "./identity/owned-nicknames.ts";
import { countersIn } from "./identity/window-counts.ts";
import { PacedInput } from "./input/paced-input.ts";
import { SendingLimits } from "./input/sending-limits.ts";
import { Messages, type SendHow } from "./messages.ts";
import { moderationHost } from "./moderation/moderation-host.ts";
import { Moderation } from "./moderation/moderation.ts";
import { DEFAULT_CHAT_OPTIONS, type ChatOptions, type ChatStats } from "./options.ts";
import type { ComeBackRequest, JoinRequest } from "./people/join-request.ts";
import type { Member, MemberSink } from "./people/member.ts";
import { People } from "./people/people.ts";
import { RoomMoves } from "./people/room-moves.ts";
import { ok, whenSettled, type Pending, type Result } from "./result.ts";
import { parseSearch, type SearchResults } from "./search/search-query.ts";
import type { RoomListing } from "./rooms/rooms.ts";

export type { ChatOptions, ChatStats } from "./options.ts";
export type { ComeBackRequest, JoinRequest } from "./people/join-request.ts";

/**
 * The chat itself: members, rooms, history and commands, knowing nothing of sockets, HTTP
 * or HTML; transports hand it lines and it hands them events.
 *
 * A facade over parts, one idea each (`People`, `RoomMoves`, `Messages`, `PacedInput`,
 * the `CommandRunner`, `Moderation`, `OwnedNicknames`, the `Federation`), sharing one
 * `ChatCore`: what the transports, the console and the commands call.
 *
 * What instances must agree on (nicknames, the order of events, history) goes through the
 * `backend`. Alone, every answer is immediate; shared, the calls that need agreement
 * (`join`, `rename`, anything said) answer with a promise.
 */
export class Chat implements CommandTarget {
  readonly options: ChatOptions;
  readonly admission: Admission;
  /** Who owns which nickname. */
  readonly owners: OwnedNicknames;
  /** Kicks, bans, mutes and operators. */
  readonly moderation: Moderation;
  readonly help: CommandHelp;
  readonly #core: ChatCore;
  /** Members going into rooms and out, the room in view, and what they have read there. */
  readonly moves: RoomMoves;
  readonly #people: People;
  readonly #messages: Messages;
  readonly #input: PacedInput;
  readonly #federation: Federation;
  readonly #commands: CommandRunner;

  constructor(
    options: Partial<ChatOptions> = {},
    readonly backend: ChatBackend = new LocalBackend(),
    readonly clock: Clock = systemClock,
    log: (line: string) => void = () => {},
    /** Every command members and the console may run: the table, or a server's own. */
    commands: readonly Command[] = COMMANDS,
  ) {
    this.options = { ...DEFAULT_CHAT_OPTIONS, ...options };
    this.#commands = new CommandRunner(commands);
    const core = (this.#core = new ChatCore(this.options, backend, clock, log));
    this.admission = new Admission(this.options, backend.seats);
    const limits = new SendingLimits(this.options, (member) => this.moderation.mutedRefusal(member));
    this.owners = new OwnedNicknames(backend.accounts, log, clock, {
      operators: this.options.operators,
      counters: countersIn(backend.counts, clock),
      paced: (member) => limits.paced(member),
    });
    const host = moderationHost(core, limits, (member, why, toldIn) => this.leave(member, why, toldIn));
    this.moderation = new Moderation(host, backend.bans, this.owners, clock, log);
    this.#people = new People(core, this.owners, this.moderation, limits);
    this.moves = new RoomMoves(core, limits, this.#people);
    this.#messages = new Messages(core, limits);
    this.#input = new PacedInput({
      clock,
      msgRate: this.options.msgRate,
      isHere: (member) => core.isHere(member),
      relay: (member, line, to) => backend.relay(member.instance!, { member: member.id, line, ...(to ? { to } : {}) }),
      command: (member, line, to) => this.#command(member, line, to?.startsWith("#") ? to : member.room),
      say: (member, text, to) => this.#messages.sayTo(member, text, to),
      tell: (member, text, error) => core.tell(member, text, error),
      log,
    });
    this.#federation = new Federation(core, this.#people, (member, line, to) => this.input(member, line, to));
    this.help = this.#commands;
    core.afterEach((event) => event.kind === "moderation" && this.moderation.enforce(event));
    backend.attach(this.#federation);
  }

  /** Members on every instance. */
  get memberCount(): number {
    return this.#core.roster.size;
  }

  get stats(): ChatStats {
    return this.#core.stats;
  }

  /** Lets a client in (before it has a nickname), or says why not: full, too many from its address, shutting down, banned. */
  admit(address: string): Result<Seat> {
    return this.moderation.refuseAddress(address) ?? this.admission.admit(address);
  }

  /** Calls `observer` with every event as it is recorded (logging, metrics, page caches). */
  observe(observer: (event: RecordedEvent) => void): void {
    this.#core.observe(observer);
  }

  /** Joins an admitted client as a member (see `People.join`). */
  join(request: JoinRequest, sink: MemberSink): Pending<Member> {
    return this.#people.join(request, sink);
  }

  /** A member whose session outlived where it was connected comes back here as itself (see `Federation.comeBack`). */
  comeBack(request: ComeBackRequest, sink: MemberSink): Pending<Member> {
    return this.#federation.comeBack(request, sink);
  }

  /** A member of another instance leaves through this one (a browser's Leave reached it). */
  leaveElsewhere(member: Member): Pending<unknown> {
    return this.#federation.leaveElsewhere(member);
  }

  /** Handles one line a member typed, in view of `to` when its client says (see `PacedInput.input`). */
  input(member: Member, line: string, to?: string): Pending<unknown> {
    return this.#input.input(member, line, to);
  }

  /** Runs a line typed at the server's console; what it answers goes to `print`. */
  runConsole(line: string, controls: ConsoleControls, print: (text: string) => void): void {
    this.#commands.runConsole(this, controls, line, print);
  }

  say(member: Member, text: string, action = false): Pending<RecordedEvent> {
    return this.#messages.say(member, text, action);
  }

  whisper(member: Member, to: string, text: string): Pending<RecordedEvent> {
    return this.#messages.whisper(member, to, text);
  }

  /** See `Messages.send`: to a room of the member's or a nickname, as its client says. */
  send(member: Member, to: string, text: string, how: SendHow = {}): Pending<RecordedEvent> {
    return this.#messages.send(member, to, text, how);
  }

  answerPrivately(member: Member, text: string): Pending<RecordedEvent> {
    return this.#messages.answerPrivately(member, text);
  }

  setTopic(member: Member, topic: string, room?: string): Pending<RecordedEvent> {
    return this.#messages.setTopic(member, topic, room);
  }

  announce(text: string): Pending<RecordedEvent> {
    return this.#messages.announce(text);
  }

  rename(member: Member, nick: string): Pending<string> {
    return this.#people.rename(member, nick);
  }

  identify(member: Member, nick: string, password: string): Pending<string> {
    return this.#people.identify(member, nick, password);
  }

  quit(member: Member, reason: string): Result<void> {
    return this.#people.quit(member, reason);
  }

  setAway(member: Member, reason: string): Result<string | undefined> {
    return this.#people.personal.setAway(member, reason);
  }

  ignore(member: Member, nick: string, on: boolean): Result<void> {
    return this.#people.personal.ignore(member, nick, on);
  }

  /** The member leaves the chat; safe to call more than once. Does not close the sink. */
  leave(member: Member, reason: string, toldIn?: string): void {
    this.#people.leave(member, reason, toldIn);
  }

  /**
   * Closes every member with `reason` and refuses new joins. No leave notices: everyone
   * is going, and a thousand "left" lines each would only delay the goodbye.
   */
  shutdown(reason = SHUTTING_DOWN): void {
    const core = this.#core;
    if (core.closed) return;
    this.admission.close();
    core.close(reason);
    this.#federation.shutdown();
  }

  /** The chat's clock: ms since the epoch (a test's fixed clock in tests). */
  now(): number {
    return this.clock.now();
  }

  /** Sends a line to one member only. */
  tell(member: Member, text: string, error = false, emphasis?: Emphasis): void {
    this.#core.tell(member, text, error, emphasis);
  }

  find(nick: string): Member | undefined {
    return this.#core.roster.find(nick);
  }

  /** The member whose identity is `id`, here or on another instance. */
  findById(id: string): Member | undefined {
    return this.#core.roster.findById(id);
  }

  /** Everyone in `room`, sorted by nickname. */
  membersOf(room: string): readonly Member[] {
    return this.#core.rooms.membersOf(room);
  }

  /** Every member, sorted by nickname. */
  allMembers(): Member[] {
    return this.#core.roster.sorted();
  }

  /** Members of this instance on each transport: for metrics (polled: nothing is sorted). */
  countByTransport(): Record<Transport, number> {
    return this.#core.roster.countByTransport();
  }

  /** Members connected to other instances. */
  get remoteCount(): number {
    return this.#core.remote.size;
  }

  /** Rooms with their member counts and topics, by name. */
  rooms(): RoomListing[] {
    return this.#core.rooms.list();
  }

  /** The topic of `room`, if it has one. */
  topicOf(room: string): TopicEvent | undefined {
    return this.#core.rooms.topicOf(room);
  }

  /** See `HistoryView.recent`. */
  recent(member: Member, limit = this.options.historyOnJoin, beforeId?: number, room?: string): readonly RecordedEvent[] {
    return this.#core.history.recent(member, limit, beforeId, room);
  }

  /** See `HistoryView.since`. */
  since(member: Member, afterId: number): readonly RecordedEvent[] | undefined {
    return this.#core.history.since(member, afterId);
  }

  /** See `HistoryView.conversation`. */
  conversation(member: Member, otherId: string, limit?: number, beforeId?: number): readonly PrivateEvent[] {
    return this.#core.history.conversation(member, otherId, limit, beforeId);
  }

  /** `/search`: see `HistoryView.search`, `parseSearch`. */
  search(member: Member, text: string, limit: number, beforeId?: number): Result<SearchResults> {
    const query = parseSearch(text);
    return query.ok ? ok({ query: query.value, events: this.#core.history.search(member, query.value, limit, beforeId) }) : query;
  }

  /** See `HistoryView.conversations`. */
  conversations(member: Member): readonly ConversationSummary[] {
    return this.#core.history.conversations(member);
  }

  /** The id of the newest recorded event. */
  get lastEventId(): number {
    return this.#core.lastId;
  }

  /** False while the history cannot be written: messages are refused until it can. */
  get historyWritable(): boolean {
    return this.backend.trouble === undefined;
  }

  /** Why the chat is paused (its shared backend is out of reach), or undefined. */
  get paused(): string | undefined {
    return this.#core.paused;
  }

  /** Runs a `/command` line; /away, /register, /identify… may change what the member list shows of them. */
  #command(member: Member, line: string, room: string): Pending<unknown> {
    const ran = this.#commands.run(this, member, line, room);
    void whenSettled(ran, () => this.#core.marksMaybeChanged(member));
    return ran;
  }
}
