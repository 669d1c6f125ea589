import type { ChatEvent } from "./events.ts";
import type { Member } from "./member.ts";

/** A named room and who is in it. */
export class Room {
  readonly members = new Set<Member>();

  constructor(readonly name: string) {}

  /** Hands `event` to everyone in the room; the transports render it once each. */
  broadcast(event: ChatEvent): void {
    for (const member of this.members) member.sink.deliver(event);
  }

  /** Members sorted by nickname, for listings. */
  sortedMembers(): Member[] {
    return [...this.members].sort((a, b) => a.nick.localeCompare(b.nick, "en", { sensitivity: "base" }));
  }
}
