import type { Transport } from "../events.ts";
import { byNick } from "../rooms/room.ts";
import type { Member } from "./member.ts";
import { nickKey } from "./nickname.ts";

/**
 * Everyone in the chat, by nickname. No two may share a `nickKey`: nicknames are unique
 * regardless of case, and no two may look alike (`alice` and `aIice`, `bob0` and `bobO`),
 * since a look-alike is how one member passes for another.
 */
export class Roster {
  /** By `nickKey`. */
  readonly #byKey = new Map<string, Member>();
  readonly #byId = new Map<string, Member>();
  /** Members who ignore someone: a rename reaches their lists (see `followRename`). */
  readonly #ignorers = new Set<Member>();

  get size(): number {
    return this.#byKey.size;
  }

  values(): IterableIterator<Member> {
    return this.#byKey.values();
  }

  /** Every member, sorted by nickname. */
  sorted(): Member[] {
    return [...this.#byKey.values()].sort((a, b) => byNick.compare(a.nick, b.nick));
  }

  /** Members of this instance on each transport. */
  countByTransport(): Record<Transport, number> {
    const counts: Record<Transport, number> = { telnet: 0, ssh: 0, web: 0, irc: 0 };
    for (const member of this.#byKey.values()) if (member.isLocal) counts[member.transport]++;
    return counts;
  }

  /** The member called `nick`, in any case or as a look-alike (it is one name). */
  find(nick: string): Member | undefined {
    return this.#byKey.get(nickKey(nick));
  }

  /** The member whose identity (`Member.id`) is `id`. */
  findById(id: string): Member | undefined {
    return this.#byId.get(id);
  }

  /** Who, other than `except`, is called `nick` or something that looks like it. */
  clash(nick: string, except?: Member): Member | undefined {
    const holder = this.find(nick);
    return holder === except ? undefined : holder;
  }

  add(member: Member): void {
    this.#byKey.set(nickKey(member.nick), member);
    this.#byId.set(member.id, member);
    this.noteIgnores(member);
  }

  /** Call when whom `member` ignores may have changed. */
  noteIgnores(member: Member): void {
    if (member.ignoresAnyone && this.#byId.get(member.id) === member) this.#ignorers.add(member);
    else this.#ignorers.delete(member);
  }

  /** Someone renamed: whoever ignores them keeps ignoring them by their new name. */
  followRename(from: string, to: string): void {
    for (const member of this.#ignorers) member.followRename(from, to);
  }

  /** Removes `member`; false when it is not the one listed under its nickname. */
  delete(member: Member): boolean {
    if (this.find(member.nick) !== member) return false;
    this.#byKey.delete(nickKey(member.nick));
    if (this.#byId.get(member.id) === member) this.#byId.delete(member.id);
    this.#ignorers.delete(member);
    return true;
  }

  /** `member` is now called `nick` (already checked with `clash`). */
  rename(member: Member, nick: string): void {
    this.delete(member);
    member.renamed(nick);
    this.add(member);
  }

  clear(): void {
    this.#byKey.clear();
    this.#byId.clear();
  }
}
