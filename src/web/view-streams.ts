import { sameNick, type Chat, type ChatEvent, type Member, type RecordedEvent } from "../chat/index.ts";
import type { EventFrames } from "./event-frames.tsx";
import type { SseStream } from "./sse-stream.ts";
import { belongsInRoom, showing, type View } from "./view.ts";

/** Where a stream's first frames go: an open stream, or another instance's mirror of one. */
export type CatchUpTarget = Pick<SseStream, "send" | "sendParts">;

/**
 * What a stream showing `view` and opening from `after` is sent first: what it missed,
 * when that can be replayed (what belongs to the view as lines, lines said elsewhere as
 * activity), else the view redrawn as it is now.
 */
export function catchUp(
  chat: Chat,
  frames: EventFrames,
  stream: CatchUpTarget,
  member: Member,
  view: View,
  after: number | undefined,
): void {
  // The history replays the member's current room (the stream route makes the view's
  // room current first); a conversation's lines are among the member's own events.
  const replayable = view.room === undefined || view.room === member.room;
  const missed = after === undefined || !replayable ? undefined : chat.since(member, after);
  if (missed) {
    for (const event of missed) {
      const shown = showing(event, view, member.nick);
      if (shown === "show") stream.send(frames.replay(event));
      else if (shown === "activity" && isLine(event)) stream.send(frames.activity(event));
    }
    // Quiet comings and goings are not in it (crowd lines told them); the member list comes whole.
    return stream.sendParts(frames.presence(view));
  }
  const history = view.room !== undefined ? roomLines(chat.recent(member, undefined, undefined, view.room)) : conversationLines(chat, member, view.nick);
  stream.sendParts(frames.reset(member.nick, view, history, chat.lastEventId));
}

/** A room's history without privates, which belong to no room (old stored ones may carry one). */
export function roomLines(history: readonly RecordedEvent[]): readonly RecordedEvent[] {
  // The same array when nothing is taken out: redraws are cached by it (see `EventFrames`).
  return history.every(belongsInRoom) ? history : history.filter(belongsInRoom);
}

/**
 * The member's conversation with `nick`, from the history (older pages before `before`):
 * with whoever is called `nick` now, else with whom its latest privates under that name were.
 */
export function conversationLines(chat: Chat, member: Member, nick: string, limit?: number, before?: number): readonly RecordedEvent[] {
  const other = chat.find(nick)?.id ?? chat.conversations(member).find((conversation) => sameNick(conversation.nick, nick))?.with;
  return other === undefined ? [] : chat.conversation(member, other, limit, before);
}

/** A line someone said: what counts as activity in a view that does not show it. */
export function isLine(event: RecordedEvent): event is RecordedEvent & { kind: "message" | "action" | "private" } {
  return event.kind === "message" || event.kind === "action" || event.kind === "private";
}

/** Sends `event` to a stream showing `view` as what it is there: a line, activity, or nothing. */
export function sendShown(target: Pick<SseStream, "send">, event: ChatEvent, view: View, me: string, frames: EventFrames): void {
  const shown = showing(event, view, me);
  if (shown === "show") target.send(frames.live(event));
  else if (shown === "activity" && event.kind !== "system" && isLine(event)) target.send(frames.activity(event));
}
