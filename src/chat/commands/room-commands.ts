import { fail, ok } from "../result.ts";
import { UNREAD_COUNTED } from "../history-view.ts";
import { LOBBY, validateRoomName } from "../rooms/room-name.ts";
import type { Command } from "./command.ts";

/** Lines `/history` shows without a number, and at most. */
const HISTORY_PAGE = 20;
const MAX_HISTORY_PAGE = 200;

/** The rooms a member is in, and the one a line is typed in: after the chat's own commands in /help. */
export const ROOM_COMMANDS: readonly Command[] = [
  {
    name: "who",
    aliases: ["names"],
    for: "members",
    params: [],
    help: "List the members of this room and how they are connected.",
    run: ({ chat, room, reply }) => {
      const members = chat.membersOf(room);
      const names = members.map((m) => `${m.nick} (${m.transport})`).join(", ");
      return ok(reply(`${members.length} in ${room}: ${names}`));
    },
  },
  {
    name: "join",
    for: "members",
    params: ["#ROOM"],
    // "#bad room!" is a bad name, not one word too many: the answer says what is wrong with it.
    restOfLine: true,
    help: "Join a room (creating it if needed) and make it your current one; you stay in the others.",
    run: ({ chat, member, args }) => {
      const room = validateRoomName(args[0]!);
      return room.ok ? chat.moves.join(member, room.value) : room;
    },
  },
  {
    name: "part",
    aliases: ["leave"],
    for: "members",
    params: ["[#ROOM]", "[reason...]"],
    help: `Leave one room (this one without a name); you stay in the others, or go to ${LOBBY}.`,
    run: ({ chat, member, room, args }) => {
      const [first = "", rest = ""] = args;
      // "/part back soon" leaves this room with a reason; "/part #dev back soon" leaves #dev.
      if (!first.startsWith("#")) return chat.moves.part(member, room, [first, rest].filter(Boolean).join(" "));
      const named = validateRoomName(first);
      return named.ok ? chat.moves.part(member, named.value, rest) : named;
    },
  },
  {
    name: "rooms",
    aliases: ["list"],
    for: "members",
    params: [],
    help: "List the rooms, how many are in each and their topics; yours are marked, with what you have not read.",
    run: ({ chat, member, reply }) => {
      const listed = chat.rooms().map((r) => {
        const yours = !member.isIn(r.name) ? "" : r.name === member.room ? ", you are here" : `, yours, ${unreadText(chat.moves.unread(member, r.name))}`;
        return `${r.name} (${r.members}${yours})${r.topic ? ` ${r.topic}` : ""}`;
      });
      return ok(reply("Rooms: " + listed.join(", ")));
    },
  },
  {
    name: "topic",
    for: "members",
    params: ["[text...]"],
    help: "Show this room's topic, or set it (/topic - clears it).",
    run: ({ chat, member, room, args, reply }) => {
      const text = args[0]?.trim();
      if (!text) {
        const topic = chat.topicOf(room);
        return ok(reply(topic ? `Topic of ${room}: ${topic.topic} (set by ${topic.by})` : `${room} has no topic. /topic TEXT sets one.`));
      }
      return chat.setTopic(member, text === "-" ? "" : text, room);
    },
  },
  {
    name: "query",
    for: "members",
    params: ["[nick]"],
    help: "Talk with NICK alone: what you type goes to them, and your conversation is shown; without a nickname, back to your room.",
    on: ["telnet", "ssh"],
    run: ({ chat, member, args }) => {
      const nick = args[0]?.trim();
      if (!nick) return chat.moves.converse(member, undefined);
      const other = chat.find(nick);
      if (!other) return fail("no-such-nick", `No one called ${nick} is here.`);
      return chat.moves.converse(member, other);
    },
  },
  {
    name: "history",
    for: "members",
    params: ["[N]"],
    help: `Show N older lines of the room in view (${HISTORY_PAGE} without N), after what switching to it showed.`,
    on: ["telnet", "ssh"],
    run: ({ member, args }) => {
      const count = args[0] === undefined ? HISTORY_PAGE : Number(args[0]);
      if (!Number.isInteger(count) || count < 1 || count > MAX_HISTORY_PAGE)
        return fail("bad-arguments", `/history takes a number of lines from 1 to ${MAX_HISTORY_PAGE}.`);
      member.sink.showOlder?.(count);
      return ok(undefined);
    },
  },
];

/** "3 unread", "nothing unread": how /rooms says what a member has not read in a room. */
function unreadText(count: number): string {
  return count === 0 ? "nothing unread" : `${count >= UNREAD_COUNTED ? `${UNREAD_COUNTED}+` : count} unread`;
}
