import type { Clock } from "../clock.ts";
import { TokenBucket } from "../input/rate-limit.ts";
import { Member, type MemberSink } from "../people/member.ts";
import type { Roster } from "../people/roster.ts";
import type { Rooms } from "../rooms/rooms.ts";
import type { PresenceChange } from "./backend.ts";

/** Where a member of another instance is "delivered" here: nowhere, since its own instance delivers. */
const NOWHERE: MemberSink = { enter() {}, deliver() {}, close() {} };


/**
 * The members of other instances, as this one lists them: in the roster (nicknames are
 * unique across instances) and in their rooms' listings, kept from the presence changes
 * that come with events in the one order.
 */
export class RemoteMembers {
  /** By identity. */
  readonly #members = new Map<string, Member>();
  /**
   * Members of other instances listed under the nickname of a member here (after the
   * shared store lost its data, until one of the two gives the name up), by identity:
   * listed once the name is free here.
   */
  readonly #shadowed = new Map<string, { change: PresenceChange; instance: string }>();
  /** A member of another instance never sends through this one: no tokens, ever. */
  readonly #sendsNothing: TokenBucket;

  constructor(
    private readonly roster: Roster,
    private readonly rooms: Rooms,
    clock: Clock,
    private readonly log: (line: string) => void,
  ) {
    this.#sendsNothing = new TokenBucket(0, 0, clock);
  }

  get size(): number {
    return this.#members.size;
  }

  has(id: string): boolean {
    return this.#members.has(id);
  }

  get(id: string): Member | undefined {
    return this.#members.get(id);
  }

  /** A member of `instance` is now where `change` says (or gone). */
  apply(change: PresenceChange, instance: string): void {
    const known = this.#members.get(change.member);
    if (known) this.forget(known);
    this.#shadowed.delete(change.member);
    const now = change.now;
    if (!now) return;
    const holder = this.roster.clash(now.nick);
    // Nicknames are claimed through the backend, so one of the two is giving it up (see `ChatBackend.comeBack`, `BackendHost.nickLost`).
    if (holder?.isLocal) {
      this.log(`${instance} lists ${now.nick}, who is a member here; not listed twice until one gives the name up`);
      this.#shadowed.set(change.member, { change, instance });
      return;
    }
    if (holder) this.forget(holder);
    const member = new Member({
      id: change.member,
      nick: now.nick,
      transport: now.transport,
      address: "",
      room: now.room,
      rooms: now.rooms,
      since: 0,
      sink: NOWHERE,
      bucket: this.#sendsNothing,
      pacesInput: false,
      instance,
      listedMarks: now.marks,
      listedParty: now.party,
    });
    this.#members.set(member.id, member);
    this.roster.add(member);
    this.rooms.listIn(member);
  }

  /** Lists those kept out by a member here of the same name (see `#shadowed`), where the name is free now. */
  listShadowed(): void {
    for (const [id, { change, instance }] of [...this.#shadowed]) {
      if (!change.now || this.roster.clash(change.now.nick)?.isLocal) continue;
      this.#shadowed.delete(id);
      this.apply(change, instance);
    }
  }

  forget(member: Member): void {
    this.#members.delete(member.id);
    this.roster.delete(member);
    this.rooms.unlist(member);
  }

  /** Everyone listed for `instance` (its roll call replaces them). */
  forgetInstance(instance: string): void {
    for (const member of [...this.#members.values()]) if (member.instance === instance) this.forget(member);
    for (const [id, shadowed] of [...this.#shadowed]) if (shadowed.instance === instance) this.#shadowed.delete(id);
  }

  forgetAll(): void {
    for (const member of [...this.#members.values()]) this.forget(member);
    this.#shadowed.clear();
  }

  /**
   * The backend gave `nick` to a member of this instance, so whoever this instance still
   * lists under it (a member of another instance whose leave is on its way) is gone.
   */
  forgetStale(nick: string): void {
    const stale = this.roster.clash(nick);
    if (stale && !stale.isLocal) this.forget(stale);
  }

  /** The server stops: nobody is listed any more (the roster and rooms are cleared with it). */
  clear(): void {
    this.#members.clear();
    this.#shadowed.clear();
  }
}
