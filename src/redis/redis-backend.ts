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
import type { NewEvent, RecordedEvent } from "../chat/events.ts";
import type { Result } from "../chat/result.ts";
import { errorText } from "./error-text.ts";
import { EventStream } from "./event-stream.ts";
import { LinkState, PAUSED } from "./link-state.ts";
import { NickClaims } from "./nick-claims.ts";
import type { PartContext } from "./part-context.ts";
import { RedisAccounts } from "./redis-accounts.ts";
import { RedisBans } from "./redis-bans.ts";
import { Relay } from "./relay.ts";
import { presenceList } from "./redis-replies.ts";
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

/** How soon a failed beat is tried again (the link is down, so the chat is paused). */
const RETRY_MS = 500;

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
  readonly #stream: EventStream;
  readonly #nicks: NickClaims;
  readonly #relay: Relay;
  #host: BackendHost | undefined;
  readonly #link: LinkState;
  readonly #clock: Clock;
  readonly #scripts: ScriptRunner;
  #beat: Timer | undefined;
  #closed = false;
  /** Set when the link was lost: the instance registers its members again once it is back. */
  #registerAgain = false;
  /** Instances listed when this one started, for `attach` to hand to the chat. */
  #found: [string, RemotePresence[]][] = [];
  readonly #registered: (() => void)[] = [];
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
    const context: PartContext = {
      instance: this.instance,
      commands,
      scripts: this.#scripts,
      link: this.#link,
      clock: this.#clock,
      log: options.log,
      host: () => this.#host,
      lost: (error) => this.#lost(error),
    };
    this.#stream = new EventStream(context, reader, () => {
      this.#registerAgain = true;
    });
    this.#nicks = new NickClaims(context, this.#stream);
    this.#relay = new Relay(context, listener);
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
    void this.#stream.read();
  }

  record(fields: NewEvent, at: number, change?: PresenceChange): Promise<Result<RecordedEvent>> {
    return this.#stream.record(fields, at, change);
  }

  claimNick(nick: string, member: string): Promise<Result<void>> {
    return this.#nicks.claim(nick, member);
  }

  comeBack(member: string, nick: string): Promise<Result<"moved" | "new">> {
    return this.#nicks.comeBack(member, nick);
  }

  onRegistered(listener: () => void): void {
    this.#registered.push(listener);
  }

  relay(instance: string, request: RelayedRequest): Promise<Result<unknown>> {
    return this.#relay.send(instance, request);
  }

  releaseNick(nick: string, member: string): void {
    this.#nicks.release(nick, member);
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
    this.#stream.stop();
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

  get #aliveMs(): number {
    return this.options.aliveMs ?? 10_000;
  }

  /** Reads the recent events and who is on which instance, before the chat starts. */
  async #load(): Promise<void> {
    await this.#scripts.load();
    await this.#stream.load();
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
    await this.#nicks.giveBackUnreleased();
    // Before the roll call: it says where everyone is now, after whatever these said.
    await this.#stream.recordAgain();
    const members = host.localPresence();
    await this.#nicks.claimAgain(members);
    await this.#relay.listenAgain();
    const pairs = members.flatMap((member) => [member.id, JSON.stringify(whereabouts(member))]);
    await this.#stream.numbered(ROLL_CALL, [], [JSON.stringify(members), ...pairs]);
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
      await this.#nicks.giveBack(member.nick, member.id);
      const leave: UnnumberedEvent = { kind: "leave", room: member.room, nick: member.nick, reason, at: this.#clock.now() };
      await this.#stream.publish(leave, { member: member.id, now: null });
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
