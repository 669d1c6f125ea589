import { ChatPage } from "../../views/chat-page.tsx";
import type { RefusedLine } from "../../views/composer.tsx";
import type { Chat, Member } from "../chat/index.ts";
import { page } from "./html.ts";
import { listedRooms } from "./listed-rooms.ts";
import { listedEntries } from "./member-entry.ts";
import type { WebSession } from "./web-session.ts";

/** The chat page as `member` sees it now, from `before` back; `refused` puts a refused line back in the box. */
export function chatPageHtml(chat: Chat, session: WebSession, member: Member, before?: number, refused?: RefusedLine): string {
  const events = chat.recent(member, chat.options.historyOnJoin, before);
  const inRoom = chat.membersOf(member.room);
  const members = listedEntries(inRoom, chat.now());
  return page(
    ChatPage({
      nick: member.nick,
      room: member.room,
      topic: chat.topicOf(member.room)?.topic ?? "",
      events,
      answers: session.takeUnseen(),
      hasOlder: events.length >= chat.options.historyOnJoin,
      newest: before === undefined,
      members,
      memberCount: inRoom.length,
      rooms: listedRooms(chat),
      after: chat.lastEventId,
      refused,
    }),
  );
}
