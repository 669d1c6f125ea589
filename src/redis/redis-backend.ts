import { RedisClient } from "bun";
import { hostname } from "node:os";
import { systemClock, type Clock, type Timer } from "../chat/clock.ts";
import type {
  BackendHost,
  ChatBackend,
  PresenceChange,
  RelayedRequest,
  RemotePresence,
  UnnumberedEvent,
  Whereabouts,
} from "../chat/cluster/backend.ts";
import type { NewEvent, RecordedEvent, TopicEvent } from "../chat/events.ts";
import { fail, ok, type Result } from "../chat/result.ts";
import { type HistoryStore } from "../stores/history-store.ts";
import { MemoryHistory } from "../stores/memory-history.ts";
import { RoomTopics } from "../stores/room-topics.ts";
import { errorText } from "./error-text.ts";
import { LinkState, PAUSED, paused } from "./link-state.ts";
import { RedisAccounts } from "./redis-accounts.ts";
import { RedisBans } from "./redis-bans.ts";
import { fieldsOf, presenceList, streamEntries, type StreamEntry } from "./redis-replies.ts";
import { RedisSessions } from "./redis-sessions.ts";
import { ScriptRunner } from "./script-runner.ts";
import { CLAIM_NICK, COME_BACK, KEYS, PUBLISH, REAP, RELEASE_NICK, ROLL_CALL } from "./scripts.ts";

export interface RedisBackendOptions {
  url: string;
  log: (line: string) => void;
  /** This instance's name; host and process id by default. */
  instance?: string;
  /** How often this instance says it is alive, and looks for instances that stopped. */
  beatMs?: number;
  /** How long an instance that stopped beating counts as alive. */
  aliveMs?: number;
  clock?: Clock;
}

/** Events kept, in Redis and in each instance's copy: what newcomers, "load older" and resumes draw on. */
const EVENTS_KEPT = 10_000;

/** How soon a failed beat is tried again (the link is down, so the chat is paused). */
const RETRY_MS = 500;

/** How many events one read takes from the stream. */
const READ_BATCH = 1000;

/** How long a request relayed to another instance waits for its answer. */
const RELAY_TIMEOUT_MS = 5000;

const NO_ANSWER = "The server your page is connected to did not answer; please try again.";

/** A message on an instance's relay channel: a request for it, or the answer to one it sent. */
type RelayMessage =
  | { id: number; from: string; request: RelayedRequest }
  | { id: number; answer: Result<unknown> };

/** What a stream entry of an event carries besides its id. */
interface EventPayload {
  e: UnnumberedEvent;
  c?: PresenceChange;
  /** Unique per event, "INSTANCE:N": a copy recorded again after Redis lost it is told apart by it. */
  u: string;
}

/** An event this instance recorded lately, which Redis answered for. */
interface Recorded {
  readonly payload: EventPayload;
  readonly id: number;
  /** When Redis answered (ms since the epoch). */
  readonly at: number;
}

/**
 * How long an instance keeps what it recorded, in case Redis loses it before every
 * instance has read it: far longer than instances take to read the stream.
 */
const KEPT_FOR_LOSS_MS = 10_000;

/** How many events' `u` an instance remembers, to skip copies recorded again. */
const SEEN_KEPT = 10_000;

/**
 * The chat's shared state in Redis, for several instances behind one balancer:
 * - the one order is a Redis stream; a Lua script gives each event its id and appends it,
 *   and every instance reads the stream and routes each event to its own members;
 * - each instance keeps a copy of the stream's recent events, so history reads stay local;
 * - nicknames are claimed with a key per nickname skeleton (look-alikes clash);
 * - presence is a hash per instance, kept alive by a beat; the members of an instance that
 *   stops beating are reaped by another, which tells their leaves.
 */
export class RedisBackend implements ChatBackend {
  readonly instance: string;
  #history = new MemoryHistory(EVENTS_KEPT);
  /** Each room's topic: kept in a hash too, as the stream keeps only its newest events. */
  readonly #topics = new RoomTopics();
  #lastId = 0;
  /** The stream entry read last: reading goes on after it. */
  #lastEntry = "0-0";
  #epoch: string | undefined;
  #host: BackendHost | undefined;
  readonly #link: LinkState;
  readonly #clock: Clock;
  readonly #scripts: ScriptRunner;
  #beat: Timer | undefined;
  #closed = false;
  /** Nicknames whose release failed while Redis was out of reach: given back once it is here. */
  readonly #unreleased = new Map<string, string>();
  /** Set when the link was lost: the instance registers its members again once it is back. */
  #registerAgain = false;
  /** Instances listed when this one started, for `attach` to hand to the chat. */
  #found: [string, RemotePresence[]][] = [];
  /** Requests relayed to other instances, by id, until answered. */
  readonly #relays = new Map<number, { settle: (answer: Result<unknown>) => void; timer: Timer }>();
  #lastRelay = 0;
  readonly #registered: (() => void)[] = [];
  /** Events recorded by this instance so far (for their `u`). */
  #recordedCount = 0;
  /** What this instance recorded lately, oldest first (see `KEPT_FOR_LOSS_MS`). */
  #recent: Recorded[] = [];
  /** Where the entries of `#recent` still kept begin. */
  #recentStart = 0;
  /** Events whose recording had no answer (the link failed): recorded again once it is back. */
  readonly #held: { payload: EventPayload; settle: (result: Result<RecordedEvent>) => void }[] = [];
  /** The `u` of the events read lately, oldest first: a copy recorded again is skipped. */
  readonly #seen = new Set<string>();
  /** A beat is under way: the retry after a failure must not run a second one beside it. */
  #beating = false;

  private constructor(
    private readonly commands: RedisClient,
    private readonly reader: RedisClient,
    /** A connection in subscriber mode, for the relay channel. */
    private readonly listener: RedisClient,
    private readonly options: RedisBackendOptions,
  ) {
    this.instance = options.instance ?? `${hostname()}-${process.pid}`;
    this.#scripts = new ScriptRunner(commands, [PUBLISH, ROLL_CALL, CLAIM_NICK, RELEASE_NICK, REAP, COME_BACK]);
    this.#clock = options.clock ?? systemClock;
    this.#link = new LinkState(options.log, this.#clock);
    this.accounts = new RedisAccounts(commands);
    this.bans = new RedisBans(commands);
  }

  /** Connects, loads the recent events and who is where; rejects with a clear reason when Redis cannot be reached. */
  static async connect(options: RedisBackendOptions): Promise<RedisBackend> {
    // Commands fail at once while the link is down (no queue to replay later), and the
    // backend reconnects by itself on its beat: Bun's own retries would keep the first
    // connect waiting forever on a Redis that is not there.
    const settings = { enableOfflineQueue: false, autoReconnect: false, connectionTimeout: 3000 };
    const commands = new RedisClient(options.url, settings);
    try {
      await commands.connect();
    } catch (error) {
      commands.close();
      throw new Error(`cannot reach Redis at ${options.url} (${errorText(error)})`);
    }
    const reader = await commands.duplicate();
    const listener = await commands.duplicate();
    const backend = new RedisBackend(commands, reader, listener, options);
    await backend.#load();
    await backend.#listen();
    return backend;
  }

  get lastId(): number {
    return this.#lastId;
  }

  /**
   * The copy of the stream's recent events. An id from before the current epoch cannot be
   * resumed from: what followed it was lost with Redis's data, so the client redraws.
   */
  readonly history: Pick<HistoryStore, "recent" | "since" | "topics"> = {
    recent: (viewer, limit, beforeId) => this.#history.recent(viewer, limit, beforeId),
    since: (viewer, afterId, limit) =>
      afterId < Number(this.#epoch ?? 0) ? undefined : this.#history.since(viewer, afterId, limit),
    topics: () => this.#topics.all(),
  };

  get trouble(): string | undefined {
    return this.#link.up ? undefined : PAUSED;
  }

  readonly accounts: RedisAccounts;
  readonly bans: RedisBans;

  /** Web sessions, kept in the same Redis so that every instance can serve them. */
  sessions(): RedisSessions {
    return new RedisSessions(this.commands);
  }

  /** The link to Redis: up or down, and since when (for /healthz and /metrics). */
  get link(): { up: boolean; since: number } {
    return { up: this.#link.up, since: this.#link.since };
  }

  attach(host: BackendHost): void {
    this.#host = host;
    for (const [instance, members] of this.#found) host.rollCall(instance, members);
    this.#found = [];
    this.commands.onconnect = () => {
      // A new connection may be to a Redis that restarted empty: register again, whatever happened.
      this.#registerAgain = true;
    };
    this.#beat = this.#clock.every(this.options.beatMs ?? 2000, () => void this.#beatOnce());
    void this.#beatOnce();
    void this.#readLoop();
  }

  async record(fields: NewEvent, at: number, change?: PresenceChange): Promise<Result<RecordedEvent>> {
    // Not sent at all: refused, and never delivered.
    if (!this.#link.up || !this.commands.connected)
      return paused("Yours was not sent.");
    const event: UnnumberedEvent = { ...fields, at };
    const payload = this.#payload(event, change);
    try {
      const id = Number(await this.#publish(payload));
      this.#keep({ payload, id, at: this.#clock.now() });
      return ok({ ...event, id } as RecordedEvent);
    } catch (error) {
      this.#lost(error);
      // Sent, but the link failed before the answer: it may be in the order, and some
      // instance may have delivered it already. So it is not refused but held, recorded
      // again once Redis is back (a copy is skipped where it was read), and answered then.
      return new Promise((settle) => this.#held.push({ payload, settle }));
    }
  }

  #payload(event: UnnumberedEvent, change?: PresenceChange): EventPayload {
    const u = `${this.instance}:${++this.#recordedCount}`;
    return change ? { e: event, c: change, u } : { e: event, u };
  }

  /** Keeps what was recorded lately (see `KEPT_FOR_LOSS_MS`). */
  #keep(recorded: Recorded): void {
    const recent = this.#recent;
    recent.push(recorded);
    while (recent[this.#recentStart]!.at < recorded.at - KEPT_FOR_LOSS_MS) this.#recentStart++;
    // Expired ones are cut off now and then, not one by one: each cut moves all the rest.
    if (this.#recentStart > 1024 && this.#recentStart * 2 > recent.length) {
      recent.splice(0, this.#recentStart);
      this.#recentStart = 0;
    }
  }

  /** Records what was held while the link was down, in order, and answers its senders. */
  async #recordHeld(): Promise<void> {
    while (this.#held.length > 0) {
      const { payload, settle } = this.#held[0]!;
      const id = Number(await this.#publish(payload));
      this.#held.shift();
      this.#keep({ payload, id, at: this.#clock.now() });
      settle(ok({ ...payload.e, id } as RecordedEvent));
    }
  }

  /** Appends `payload` to the one order (with the presence change it carries); the id. */
  #publish(payload: EventPayload): Promise<unknown> {
    const change = payload.c;
    return this.#numbered(PUBLISH, [], [JSON.stringify(payload), change?.member ?? "", change?.now ? JSON.stringify(change.now) : ""]);
  }

  /**
   * Events recorded lately (their senders were told they went out) that Redis no longer
   * has: it lost them with its data, maybe before every instance had read them. They are
   * recorded again, in their order, so that what was accepted is delivered; an instance
   * that read them before the loss skips the copies (by `u`).
   */
  async #recordLostAgain(): Promise<void> {
    const recent = this.#recent.slice(this.#recentStart);
    if (recent.length === 0) return;
    const kept: StreamEntry[] = await this.commands.send("XRANGE", [KEYS.events, `${recent[0]!.id}-0`, "+"]);
    const present = new Set(kept.map(([, flat]) => fieldsOf(flat).p).filter(Boolean).map((p) => (JSON.parse(p!) as EventPayload).u));
    const lost = recent.filter(({ payload }) => !present.has(payload.u));
    if (lost.length > 0) this.options.log(`redis: ${lost.length} events were lost with Redis's data; recorded again`);
    this.#recent = [];
    this.#recentStart = 0;
    for (const { payload } of lost) this.#keep({ payload, id: Number(await this.#publish(payload)), at: this.#clock.now() });
  }

  async claimNick(nick: string, member: string): Promise<Result<void>> {
    if (!this.#link.up) return paused("Try again in a moment.");
    try {
      const holder: string | null = await this.#scripts.run(CLAIM_NICK, KEYS.nick(nick), [member, nick]);
      if (holder === null) return ok(undefined);
      const held = nickOf(holder);
      return held.toLowerCase() === nick.toLowerCase()
        ? fail("nick-taken", `The nickname ${nick} is taken; please pick another.`)
        : fail("nick-taken", `The nickname ${nick} looks too much like ${held}, who is here; please pick another.`);
    } catch (error) {
      this.#lost(error);
      return paused("Try again in a moment.");
    }
  }

  async comeBack(member: string, nick: string): Promise<Result<"moved" | "new">> {
    if (!this.#link.up) return paused("Try again in a moment.");
    try {
      const [outcome, holder] = (await this.#numbered(COME_BACK, [...KEYS.nick(nick), KEYS.presence("")], [member, nick])) as [string, string?];
      if (outcome === "moved" || outcome === "new") return ok(outcome);
      const held = holder == null ? nick : nickOf(holder);
      return fail("nick-taken", `The nickname ${nick} went to someone else (${held}) while you were away; please join again.`);
    } catch (error) {
      this.#lost(error);
      return paused("Try again in a moment.");
    }
  }

  onRegistered(listener: () => void): void {
    this.#registered.push(listener);
  }

  relay(instance: string, request: RelayedRequest): Promise<Result<unknown>> {
    if (!this.#link.up) return Promise.resolve(paused("Yours was not sent."));
    const id = ++this.#lastRelay;
    const message: RelayMessage = { id, from: this.instance, request };
    return new Promise((settle) => {
      const timer = this.#clock.after(RELAY_TIMEOUT_MS, () => this.#answered(id, fail("chat-paused", NO_ANSWER)));
      this.#relays.set(id, { settle, timer });
      this.commands.send("PUBLISH", [KEYS.relay(instance), JSON.stringify(message)]).then(
        // No one listens there: that instance is gone, and its members with it.
        (listeners: number) => listeners === 0 && this.#answered(id, fail("not-in-chat", "You are not in the chat.")),
        (error) => {
          this.#lost(error);
          this.#answered(id, paused("Yours was not sent."));
        },
      );
    });
  }

  releaseNick(nick: string, member: string): void {
    this.#scripts.run(RELEASE_NICK, KEYS.nick(nick), [member]).catch((error) => {
      this.#unreleased.set(nick, member);
      this.#lost(error);
    });
  }

  /**
   * Stops reading and beating. Terminal members are told gone to the others at once. Web
   * members stay listed: their pages reconnect through the balancer and are moved to
   * another instance, with no leave and no join; those that do not come back are reaped
   * once this instance's beat has expired.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#beat?.cancel();
    for (const { settle } of this.#held.splice(0)) settle(fail("shutting-down", "The server is shutting down; your message may not have been sent."));
    try {
      const listed: string[] | Record<string, string> = await this.commands.send("HGETALL", [KEYS.presence(this.instance)]);
      await this.#tellLeft(presenceList(listed).filter((member) => member.transport !== "web"), "server shutting down");
    } catch (error) {
      this.options.log(`redis: could not tell the others this instance stopped (${errorText(error)}); they will see it within ${this.#aliveMs / 1000} s`);
    }
    this.reader.close();
    this.listener.close();
    this.commands.close();
  }

  /** Listens on this instance's relay channel: requests for its members, answers to its own. */
  async #listen(): Promise<void> {
    await this.listener.subscribe(KEYS.relay(this.instance), (text) => {
      let message: RelayMessage;
      try {
        message = JSON.parse(text);
      } catch {
        return;
      }
      if ("answer" in message) this.#answered(message.id, message.answer);
      else void this.#answer(message);
    });
  }

  async #answer({ id, from, request }: { id: number; from: string; request: RelayedRequest }): Promise<void> {
    let answer: Result<unknown>;
    try {
      answer = (await this.#host?.relayed(request)) ?? fail("not-in-chat", "You are not in the chat.");
    } catch (error) {
      this.options.log(`redis: relayed request failed (${errorText(error)})`);
      answer = fail("chat-paused", NO_ANSWER);
    }
    // The answer says whether it was sent; what was sent is not carried back.
    const reply: RelayMessage = { id, answer: answer.ok ? { ok: true, value: undefined } : answer };
    await this.commands.send("PUBLISH", [KEYS.relay(from), JSON.stringify(reply)]).catch((error) => this.#lost(error));
  }

  #answered(id: number, answer: Result<unknown>): void {
    const pending = this.#relays.get(id);
    if (!pending) return;
    this.#relays.delete(id);
    pending.timer.cancel();
    pending.settle(answer);
  }

  get #aliveMs(): number {
    return this.options.aliveMs ?? 10_000;
  }

  /**
   * Runs a script that takes the next id (see `NEXT_ID`): `keys` and `args` follow the
   * keys and arguments every such script starts with.
   */
  #numbered(script: string, keys: string[], args: string[]): Promise<any> {
    return this.#scripts.run(
      script,
      [KEYS.nextId, KEYS.events, KEYS.epoch, KEYS.presence(this.instance), KEYS.homes, ...keys],
      [String(this.#lastId), String(this.#clock.now() * 1000), String(EVENTS_KEPT), this.instance, ...args],
    );
  }

  /** Reads the recent events and who is on which instance, before the chat starts. */
  async #load(): Promise<void> {
    await this.#scripts.load();
    const topics: string[] = await this.commands.send("HVALS", [KEYS.topics]);
    for (const json of topics) this.#topics.recorded(JSON.parse(json) as RecordedEvent);
    const newest: StreamEntry[] = await this.commands.send("XREVRANGE", [KEYS.events, "+", "-", "COUNT", String(EVENTS_KEPT)]);
    for (const entry of newest.reverse()) this.#take(entry, false);
    // Presence after the stream's position: whatever changed meanwhile is read again from the stream.
    this.#found = await this.#presenceOfOthers();
  }

  async #presenceOfOthers(): Promise<[string, RemotePresence[]][]> {
    const instances: string[] = await this.commands.send("SMEMBERS", [KEYS.instances]);
    const found: [string, RemotePresence[]][] = [];
    for (const instance of instances) {
      if (instance === this.instance) continue;
      const pairs: string[] | Record<string, string> = await this.commands.send("HGETALL", [KEYS.presence(instance)]);
      found.push([instance, presenceList(pairs)]);
    }
    return found;
  }

  async #readLoop(): Promise<void> {
    while (!this.#closed) {
      let reply: unknown;
      try {
        reply = await this.reader.send("XREAD", ["BLOCK", "5000", "COUNT", String(READ_BATCH), "STREAMS", KEYS.events, this.#lastEntry]);
      } catch (error) {
        if (this.#closed) return;
        this.#lost(error);
        await this.#clock.sleep(500);
        if (!this.reader.connected) await this.reader.connect().catch(() => {});
        continue;
      }
      for (const entry of streamEntries(reply)) {
        try {
          this.#take(entry, true);
        } catch (error) {
          this.options.log(`redis: skipped stream entry ${entry[0]} (${errorText(error)})`);
        }
      }
    }
  }

  /** One entry of the stream, in order: an event to route, or an instance's roll call. */
  #take([entryId, flat]: StreamEntry, live: boolean): void {
    const id = Number(entryId.slice(0, entryId.indexOf("-")));
    const fields = fieldsOf(flat);
    this.#lastEntry = entryId;
    if (this.#epoch !== undefined && fields.ep !== this.#epoch) this.#newEpoch(live);
    this.#epoch = fields.ep;
    this.#lastId = Math.max(this.#lastId, id);
    const origin = fields.o ?? "";
    if (fields.h !== undefined) {
      if (live) this.#host?.handedOver(fields.h, fields.from ?? "", origin, JSON.parse(fields.now ?? "null"));
      return;
    }
    if (fields.r !== undefined) {
      if (live && origin !== this.instance) this.#host?.rollCall(origin, JSON.parse(fields.r));
      return;
    }
    if (fields.p === undefined) return;
    const { e, c, u } = JSON.parse(fields.p) as EventPayload;
    if (u !== undefined) {
      // A copy of an event read before Redis lost it (see `#recordLostAgain`).
      if (this.#seen.has(u)) return;
      this.#remember(u);
    }
    const event = { ...e, id } as RecordedEvent;
    this.#history.append(event);
    // The instance that recorded a topic keeps it for those that start later.
    if (this.#topics.recorded(event) && live && origin === this.instance) this.#keepTopic(event);
    if (live) this.#host?.receive(event, origin, c);
  }

  #keepTopic(event: TopicEvent): void {
    const kept = event.topic
      ? this.commands.send("HSET", [KEYS.topics, event.room, JSON.stringify(event)])
      : this.commands.send("HDEL", [KEYS.topics, event.room]);
    kept.catch((error) => this.options.log(`redis: the topic of ${event.room} was not kept (${errorText(error)})`));
  }

  #remember(u: string): void {
    this.#seen.add(u);
    // A Set iterates in insertion order: the first is the oldest.
    if (this.#seen.size > SEEN_KEPT) this.#seen.delete(this.#seen.values().next().value!);
  }

  /**
   * Redis lost its data (restarted empty): numbering started again from a new epoch. The
   * history before it is gone, so is what was known of other instances; they answer the
   * roll call again as their links come back.
   */
  #newEpoch(live: boolean): void {
    this.options.log("redis: it lost its data (a new epoch began); history starts again and every instance registers again");
    this.#history = new MemoryHistory(EVENTS_KEPT);
    if (live) this.#host?.forgetOthers();
    this.#registerAgain = true;
  }

  async #beatOnce(): Promise<void> {
    if (this.#closed || this.#beating) return;
    this.#beating = true;
    try {
      await this.commands.send("SET", [KEYS.alive(this.instance), String(this.#clock.now()), "PX", String(this.#aliveMs)]);
      await this.commands.send("SADD", [KEYS.instances, this.instance]);
      if (this.#registerAgain || !this.#link.up) await this.#register();
      await this.#reapOthers();
    } catch (error) {
      this.#lost(error);
      if (!this.commands.connected) await this.commands.connect().catch(() => {});
      // While the chat is paused, try again soon rather than at the next beat.
      if (!this.#closed) this.#clock.after(RETRY_MS, () => void this.#beatOnce());
    } finally {
      this.#beating = false;
    }
  }

  /**
   * Registers this instance's members again (after the link came back, maybe to a Redis
   * that lost everything): their nicknames, and a roll call that replaces what the others
   * know of this instance. Then the chat goes on.
   */
  async #register(): Promise<void> {
    const host = this.#host;
    if (!host) return;
    await this.#scripts.load();
    for (const [nick, member] of this.#unreleased) {
      await this.#scripts.run(RELEASE_NICK, KEYS.nick(nick), [member]);
      this.#unreleased.delete(nick);
    }
    // Before the roll call: it says where everyone is now, after whatever these said.
    await this.#recordLostAgain();
    await this.#recordHeld();
    const members = host.localPresence();
    for (const member of members) {
      const holder = await this.#scripts.run(CLAIM_NICK, KEYS.nick(member.nick), [member.id, member.nick]);
      if (holder !== null) this.options.log(`redis: ${member.nick} of this instance is also claimed by another (${holder})`);
    }
    // A Redis that restarted has forgotten the subscription too.
    await this.listener.unsubscribe().catch(() => {});
    if (!this.listener.connected) await this.listener.connect();
    await this.#listen();
    const pairs = members.flatMap((member) => [member.id, JSON.stringify(whereabouts(member))]);
    await this.#numbered(ROLL_CALL, [], [JSON.stringify(members), ...pairs]);
    this.#registerAgain = false;
    for (const listener of this.#registered) listener();
    if (this.#link.markUp()) host.linkChanged(undefined);
  }

  /** Instances that stopped beating: their members leave. */
  async #reapOthers(): Promise<void> {
    const instances: string[] = await this.commands.send("SMEMBERS", [KEYS.instances]);
    for (const instance of instances) if (instance !== this.instance) await this.#reap(instance, "lost connection");
  }

  /** Takes the members of `instance` if it is not alive, and tells the others they left. */
  async #reap(instance: string, reason: string): Promise<void> {
    const taken: string[] | null = await this.#scripts.run(
      REAP,
      [KEYS.alive(instance), KEYS.presence(instance), KEYS.instances, KEYS.homes],
      [instance],
    );
    if (!taken) return;
    const members = presenceList(taken);
    if (members.length > 0) this.options.log(`redis: ${instance} stopped; ${members.length} of its members leave`);
    await this.#tellLeft(members, reason);
  }

  /** `members` left for `reason`: their nicknames are free and every instance hears it. */
  async #tellLeft(members: readonly RemotePresence[], reason: string): Promise<void> {
    for (const member of members) {
      await this.#scripts.run(RELEASE_NICK, KEYS.nick(member.nick), [member.id]);
      const leave: UnnumberedEvent = { kind: "leave", room: member.room, nick: member.nick, reason, at: this.#clock.now() };
      await this.#publish(this.#payload(leave, { member: member.id, now: null }));
    }
  }

  /** A command failed: if it was the link, the chat pauses until a beat gets through again. */
  #lost(error: unknown): void {
    if (this.#closed) return;
    if (this.#link.markDown(errorText(error))) {
      this.#registerAgain = true;
      this.#host?.linkChanged(PAUSED);
    }
  }
}

function whereabouts({ nick, room, transport, marks }: Whereabouts): Whereabouts {
  return marks ? { nick, room, transport, marks } : { nick, room, transport };
}

/** The nickname in a claim's "IDENTITY NICK" (see `KEYS.nick`). */
function nickOf(holder: string): string {
  return holder.slice(holder.indexOf(" ") + 1);
}
