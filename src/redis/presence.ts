import type { Timer } from "../chat/clock.ts";
import type { BackendHost, RemotePresence, UnnumberedEvent, Whereabouts } from "../chat/cluster/backend.ts";
import { departures } from "../chat/cluster/whereabouts.ts";
import { errorText } from "./error-text.ts";
import type { EventStream } from "./event-stream.ts";
import type { ClaimedAgain, NickClaims } from "./nick-claims.ts";
import type { PartContext } from "./part-context.ts";
import { presenceList } from "./redis-replies.ts";
import type { RedisSeats } from "./redis-seats.ts";
import type { Relay } from "./relay.ts";
import { KEYS, REAP, REGISTERED, ROLL_CALL } from "./scripts.ts";

/** How soon a failed beat is tried again (the link is down, so the chat is paused). */
const RETRY_MS = 500;

/** How often this instance beats, and how long one that stopped beating counts as alive. */
export interface BeatTiming {
  readonly beatMs: number;
  readonly aliveMs: number;
}

/**
 * Who is on which instance: a hash per instance, kept alive by a beat. The members of an
 * instance that stops beating are reaped by another, which tells their leaves. After the
 * link came back, a beat registers this instance's members again.
 */
export class Presence {
  #beat: Timer | undefined;
  /** A beat is under way: the retry after a failure must not run a second one beside it. */
  #beating = false;
  #stopped = false;
  /** Set when the link was lost: the instance registers its members again once it is back. */
  #registerAgain = false;
  /** Instances listed when this one started, for `start` to hand to the chat. */
  #found: [string, RemotePresence[]][] = [];
  /**
   * The other instances, as listed at the last beat: should Redis lose its data, they
   * are awaited before a new name is given (see `REGISTERED`).
   */
  #known: string[] = [];
  readonly #registered: (() => void)[] = [];

  constructor(
    private readonly context: PartContext,
    private readonly stream: Pick<EventStream, "recordAgain" | "publish" | "numbered">,
    private readonly nicks: Pick<NickClaims, "giveBack" | "giveBackUnreleased" | "claimAgain">,
    private readonly relay: Pick<Relay, "listenAgain" | "send">,
    private readonly seats: Pick<RedisSeats, "registerAgain" | "refresh" | "forget">,
    private readonly timing: BeatTiming,
  ) {}

  /** Reads who is on the other instances, before the chat starts, and registers this one (with no members yet). */
  async load(): Promise<void> {
    const { commands, instance } = this.context;
    const instances: string[] = await commands.send("SMEMBERS", [KEYS.instances]);
    const found: [string, RemotePresence[]][] = [];
    for (const other of instances) {
      if (other === instance) continue;
      const pairs: string[] | Record<string, string> = await commands.send("HGETALL", [KEYS.presence(other)]);
      found.push([other, presenceList(pairs)]);
    }
    this.#found = found;
    this.#known = found.map(([other]) => other);
    await this.#markRegistered();
  }

  /** Hands the chat the instances found at start, and starts beating. */
  start(host: BackendHost): void {
    for (const [instance, members] of this.#found) host.rollCall(instance, members);
    this.#found = [];
    this.context.commands.onconnect = () => {
      // A new connection may be to a Redis that restarted empty: register again, whatever happened.
      this.#registerAgain = true;
    };
    this.#beat = this.context.clock.every(this.timing.beatMs, () => void this.#beatOnce());
    void this.#beatOnce();
  }

  /** Has the next beat register this instance's members again. */
  registerAgain(): void {
    this.#registerAgain = true;
  }

  /** See `ChatBackend.onRegistered`. */
  onRegistered(listener: () => void): void {
    this.#registered.push(listener);
  }

  /** Stops beating. */
  stop(): void {
    this.#stopped = true;
    this.#beat?.cancel();
  }

  /**
   * Tells the others that this instance's terminal members are gone; its web members stay
   * listed (see `RedisBackend.close`). If Redis cannot be told, the beat expiring will.
   */
  async leave(): Promise<void> {
    const { commands, instance, log } = this.context;
    try {
      const listed: string[] | Record<string, string> = await commands.send("HGETALL", [KEYS.presence(instance)]);
      await this.#tellLeft(presenceList(listed).filter((member) => member.transport !== "web"), "server shutting down");
      // Its clients are gone with it (web members are seated again where their pages reconnect).
      await this.seats.forget(instance);
    } catch (error) {
      log(`redis: could not tell the others this instance stopped (${errorText(error)}); they will see it within ${this.timing.aliveMs / 1000} s`);
    }
  }

  async #beatOnce(): Promise<void> {
    if (this.#stopped || this.#beating) return;
    const { commands, instance, clock, link } = this.context;
    this.#beating = true;
    try {
      await commands.send("SET", [KEYS.alive(instance), String(clock.now()), "PX", String(this.timing.aliveMs)]);
      await commands.send("SADD", [KEYS.instances, instance]);
      // Not registered on the data Redis holds now: it lost it (a restart, or FLUSHALL while the link stayed up).
      const registered = Number(await commands.send("SISMEMBER", [KEYS.registered, instance])) === 1;
      if (this.#registerAgain || !link.up || !registered) await this.#register();
      await this.#reapOthers();
      await this.seats.refresh();
    } catch (error) {
      this.context.lost(error);
      if (!commands.connected) await commands.connect().catch(() => {});
      // While the chat is paused, try again soon rather than at the next beat.
      if (!this.#stopped) clock.after(RETRY_MS, () => void this.#beatOnce());
    } finally {
      this.#beating = false;
    }
  }

  /**
   * Registers this instance's members again (after the link came back, maybe to a Redis
   * that lost everything): their nicknames, and a roll call that replaces what the others
   * know of this instance. Then the chat goes on, and clashes found on the way are settled.
   */
  async #register(): Promise<void> {
    const host = this.context.host();
    if (!host) return;
    await this.context.scripts.load();
    await this.nicks.giveBackUnreleased();
    // Before the roll call: it says where everyone is now, after whatever these said.
    await this.stream.recordAgain();
    const claimed = await this.nicks.claimAgain(host.localPresence());
    await this.relay.listenAgain();
    await this.seats.registerAgain();
    // A member who lost its name is not listed under it: the rename that follows lists it.
    const losers = new Set(claimed.lost.map((loser) => loser.id));
    const members = host.localPresence().filter((member) => !losers.has(member.id));
    const pairs = members.flatMap((member) => [member.id, JSON.stringify(whereabouts(member))]);
    await this.stream.numbered(ROLL_CALL, [], [JSON.stringify(members), ...pairs]);
    await this.#markRegistered();
    this.#registerAgain = false;
    for (const listener of this.#registered) listener();
    if (this.context.link.markUp()) host.linkChanged(undefined);
    this.#settle(claimed);
  }

  /** Tells Redis this instance is registered, and which of those it knows are still awaited. */
  async #markRegistered(): Promise<void> {
    const { scripts, instance, log } = this.context;
    const awaited: string[] = await scripts.run(REGISTERED, [KEYS.registered, KEYS.awaiting], [instance, String(this.timing.aliveMs), ...this.#known]);
    if (awaited.length > 0) log(`redis: new names wait until ${awaited.join(", ")} registered again (at most ${this.timing.aliveMs / 1000} s)`);
  }

  /** Two members held one name after Redis lost its data: the one who held it later gives it up, on its own instance. */
  #settle({ lost, took }: ClaimedAgain): void {
    const host = this.context.host();
    for (const { id } of lost) host?.nickLost(id);
    for (const { id, instance } of took) if (instance && instance !== this.context.instance) void this.relay.send(instance, { member: id, nickLost: true });
  }

  /** Instances that stopped beating: their members leave. */
  async #reapOthers(): Promise<void> {
    const instances: string[] = await this.context.commands.send("SMEMBERS", [KEYS.instances]);
    const alive: string[] = [];
    for (const instance of instances) if (instance !== this.context.instance && !(await this.#reap(instance, "lost connection"))) alive.push(instance);
    this.#known = alive;
  }

  /** Takes the members of `instance` if it is not alive, and tells the others they left; true if it was reaped. */
  async #reap(instance: string, reason: string): Promise<boolean> {
    const taken: string[] | null = await this.context.scripts.run(
      REAP,
      [KEYS.alive(instance), KEYS.presence(instance), KEYS.instances, KEYS.homes, KEYS.registered, KEYS.awaiting],
      [instance],
    );
    if (!taken) return false;
    await this.seats.forget(instance);
    const members = presenceList(taken);
    if (members.length > 0) this.context.log(`redis: ${instance} stopped; ${members.length} of its members leave`);
    await this.#tellLeft(members, reason);
    return true;
  }

  /** `members` left for `reason`: their nicknames are free and every instance hears it. */
  async #tellLeft(members: readonly RemotePresence[], reason: string): Promise<void> {
    for (const member of members) {
      await this.nicks.giveBack(member.nick, member.id);
      // A leave in each of its rooms; the last one says it is gone from the chat.
      for (const { room, now } of departures(whereabouts(member))) {
        const leave: UnnumberedEvent = { kind: "leave", room, nick: member.nick, reason, at: this.context.clock.now() };
        await this.stream.publish(leave, { member: member.id, now });
      }
    }
  }
}

/** What the presence hash keeps of a member: their whereabouts alone, without their identity. */
function whereabouts({ nick, room, rooms, transport, marks, party }: Whereabouts): Whereabouts {
  const where = rooms ? { nick, room, rooms, transport } : { nick, room, transport };
  return { ...where, ...(marks ? { marks } : {}), ...(party ? { party } : {}) };
}
