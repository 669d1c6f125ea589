import { RedisClient } from "bun";
import { hostname } from "node:os";
import { systemClock, type Clock } from "../chat/clock.ts";
import type { BackendHost, ChatBackend, PresenceChange, RelayedRequest } from "../chat/cluster/backend.ts";
import type { FrameInlet, FrameOutlet } from "../chat/cluster/frame-outlet.ts";
import type { NewEvent, RecordedEvent } from "../chat/events.ts";
import type { Result } from "../chat/result.ts";
import { errorText } from "./error-text.ts";
import { EventStream } from "./event-stream.ts";
import { FrameChannels } from "./frame-channels.ts";
import { LinkState, PAUSED } from "./link-state.ts";
import { NickClaims } from "./nick-claims.ts";
import type { PartContext } from "./part-context.ts";
import { Presence } from "./presence.ts";
import { RedisAccounts } from "./redis-accounts.ts";
import { RedisBans } from "./redis-bans.ts";
import { CROWD_NOTE, CROWD_TAKE, RedisCrowds } from "./redis-crowds.ts";
import { RedisSeats } from "./redis-seats.ts";
import { RedisWindowCounts, WINDOW_ADD } from "./redis-window-counts.ts";
import { RedisSessions } from "./redis-sessions.ts";
import { Relay } from "./relay.ts";
import { ScriptRunner } from "./script-runner.ts";
import { CLAIM_AGAIN, CLAIM_NICK, COME_BACK, PUBLISH, REAP, REGISTERED, RELEASE_NICK, ROLL_CALL } from "./scripts.ts";
import { SEATS_CHANGE, SEATS_REPLACE } from "./seat-scripts.ts";

/** How `RedisBackend.connect` reaches Redis, and how this instance shows itself there. */
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

/**
 * The chat's shared state in Redis, for several instances behind one balancer:
 * - the one order is a Redis stream; a Lua script gives each event its id and appends it,
 *   and every instance reads the stream and routes each event to its own members;
 * - each instance keeps a copy of the stream's recent events, so history reads stay local
 *   (both in `EventStream`);
 * - nicknames are claimed with a key per nickname skeleton (look-alikes clash; `NickClaims`);
 * - presence is a hash per instance, kept alive by a beat; the members of an instance that
 *   stops beating are reaped by another, which tells their leaves (`Presence`);
 * - a member's request reaching another instance is relayed to theirs (`Relay`).
 * This class connects, owns those parts and the link they share, and answers for them.
 */
export class RedisBackend implements ChatBackend {
  readonly instance: string;
  readonly #link: LinkState;
  readonly #scripts: ScriptRunner;
  readonly #stream: EventStream;
  readonly #nicks: NickClaims;
  readonly #relay: Relay;
  readonly #frames: FrameChannels;
  readonly #presence: Presence;
  #host: BackendHost | undefined;
  #closed = false;

  private constructor(
    private readonly commands: RedisClient,
    private readonly reader: RedisClient,
    /** A connection in subscriber mode, for the relay channel. */
    private readonly listener: RedisClient,
    options: RedisBackendOptions,
  ) {
    this.instance = options.instance ?? `${hostname()}-${process.pid}`;
    this.#scripts = new ScriptRunner(commands, [
      ...[PUBLISH, ROLL_CALL, CLAIM_NICK, CLAIM_AGAIN, REGISTERED, RELEASE_NICK, REAP, COME_BACK],
      ...[SEATS_CHANGE, SEATS_REPLACE, CROWD_NOTE, CROWD_TAKE, WINDOW_ADD],
    ]);
    const clock = options.clock ?? systemClock;
    this.#link = new LinkState(options.log, clock);
    this.accounts = new RedisAccounts(commands);
    this.bans = new RedisBans(commands);
    const context: PartContext = {
      instance: this.instance,
      commands,
      scripts: this.#scripts,
      link: this.#link,
      clock,
      log: options.log,
      host: () => this.#host,
      lost: (error) => this.#lost(error),
    };
    this.#stream = new EventStream(context, reader, () => this.#presence.registerAgain());
    this.#nicks = new NickClaims(context, this.#stream, () => this.#presence.registerAgain());
    this.#frames = new FrameChannels(this.instance, listener, commands);
    this.#relay = new Relay(context, listener, this.#frames);
    this.seats = new RedisSeats(context, listener);
    this.crowds = new RedisCrowds(context);
    this.counts = new RedisWindowCounts(context);
    this.#presence = new Presence(context, this.#stream, this.#nicks, this.#relay, this.seats, {
      beatMs: options.beatMs ?? 2000,
      aliveMs: options.aliveMs ?? 10_000,
    });
    this.history = this.#stream.history;
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
    await backend.#relay.listen();
    await backend.seats.listen();
    return backend;
  }

  get lastId(): number {
    return this.#stream.lastId;
  }

  readonly history: EventStream["history"];

  get trouble(): string | undefined {
    return this.#link.up ? undefined : PAUSED;
  }

  readonly accounts: RedisAccounts;
  /** `--max-clients` and `--max-per-address` over every instance. */
  readonly seats: RedisSeats;
  /** Crowd lines gathered for every instance: one a second per big room. */
  readonly crowds: RedisCrowds;
  /** Password tries and new accounts, counted for every instance alike. */
  readonly counts: RedisWindowCounts;
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
    this.#presence.start(host);
    void this.#stream.read();
  }

  record(fields: NewEvent, at: number, change?: PresenceChange): Promise<Result<RecordedEvent>> {
    return this.#stream.record(fields, at, change);
  }

  claimNick(nick: string, member: string): Promise<Result<void>> {
    return this.#nicks.claim(nick, member);
  }

  releaseNick(nick: string, member: string): void {
    this.#nicks.release(nick, member);
  }

  comeBack(member: string, nick: string): Promise<Result<"moved" | "new">> {
    return this.#nicks.comeBack(member, nick);
  }

  onRegistered(listener: () => void): void {
    this.#presence.onRegistered(listener);
  }

  relay(instance: string, request: RelayedRequest): Promise<Result<unknown>> {
    return this.#relay.send(instance, request);
  }

  openInlet(onFrame: (frame: string | undefined) => void): Promise<FrameInlet> {
    return this.#frames.open(onFrame);
  }

  outlet(channel: string): FrameOutlet {
    return this.#frames.outlet(channel);
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
    this.#presence.stop();
    this.#stream.stop();
    await this.#presence.leave();
    this.reader.close();
    this.listener.close();
    this.commands.close();
  }

  /** Reads the recent events and who is on which instance, before the chat starts. */
  async #load(): Promise<void> {
    await this.#scripts.load();
    await this.#stream.load();
    // Presence after the stream's position: whatever changed meanwhile is read again from the stream.
    await this.#presence.load();
  }

  /** A command failed: if it was the link, the chat pauses until a beat gets through again. */
  #lost(error: unknown): void {
    if (this.#closed) return;
    if (this.#link.markDown(errorText(error))) {
      this.#presence.registerAgain();
      this.#host?.linkChanged(PAUSED);
    }
  }
}
