import { SHUTTING_DOWN, type Chat, type ChatErrorCode, type Member, type Result, type Seat, type Timer } from "../chat/index.ts";
import { tokenHash, type SessionStore } from "../stores/session-store.ts";
import { EventFrames } from "./event-frames.tsx";
import { listedRooms, listingKey } from "./listed-rooms.ts";
import { PING, type SseStream, type StreamEnd } from "./sse-stream.ts";
import { WebSession, type SessionAfterwards, type SessionHost } from "./web-session.ts";

export interface WebSessionsOptions {
  graceSeconds: number;
  log: (line: string) => void;
  /** Bytes a stream may have queued before it is cut off. */
  maxBufferedBytes?: number;
  /** How often every open stream gets a `: ping` comment. */
  pingMs?: number;
  /** Where sessions are kept to outlive the process; without one a restart ends them all. */
  store?: SessionStore;
}

/** Counters the web transport adds to /metrics. */
export interface WebStats {
  streamsOpened: number;
  streamsLagging: number;
}

/**
 * Every joined browser, by session token. Owns the grace timers (through the sessions),
 * the seats of web members and the heartbeat of all open streams.
 */
export class WebSessions implements SessionHost {
  readonly frames: EventFrames;
  readonly graceMs: number;
  readonly maxBufferedBytes: number;
  readonly stats: WebStats = { streamsOpened: 0, streamsLagging: 0 };
  readonly #byToken = new Map<string, WebSession>();
  /** Sessions being brought back from the store, so that two requests at once restore one. */
  readonly #restoring = new Map<string, Promise<WebSession | undefined>>();
  readonly #heartbeat: Timer;
  #openStreams = 0;
  /** Rooms whose head count changed since every page was last told. */
  readonly #roomsChanged = new Set<string>();
  #roomsTimer: Timer | undefined;
  /** Which rooms every page lists, to tell a change of list from a new head count. */
  #roomsShown: string;
  #closed = false;
  #storeFailing = false;

  constructor(
    readonly chat: Chat,
    private readonly options: WebSessionsOptions,
  ) {
    this.frames = new EventFrames(chat);
    this.graceMs = options.graceSeconds * 1000;
    this.maxBufferedBytes = options.maxBufferedBytes ?? 256 * 1024;
    this.#heartbeat = chat.clock.every(options.pingMs ?? 15_000, () => this.#ping());
    this.#roomsShown = listingKey(listedRooms(chat));
    chat.observe((event) => {
      if (event.kind === "join" || event.kind === "leave") this.#roomChanged(event.room);
    });
    // A shared store that came back may have lost the sessions: the live ones are saved again.
    chat.backend.onRegistered(() => {
      for (const session of this.#byToken.values()) this.changed(session);
    });
  }

  get keepsSessions(): boolean {
    return this.options.store !== undefined;
  }

  get openStreams(): number {
    return this.#openStreams;
  }

  /**
   * The live session for a cookie value, if any. A session the store kept comes back to
   * life here, as the same member in the same room, for a browser at `address`: after a
   * restart, or (with a shared store) when its member is connected to another instance.
   * Then a page or a POST is served as a visit, and only a stream (`connect`) brings the
   * member over: where its stream is, a member lives.
   */
  async get(token: string | undefined, address: string, connect = false): Promise<WebSession | undefined> {
    if (!token) return undefined;
    const live = this.#byToken.get(token);
    if (live) return live.member ? live : undefined;
    let restoring = this.#restoring.get(token);
    if (!restoring) {
      restoring = this.#restore(token, address, connect).finally(() => this.#restoring.delete(token));
      this.#restoring.set(token, restoring);
    }
    const session = await restoring;
    // A visit was under way when a stream came: now the member is brought here.
    if (connect && session?.isVisit) return this.get(token, address, true);
    return session?.member ? session : undefined;
  }

  /**
   * Joins the chat as a web member from `address`; the session's token goes in the cookie.
   * `password` (the join form's optional field) proves a registered nickname.
   */
  async join(nick: string, address: string, password?: string): Promise<Result<WebSession>> {
    const seat = this.chat.admit(address);
    if (!seat.ok) return seat;
    const session = new WebSession(newToken(), seat.value, this);
    const proof = password ? { proof: { password } } : {};
    const joined = await this.chat.join({ nick, transport: "web", seat: seat.value, ...proof }, session);
    if (!joined.ok) {
      seat.value.release();
      return joined;
    }
    session.attach(joined.value);
    this.#byToken.set(session.token, session);
    this.options.log(`web join ${joined.value.nick} from ${address}`);
    return { ok: true, value: session };
  }

  /** The member clicked Leave (here, or on the instance it is connected to). */
  async leave(session: WebSession, member: Member): Promise<void> {
    if (member.instance !== undefined) {
      await this.chat.leaveElsewhere(member);
      return;
    }
    this.chat.leave(member, "left");
    session.end("You left the chat.");
  }

  streamOpened(session: WebSession, _stream: SseStream): void {
    this.#openStreams++;
    this.stats.streamsOpened++;
    this.options.log(`web stream open ${session.nick} from ${session.address} (${session.streamCount} open)`);
  }

  streamClosed(session: WebSession, _stream: SseStream, why: StreamEnd): void {
    this.#openStreams--;
    if (why === "lagging") this.stats.streamsLagging++;
    this.options.log(
      `web stream close ${session.nick} from ${session.address}: ${why} (${session.streamCount} open)`,
    );
  }

  ended(session: WebSession, afterwards: SessionAfterwards): void {
    if (this.#byToken.get(session.token) !== session) return;
    this.#byToken.delete(session.token);
    session.seat.release();
    this.options.log(`web leave ${session.nick} from ${session.address}${afterwards === "moved" ? " (moved to another instance)" : ""}`);
    if (afterwards === "forget") this.#store((store) => store.delete(tokenHash(session.token)));
    // Kept for the next start; a session that moved is kept by the instance that has it now.
    else if (afterwards === "keep") this.changed(session);
  }

  changed(session: WebSession): void {
    const stored = session.stored();
    if (stored) this.#store((store) => store.save(tokenHash(session.token), stored));
  }

  /**
   * A kept session, as it was: visited (its member is connected to another instance and
   * `connect` is not set), or brought here (from the instance that had it, or joined again
   * after a restart). Undefined if it cannot be.
   */
  async #restore(token: string, address: string, connect: boolean): Promise<WebSession | undefined> {
    if (this.#closed) return undefined;
    const hash = tokenHash(token);
    const stored = await this.#store((store) => store.find(hash));
    if (!stored) return undefined;
    const { nick, memberId, room, rooms, readUpTo, provenAs } = stored;
    const elsewhere = this.chat.findById(memberId);
    if (elsewhere?.instance !== undefined && !connect) {
      const visit = new WebSession(token, NO_SEAT, this);
      visit.visit(elsewhere);
      return visit;
    }
    const seat = this.chat.admit(address);
    if (!seat.ok) return undefined;
    const session = new WebSession(token, seat.value, this);
    const back = await this.chat.comeBack({ nick, transport: "web", seat: seat.value, identity: memberId, room, rooms, readUpTo, provenAs }, session);
    if (!back.ok) {
      seat.value.release();
      // The name went to someone else meanwhile, or is banned: this session cannot be what
      // it was. (Anything else, such as a paused chat, passes: the page tries again.)
      if (SESSION_OVER.has(back.error.code)) this.#store((store) => store.delete(hash));
      this.options.log(`web session of ${nick} not restored: ${back.error.message}`);
      return undefined;
    }
    session.conversations.restore(stored.conversations ?? []);
    session.attach(back.value);
    this.#byToken.set(token, session);
    this.options.log(`web join ${nick} from ${address} (session ${elsewhere ? "moved here" : "restored"})`);
    return session;
  }

  /**
   * Runs `work` on the store, if there is one. A store that fails costs the sessions their
   * life after a restart, not the chat now: it is logged, once until it works again.
   */
  async #store<T>(work: (store: SessionStore) => T | Promise<T>): Promise<T | undefined> {
    const store = this.options.store;
    if (!store) return undefined;
    try {
      const result = await work(store);
      this.#storeFailing = false;
      return result;
    } catch (error) {
      if (!this.#storeFailing) this.options.log(`web sessions: cannot use the store (${String(error)})`);
      this.#storeFailing = true;
      return undefined;
    }
  }

  /**
   * Stops the transport: members still here leave (normally `chat.shutdown()` already
   * closed them all) and every stream ends once its queue is flushed. The sessions are
   * kept in the store, for their pages to reconnect to the next start.
   */
  close(notice = SHUTTING_DOWN): void {
    this.#closed = true;
    this.#heartbeat.cancel();
    this.#roomsTimer?.cancel();
    for (const session of [...this.#byToken.values()]) {
      const member = session.member;
      if (member) this.chat.leave(member, "server shutting down");
      session.end(notice, this.keepsSessions ? "keep" : "forget");
    }
  }

  #ping(): void {
    for (const session of this.#byToken.values()) session.push(PING);
  }

  /**
   * A head count changed. Pages hear of it at most every ROOMS_EVERY_MS, in one frame
   * rendered for all of them: a burst of joins in a busy server would otherwise send
   * every page a room list per join (pages × joins, and Bun copies each chunk it cannot
   * send at once).
   */
  #roomChanged(room: string): void {
    this.#roomsChanged.add(room);
    if (this.#roomsTimer || this.#closed) return;
    this.#roomsTimer = this.chat.clock.after(ROOMS_EVERY_MS, () => this.#pushRooms());
  }

  /** Sends the whole list when the listed rooms changed, else just the counts that changed. */
  #pushRooms(): void {
    this.#roomsTimer = undefined;
    if (this.#closed) return;
    const listing = listedRooms(this.chat);
    const key = listingKey(listing);
    const frame =
      key === this.#roomsShown
        ? this.frames.roomList.counts(listing.rooms.filter((room) => this.#roomsChanged.has(room.name)))
        : this.frames.roomList.whole();
    this.#roomsShown = key;
    this.#roomsChanged.clear();
    for (const session of this.#byToken.values()) session.push(frame);
  }
}

/** How often, at most, pages are told of new head counts. */
const ROOMS_EVERY_MS = 500;

/** Where a visit sits: nowhere, as it holds no connection (see `WebSession.visit`). */
/** Why a kept session can never come back as what it was: its name is someone else's, or banned. */
const SESSION_OVER: ReadonlySet<ChatErrorCode> = new Set(["nick-taken", "nick-invalid", "nick-owned", "key-owned", "banned"]);

const NO_SEAT: Seat = { address: "", addConnection: () => false, removeConnection() {}, release() {} };

function newToken(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
}
