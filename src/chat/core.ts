import type { Clock } from "./clock.ts";
import type { ChatBackend, PresenceChange } from "./cluster/backend.ts";
import { RemoteMembers } from "./cluster/remote-members.ts";
import { presenceOf } from "./cluster/whereabouts.ts";
import { deliver } from "./delivery.ts";
import type { ChatEvent, Emphasis, NewEvent, RecordedEvent } from "./events.ts";
import { HistoryView } from "./history-view.ts";
import type { ChatOptions, ChatStats } from "./options.ts";
import type { Member } from "./people/member.ts";
import { Roster } from "./people/roster.ts";
import type { Pending } from "./result.ts";
import { NO_ROOM } from "./rooms/membership.ts";
import { Rooms } from "./rooms/rooms.ts";

/**
 * What every part of the chat shares: who is here (the roster, the rooms, the members of
 * other instances), the backend that numbers and keeps events, the clock, and the one
 * way an event happens (`publish`). The parts (`People`, `Messages`, `Federation`,
 * `PacedInput`, `Moderation`...) each take it and add one idea; `Chat` puts them together.
 */
export class ChatCore {
  readonly stats: ChatStats = { messages: 0, joins: 0, leaves: 0, handovers: 0 };
  /** Everyone, here and on other instances: nicknames are unique across all of them. */
  readonly roster = new Roster();
  readonly rooms: Rooms;
  readonly remote: RemoteMembers;
  readonly history: HistoryView;
  readonly #observers: ((event: RecordedEvent) => void)[] = [];
  /** What events do to the chat itself once everyone has them (a kick takes its member out). */
  readonly #effects: ((event: RecordedEvent) => void)[] = [];
  #closed = false;
  #paused: string | undefined;

  constructor(
    readonly options: ChatOptions,
    readonly backend: ChatBackend,
    readonly clock: Clock,
    readonly log: (line: string) => void,
  ) {
    this.rooms = new Rooms(this, options.bigRoom, clock, backend.history.topics(), backend.crowds);
    this.remote = new RemoteMembers(this.roster, this.rooms, clock, log);
    this.history = new HistoryView(backend.history, options.historyOnJoin, (id) => this.roster.findById(id));
  }

  /** The chat is stopping: nobody else gets in. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * The chat is stopping: nobody else gets in, and everyone is let go at once, each local
   * member's client closed with no leave notices (a thousand "left" lines would only
   * delay the goodbye).
   */
  close(reason: string): void {
    this.#closed = true;
    this.log(`shutdown: closing ${this.roster.size} members`);
    const members = [...this.roster.values()];
    this.roster.clear();
    this.remote.clear();
    this.rooms.clear();
    for (const member of members) if (member.isLocal) member.sink.close(reason, "shutdown");
  }

  /** Why the chat is paused (its shared backend is out of reach), or undefined. */
  get paused(): string | undefined {
    return this.#paused;
  }

  pause(reason: string | undefined): void {
    this.#paused = reason;
  }

  /** The id of the newest event this instance knows of. */
  get lastId(): number {
    return this.backend.lastId;
  }

  /** Calls `observer` with every event as it is recorded (logging, metrics, page caches). */
  observe(observer: (event: RecordedEvent) => void): void {
    this.#observers.push(observer);
  }

  /** Calls `effect` with every event after the observers: what an event does to the chat. */
  afterEach(effect: (event: RecordedEvent) => void): void {
    this.#effects.push(effect);
  }

  /**
   * Has the backend number and record an event, then routes it: at once when the backend
   * answers at once, else when the event comes back in the one order (`dispatch`, through
   * the federation). What is said goes out only once it is recorded (see `ChatBackend.record`).
   */
  publish(fields: NewEvent, change?: PresenceChange): Pending<RecordedEvent> {
    const recorded = this.backend.record(fields, this.clock.now(), change);
    if (!(recorded instanceof Promise) && recorded.ok) this.dispatch(recorded.value);
    return recorded;
  }

  /** An event in the one order reaches its members here, then its observers, then takes effect. */
  dispatch(event: RecordedEvent): void {
    deliver(event, this.roster, this.rooms);
    for (const observer of this.#observers) observer(event);
    for (const effect of this.#effects) effect(event);
  }

  /** Sends a line to one member only. */
  tell(member: Member, text: string, error = false, emphasis?: Emphasis): void {
    const event: ChatEvent = { kind: "system", at: this.clock.now(), text, ...(error ? { error } : {}), ...(emphasis?.length ? { emphasis } : {}) };
    member.sink.deliver(event);
  }

  /** Whether `member` is still in the chat, as itself (not gone, nor someone since under its name). */
  isHere(member: Member): boolean {
    return this.roster.find(member.nick) === member;
  }

  /**
   * Tells the room (its pages) and the other instances when what the member list shows
   * of a member of this instance changed: registered, operator, away.
   */
  marksMaybeChanged(member: Member): void {
    if (!member.isLocal || !this.isHere(member)) return;
    const marks = member.newMarks();
    if (!marks) return;
    try {
      for (const room of member.rooms) this.publish({ kind: "status", room, nick: member.nick, marks }, presenceOf(member));
      if (member.rooms.length === 0) this.placeNowhere(member);
    } catch (error) {
      this.log(`status of ${member.nick}: ${String(error)}`);
    }
  }

  /**
   * Tells the other instances where a member in no room is (a roomless one: an IRC client
   * arriving, renamed, marked, out of its last room), or that it is `gone`: with no room to
   * tell it in, a status line in `NO_ROOM` carries it, shown to no one.
   */
  placeNowhere(member: Member, gone = false): void {
    const fields = { kind: "status", room: NO_ROOM, nick: member.nick, marks: member.marks() } as const;
    void this.publish(fields, gone ? { member: member.id, now: null } : presenceOf(member));
  }
}
