import {
  type Chat,
  type ChatEvent,
  type FrameOutlet,
  type Member,
  type MemberSink,
  type RecordedEvent,
  type Seat,
  type SystemEvent,
  type Timer,
} from "../chat/index.ts";
import type { StoredSession } from "../stores/session-store.ts";
import type { EventFrames } from "./event-frames.tsx";
import { SessionConversations } from "./session-conversations.ts";
import { storedSession } from "./stored-session.ts";
import { SseStream, type StreamEnd, type StreamOwner } from "./sse-stream.ts";
import { showing, type View } from "./view.ts";
import { catchUp, sendShown } from "./view-streams.ts";

/**
 * Streams one session may hold at once: a few tabs of the same chat. Each is an open
 * connection (a file descriptor) for as long as its tab is open, so without a cap one
 * cookie could hold thousands and leave the server none for anybody else.
 */
export const MAX_STREAMS_PER_SESSION = 5;

/** What becomes of a session that ended here (see `SessionHost.ended`). */
export type SessionAfterwards = "forget" | "keep" | "moved";

/** Why a session opened no stream: it is over, it has its fill of tabs, or its address has no slot left. */
export type StreamRefusal = "ended" | "too-many-streams" | "too-many-from-address";

export type OpenedStream = { ok: true; stream: SseStream } | { ok: false; refusal: StreamRefusal };

/** What a session needs from the registry that owns it. */
export interface SessionHost {
  readonly chat: Chat;
  readonly frames: EventFrames;
  readonly graceMs: number;
  readonly maxBufferedBytes: number;
  streamOpened(session: WebSession, stream: SseStream): void;
  streamClosed(session: WebSession, stream: SseStream, why: StreamEnd): void;
  /**
   * The session is over here (left, timed out, kicked, shut down, moved): forget its token.
   * `afterwards` says what becomes of it: over for good ("forget"), kept for the next start
   * ("keep"), or carried on by another instance, which now keeps it ("moved").
   */
  ended(session: WebSession, afterwards: SessionAfterwards): void;
  /** What the session would come back as after a restart changed (joined, moved, renamed). */
  changed(session: WebSession): void;
  /** Whether sessions outlive the process (there is a store for them). */
  readonly keepsSessions: boolean;
}

/**
 * A browser's membership in the chat: the `MemberSink` of a web member. It may have
 * several open SSE streams (tabs) or, for a while, none (reload, hidden tab): the member
 * stays in the chat until no stream has been open for the grace period, so a reload
 * never shows up as a leave and a join.
 */
export class WebSession implements MemberSink, StreamOwner {
  #member: Member | undefined;
  /** Open streams, one per tab; an array, as most sessions have one (a Set costs more per session). */
  #streams: SseStream[] = [];
  /** What each open stream's tab shows: a room or a conversation (see `View`). */
  readonly #views = new WeakMap<SseStream, View>();
  /** The private conversations this session has had: the page lists and shows them; kept with the session. */
  readonly conversations = new SessionConversations(() => this.roomsChanged());
  /** Streams of this session that other instances hold (see `mirror`); none for most sessions. */
  #mirrors: FrameOutlet[] = NO_MIRRORS;
  #graceTimer: Timer | undefined;
  #unseen: readonly SystemEvent[] = NONE_UNSEEN;
  #ended = false;
  #visiting = false;

  constructor(
    readonly token: string,
    /** Held from join to the end of the session. */
    readonly seat: Seat,
    private readonly host: SessionHost,
  ) {}

  get address(): string {
    return this.seat.address;
  }

  get member(): Member | undefined {
    return this.#ended ? undefined : this.#member;
  }

  /** The member's nickname, also after the session ended (for logs). */
  get nick(): string {
    return this.#member?.nick ?? "?";
  }

  get streamCount(): number {
    return this.#streams.length;
  }

  /** Called once `chat.join` accepted the member. */
  attach(member: Member): void {
    this.#member = member;
    this.#armGrace();
    this.host.changed(this);
  }

  /** What this session comes back as after a restart. */
  stored(): StoredSession | undefined {
    return this.#member && storedSession(this.#member, this.conversations.all);
  }

  /** MemberSink: its rooms or read state changed (or its conversations'): saved, to come back with them. */
  roomsChanged(): void {
    if (this.#member && !this.#ended) this.host.changed(this);
  }

  /**
   * MemberSink: the member is in `room` too now, and it is current. No tab is redrawn:
   * each shows its own view (its address); the tab that typed the /join is sent to the
   * room's address by the answer to its post.
   */
  enter(): void {
    if (!this.#member || this.#ended) return;
    this.host.changed(this);
  }

  /** MemberSink: every event of the member's rooms, its privates and answers; each tab gets what its view shows. */
  deliver(event: ChatEvent): void {
    const member = this.#member;
    if (!member || this.#ended) return;
    const { nick } = member;
    // Renamed, registered or identified: what it would come back as changed.
    if ((event.kind === "rename" && event.to === nick) || (event.kind === "status" && event.nick === nick)) this.host.changed(this);
    if (event.kind === "private") {
      const seen = this.#streams.some((stream) => showing(event, this.#views.get(stream) ?? { room: member.room }, nick) === "show");
      this.conversations.add(event, nick, seen);
    }
    if (this.#streams.length === 0 && this.#mirrors.length === 0) {
      // History replay covers recorded events when a stream comes back; answers to this
      // member are not recorded, so they wait for the next page (a page without
      // JavaScript posts plain forms and has no stream at all).
      if (event.kind === "system") this.#unseen = [...this.#unseen, event].slice(-UNSEEN_KEPT);
      return;
    }
    const { frames } = this.host;
    for (const stream of this.#streams) sendShown(stream, event, this.#views.get(stream) ?? { room: member.room }, nick, frames);
    // A tab of another instance shows the member's current room.
    for (const mirror of this.#mirrors) sendShown(mirror, event, { room: member.room }, nick, frames);
  }

  /** Answers no stream carried, oldest first; each is handed out once. */
  takeUnseen(): readonly SystemEvent[] {
    const unseen = this.#unseen;
    this.#unseen = NONE_UNSEEN;
    return unseen;
  }

  /**
   * MemberSink: on a server shutdown a session that outlives the process is kept, and its
   * page reconnects to the next start.
   */
  close(reason: string, ending?: "shutdown" | "moved"): void {
    if (ending === "moved") return this.end(reason, "moved");
    this.end(reason, ending === "shutdown" && this.host.keepsSessions ? "keep" : "forget");
  }

  /**
   * MemberSink: another instance holds a stream of this session (a tab whose requests
   * reach it): it gets what this session's streams get, caught up from `after` like one
   * of them. Only while a stream is open here: else the member is better moved there.
   */
  mirror(outlet: FrameOutlet, after: number | undefined): boolean {
    const member = this.member;
    if (!member || this.#streams.length === 0) return false;
    this.#mirrors = [...this.#mirrors.filter((open) => open.open), outlet];
    const target = { send: (frame: Uint8Array) => outlet.send(frame), sendParts: (parts: readonly Uint8Array[]) => parts.forEach((part) => outlet.send(part)) };
    catchUp(this.host.chat, this.host.frames, target, member, { room: member.room }, after);
    return true;
  }

  /**
   * Shows `member`, connected to another instance, to a request that reached this one:
   * pages and POSTs are served here, and nothing is kept (no seat, no timer, no streams).
   */
  visit(member: Member): void {
    this.#member = member;
    this.#visiting = true;
  }

  /** Whether this only shows a member connected to another instance (see `visit`). */
  get isVisit(): boolean {
    return this.#visiting;
  }

  /**
   * Opens a stream for this member, or says why not. Everything it must catch up on is
   * queued before this returns, and live events only arrive afterwards on the same
   * thread, so nothing is lost or repeated between the two.
   */
  openStream(after: number | undefined, view: View | undefined, dropConnection?: () => void): OpenedStream {
    const member = this.member;
    if (!member) return { ok: false, refusal: "ended" };
    if (this.#streams.length >= MAX_STREAMS_PER_SESSION) return { ok: false, refusal: "too-many-streams" };
    // The first stream rides on the seat taken on joining; each further tab is one more
    // connection from the same address, counted like any other (given back in streamEnded).
    if (this.#streams.length > 0 && !this.seat.addConnection()) return { ok: false, refusal: "too-many-from-address" };
    const stream = new SseStream(this.host.maxBufferedBytes, this, dropConnection);
    this.#streams.push(stream);
    const shows = view ?? { room: member.room };
    this.#views.set(stream, shows);
    this.#disarmGrace();
    this.host.streamOpened(this, stream);
    stream.send(RETRY);
    catchUp(this.host.chat, this.host.frames, stream, member, shows, after);
    return { ok: true, stream };
  }

  /**
   * Ends the session here: says `notice` on every open stream, closes them, forgets the
   * token. Unless it is over for good, the page then reconnects by itself (to the next
   * start, or to the instance that has the member now).
   */
  end(notice: string, afterwards: SessionAfterwards = "forget"): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#disarmGrace();
    const frame = this.host.frames.closing(notice, this.host.chat.clock.now(), afterwards !== "forget", this.#member?.nick);
    for (const stream of [...this.#streams]) {
      stream.send(frame);
      stream.end();
    }
    for (const mirror of this.#mirrors) {
      mirror.send(frame);
      mirror.end();
    }
    this.host.ended(this, afterwards);
  }

  /** Sends a frame that is not an event of this member's (a keep-alive, the room list) on every open stream. */
  push(frame: Uint8Array): void {
    for (const stream of this.#streams) stream.send(frame);
    if (this.#mirrors.length === 0) return;
    for (const mirror of this.#mirrors) mirror.send(frame);
    // Pings find the streams that closed over there; the last one gone starts the grace here.
    this.#mirrors = this.#mirrors.filter((mirror) => mirror.open);
    if (this.#mirrors.length === 0 && this.#streams.length === 0 && !this.#ended) this.#armGrace();
  }

  /** StreamOwner: one of this session's streams ended. */
  streamEnded(stream: SseStream, why: StreamEnd): void {
    if (!this.#streams.includes(stream)) return;
    this.#streams = this.#streams.filter((open) => open !== stream);
    // n streams hold n - 1 extra slots, whichever of them ended.
    if (this.#streams.length > 0) this.seat.removeConnection();
    this.host.streamClosed(this, stream, why);
    if (this.#streams.length === 0 && !this.#mirrors.some((mirror) => mirror.open) && !this.#ended) this.#armGrace();
  }

  #armGrace(): void {
    this.#disarmGrace();
    this.#graceTimer = this.host.chat.clock.after(this.host.graceMs, () => {
      const member = this.#member;
      if (member) this.host.chat.leave(member, "connection lost");
      this.end("You were away too long and have left the chat.");
    });
  }

  #disarmGrace(): void {
    this.#graceTimer?.cancel();
    this.#graceTimer = undefined;
  }
}

const NONE_UNSEEN: readonly SystemEvent[] = Object.freeze([]);
const NO_MIRRORS: FrameOutlet[] = [];

/** How many answers wait for the next page at most. */
const UNSEEN_KEPT = 20;

/** Sent first on every stream: flushes the response headers at once and sets the reconnect delay. */
export const RETRY = new TextEncoder().encode("retry: 1000\n\n");
