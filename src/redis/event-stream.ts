import type { RedisClient } from "bun";
import type { PresenceChange, UnnumberedEvent } from "../chat/cluster/backend.ts";
import type { NewEvent, RecordedEvent, TopicEvent } from "../chat/events.ts";
import { fail, ok, type Result } from "../chat/result.ts";
import type { HistoryReads } from "../stores/history-store.ts";
import { MemoryHistory } from "../stores/memory-history.ts";
import { RoomTopics } from "../stores/room-topics.ts";
import { errorText } from "./error-text.ts";
import type { EventPayload } from "./event-payload.ts";
import { paused } from "./link-state.ts";
import { RecentlyRecorded, SeenEvents } from "./lost-events.ts";
import type { PartContext } from "./part-context.ts";
import { fieldsOf, streamEntries, type StreamEntry } from "./redis-replies.ts";
import { KEYS, PUBLISH } from "./scripts.ts";

/** Events kept, in Redis and in each instance's copy: what newcomers, "load older" and resumes draw on. */
const EVENTS_KEPT = 10_000;

/** How many events one read takes from the stream. */
const READ_BATCH = 1000;

/**
 * The one order of events, a Redis stream: a Lua script gives each event its id and
 * appends it, and every instance reads the stream and routes each event to its own
 * members. Each instance keeps a copy of the stream's recent events and of the topics,
 * so history reads stay local.
 */
export class EventStream {
  #history = new MemoryHistory(EVENTS_KEPT);
  /** Each room's topic: kept in a hash too, as the stream keeps only its newest events. */
  // Pushed out by newer ones: the instance that forgets it first drops it from Redis too.
  readonly #topics = new RoomTopics((room) => this.#forgetTopic(room));
  #lastId = 0;
  /** The stream entry read last: reading goes on after it. */
  #lastEntry = "0-0";
  #epoch: string | undefined;
  /** Events recorded by this instance so far (for their `u`). */
  #recordedCount = 0;
  readonly #recent: RecentlyRecorded;
  readonly #seen = new SeenEvents();
  /** Events whose recording had no answer (the link failed): recorded again once it is back. */
  readonly #held: { payload: EventPayload; settle: (result: Result<RecordedEvent>) => void }[] = [];
  #stopped = false;

  constructor(
    private readonly context: PartContext,
    /** A connection of its own: reading blocks it. */
    private readonly reader: RedisClient,
    /** Has this instance register its members again: Redis lost what it knew of them. */
    private readonly registerAgain: () => void,
  ) {
    this.#recent = new RecentlyRecorded(context.commands, context.clock, context.log);
  }

  /** The id of the newest event read. */
  get lastId(): number {
    return this.#lastId;
  }

  /**
   * The copy of the stream's recent events. An id from before the current epoch cannot be
   * resumed from: what followed it was lost with Redis's data, so the client redraws.
   */
  readonly history: HistoryReads = {
    recent: (viewer, limit, beforeId) => this.#history.recent(viewer, limit, beforeId),
    conversation: (a, b, limit, beforeId) => this.#history.conversation(a, b, limit, beforeId),
    conversations: (id, limit) => this.#history.conversations(id, limit),
    since: (viewer, afterId, limit) =>
      afterId < Number(this.#epoch ?? 0) ? undefined : this.#history.since(viewer, afterId, limit),
    topics: () => this.#topics.all(),
    // Each instance searches its copy of the stream's recent events (see README, Search).
    search: (viewer, query, limit, beforeId) => this.#history.search(viewer, query, limit, beforeId),
  };

  /** Reads the topics and the recent events, before the chat starts. */
  async load(): Promise<void> {
    const { commands } = this.context;
    const topics: string[] = await commands.send("HVALS", [KEYS.topics]);
    // Oldest first, so that the newest are those kept (see `MAX_KEPT_TOPICS`).
    const kept = topics.map((json) => JSON.parse(json) as TopicEvent).sort((a, b) => a.id - b.id);
    for (const topic of kept) this.#topics.recorded(topic);
    const newest: StreamEntry[] = await commands.send("XREVRANGE", [KEYS.events, "+", "-", "COUNT", String(EVENTS_KEPT)]);
    for (const entry of newest.reverse()) this.#take(entry, false);
  }

  /** See `ChatBackend.record`. */
  async record(fields: NewEvent, at: number, change?: PresenceChange): Promise<Result<RecordedEvent>> {
    // Not sent at all: refused, and never delivered.
    if (!this.context.link.up || !this.context.commands.connected) return paused("Yours was not sent.");
    const event: UnnumberedEvent = { ...fields, at };
    const payload = this.#payload(event, change);
    try {
      const id = await this.#publish(payload);
      this.#recent.keep(payload, id);
      return ok({ ...event, id } as RecordedEvent);
    } catch (error) {
      this.context.lost(error);
      // Sent, but the link failed before the answer: it may be in the order, and some
      // instance may have delivered it already. So it is not refused but held, recorded
      // again once Redis is back (a copy is skipped where it was read), and answered then.
      return new Promise((settle) => this.#held.push({ payload, settle }));
    }
  }

  /** Appends `event` for this instance, with no sender waiting: nothing is kept of it in case Redis loses it. */
  async publish(event: UnnumberedEvent, change: PresenceChange): Promise<void> {
    await this.#publish(this.#payload(event, change));
  }

  /**
   * After the link came back: records again what Redis lost (see
   * `RecentlyRecorded.recordLostAgain`), then what was held while the link was down, in
   * order, and answers its senders.
   */
  async recordAgain(): Promise<void> {
    await this.#recent.recordLostAgain((payload) => this.#publish(payload));
    while (this.#held.length > 0) {
      const { payload, settle } = this.#held[0]!;
      const id = await this.#publish(payload);
      this.#held.shift();
      this.#recent.keep(payload, id);
      settle(ok({ ...payload.e, id } as RecordedEvent));
    }
  }

  /**
   * Runs a script that takes the next id (see `NEXT_ID`): `keys` and `args` follow the
   * keys and arguments every such script starts with.
   */
  numbered(script: string, keys: string[], args: string[]): Promise<any> {
    const { scripts, instance, clock } = this.context;
    return scripts.run(
      script,
      [KEYS.nextId, KEYS.events, KEYS.epoch, KEYS.presence(instance), KEYS.homes, ...keys],
      [String(this.#lastId), String(clock.now() * 1000), String(EVENTS_KEPT), instance, ...args],
    );
  }

  /** Reads the stream until stopped, routing each event to the chat as it comes. */
  async read(): Promise<void> {
    while (!this.#stopped) {
      let reply: unknown;
      try {
        reply = await this.reader.send("XREAD", ["BLOCK", "5000", "COUNT", String(READ_BATCH), "STREAMS", KEYS.events, this.#lastEntry]);
      } catch (error) {
        if (this.#stopped) return;
        this.context.lost(error);
        await this.context.clock.sleep(500);
        if (!this.reader.connected) await this.reader.connect().catch(() => {});
        continue;
      }
      for (const entry of streamEntries(reply)) {
        try {
          this.#take(entry, true);
        } catch (error) {
          this.context.log(`redis: skipped stream entry ${entry[0]} (${errorText(error)})`);
        }
      }
    }
  }

  /** Stops reading; what is still held is answered as not sent for sure. */
  stop(): void {
    this.#stopped = true;
    for (const { settle } of this.#held.splice(0)) settle(fail("shutting-down", "The server is shutting down; your message may not have been sent."));
  }

  #payload(event: UnnumberedEvent, change?: PresenceChange): EventPayload {
    const u = `${this.context.instance}:${++this.#recordedCount}`;
    return change ? { e: event, c: change, u } : { e: event, u };
  }

  /** Appends `payload` to the one order (with the presence change it carries); the id. */
  async #publish(payload: EventPayload): Promise<number> {
    const change = payload.c;
    return Number(await this.numbered(PUBLISH, [], [JSON.stringify(payload), change?.member ?? "", change?.now ? JSON.stringify(change.now) : ""]));
  }

  /** One entry of the stream, in order: an event to route, or an instance's roll call. */
  #take([entryId, flat]: StreamEntry, live: boolean): void {
    const { instance } = this.context;
    const host = this.context.host();
    const id = Number(entryId.slice(0, entryId.indexOf("-")));
    const fields = fieldsOf(flat);
    this.#lastEntry = entryId;
    if (this.#epoch !== undefined && fields.ep !== this.#epoch) this.#newEpoch(live);
    this.#epoch = fields.ep;
    this.#lastId = Math.max(this.#lastId, id);
    const origin = fields.o ?? "";
    if (fields.h !== undefined) {
      if (live) host?.handedOver(fields.h, fields.from ?? "", origin, JSON.parse(fields.now ?? "null"));
      return;
    }
    if (fields.r !== undefined) {
      if (live && origin !== instance) host?.rollCall(origin, JSON.parse(fields.r));
      return;
    }
    if (fields.p === undefined) return;
    const { e, c, u } = JSON.parse(fields.p) as EventPayload;
    // A copy of an event read before Redis lost it (see `RecentlyRecorded.recordLostAgain`).
    if (u !== undefined && !this.#seen.firstTime(u)) return;
    const event = { ...e, id } as RecordedEvent;
    this.#history.append(event);
    // The instance that recorded a topic keeps it for those that start later.
    if (this.#topics.recorded(event) && live && origin === instance) this.#keepTopic(event);
    if (live) host?.receive(event, origin, c);
  }

  #forgetTopic(room: string): void {
    this.context.commands.send("HDEL", [KEYS.topics, room]).catch(() => {});
  }

  #keepTopic(event: TopicEvent): void {
    const { commands, log } = this.context;
    const kept = event.topic
      ? commands.send("HSET", [KEYS.topics, event.room, JSON.stringify(event)])
      : commands.send("HDEL", [KEYS.topics, event.room]);
    kept.catch((error) => log(`redis: the topic of ${event.room} was not kept (${errorText(error)})`));
  }

  /**
   * Redis lost its data (restarted empty): numbering started again from a new epoch. The
   * history before it is gone, so is what was known of other instances; they answer the
   * roll call again as their links come back.
   */
  #newEpoch(live: boolean): void {
    this.context.log("redis: it lost its data (a new epoch began); history starts again and every instance registers again");
    this.#history = new MemoryHistory(EVENTS_KEPT);
    if (live) this.context.host()?.forgetOthers();
    this.registerAgain();
  }
}
