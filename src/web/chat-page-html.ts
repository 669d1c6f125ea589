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
      : conversationLines(chat, member, view.nick, historyOnJoin, before);
  const inRoom = view.room !== undefined ? chat.membersOf(view.room) : [];
  return page(
    ChatPage({
      nick: member.nick,
      view: viewName(view),
      outside,
      topic: view.room !== undefined ? (chat.topicOf(view.room)?.topic ?? "") : "",
      events,
      answers: session.takeUnseen(),
      hasOlder: events.length >= historyOnJoin,
      newest: before === undefined,
      members: listedEntries(inRoom, chat.now()),
      memberCount: inRoom.length,
      rooms: listedRooms(chat),
      mine: member.rooms.map((room) => roomEntry(chat, member, room, view)),
      conversations: conversationEntries(chat, member, session, view),
      after: chat.lastEventId,
      refused,
    }),
  );
}

/** One of the member's rooms for the side panel: its unread count and mention mark (none for the room shown). */
function roomEntry(chat: Chat, member: Member, room: string, view: View): ViewEntry {
  const unread = room === view.room ? { count: 0, mentioned: false } : chat.moves.unreadLines(member, room);
  return { name: room, href: viewAddress({ room }), unread: unread.count, mentioned: unread.mentioned };
}

/** The member's conversations for the side panel, this session's first (the one shown counts as read). */
function conversationEntries(chat: Chat, member: Member, session: WebSession, view: View): ViewEntry[] {
  const entries = session.conversations.all.map((conversation) => ({
    name: `@${conversation.nick}`,
    href: viewAddress({ nick: conversation.nick }),
    unread: view.nick !== undefined && view.nick.toLowerCase() === conversation.nick.toLowerCase() ? 0 : conversation.unread,
    mentioned: conversation.unread > 0,
  }));
  // Those the history has from before this session (a restart, another tab's instance).
  for (const earlier of chat.conversations(member))
    if (!entries.some((entry) => entry.name.toLowerCase() === `@${earlier.nick.toLowerCase()}`))
      entries.push({ name: `@${earlier.nick}`, href: viewAddress({ nick: earlier.nick }), unread: 0, mentioned: false });
  // A conversation opened from its address before anything was said in it is listed too.
  if (view.nick !== undefined && !session.conversations.with(view.nick)) entries.unshift({ name: `@${view.nick}`, href: viewAddress(view), unread: 0, mentioned: false });
  return entries;
}
