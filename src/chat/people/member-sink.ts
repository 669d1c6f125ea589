import type { FrameOutlet } from "../cluster/frame-outlet.ts";
import type { ChatEvent, RecordedEvent } from "../events.ts";

/**
 * The one interface through which the chat reaches a connected client. Each transport
 * implements it; the chat never knows about sockets or HTTP.
 */
export interface MemberSink {
  /**
   * The member is now in `room` too, and it is its current room (on joining the chat, or
   * after /join), and `history` is the recent conversation there, oldest first, to show
   * before what follows. `seenUpTo` is set when the member was in this room before: the
   * newest event id it had seen there when it left. What is not newer is not news to it.
   */
  enter(room: string, history: readonly RecordedEvent[], seenUpTo?: number): void;
  /**
   * What the member looks at changed: `view` is its current room now, one it was already in
   * (a /join of it, a /part of the current one, a switch the transport asked for), or
   * `@NICK`, the conversation with NICK (`/query`). Where what it types goes.
   */
  viewing?(view: string): void;
  /**
   * The member's rooms, its current one or how far it has read them changed (a join, a part,
   * a switch, a read): a transport that keeps its sessions itself (a guest's web session)
   * saves them. An owned nickname's are kept in its account besides (see `RoomKeeper`).
   */
  roomsChanged?(): void;
  /** `/history N` (a terminal): shows `count` lines of what is in view, older than those it showed. */
  showOlder?(count: number): void;
  /** Hands an event to the client. Must not throw and must not block. */
  deliver(event: ChatEvent): void;
  /**
   * The chat is done with this client (quit, kick, shutdown): tell it `reason` and
   * disconnect. `ending` says when it is not the member's doing: "shutdown" when the whole
   * server is stopping (a transport may keep the member's place for when it starts again),
   * "moved" when another instance now has the member (its client reconnects there).
   */
  close(reason: string, ending?: "shutdown" | "moved"): void;
  /**
   * Another instance holds a stream of this member's (a second tab): what the client is
   * sent goes to `outlet` too, from `after` on. False when this client cannot have one
   * (no stream of its own is open here: the member is better moved there).
   */
  mirror?(outlet: FrameOutlet, after: number | undefined): boolean;
}
