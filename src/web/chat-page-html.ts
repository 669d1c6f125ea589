import { ChatPage } from "../../views/chat-page.tsx";
import type { RefusedLine } from "../../views/composer.tsx";
import type { ViewEntry } from "../../views/side-panel.tsx";
import type { Chat, Member } from "../chat/index.ts";
import { page } from "./html.ts";
import { listedRooms } from "./listed-rooms.ts";
import { listedEntries } from "./member-entry.ts";
import { conversationLines, roomLines } from "./view-streams.ts";
import { viewAddress, viewName, type View } from "./view.ts";
import type { WebSession } from "./web-session.ts";

/**
 * The chat page as `member` sees it now, showing `view` (a room of its, one it is not in,
 * or a conversation), from `before` back; `refused` puts a refused line back in the box.
 */
export function chatPageHtml(
  chat: Chat,
  session: WebSession,
  member: Member,
  view: View,
  before?: number,
  refused?: RefusedLine,
): string {
  const { historyOnJoin } = chat.options;
  const outside = view.room !== undefined && !member.isIn(view.room);
  const events = outside
    ? []
    : view.room !== undefined
      ? roomLines(chat.recent(member, historyOnJoin, before, view.room))
      : conversationLines(session.conversations, view.nick).filter((line) => before === undefined || line.id < before);
  const inRoom = view.room !== undefined ? chat.membersOf(view.room) : [];
  return page(
    ChatPage({
      nick: member.nick,
      view: viewName(view),
      outside,
      topic: view.room !== undefined ? (chat.topicOf(view.room)?.topic ?? "") : "",
      events,
      answers: session.takeUnseen(),
      hasOlder: view.room !== undefined && events.length >= historyOnJoin,
      newest: before === undefined,
      members: listedEntries(inRoom, chat.now()),
      memberCount: inRoom.length,
      rooms: listedRooms(chat),
      mine: member.rooms.map((room) => ({ name: room, href: viewAddress({ room }), unread: room === view.room ? 0 : chat.moves.unread(member, room) })),
      conversations: conversationEntries(session, view),
      after: chat.lastEventId,
      refused,
    }),
  );
}

/** The session's conversations for the side panel (the one shown counts as read). */
function conversationEntries(session: WebSession, view: View): ViewEntry[] {
  const entries = session.conversations.all.map((conversation) => ({
    name: `@${conversation.nick}`,
    href: viewAddress({ nick: conversation.nick }),
    unread: view.nick !== undefined && view.nick.toLowerCase() === conversation.nick.toLowerCase() ? 0 : conversation.unread,
    mentioned: conversation.unread > 0,
  }));
  // A conversation opened from its address before anything was said in it is listed too.
  if (view.nick !== undefined && !session.conversations.with(view.nick)) entries.unshift({ name: `@${view.nick}`, href: viewAddress(view), unread: 0, mentioned: false });
  return entries;
}
