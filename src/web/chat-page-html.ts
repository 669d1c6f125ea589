import { ChatPage } from "../../views/chat-page.tsx";
import type { RefusedLine } from "../../views/composer.tsx";
import type { ViewEntry } from "../../views/side-panel.tsx";
import type { Chat, Member, RecordedEvent } from "../chat/index.ts";
import { page } from "./html.ts";
import { listedRooms } from "./listed-rooms.ts";
import { listedEntries } from "./member-entry.ts";
import { conversationLines, roomLines } from "./view-streams.ts";
import { viewAddress, viewName, type View } from "./view.ts";
import type { WebSession } from "./web-session.ts";

/** Which of a view's lines a page shows: the newest, those `before` an id (an older page), or only those `after` one. */
export interface PageRange {
  readonly before?: number;
  readonly after?: number;
}

/**
 * The chat page as `member` sees it now, showing `view` (a room of its, one it is not in,
 * or a conversation), its lines in `range`; `refused` puts a refused line back in the box.
 */
export function chatPageHtml(
  chat: Chat,
  session: WebSession,
  member: Member,
  view: View,
  range: PageRange = {},
  refused?: RefusedLine,
): string {
  const { historyOnJoin } = chat.options;
  const { before } = range;
  const outside = view.room !== undefined && !member.isIn(view.room);
  const lines = outside
    ? []
    : view.room !== undefined
      ? roomLines(chat.recent(member, historyOnJoin, before, view.room))
      : conversationLines(chat, member, view.nick, historyOnJoin, before);
  const continues = before === undefined ? continuation(lines, range.after, historyOnJoin) : undefined;
  const events = continues === undefined ? lines : lines.filter((event) => event.id > continues);
  const inRoom = view.room !== undefined ? chat.membersOf(view.room) : [];
  return page(
    ChatPage({
      nick: member.nick,
      view: viewName(view),
      outside,
      topic: view.room !== undefined ? (chat.topicOf(view.room)?.topic ?? "") : "",
      events,
      answers: session.takeUnseen(),
      hasOlder: continues === undefined && events.length >= historyOnJoin,
      newest: before === undefined,
      members: listedEntries(inRoom, chat.now()),
      memberCount: inRoom.length,
      rooms: listedRooms(chat),
      mine: member.rooms.map((room) => roomEntry(chat, member, room, view)),
      conversations: conversationEntries(chat, member, session, view),
      after: chat.lastEventId,
      continues,
      refused,
    }),
  );
}

/**
 * `after`, when the newest page reaches back to it (it holds an event at or before it, or
 * the whole of the view): then the lines after it are all a tab holding the rest needs.
 * Undefined otherwise (more came than a page holds): that tab redraws the view.
 */
function continuation(newest: readonly RecordedEvent[], after: number | undefined, limit: number): number | undefined {
  if (after === undefined) return undefined;
  return newest.length < limit || newest.some((event) => event.id <= after) ? after : undefined;
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
