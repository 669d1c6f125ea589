import type { Account } from "../../stores/account-store.ts";
import type { ChatEvent, MemberMarks, Transport } from "../events.ts";
import { accountParty } from "../identity/account-party.ts";
import type { TokenBucket } from "../input/rate-limit.ts";
import { Memberships } from "../rooms/membership.ts";
import { nickKey } from "./nickname.ts";
import type { MemberSink } from "./member-sink.ts";
import type { DisplayPreferences } from "./preferences.ts";

export type { MemberSink } from "./member-sink.ts";

/** What a member is made of when the chat lets it in (or lists it from another instance). */
export interface MemberFacts {
  /**
   * Who this is, for as long as they are here, whatever their nickname: what a private
   * message belongs to, unless they proved an account (see `Member.party`). Never shown,
   * never reused.
   */
  readonly id: string;
  readonly nick: string;
  readonly transport: Transport;
  /** The client's address, for logs and per-address limits; empty for a member of another instance. */
  readonly address: string;
  /** The room it is in now, and the event id from which it is there. */
  readonly room: string;
  readonly since: number;
  /** Every room it is in, when more than `room` (a member of another instance). */
  readonly rooms?: readonly string[];
  /** May be in no room (see `Memberships.roomless`); `room` is `NO_ROOM` while it is in none. */
  readonly roomless?: boolean;
  readonly sink: MemberSink;
  readonly bucket: TokenBucket;
  /** Lines over the rate wait their turn rather than being refused (see `JoinRequest.paceInput`). */
  readonly pacesInput: boolean;
  /** The fingerprint of the SSH key the client connected with: it proves the nicknames that key owns. */
  readonly key?: string;
  /** The instance the member is connected to, when it is another one, and the marks it lists them with. */
  readonly instance?: string;
  readonly listedMarks?: MemberMarks;
  /** A member of another instance: the party of the account it proved there (see `Member.party`). */
  readonly listedParty?: string;
}

/** How many nicknames one member may ignore: each costs memory, and is kept in their account. */
export const MAX_IGNORED = 100;

const NO_PREFERENCES: Readonly<DisplayPreferences> = Object.freeze({});
const NO_MARKS: MemberMarks = Object.freeze({});

/**
 * Someone in the chat, on any transport. What the chat knows of them is read through
 * getters and changed through the methods below, each by the part of the chat that owns
 * it (the roster renames, identity proves, moderation mutes); transports only read.
 */
export class Member {
  readonly id: string;
  readonly transport: Transport;
  readonly address: string;
  readonly sink: MemberSink;
  readonly bucket: TokenBucket;
  readonly pacesInput: boolean;
  readonly key: string | undefined;
  /**
   * The instance the member is connected to, when it is another one (see `ChatBackend`):
   * such a member is listed here, but its sink goes nowhere and its own instance delivers.
   */
  readonly instance: string | undefined;
  /** The rooms the member is in, and the one it is in now: changed by `Rooms` only. */
  readonly memberships: Memberships;
  #nick: string;
  /** Replaced, never changed in place: most members share the one empty set. */
  #preferences: Readonly<DisplayPreferences> = NO_PREFERENCES;
  #account: Account | undefined;
  #op: boolean;
  /** Keys (`nickKey`) of nicknames proven with a password this session: a `/nick` back to one needs no password again. */
  #proven: Set<string> | undefined;
  #mutedUntil: number | undefined;
  #away: string | undefined;
  /** Nicknames whose lines the member does not see, by `nickKey` (a look-alike is the same name), to the name as typed; most members have none. */
  #ignoring: Map<string, string> | undefined;
  #repliesTo: string | undefined;
  #activeAt = 0;
  /** The marks the room and the other instances were last told of, as a key (see `newMarks`). */
  #marksTold = "";
  /** A member of another instance: the marks it was listed with (its own members' are worked out). */
  readonly #listedMarks: MemberMarks | undefined;
  readonly #listedParty: string | undefined;

  constructor(facts: MemberFacts) {
    this.id = facts.id;
    this.#nick = facts.nick;
    this.transport = facts.transport;
    this.address = facts.address;
    this.sink = facts.sink;
    this.bucket = facts.bucket;
    this.pacesInput = facts.pacesInput;
    this.key = facts.key;
    this.instance = facts.instance;
    this.memberships = new Memberships(facts.room, facts.since, facts.rooms, facts.roomless);
    this.#listedMarks = facts.listedMarks;
    this.#listedParty = facts.listedParty;
    this.#away = facts.listedMarks?.away;
    this.#op = facts.listedMarks?.op === true;
    this.#marksTold = facts.listedMarks ? marksKey(facts.listedMarks) : "";
  }

  get nick(): string {
    return this.#nick;
  }

  /** The member is now called `nick` (the roster, which files members by nickname, calls it). */
  renamed(nick: string): void {
    this.#nick = nick;
  }

  /** Whether the member is connected to this instance (the others list it, and deliver to it). */
  get isLocal(): boolean {
    return this.instance === undefined;
  }

  /** The member's current room: where what it says goes, unless it says where; `NO_ROOM` for a roomless one in none. */
  get room(): string {
    return this.memberships.current;
  }

  /** Every room the member is in, in the order it joined them. */
  get rooms(): string[] {
    return this.memberships.names();
  }

  isIn(room: string): boolean {
    return this.memberships.has(room);
  }

  /** Set by /color and /timestamps; read by the member's transport when it renders. */
  get preferences(): Readonly<DisplayPreferences> {
    return this.#preferences;
  }

  prefer(changes: Readonly<DisplayPreferences>): void {
    this.#preferences = { ...this.#preferences, ...changes };
  }

  /** The account of the member's nickname, when it is owned and the member proved it. */
  get account(): Account | undefined {
    return this.#account;
  }

  /**
   * Whom the member's privates are filed under besides its `id` (see `Identities`): its
   * account's party once it proved one. It changes with the account (`/identify`,
   * `/register`, `/unregister`); what was filed under the `id` stays the member's.
   */
  get party(): string | undefined {
    if (this.instance !== undefined) return this.#listedParty;
    return this.#account && accountParty(this.#account);
  }

  /** May kick, ban and mute: the member's proven account is an operator's. */
  get op(): boolean {
    return this.#op;
  }

  /** Keys (`nickKey`) of the nicknames this member proved this session. */
  get proven(): ReadonlySet<string> | undefined {
    return this.#proven;
  }

  /** The member proved `account` (or holds none now); `op` says whether it is an operator's. */
  identified(account: Account | undefined, op: boolean): void {
    this.#account = account;
    this.#op = op;
    if (account) (this.#proven ??= new Set()).add(nickKey(account.nick));
  }

  /** The member gave up the nickname `nick`: proving it again takes its password. */
  forgetProof(nick: string): void {
    this.#proven?.delete(nickKey(nick));
  }

  /** Until when the member may read but not send (ms since the epoch; Infinity: until unmuted). */
  get mutedUntil(): number | undefined {
    return this.#mutedUntil;
  }

  mute(until: number | undefined): void {
    this.#mutedUntil = until;
  }

  /** Set by `/away REASON`: a private message to the member is answered with it. */
  get away(): string | undefined {
    return this.#away;
  }

  setAway(reason: string | undefined): void {
    this.#away = reason;
  }

  /** Whom the member ignores (`/ignore`), as they were named. */
  get ignored(): string[] {
    return [...(this.#ignoring?.values() ?? [])];
  }

  get ignoresAnyone(): boolean {
    return this.#ignoring !== undefined;
  }

  /** Ignores `nicks` too (well-formed nicknames: see `People.ignore`), up to `MAX_IGNORED` in all. */
  ignore(nicks: Iterable<string>): void {
    for (const nick of nicks) {
      const ignoring = (this.#ignoring ??= new Map());
      if (ignoring.size >= MAX_IGNORED) return;
      ignoring.set(nickKey(nick), nick);
    }
  }

  /** Sees `nick` again; false when it was not ignored. */
  unignore(nick: string): boolean {
    if (!this.#ignoring?.delete(nickKey(nick))) return false;
    if (this.#ignoring.size === 0) this.#ignoring = undefined;
    return true;
  }

  /** Someone renamed: if it is someone the member ignores, the ignore follows them to their new name. */
  followRename(from: string, to: string): void {
    if (!this.#ignoring?.delete(nickKey(from))) return;
    this.#ignoring.set(nickKey(to), to);
  }

  /** Whether `event` is a line from someone the member ignores. */
  ignores(event: ChatEvent): boolean {
    if (this.#ignoring === undefined) return false;
    return (event.kind === "message" || event.kind === "action" || event.kind === "private") && this.#ignoring.has(nickKey(event.from));
  }

  /** Who last sent the member a private message (their `id`): whom `/reply` answers. */
  get repliesTo(): string | undefined {
    return this.#repliesTo;
  }

  heardFrom(id: string): void {
    this.#repliesTo = id;
  }

  /** When the member last typed a line (ms since the epoch), for `/whois`; set on joining. */
  get activeAt(): number {
    return this.#activeAt;
  }

  typed(at: number): void {
    this.#activeAt = at;
  }

  /** What the member list shows beside the member: registered, operator, away. */
  marks(): MemberMarks {
    if (this.instance !== undefined) return this.#listedMarks ?? NO_MARKS;
    if (!this.#account && this.#away === undefined) return NO_MARKS;
    return {
      ...(this.#account ? { registered: true } : {}),
      ...(this.#op ? { op: true } : {}),
      ...(this.#away !== undefined ? { away: this.#away } : {}),
    };
  }

  /** The marks, when they changed since the room and the other instances were last told; they count as told now. */
  newMarks(): MemberMarks | undefined {
    const marks = this.marks();
    const key = marksKey(marks);
    if (key === this.#marksTold) return undefined;
    this.#marksTold = key;
    return marks;
  }

  /**
   * The room and the other instances were just told the member's marks another way (a
   * rename carries them), or know them as `marks` (a member handed over from another instance).
   */
  marksTold(marks: MemberMarks = this.marks()): void {
    this.#marksTold = marksKey(marks);
  }
}

/** Marks as a short string, to tell whether they changed. */
function marksKey(marks: MemberMarks): string {
  return `${marks.registered ? "r" : ""}${marks.op ? "o" : ""}${marks.away !== undefined ? `a${marks.away}` : ""}`;
}
