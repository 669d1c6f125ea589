import type { Account } from "../../stores/account-store.ts";
import type { TokenBucket } from "../input/rate-limit.ts";
import type { ChatEvent, MemberMarks, RecordedEvent, Transport } from "../events.ts";
import type { DisplayPreferences } from "./preferences.ts";
import type { WaitingLines } from "../input/waiting-lines.ts";

/**
 * The one interface through which the chat reaches a connected client. Each transport
 * implements it; the chat never knows about sockets or HTTP.
 */
export interface MemberSink {
  /**
   * The member is now in `room` (on joining the chat, or after /join or /part), and
   * `history` is the recent conversation there, oldest first, to show before what follows.
   * `seenUpTo` is set when the member was in this room before: the newest event id it
   * had seen there when it left. What is not newer is not news to it.
   */
  enter(room: string, history: readonly RecordedEvent[], seenUpTo?: number): void;
  /** Hands an event to the client. Must not throw and must not block. */
  deliver(event: ChatEvent): void;
  /**
   * The chat is done with this client (quit, kick, shutdown): tell it `reason` and
   * disconnect. `ending` says when it is not the member's doing: "shutdown" when the whole
   * server is stopping (a transport may keep the member's place for when it starts again),
   * "moved" when another instance now has the member (its client reconnects there).
   */
  close(reason: string, ending?: "shutdown" | "moved"): void;
}

const NO_PREFERENCES: Readonly<DisplayPreferences> = Object.freeze({});
const NO_MARKS: MemberMarks = Object.freeze({});

/** Someone in the chat, on either transport. */
export class Member {
  /**
   * Set by /color and /timestamps; read by the member's transport when it renders.
   * Replaced, never changed in place: most members share the one empty set.
   */
  preferences: Readonly<DisplayPreferences> = NO_PREFERENCES;

  /**
   * Rooms the member left, oldest first, each followed by the newest event id when it left
   * (see `MemberSink.enter`). A flat array, not a Map: most members move once or twice,
   * and a Map per member costs more than the rest of the member.
   */
  #leftAt: (string | number)[] | undefined;
  /** Lines typed faster than the rate, waiting their turn (members whose input is paced only). */
  waiting: WaitingLines | undefined;
  /**
   * The instance the member is connected to, when it is another one (see `ChatBackend`):
   * such a member is listed here, but its sink goes nowhere and its own instance delivers.
   */
  instance: string | undefined;
  /** Who last sent the member a private message (their `id`): whom `/reply` answers. */
  repliesTo: string | undefined;
  /** When the member last typed a line (ms since the epoch), for `/whois`; set on joining. */
  activeAt = 0;
  /** Set by `/away REASON`: a private message to the member is answered with it. */
  away: string | undefined;
  /** Nicknames (lower case) whose lines the member does not see (`/ignore`); most members have none. */
  ignoring: Set<string> | undefined;

  /** The account of the member's nickname, when it is owned and the member proved it. */
  account: Account | undefined;
  /** The fingerprint of the SSH key the member connected with: it proves the nicknames that key owns. */
  key: string | undefined;
  /** Skeletons of nicknames proven with a password this session: a `/nick` back to one needs no password again. */
  proven: Set<string> | undefined;
  /** May kick, ban and mute: the member's proven account is an operator's. */
  op = false;
  /** Until when the member may read but not send (ms since the epoch; Infinity: until unmuted). */
  mutedUntil: number | undefined;

  /** The marks the room and the other instances were last told of (see `Chat`), as a key. */
  marksTold = "";
  /** A member of another instance: the marks it listed them with (its own members' are worked out). */
  listedMarks: MemberMarks | undefined;

  /** What the member list shows beside the member: registered, operator, away. */
  marks(): MemberMarks {
    if (this.instance !== undefined) return this.listedMarks ?? NO_MARKS;
    if (!this.account && this.away === undefined) return NO_MARKS;
    return {
      ...(this.account ? { registered: true } : {}),
      ...(this.op ? { op: true } : {}),
      ...(this.away !== undefined ? { away: this.away } : {}),
    };
  }

  /** Whether `event` is a line from someone the member ignores. */
  ignores(event: ChatEvent): boolean {
    if (this.ignoring === undefined) return false;
    return (event.kind === "message" || event.kind === "action" || event.kind === "private") && this.ignoring.has(event.from.toLowerCase());
  }

  constructor(
    /**
     * Who this is, for as long as they are here, whatever their nickname: what a private
     * message belongs to. Never shown, never reused.
     */
    readonly id: string,
    public nick: string,
    readonly transport: Transport,
    /** The client's address, for logs and per-address limits. */
    readonly address: string,
    public room: string,
    readonly sink: MemberSink,
    readonly bucket: TokenBucket,
    /** Lines over the rate wait their turn rather than being refused (see `JoinRequest.paceInput`). */
    readonly pacesInput: boolean,
  ) {}

  /** Remembers that the member left `room` when `lastId` was the newest event. */
  leftRoom(room: string, lastId: number): void {
    const left = (this.#leftAt ??= []);
    const at = left.indexOf(room);
    if (at >= 0) left.splice(at, 2);
    left.push(room, lastId);
    // The rooms left most recently are the ones worth remembering; a room-hopper keeps a few.
    if (left.length > 2 * ROOMS_REMEMBERED) left.splice(0, 2);
  }

  /** The newest event id when the member last left `room`, if it has been there. */
  seenUpTo(room: string): number | undefined {
    const at = this.#leftAt?.indexOf(room) ?? -1;
    return at >= 0 ? (this.#leftAt![at + 1] as number) : undefined;
  }
}

/** How many rooms a member's last visits are remembered for. */
const ROOMS_REMEMBERED = 16;
