/** @jsxImportSource @kitajs/html */
import { memberElementId, MemberItem, MemberList, type MemberEntry } from "../../views/member-list.tsx";
import { sameNick, type Chat, type Member, type ModerationEvent } from "../chat/index.ts";
import { html } from "./html.ts";
import { hxPartial } from "./hx-partial.ts";
import { listedEntries, memberEntry, memberEntryAfter } from "./member-entry.ts";

/** Replaces the whole member list with `entries` (the listed ones of `members`). */
export function memberListPartial(members: readonly Member[], entries: readonly MemberEntry[]): string {
  return hxPartial("#members", "innerHTML", html(<MemberList members={entries} total={members.length} />));
}

/** Replaces the whole member list with `members` as they are now. */
export function wholeMemberList(chat: Chat, members: readonly Member[]): string {
  return memberListPartial(members, listedEntries(members, chat.now()));
}

/** Removes one entry of the member list. */
export function memberRemoved(nick: string): string {
  return hxPartial(`#${memberElementId(nick)}`, "delete", "");
}

/**
 * Inserts `nick`'s entry where it sorts: before the entry of whoever follows it now.
 * Every page in the room shows the same list, so one rendering serves them all.
 */
export function memberAdded(chat: Chat, room: string, nick: string): string {
  const members = chat.membersOf(room);
  const index = members.findIndex((member) => sameNick(member.nick, nick));
  const member = members[index];
  if (!member) return wholeMemberList(chat, members);
  const entry = html(<MemberItem member={memberEntry(member, chat.now())} />);
  const next = members[index + 1];
  return next
    ? hxPartial(`#${memberElementId(next.nick)}`, "beforebegin", entry)
    : hxPartial("#members", "beforeend", entry);
}

/** Redraws `nick`'s entry in the member list of `room`, if they are listed there. */
export function entryRedrawn(chat: Chat, room: string, nick: string): string {
  const member = chat.membersOf(room).find((someone) => sameNick(someone.nick, nick));
  if (!member) return "";
  const entry = html(<MemberItem member={memberEntry(member, chat.now())} />);
  return hxPartial(`#${memberElementId(member.nick)}`, "outerHTML", entry);
}

/**
 * What a moderation action changes in the member list of the room that saw it: whoever
 * it takes out leaves the list (they leave quietly, so no leave line follows to do it);
 * whoever it makes an operator, mutes or unmutes gets their entry redrawn.
 */
export function moderated(chat: Chat, event: ModerationEvent): string {
  const members = chat.membersOf(event.room);
  switch (event.action) {
    case "kick":
      return members.some((member) => sameNick(member.nick, event.target)) ? memberRemoved(event.target) : "";
    case "ban": {
      // A ban also takes out whoever comes from the address banned with (or as) the target.
      const address = event.address ?? event.target;
      return members
        .filter((member) => sameNick(member.nick, event.target) || member.address === address)
        .map((member) => memberRemoved(member.nick))
        .join("");
    }
    case "unban":
      return "";
    case "op":
    case "deop":
    case "mute":
    case "unmute": {
      const member = members.find((someone) => sameNick(someone.nick, event.target));
      if (!member) return "";
      const entry = html(<MemberItem member={memberEntryAfter(member, event, chat.now())} />);
      return hxPartial(`#${memberElementId(member.nick)}`, "outerHTML", entry);
    }
  }
}
