import type { Account } from "../../stores/account-store.ts";
import { SHUTTING_DOWN } from "../admission/admission.ts";
import { presenceOf } from "../cluster/whereabouts.ts";
import type { ChatCore } from "../core.ts";
import { accountStamp } from "../identity/account-stamp.ts";
import { readAgain, RoomKeeper, roomsAsked } from "../identity/kept-rooms.ts";
import type { OwnedNicknames } from "../identity/owned-nicknames.ts";
import type { Proof } from "../identity/proof.ts";
import { TokenBucket } from "../input/rate-limit.ts";
import type { SendingLimits } from "../input/sending-limits.ts";
import type { Moderation } from "../moderation/moderation.ts";
import { andThen, fail, ok, whenSettled, type Pending, type Result } from "../result.ts";
import { NO_ROOM } from "../rooms/membership.ts";
import { LOBBY } from "../rooms/room-name.ts";
import type { JoinRequest } from "./join-request.ts";
import { Personal } from "./personal.ts";
import { Member, type MemberSink } from "./member.ts";
import { NickClaims } from "./nick-claims.ts";
import { sameNick, validateNick } from "./nickname.ts";

/**
 * Members of this instance coming, going and changing their names: the nickname rules
 * (well-formed, free, no look-alike, not banned, proven when owned), claimed through the
 * backend so that no two instances give one name twice.
 */
export class People {
  readonly #claims: NickClaims;
  /** What members set about themselves: away, whom they ignore. */
  readonly personal: Personal;
  /** The rooms of owned nicknames, kept in their accounts. */
  readonly keeper: RoomKeeper;

  constructor(
    private readonly core: ChatCore,
    private readonly owners: OwnedNicknames,
    private readonly moderation: Moderation,
    private readonly limits: SendingLimits,
  ) {
    this.personal = new Personal(core, owners, limits);
    this.keeper = new RoomKeeper(owners, core.log);
    this.#claims = new NickClaims(core.backend);
  }

  /** Checks that `nick` is well-formed, free, and not a look-alike of someone here. */
  checkNick(raw: string, except?: Member): Result<string> {
    const valid = validateNick(raw);
    if (!valid.ok) return valid;
    const holder = this.core.roster.clash(valid.value, except)?.nick ?? this.#claims.holder(valid.value);
    // The same spelling in another case is "taken"; any other holder of the key, a look-alike.
    if (holder && holder.toLowerCase() === valid.value.toLowerCase())
      return fail("nick-taken", `The nickname ${valid.value} is taken; please pick another.`);
    if (holder)
      return fail("nick-taken", `The nickname ${valid.value} looks too much like ${holder}, who is here; please pick another.`);
    return valid;
  }

  /**
   * Adds an admitted client to #lobby (or the room it comes back to) as a member: hands it
   * the room's recent history, then announces the join. Refused (with a reason) for a bad
   * or taken nickname.
   */
  join(request: JoinRequest, sink: MemberSink): Pending<Member> {
    if (this.core.closed) return fail("shutting-down", SHUTTING_DOWN);
    const nick = this.checkNick(request.nick);
    if (!nick.ok) return nick;
    const banned = this.moderation.refuseNick(nick.value);
    if (banned) return banned;
    return andThen(this.owners.ownership(nick.value, request.proof, request.transport, request.seat.address), (account) => {
      const identity = request.identity ?? crypto.randomUUID();
      return this.#claims.claim(nick.value, identity, (claimed) => {
        if (!claimed.ok) return claimed;
        // The shared backend took its time: the server may have begun to stop meanwhile.
        if (this.core.closed) {
          this.core.backend.releaseNick(nick.value, identity);
          return fail("shutting-down", SHUTTING_DOWN);
        }
        return ok(this.add({ ...request, nick: nick.value, identity }, sink, account));
      });
    });
  }

  /** A member of this instance, as it arrives (not yet in any room: `add` and adoptions put it there). */
  make(request: JoinRequest & { identity: string }, sink: MemberSink, room: string): Member {
    const { options, clock } = this.core;
    const { nick, transport, seat, paceInput = false, identity, proof, roomless } = request;
    const bucket = new TokenBucket(options.msgRate, options.msgBurst, clock);
    const since = this.core.lastId;
    const rooms = request.rooms;
    return new Member({ id: identity, nick, transport, address: seat.address, room, rooms, since, sink, bucket, pacesInput: paceInput, key: proof?.key, roomless, arrivedAt: clock.now() });
  }

  /** Lists a new member, shows it its room and announces it there. */
  add(request: JoinRequest & { identity: string }, sink: MemberSink, account?: Account): Member {
    const { core } = this;
    // An owned nickname is back in the rooms its account keeps; a guest starts in #lobby.
    const back = request.roomless ? undefined : roomsAsked(request, account, core.options, core.rooms);
    const room = request.roomless ? NO_ROOM : (back?.room ?? request.room ?? LOBBY);
    const member = this.make(back ? { ...request, rooms: back.rooms } : request, sink, room);
    const others = member.rooms.filter((name) => name !== room);
    member.typed(core.clock.now());
    member.mute(this.moderation.mutedUntil(member.nick));
    this.owners.own(member, account);
    member.marksTold();
    const history = room === NO_ROOM ? [] : core.history.shownOnEntering(member, room);
    core.remote.forgetStale(member.nick);
    core.roster.add(member);
    core.stats.joins++;
    core.log(`join ${member.nick} (${member.transport} ${member.address})`);
    // Back in every room it was in (the current one last, as the one it is in now). Only
    // the current one is in view: the others show nothing now, their unread lines are counted.
    for (const other of others) core.rooms.enter(member, other, []);
    if (room !== NO_ROOM) core.rooms.enter(member, room, history);
    // In no room (IRC), no room sees it come; the other instances list it all the same.
    else core.placeNowhere(member);
    if (back) readAgain(member, back.readUpTo);
    if (!account && member.key !== undefined) this.#ownByKey(member, member.key);
    return member;
  }

  /**
   * Whether a session that outlived where it was (a restart, another instance) may come
   * back as `nick`: not banned meanwhile, and owning the nickname's account only by the
   * proof it had (`provenAs`). The account it holds again, or undefined for a guest.
   */
  comingBack(nick: string, provenAs: string | undefined): Pending<Account | undefined> {
    const banned = this.moderation.refuseNick(nick);
    if (banned) return banned;
    return andThen(this.owners.find(nick), (account) => {
      if (!account || provenAs === accountStamp(account)) return ok(account);
      return fail("nick-owned", `${account.nick} is registered now: join again and prove it is yours, or pick another nickname.`);
    });
  }

  /** A member moved here holds again the account it came back with (see `comingBack`). */
  holdAgain(member: Member, account: Account | undefined): void {
    this.#holdProven(member, account);
    this.core.marksMaybeChanged(member);
  }

  /** Changes a member's nickname and tells their room; `proof` for an owned one (`/identify`). */
  rename(member: Member, raw: string, proof?: { password: string }): Pending<string> {
    const nick = this.checkNick(raw, member);
    if (!nick.ok) return nick;
    const muted = this.moderation.mutedRefusal(member);
    if (muted) return muted;
    const banned = this.moderation.refuseNick(nick.value);
    if (banned) return banned;
    if (member.nick === nick.value) return ok(member.nick);
    const paced = this.limits.paced(member);
    if (paced) return paced;
    const offered: Proof = { key: member.key, proven: member.proven, password: proof?.password };
    return andThen(this.owners.ownership(nick.value, offered, "chat", member.address), (account) => this.#renameAs(member, nick.value, account));
  }

  /** `/identify [NICK] PASSWORD`: proves an owned nickname, and takes it when it is not the member's yet. */
  identify(member: Member, nick: string, password: string): Pending<string> {
    if (!sameNick(nick, member.nick)) return this.rename(member, nick, { password });
    if (member.account) return ok(member.nick);
    return andThen(this.owners.prove(member, password), (account) => {
      if (sameNick(member.nick, account.nick)) this.#holdProven(member, account);
      return ok(member.nick);
    });
  }

  /**
   * The member leaves the chat, and each of its rooms sees it go; safe to call more than
   * once. Does not close the sink. `toldIn`: that room was told another way (a moderation
   * line), so the leave is not shown there again, though every instance and page still
   * learns of it.
   */
  leave(member: Member, reason: string, toldIn?: string): void {
    const { core } = this;
    if (!member.isLocal || !core.roster.delete(member)) return;
    core.stats.leaves++;
    core.log(`leave ${member.nick} (${member.transport} ${member.address}): ${reason}`);
    core.backend.releaseNick(member.nick, member.id);
    this.keeper.keep(member);
    if (member.rooms.length === 0) return core.placeNowhere(member, true);
    core.rooms.exitAll(member, reason, toldIn);
  }

  /**
   * `/quit`: leave, then have the transport say goodbye and disconnect. The reason is
   * shown to the room, so it follows the rules of a message; a muted member's is dropped.
   */
  quit(member: Member, rawReason: string): Result<void> {
    const reason = this.limits.checkShown(rawReason, "Quit reason");
    if (!reason.ok) return reason;
    const shown = reason.value && !this.limits.muted(member);
    this.leave(member, shown ? `quit: ${reason.value}` : "quit");
    member.sink.close("Goodbye!");
    return ok(undefined);
  }

  /** The member proved `account` while listed: its kept ignores apply too. */
  #holdProven(member: Member, account: Account | undefined): void {
    this.owners.own(member, account);
    this.core.roster.noteIgnores(member);
  }

  #renameAs(member: Member, nick: string, account: Account | undefined): Pending<string> {
    const { core } = this;
    const from = member.nick;
    return this.#claims.claim(nick, member.id, (claimed) => {
      if (!claimed.ok) return claimed;
      // Gone while the name was claimed (quit, kicked, shut down): the name goes back.
      if (!core.isHere(member)) {
        core.backend.releaseNick(nick, member.id);
        return fail("not-in-chat", "You are not in the chat.");
      }
      core.backend.releaseNick(member.nick, member.id);
      core.remote.forgetStale(nick);
      core.roster.rename(member, nick);
      this.#holdProven(member, account);
      // The rename's presence carries the marks: no status of its own is needed.
      member.marksTold();
      core.log(`rename ${from} -> ${member.nick}`);
      // Each room of the member's has the line (its history, its pages); a terminal shows its current one's.
      for (const room of member.rooms) {
        core.rooms.get(room)?.renamed();
        core.publish({ kind: "rename", room, from, to: member.nick }, presenceOf(member));
      }
      if (member.rooms.length === 0) core.placeNowhere(member);
      return ok(member.nick);
    });
  }

  /** The first key to come with a free nickname owns it (SSH). */
  #ownByKey(member: Member, key: string): void {
    void whenSettled(this.owners.claimForKey(member, key), (saved) => {
      if (!saved.ok) return this.core.tell(member, `Your nickname could not be kept for your key: ${saved.error.message}`, true);
      if (!this.core.isHere(member) || !sameNick(member.nick, saved.value.nick)) return;
      this.owners.own(member, saved.value);
      this.core.marksMaybeChanged(member);
      this.core.tell(
        member,
        `The nickname ${member.nick} is now yours: only your key (${key}) can use it over SSH. /keys manages keys; /register PASSWORD lets you use it from telnet and the web.`,
      );
    });
  }
}
