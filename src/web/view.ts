import { sameNick, validateNick, validateRoomName, type ChatEvent } from "../chat/index.ts";

/**
 * What one tab shows: a room of the member's (`#dev`, at `/r/dev`) or its conversation
 * with one person (`@bob`, at `/dm/bob`). The address is the view, so reload, back and
 * forward keep it; the page's stream and its posts name it (`view=`, `to=`).
 */
export type View = { readonly room: string; readonly nick?: undefined } | { readonly nick: string; readonly room?: undefined };

/** `#dev` or `@bob` as the page names it, or undefined when it is neither. */
export function parseView(raw: string | undefined): View | undefined {
  const text = raw?.trim() ?? "";
  if (text.startsWith("#")) return roomView(text);
  if (text.startsWith("@")) return conversationView(text.slice(1));
  return undefined;
}

/** The view of room `#name` or `name` (in any case: room names are lowercase), or undefined for what the chat would refuse as a room name. */
export function roomView(name: string): View | undefined {
  const valid = validateRoomName(name);
  return valid.ok ? { room: valid.value } : undefined;
}

/** The view of the conversation with `nick`, or undefined for what is no nickname. */
export function conversationView(nick: string): View | undefined {
  const valid = validateNick(nick);
  return valid.ok ? { nick: valid.value } : undefined;
}

/** `#dev` or `@bob`: what the page posts as `to` and `view`. */
export function viewName(view: View): string {
  return view.room ?? `@${view.nick}`;
}

/** The view's own address: `/r/dev`, `/dm/bob`. */
export function viewAddress(view: View): string {
  return view.room !== undefined ? `/r/${encodeURIComponent(view.room.slice(1))}` : `/dm/${encodeURIComponent(view.nick)}`;
}

/** What a tab does with an event of its member's: show it, count it as activity elsewhere, or neither. */
export type Showing = "show" | "activity" | "skip";

/**
 * How an event reaches a tab showing `view` for member `me`: what belongs to the view is
 * shown; a line said elsewhere (another room, a private with someone else) is activity,
 * which the page counts in its side panel; the rest of other rooms (comings and goings,
 * member lists) is none of this tab's business. A private is never shown in a room.
 */
export function showing(event: ChatEvent, view: View, me: string): Showing {
  switch (event.kind) {
    case "system":
      return "show";
    case "notice":
      return view.room === undefined || (event.rooms?.includes(view.room) ?? true) ? "show" : "skip";
    case "private": {
      const other = sameNick(event.from, me) ? event.to : event.from;
      return view.nick !== undefined && sameNick(other, view.nick) ? "show" : "activity";
    }
    default:
      if (event.room === view.room) return "show";
      return event.kind === "message" || event.kind === "action" ? "activity" : "skip";
  }
}

/** Whether a recorded event may be drawn in a room's view: anything but a private. */
export function belongsInRoom(event: ChatEvent): boolean {
  return event.kind !== "private";
}
