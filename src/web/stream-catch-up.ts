import type { Chat, Member } from "../chat/index.ts";
import type { EventFrames } from "./event-frames.tsx";
import type { SseStream } from "./sse-stream.ts";

/** Where a stream's first frames go: an open stream, or another instance's mirror of one. */
export type CatchUpTarget = Pick<SseStream, "send" | "sendParts">;

/**
 * What a stream opening from `after` is sent first: what it missed, when that can be
 * replayed, else the page redrawn as it is now. `roomSince` is the event id from which
 * the page has shown the member's room (a cursor older than that is useless).
 */
export function catchUp(chat: Chat, frames: EventFrames, stream: CatchUpTarget, member: Member, after: number | undefined, roomSince: number): void {
  // No cursor, or one from before the last room change (the page shows something else),
  // or too much missed to replay: the page is redrawn as it is now.
  const missed = after === undefined || after < roomSince ? undefined : chat.since(member, after);
  if (missed) {
    // Quiet comings and goings are not in it (crowd lines told them); the member list comes whole below.
    for (const event of missed) stream.send(frames.replay(event));
    stream.sendParts(frames.presence(member.room));
  } else {
    stream.sendParts(frames.reset(member.nick, member.room, chat.recent(member), chat.lastEventId));
  }
}
