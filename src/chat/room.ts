import type { ChatEvent } from "./events.ts";
import type { Member } from "./member.ts";

/** Orders nicknames for listings; one collator, since building one per comparison is slow. */
export const byNick = new Intl.Collator("en", { sensitivity: "base" });

/** A named room and who is in it. */
export class Room {
  /** Members connected here: the ones a broadcast reaches. */
  readonly #members = new Set<Member>();
  /** Members connected to other instances: listed, but their own instance delivers to them. */
  readonly #elsewhere = new Set<Member>();
  /** The members by nickname, kept until membership or a nickname changes. */
  #sorted: Member[] | undefined;

  constructor(readonly name: string) {}

  get size(): number {
    return this.#members.size + this.#elsewhere.size;
  }

  add(member: Member): void {
    this.#setOf(member).add(member);
    this.#sorted = undefined;
  }

  /** Removes `member`; false when it was not here. */
  delete(member: Member): boolean {
    this.#sorted = undefined;
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

  /** Hands `event` to everyone in the room; the transports render it once each. */
  broadcast(event: ChatEvent): void {
    for (const member of this.#members) member.sink.deliver(event);
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
