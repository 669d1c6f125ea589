import { MEMBERS_LISTED, type MemberEntry } from "../../views/member-list.tsx";
import type { Member, ModerationEvent } from "../chat/index.ts";

/**
 * How the member list shows `member` at `now` (`chat.now()`): nickname, transport, and the
 * marks a reader should see (registered, operator, muted, away), for members of other
 * instances too (as their instance listed them).
 */
export function memberEntry(member: Member, now: number): MemberEntry {
  const entry: MemberEntry = { nick: member.nick, transport: member.transport };
  const marks = member.marks();
  if (marks.registered) entry.registered = true;
  if (marks.op) entry.op = true;
  // A timed mute ends without an event: an expired one is no longer shown.
  if (member.mutedUntil !== undefined && member.mutedUntil > now) entry.muted = true;
  if (marks.away !== undefined) entry.away = marks.away;
  return entry;
}

/** The entries of the members a page lists (see `MEMBERS_LISTED`), at `now`. */
export function listedEntries(members: readonly Member[], now: number): MemberEntry[] {
  return members.slice(0, MEMBERS_LISTED).map((member) => memberEntry(member, now));
}

/**
 * `member`'s entry as `event` leaves it. The chat applies a moderation action to the member
 * right after the room has had the event, so the entry is worked out from the event itself.
 */
export function memberEntryAfter(member: Member, event: ModerationEvent, now: number): MemberEntry {
  const entry = memberEntry(member, now);
  switch (event.action) {
    case "op":
    case "deop":
      // Rights belong to an account: the chat gives them only to a member who proved one.
      if (member.marks().registered) setFlag(entry, "op", event.action === "op");
      return entry;
    case "mute":
      setFlag(entry, "muted", event.until === undefined || event.until > now);
      return entry;
    case "unmute":
      setFlag(entry, "muted", false);
      return entry;
    case "kick":
    case "ban":
    case "unban":
      return entry;
  }
}

function setFlag(entry: MemberEntry, flag: "op" | "muted", on: boolean): void {
  if (on) entry[flag] = true;
  else delete entry[flag];
}
