import type { Ban, BanStore } from "../../stores/ban-store.ts";
import type { Clock } from "../clock.ts";
import type { ModerationAction, ModerationEvent, RecordedEvent } from "../events.ts";
import type { OwnedNicknames } from "../identity/owned-nicknames.ts";
import type { Member } from "../people/member.ts";
import { validateNick } from "../people/nickname.ts";
import { andThen, fail, ok, whenSettled, type Pending, type Result } from "../result.ts";
import { LOBBY } from "../rooms/room-name.ts";
import { fromStore } from "../store-answers.ts";
import { describeRange, inRange, LOOPBACK, overlaps, parseRange, type AddressRange } from "./addresses.ts";
import { BanList } from "./ban-list.ts";
import { describeRemaining, parseDuration } from "./duration.ts";
import { Enforcement } from "./enforcement.ts";
import type { ModerationHost } from "./moderation-host.ts";
import { Mutes } from "./mutes.ts";

/**
 * Operators and the console keeping order: kicks, bans (kept by the store, so they
 * survive a restart), mutes and operator rights. Every action is one moderation event in
 * the room it concerns, and takes effect on every instance that receives it (`enforce`),
 * so a member connected anywhere is reached.
 */
export class Moderation {
  readonly #bans: BanList;
  readonly #mutes = new Mutes();
  readonly #enforcement: Enforcement;

  constructor(
    private readonly host: ModerationHost,
    private readonly store: BanStore,
    private readonly owners: OwnedNicknames,
    private readonly clock: Clock,
    private readonly log: (line: string) => void,
  ) {
    this.#bans = new BanList(clock);
    this.#enforcement = new Enforcement(host, this.#bans, this.#mutes, (ban) => this.#saveBan(ban), log);
    void whenSettled(fromStore("bans: cannot be read, so none are in force", log, () => store.all()), (loaded) => {
      if (!loaded.ok) return;
      for (const ban of loaded.value) {
        // Two bans on look-alikes (kept before they were one name): one is enough, and the other's row goes.
        const replaced = this.#bans.add(ban);
        if (replaced) this.#forgetBan(replaced, `${replaced.target} and ${ban.target} are one name; the ban on ${ban.target} holds`);
      }
    });
  }

  /** Why a client from `address` is kept out, or undefined. */
  refuseAddress(address: string): Result<never> | undefined {
    const ban = this.#bans.onAddress(address);
    return ban && fail("banned", banText(ban, this.clock.now()));
  }

  /** Why `nick` is kept out, or undefined. */
  refuseNick(nick: string): Result<never> | undefined {
    const ban = this.#bans.onNick(nick);
    return ban && fail("banned", banText(ban, this.clock.now()));
  }

  /** Until when a member arriving as `nick` stays muted, if they were. */
  mutedUntil(nick: string): number | undefined {
    return this.#mutes.until(nick);
  }

  /**
   * `/kick NICK [reason]` by an operator, or the console's `kick` (`by` undefined). Like
   * every moderation action it is one line in the room, and it takes effect where the
   * member is connected, on whichever instance that is. The line is in `room` when given
   * (IRC's KICK names one), else in the member's current room.
   */
  kick(by: Member | undefined, nick: string, reason = "", room?: string): Pending<RecordedEvent> {
    const target = this.#targetOf(by, "kick", nick);
    if (!target.ok) return target;
    const why = this.#reason(reason);
    if (!why.ok) return why;
    return this.#moderate(by, "kick", target.value.nick, room ?? (target.value.room || LOBBY), { reason: why.value });
  }

  /**
   * `/ban NICK|ADDRESS [duration] [reason]`: keeps a nickname out, and a present member's
   * address with it (unless it is this machine's own: everyone there would be out), and
   * cuts their connections on every transport. Kept by the store: it survives a restart.
   */
  ban(by: Member | undefined, target: string, duration?: string, reason = ""): Pending<RecordedEvent> {
    const member = this.host.find(target);
    if (member) {
      const checked = this.#targetOf(by, "ban", target);
      if (!checked.ok) return checked;
    }
    const range = member ? undefined : parseRange(target);
    if (!member && !range && !validateNick(target).ok)
      return fail("bad-arguments", `${target} is neither a nickname nor an address.`);
    if (range) {
      const refused = this.#refuseRange(by, range);
      if (refused) return refused;
    }
    const lasting = duration === undefined ? ok(undefined) : parseDuration(duration);
    if (!lasting.ok) return lasting;
    const why = this.#reason(reason);
    if (!why.ok) return why;
    const until = lasting.value === undefined ? undefined : this.clock.now() + lasting.value;
    const isAddress = range !== undefined;
    // A member's address goes with their nickname, unless that would reach this machine or an operator.
    const own = member?.isLocal ? parseRange(member.address) : undefined;
    const address = range
      ? describeRange(range)
      : own && this.#refuseRange(by, own, member) === undefined
        ? describeRange(own)
        : undefined;
    const nick = isAddress ? undefined : (member?.nick ?? target);
    const ban: Ban = { target: nick ?? address!, nick, address, by: nameOf(by), reason: why.value || undefined, until };
    const room = member?.room ?? by?.room ?? LOBBY;
    // A ban of a look-alike replaces the one in force: its row, kept under another spelling, goes.
    const earlier = nick === undefined ? undefined : this.#bans.onNick(nick);
    if (earlier && earlier.target.toLowerCase() !== ban.target.toLowerCase()) this.#forgetBan(earlier, `${earlier.target} is replaced by ${ban.target}`);
    return andThen(this.#saveBan(ban), () =>
      this.#moderate(by, "ban", ban.target, room, { reason: why.value, until, ...(nick && address ? { address } : {}) }),
    );
  }

  /** `/unban NICK|ADDRESS`. */
  unban(by: Member | undefined, target: string): Pending<RecordedEvent> {
    const ban = this.#bans.find(target);
    if (!ban) return fail("bad-arguments", `No ban on ${target} is in force: /bans lists them.`);
    return andThen(fromStore(`bans: cannot delete ${ban.target}`, this.log, () => this.store.delete(ban.target)), () =>
      this.#moderate(by, "unban", ban.target, by?.room ?? LOBBY, {}),
    );
  }

  /** The bans in force. */
  bans(): Ban[] {
    return this.#bans.list();
  }

  /** `/mute NICK [duration] [reason]`: the member can read but not send (nor change nickname) until then. */
  mute(by: Member | undefined, nick: string, duration?: string, reason = ""): Pending<RecordedEvent> {
    const target = this.#targetOf(by, "mute", nick);
    if (!target.ok) return target;
    const lasting = duration === undefined ? ok(undefined) : parseDuration(duration);
    if (!lasting.ok) return lasting;
    const why = this.#reason(reason);
    if (!why.ok) return why;
    const until = lasting.value === undefined ? undefined : this.clock.now() + lasting.value;
    return this.#moderate(by, "mute", target.value.nick, target.value.room, { reason: why.value, until });
  }

  /** `/unmute NICK`. */
  unmute(by: Member | undefined, nick: string): Pending<RecordedEvent> {
    const member = this.host.find(nick);
    if (this.#mutes.until(nick) === undefined && member?.mutedUntil === undefined) return fail("bad-arguments", `${nick} is not muted.`);
    return this.#moderate(by, "unmute", member?.nick ?? nick, member?.room ?? by?.room ?? LOBBY, {});
  }

  /**
   * The console's `op NICK` / `deop NICK`: operator rights belong to an account (a
   * registered or key-owned nickname), so they hold wherever and whenever its owner comes.
   */
  setOperator(nick: string, on: boolean): Pending<RecordedEvent> {
    return andThen(this.owners.setOperator(nick, on), (saved) => {
      const present = this.host.find(saved.nick);
      return this.#moderate(undefined, on ? "op" : "deop", saved.nick, present?.room ?? LOBBY, {});
    });
  }

  /**
   * Why `range` may not be banned: it holds this machine's own addresses (everyone on it
   * would be out), or, for an operator, another operator's (only the console acts on them).
   * `except` is the member being banned by nickname, whose own address it is.
   */
  #refuseRange(by: Member | undefined, range: AddressRange, except?: Member): Result<never> | undefined {
    if (LOOPBACK.some((own) => overlaps(own, range)))
      return fail("bad-arguments", `${describeRange(range)} holds this machine's own address: everyone connected from here would be banned. Ban a nickname instead.`);
    if (!by) return undefined;
    for (const member of this.host.localMembers())
      if (member !== except && member !== by && member.op && inRange(range, member.address))
        return fail("not-allowed", `${member.nick}, an operator, connects from ${describeRange(range)}: only the console can ban it.`);
    return undefined;
  }

  /** The present member an operator may act on with `command`: not themselves, not another operator. */
  #targetOf(by: Member | undefined, command: string, nick: string): Result<Member> {
    const target = this.host.find(nick);
    if (!target) return fail("no-such-nick", `No one called ${nick} is here.`);
    if (target === by) return fail("bad-arguments", `You cannot /${command} yourself.`);
    if (by && target.op) return fail("not-allowed", `${target.nick} is an operator: only the console can /${command} them.`);
    return ok(target);
  }

  #reason(raw: string): Result<string> {
    return this.host.checkShown(raw, "Reason");
  }

  /** Deletes a ban that another replaced from the store, and logs `why`. */
  #forgetBan(ban: Ban, why: string): void {
    this.log(`bans: ${why}`);
    void fromStore(`bans: cannot delete ${ban.target}`, this.log, () => this.store.delete(ban.target));
  }

  #saveBan(ban: Ban): Pending<void> {
    return fromStore(`bans: cannot save ${ban.target}`, this.log, () => this.store.save(ban));
  }

  #moderate(
    by: Member | undefined,
    action: ModerationAction,
    target: string,
    room: string,
    details: { reason?: string; until?: number; address?: string },
  ): Pending<RecordedEvent> {
    const { reason, until, address } = details;
    this.log(`${action} ${target} by ${by ? `${by.nick} (${by.transport} ${by.address})` : "the console"}${reason ? `: ${reason}` : ""}`);
    return this.host.publish({
      kind: "moderation",
      room,
      action,
      target,
      by: nameOf(by),
      ...(reason ? { reason } : {}),
      ...(until !== undefined ? { until } : {}),
      ...(address ? { address } : {}),
    });
  }

  /**
   * What a moderation event does, on every instance that receives it, to the members
   * connected here (see `Enforcement`).
   */
  enforce(event: ModerationEvent): void {
    this.#enforcement.enforce(event);
  }

  /** Why `member` may not send now (muted), or undefined. */
  mutedRefusal(member: Member): Result<never> | undefined {
    const until = member.mutedUntil;
    if (until === undefined) return undefined;
    const left = until - this.clock.now();
    if (left <= 0) {
      member.mute(undefined);
      this.#mutes.delete(member.nick);
      return undefined;
    }
    const lasting = until === Infinity ? "until an operator unmutes you" : `for another ${describeRemaining(left)}`;
    return fail("muted", `You are muted ${lasting}: you can read but not send.`);
  }
}

/** Who did a moderation action, as its line shows them. */
function nameOf(by: Member | undefined): string {
  return by?.nick ?? "the console";
}

/** What a banned client is told. */
function banText(ban: Ban, now: number): string {
  const lasting = ban.until === undefined ? "" : ` for another ${describeRemaining(ban.until - now)}`;
  return `You are banned from this server${lasting}${ban.reason ? `: ${ban.reason}` : "."}`;
}
