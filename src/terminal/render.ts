import { describeCrowd, describeModeration, describeTopic, emphasised, mentions, sameNick, type ChatEvent, type Emphasis } from "../chat/index.ts";
import { nickColour, paint, PLAIN, SGR, type RenderStyle } from "./terminal-style.ts";
import { terminalSafe } from "./terminal-text.ts";

const CRLF = "\r\n";
const BEL = "\x07";

/** How a rendering shows a mention of its viewer: not at all, highlighted, or highlighted with a bell. */
export type Mention = "none" | "quiet" | "ring";

/**
 * Renders an event as terminal lines, each ending in CR LF, for the member `viewer`.
 * Every user-supplied string passes through `terminalSafe`; the only escape sequences
 * are the server's own colours, and only with `style.colour`. A `ring` mention starts
 * with the one BEL the server ever sends. Times are in the server's local time zone.
 */
export function renderEvent(event: ChatEvent, viewer: string, style: RenderStyle = PLAIN, mention: Mention = "none"): string {
  const lines = eventLines(event, viewer, new Painter(style), mention !== "none").map((line) => line + CRLF);
  return (mention === "ring" ? BEL : "") + lines.join("");
}

/** Renders a line of the server's own (`-!- text`), one per line of `text`; `error` shows it as one. */
export function renderSystem(text: string, style: RenderStyle = PLAIN, error = false): string {
  return systemLines(text, new Painter(style), error)
    .map((line) => line + CRLF)
    .join("");
}

/** Applies the server's colours when the style has them, and nothing otherwise. */
class Painter {
  constructor(readonly style: RenderStyle) {}

  as(sgr: string, text: string): string {
    return this.style.colour ? paint(sgr, text) : text;
  }

  nick(nick: string): string {
    return this.as(nickColour(nick), terminalSafe(nick));
  }

  /** `[HH:MM] ` in local time, or nothing when the viewer turned timestamps off. */
  stamp(at: number): string {
    if (!this.style.timestamps) return "";
    const time = new Date(at);
    const hh = String(time.getHours()).padStart(2, "0");
    const mm = String(time.getMinutes()).padStart(2, "0");
    return this.as(SGR.dim, `[${hh}:${mm}]`) + " ";
  }
}

function eventLines(event: ChatEvent, viewer: string, p: Painter, mentioned: boolean): string[] {
  const s = terminalSafe;
  const said = (text: string) => (mentioned ? p.as(SGR.mention, s(text)) : s(text));
  switch (event.kind) {
    case "message":
      return [`${p.stamp(event.at)}<${p.nick(event.from)}> ${said(event.text)}`];
    case "action":
      return [`${p.stamp(event.at)}* ${p.nick(event.from)} ${said(event.text)}`];
    case "private": {
      // An action (IRC's CTCP ACTION in a query) reads as one: "* bob waves".
      const said = event.action ? `* ${s(event.from)} ${s(event.text)}` : s(event.text);
      return [
        sameNick(event.from, viewer)
          ? `${p.stamp(event.at)}${p.as(SGR.private, "-> private to")} ${p.nick(event.to)}: ${said}`
          : `${p.stamp(event.at)}${p.as(SGR.private, "-> private from")} ${p.nick(event.from)}: ${said}`,
      ];
    }
    case "join":
      return [p.stamp(event.at) + p.as(SGR.dim, `*** ${s(event.nick)} joined ${s(event.room)} (${event.transport})`)];
    case "leave":
      return [p.stamp(event.at) + p.as(SGR.dim, `*** ${s(event.nick)} left ${s(event.room)} (${s(event.reason)})`)];
    case "crowd":
      return [p.stamp(event.at) + p.as(SGR.dim, `*** ${s(describeCrowd(event))}`)];
    case "rename":
      return [p.stamp(event.at) + p.as(SGR.dim, `*** ${s(event.from)} is now known as ${s(event.to)}`)];
    case "notice":
      return event.text.split("\n").map((line) => p.stamp(event.at) + p.as(SGR.notice, `*** NOTICE: ${s(line)}`));
    case "moderation":
      return [p.stamp(event.at) + p.as(SGR.notice, `*** ${s(describeModeration(event))}`)];
    case "topic":
      return [p.stamp(event.at) + p.as(SGR.dim, `*** ${s(describeTopic(event))}`)];
    case "status":
      // For member lists; a terminal has `/whois`.
      return [];
    case "system":
      return systemLines(event.text, p, event.error ?? false, event.emphasis);
  }
}

function systemLines(text: string, p: Painter, error: boolean, emphasis?: Emphasis): string[] {
  // A one-line answer may set parts apart (the words a /search matched): bold, where colours are on.
  if (emphasis && !error && !text.includes("\n")) {
    const line = emphasised(text, emphasis).map((piece) => (piece.marked ? p.as(SGR.bold, terminalSafe(piece.text)) : terminalSafe(piece.text)));
    return [`${p.as(SGR.system, "-!-")} ${line.join("")}`];
  }
  return text
    .split("\n")
    .map((line) => (error ? p.as(SGR.error, `-!- ${terminalSafe(line)}`) : `${p.as(SGR.system, "-!-")} ${terminalSafe(line)}`));
}

const MENTION_BITS: Record<Mention, number> = { none: 0, quiet: 8, ring: 16 };

/**
 * The key of one rendering, a small number: everything that makes a viewer's bytes
 * differ from another's (computed for every recipient of every event, so no strings).
 */
function variantOf(event: ChatEvent, viewer: string, style: RenderStyle, mention: Mention): number {
  const sender = event.kind === "private" && sameNick(event.from, viewer) ? 1 : 0;
  return sender | (style.colour ? 2 : 0) | (style.timestamps ? 4 : 0) | MENTION_BITS[mention];
}

/**
 * Encodes each event once for the whole telnet transport, however many members receive
 * it: a broadcast to a thousand sockets writes the same bytes a thousand times. Entries
 * are keyed by variant (the sender's view of a private message, colours, timestamps,
 * a mention of the viewer) and vanish with the event.
 */
export class RenderedEvents {
  readonly #cache = new WeakMap<ChatEvent, (Uint8Array | undefined)[]>();
  /** The event of the broadcast going on: its recipients come one after another. */
  #lastEvent: ChatEvent | undefined;
  #lastVariants: (Uint8Array | undefined)[] = [];
  readonly #utf8 = new TextEncoder();

  /**
   * The bytes `viewer` receives for `event`. With `bell`, a mention rings (a live event);
   * without, it is only highlighted (history replayed on join).
   */
  bytesFor(event: ChatEvent, viewer: string, style: RenderStyle = PLAIN, bell = false): Uint8Array {
    let variants = event === this.#lastEvent ? this.#lastVariants : this.#cache.get(event);
    if (!variants) {
      variants = [];
      this.#cache.set(event, variants);
    }
    this.#lastEvent = event;
    this.#lastVariants = variants;
    // Mentions are shown with colour only: without it, a BEL or highlight has nowhere to go.
    const mention: Mention = style.colour && mentions(event, viewer) ? (bell ? "ring" : "quiet") : "none";
    const variant = variantOf(event, viewer, style, mention);
    let bytes = variants[variant];
    if (!bytes) {
      bytes = this.#utf8.encode(renderEvent(event, viewer, style, mention));
      variants[variant] = bytes;
    }
    return bytes;
  }
}
