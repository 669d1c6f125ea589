import { sameNick, type ChatEvent } from "../chat/events.ts";
import { terminalSafe } from "./terminal-text.ts";

const CRLF = "\r\n";

/**
 * Renders an event as terminal lines, each ending in CR LF, for the member `viewer`
 * (only private messages differ by viewer). Every user-supplied string passes through
 * `terminalSafe`. Times are in the server's local time zone.
 */
export function renderEvent(event: ChatEvent, viewer: string): string {
  return eventLines(event, viewer)
    .map((line) => line + CRLF)
    .join("");
}

/** Renders a line of the server's own (`-!- text`), one per line of `text`. */
export function renderSystem(text: string): string {
  return text
    .split("\n")
    .map((line) => `-!- ${terminalSafe(line)}${CRLF}`)
    .join("");
}

function eventLines(event: ChatEvent, viewer: string): string[] {
  const s = terminalSafe;
  switch (event.kind) {
    case "message":
      return [`${stamp(event.at)} <${s(event.from)}> ${s(event.text)}`];
    case "action":
      return [`${stamp(event.at)} * ${s(event.from)} ${s(event.text)}`];
    case "private":
      return [
        sameNick(event.from, viewer)
          ? `${stamp(event.at)} -> private to ${s(event.to)}: ${s(event.text)}`
          : `${stamp(event.at)} -> private from ${s(event.from)}: ${s(event.text)}`,
      ];
    case "join":
      return [`${stamp(event.at)} *** ${s(event.nick)} joined ${s(event.room)} (${event.transport})`];
    case "leave":
      return [`${stamp(event.at)} *** ${s(event.nick)} left ${s(event.room)} (${s(event.reason)})`];
    case "rename":
      return [`${stamp(event.at)} *** ${s(event.from)} is now known as ${s(event.to)}`];
    case "notice":
      return event.text.split("\n").map((line) => `${stamp(event.at)} *** NOTICE: ${s(line)}`);
    case "system":
      return event.text.split("\n").map((line) => `-!- ${s(line)}`);
  }
}

/** `[HH:MM]` in local time. */
function stamp(at: number): string {
  const time = new Date(at);
  const hh = String(time.getHours()).padStart(2, "0");
  const mm = String(time.getMinutes()).padStart(2, "0");
  return `[${hh}:${mm}]`;
}

/** Whether `viewer` sees `event` differently from other members (the key of a rendering). */
function variantOf(event: ChatEvent, viewer: string): string {
  return event.kind === "private" && sameNick(event.from, viewer) ? "sender" : "";
}

/**
 * Encodes each event once for the whole telnet transport, however many members receive
 * it: a broadcast to a thousand sockets writes the same bytes a thousand times. Entries
 * are keyed by variant (today only the sender's view of a private message) and vanish
 * with the event.
 */
export class RenderedEvents {
  readonly #cache = new WeakMap<ChatEvent, Map<string, Uint8Array>>();
  readonly #utf8 = new TextEncoder();

  bytesFor(event: ChatEvent, viewer: string): Uint8Array {
    let variants = this.#cache.get(event);
    if (!variants) {
      variants = new Map();
      this.#cache.set(event, variants);
    }
    const variant = variantOf(event, viewer);
    let bytes = variants.get(variant);
    if (!bytes) {
      bytes = this.#utf8.encode(renderEvent(event, viewer));
      variants.set(variant, bytes);
    }
    return bytes;
  }
}
