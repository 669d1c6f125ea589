import type { ChatEvent } from "../events.ts";
import type { Member } from "../people/member.ts";

/**
 * Orders nicknames for listings, numbers by value (guest2 before guest10); one collator,
 * since building one per comparison is slow.
 */
export const byNick = new Intl.Collator("en", { sensitivity: "base", numeric: true });

/** A named room and who is in it. */
export class Room {
  /** Members connected here: the ones a broadcast reaches. */
  readonly #members = new Set<Member>();
  /** Members connected to other instances: listed, but their own instance delivers to them. */
  readonly #elsewhere = new Set<Member>();
  /** The members by nickname, kept until membership or a nickname changes. */
  #sorted: Member[] | undefined;
  /** Membership changed since `#sorted` was made (a big room keeps it until `relist`). */
  #stale = false;

  /**
   * Above `bigAbove` members the sorted listing is remade only on `relist` (once a second,
   * with the room's crowd line), not after every join: sorting a room of n on each of n
   * arrivals is n² log n.
   */
  constructor(
    readonly name: string,
    private readonly bigAbove = Infinity,
  ) {}

  get size(): number {
    return this.#members.size + this.#elsewhere.size;
  }

  add(member: Member): void {
    this.#setOf(member).add(member);
    this.#changed();
  }

  has(member: Member): boolean {
    return this.#setOf(member).has(member);
  }

  /** Removes `member`; false when it was not here. */
  delete(member: Member): boolean {
    this.#changed();
    return this.#setOf(member).delete(member);
  }

  clear(): void {
    this.#members.clear();
    this.#elsewhere.clear();
    this.#sorted = undefined;
  }

  /** A member of this room changed nickname: the order may have changed. */
  renamed(): void {
    this.#sorted = undefined;
  }

  /** Remakes the listing of a big room if its membership changed (see the constructor). */
  relist(): void {
    if (this.#stale) this.#sorted = undefined;
    this.#stale = false;
  }

  #changed(): void {
    if (this.size > this.bigAbove && this.#sorted) this.#stale = true;
    else this.#sorted = undefined;
  }

  /** Hands `event` to everyone in the room; the transports render it once each. */
  broadcast(event: ChatEvent): void {
    for (const member of this.#members) if (!member.ignores(event)) member.sink.deliver(event);
  }

  /** Members sorted by nickname, for listings. Shared: callers must not change it. */
  sortedMembers(): readonly Member[] {
    this.#sorted ??= [...this.#members, ...this.#elsewhere].sort((a, b) => byNick.compare(a.nick, b.nick));
    return this.#sorted;
  }

  #setOf(member: Member): Set<Member> {
    return member.instance === undefined ? this.#members : this.#elsewhere;
  }
}
