import type { Account } from "../../stores/account-store.ts";
import { SHUTTING_DOWN } from "../admission/admission.ts";
import type { Timer } from "../clock.ts";
import type { ChatCore } from "../core.ts";
import type { RecordedEvent } from "../events.ts";
import { readAgain } from "../identity/kept-rooms.ts";
import type { ComeBackRequest, JoinRequest } from "../people/join-request.ts";
import type { Member, MemberSink } from "../people/member.ts";
import { NICK_MAX_LENGTH, validateNick } from "../people/nickname.ts";
import type { People } from "../people/people.ts";
import { andThen, fail, ok, whenSettled, type Pending, type Result } from "../result.ts";
import type { BackendHost, PresenceChange, RelayedRequest, RemotePresence, Whereabouts } from "./backend.ts";
import { departures, whereabouts } from "./whereabouts.ts";

/** How long a member coming back from another instance waits for the handover to be read. */
const ADOPTION_TIMEOUT_MS = 5000;

/** A member coming back here from another instance: what it joins with, and who waits. */
interface Adoption {
  readonly request: JoinRequest;
  /** The account it proved, still its own (see `People.comingBack`). */
  readonly account: Account | undefined;
  readonly sink: MemberSink;
  readonly settle: (result: Result<Member>) => void;
  readonly timer: Timer;
}

/**
 * This instance among the others that share a backend: what the backend tells it (events
 * in the one order, roll calls, handovers, the link going down and up), and members who
 * move between instances or act through one they are not connected to. Alone, with the
 * local backend, none of it happens.
 */
export class Federation implements BackendHost {
  /** Members coming back here from another instance, by identity, until the handover is read. */
  readonly #adopting = new Map<string, Adoption>();

  constructor(
    private readonly core: ChatCore,
    private readonly people: People,
    private readonly input: (member: Member, line: string, to?: string) => Pending<unknown>,
  ) {}

  /**
   * A member whose session outlived where it was connected comes back here as itself:
   * the same identity, nickname and room, and the account it had proved, if that still
   * proves the name (see `People.comingBack`). Moved from another instance that has it
   * (no leave, no join: to the room nothing happened), else joined again (a restart).
   */
  comeBack(request: ComeBackRequest, sink: MemberSink): Pending<Member> {
    const { core } = this;
    if (core.closed) return fail("shutting-down", SHUTTING_DOWN);
    const valid = validateNick(request.nick);
    if (!valid.ok) return valid;
    const nick = valid.value;
    const holder = core.roster.clash(nick);
    if (holder && holder.id !== request.identity && holder.isLocal) return fail("nick-taken", `The nickname ${nick} is taken; please pick another.`);
    return andThen(this.people.comingBack(nick, request.provenAs), (account) => this.#comeBackAs(request, nick, account, sink));
  }

  #comeBackAs(request: ComeBackRequest, nick: string, account: Account | undefined, sink: MemberSink): Pending<Member> {
    const { core } = this;
    if (core.closed) return fail("shutting-down", SHUTTING_DOWN);
    // Waiting before asking: the handover may be read before the backend's answer arrives.
    const { identity } = request;
    let settle!: (result: Result<Member>) => void;
    const adopted = new Promise<Result<Member>>((resolve) => (settle = resolve));
    const timer = core.clock.after(ADOPTION_TIMEOUT_MS, () => {
      if (this.#adopting.get(identity)?.settle !== settle) return;
      this.#adopting.delete(identity);
      settle(fail("chat-paused", "Coming back took too long; please try again."));
    });
    this.#adopting.set(identity, { request, account, sink, settle, timer });
    const next = (result: Result<"moved" | "new">): Pending<Member> => {
      if (result.ok && result.value === "moved") return adopted;
      timer.cancel();
      if (this.#adopting.get(identity)?.settle === settle) this.#adopting.delete(identity);
      if (!result.ok) return result;
      if (core.closed) return fail("shutting-down", SHUTTING_DOWN);
      return ok(this.people.add({ ...request, nick }, sink, account));
    };
    const back = core.backend.comeBack(identity, nick);
    return back instanceof Promise ? back.then(next) : next(back);
  }

  /** A member of another instance leaves through this one (a browser's Leave reached it). */
  leaveElsewhere(member: Member): Pending<unknown> {
    if (member.instance === undefined) return ok(this.people.leave(member, "left"));
    return this.core.backend.relay(member.instance, { member: member.id, leave: true });
  }

  /** The server stops: whoever was coming back here is told so. */
  shutdown(): void {
    for (const waiting of this.#adopting.values()) waiting.settle(fail("shutting-down", SHUTTING_DOWN));
    this.#adopting.clear();
  }

  receive(event: RecordedEvent, instance: string, change?: PresenceChange): void {
    // A member of this instance is already where the event says; others are listed from it.
    if (change && (instance !== this.core.backend.instance || this.core.remote.has(change.member))) this.core.remote.apply(change, instance);
    this.core.dispatch(event);
  }

  rollCall(instance: string, members: readonly RemotePresence[]): void {
    this.core.remote.forgetInstance(instance);
    for (const presence of members) this.core.remote.apply({ member: presence.id, now: presence }, instance);
  }

  forgetOthers(): void {
    this.core.remote.forgetAll();
  }

  localPresence(): RemotePresence[] {
    const members: RemotePresence[] = [];
    for (const member of this.core.roster.values()) if (member.isLocal) members.push({ id: member.id, ...whereabouts(member) });
    return members;
  }

  linkChanged(reason: string | undefined): void {
    const { core } = this;
    if (core.paused === reason) return;
    const was = core.paused;
    core.pause(reason);
    if (reason) this.#tellEveryone(`The chat is paused: ${reason}`);
    else if (was) this.#tellEveryone("The chat is back: messages go through again.");
  }

  handedOver(id: string, from: string, to: string, now: Whereabouts): void {
    const { core } = this;
    if (to !== core.backend.instance) {
      const local = core.roster.findById(id);
      if (local?.isLocal) this.#letGo(local, to);
      core.remote.apply({ member: id, now }, to);
      return;
    }
    const known = core.remote.get(id);
    if (known) core.remote.forget(known);
    const adoption = this.#adopting.get(id);
    this.#adopting.delete(id);
    adoption?.timer.cancel();
    if (!adoption || core.closed) {
      // Handed here, but no one here waits for it any more (gave up, or shutting down): it leaves.
      for (const { room, now: after } of departures(now))
        core.publish({ kind: "leave", room, nick: now.nick, reason: "connection lost" }, { member: id, now: after });
      core.backend.releaseNick(now.nick, id);
      adoption?.settle(fail("shutting-down", SHUTTING_DOWN));
      return;
    }
    adoption.settle(ok(this.#adopt(id, now, adoption, from)));
  }

  relayed(request: RelayedRequest): Pending<unknown> {
    const member = this.core.roster.findById(request.member);
    if (!member?.isLocal) return fail("not-in-chat", "You are not in the chat.");
    if ("line" in request) return this.input(member, request.line, request.to);
    if ("nickLost" in request) return ok(this.nickLost(member.id));
    if ("mirror" in request) {
      const outlet = this.core.backend.outlet?.(request.mirror);
      if (outlet && member.sink.mirror?.(outlet, request.after)) return ok(undefined);
      return fail("not-in-chat", "No stream of yours is open there.");
    }
    this.people.leave(member, "left");
    member.sink.close("You left the chat.");
    return ok(undefined);
  }

  nickLost(id: string): void {
    const member = this.core.roster.findById(id);
    if (!member?.isLocal) return;
    const from = member.nick;
    const why = `Your nickname ${from} was held by someone else before the chat's shared store restarted empty, and they keep it`;
    const free = fallbackNicks(from).find((nick) => this.people.checkNick(nick, member).ok);
    const renamed = free === undefined ? fail("nick-taken", "no free nickname") : this.people.rename(member, free);
    void whenSettled(renamed, (result) => {
      if (!this.core.isHere(member)) return;
      if (result.ok) {
        this.core.tell(member, `${why}; you are now ${result.value} (/nick to choose another).`, true);
        this.core.remote.listShadowed();
        return;
      }
      this.people.leave(member, "nickname held by someone else first");
      member.sink.close(`${why}; please join again with another nickname.`);
      this.core.remote.listShadowed();
    });
  }

  /** A member moved here from `from`: listed and delivered to here from this point of the order on. */
  #adopt(id: string, now: Whereabouts, { request, account, sink }: Adoption, from: string): Member {
    const { core } = this;
    // The room it looked at, as its session tells: a switch between one's rooms is published
    // nowhere, so the whereabouts name the room joined last.
    const rooms = now.rooms ?? [now.room];
    const current = request.room !== undefined && rooms.includes(request.room) ? request.room : now.room;
    const member = this.people.make({ ...request, nick: now.nick, transport: now.transport, identity: id, rooms }, sink, current);
    core.remote.forgetStale(now.nick);
    core.roster.add(member);
    // Each room as it was; the current one last, as the one the member is in now, and the
    // only one in view: the others show nothing now (as on coming back, see `People.add`).
    for (const room of member.rooms) if (room !== current) sink.enter(room, []);
    sink.enter(current, core.history.shownOnEntering(member, current));
    if (request.readUpTo) readAgain(member, request.readUpTo);
    core.rooms.listIn(member);
    core.log(`${member.nick} moved here from ${from} (${member.transport} ${member.address})`);
    core.stats.handovers++;
    member.marksTold(now.marks);
    this.people.holdAgain(member, account);
    return member;
  }

  /** A member of this instance is now connected to `to`: it goes quietly, and its client reconnects. */
  #letGo(member: Member, to: string): void {
    this.core.roster.delete(member);
    this.core.rooms.unlist(member);
    this.core.log(`${member.nick} moved to ${to} (${member.transport} ${member.address})`);
    member.sink.close("Moved to another server.", "moved");
  }

  #tellEveryone(text: string): void {
    for (const member of this.core.roster.values()) if (member.isLocal) this.core.tell(member, text, true);
  }
}

/** Nicknames offered to a member who had to give up `nick`, most like it first. */
function fallbackNicks(nick: string): string[] {
  const stem = (suffix: string) => nick.slice(0, NICK_MAX_LENGTH - suffix.length) + suffix;
  return ["_", "__", "_2", "_3", "_4"].map(stem);
}
