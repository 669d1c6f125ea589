import { describeCrowd, describeModeration, emphasised, type ChatEvent, type Member, type RecordedEvent } from "../chat/index.ts";
import { formatMessage, type IrcMessage } from "./irc-message.ts";

/** What the rendering looks up of whoever an event names. */
export interface People {
  /** `nick!user@host` of whoever is called `nick` now (or was: a rename's old name is looked up by its new one, `lookup`). */
  readonly prefixOf: (nick: string, lookup?: string) => string;
  /** `member`'s prefix, kept for when it is gone (its QUIT is written after it left the roster). */
  readonly remember: (member: Member) => string;
  /** The account whoever is called `nick` proved, for `account=` tags and extended JOIN. */
  readonly accountOf: (nick: string) => string | undefined;
  /** The realname of whoever is called `nick`, for extended JOIN. */
  readonly realnameOf: (nick: string) => string;
}

/** Which IRCv3 capabilities change how an event is written (a bit each): what renderings are keyed by. */
export const enum Flavour {
  ServerTime = 1,
  MessageTags = 2,
  AccountTag = 4,
  ExtendedJoin = 8,
}

/** The flavour a client with `caps` gets. */
export function flavourOf(caps: ReadonlySet<string>): number {
  return (
    (caps.has("server-time") ? Flavour.ServerTime : 0) |
    (caps.has("message-tags") ? Flavour.MessageTags : 0) |
    (caps.has("account-tag") ? Flavour.AccountTag : 0) |
    (caps.has("extended-join") ? Flavour.ExtendedJoin : 0)
  );
}

/** Longest line without tags, CR LF excluded (RFC 1459: 512 with it). */
const MAX_BODY = 510;
const CRLF = "\r\n";
const EMPTY = new Uint8Array(0);

/**
 * Writes chat events as IRC lines, once per event and flavour whatever the number of IRC
 * members receiving it (a broadcast to a thousand clients encodes it once, or once per
 * flavour). A text longer than an IRC line (a web member may send 2,048 bytes) goes as
 * several lines, each cut at a space where there is one.
 */
export class IrcRendering {
  readonly #cache = new WeakMap<RecordedEvent, (Uint8Array | undefined)[]>();
  readonly #utf8 = new TextEncoder();

  readonly #prefixOf: People["prefixOf"];
  readonly #accountOf: People["accountOf"];
  readonly #realnameOf: People["realnameOf"];
  /** See `People.remember`. */
  readonly prefixOfMember: People["remember"];

  constructor(
    readonly serverName: string,
    people: People,
  ) {
    this.#prefixOf = people.prefixOf;
    this.#accountOf = people.accountOf;
    this.#realnameOf = people.realnameOf;
    this.prefixOfMember = people.remember;
  }

  /** `nick!user@host` of whoever is called `nick`. */
  prefixFor(nick: string): string {
    return this.#prefixOf(nick);
  }

  /** The bytes of `event` for a client of `flavour`: empty when IRC shows nothing of it. */
  bytesFor(event: RecordedEvent, flavour: number): Uint8Array {
    let variants = this.#cache.get(event);
    if (!variants) this.#cache.set(event, (variants = []));
    let bytes = variants[flavour];
    if (!bytes) {
      const messages = this.messagesOf(event, flavour);
      bytes = messages.length === 0 ? EMPTY : this.#utf8.encode(messages.map((m) => formatMessage(m) + CRLF).join(""));
      variants[flavour] = bytes;
    }
    return bytes;
  }

  /** The IRC messages `event` is. */
  messagesOf(event: RecordedEvent, flavour: number): IrcMessage[] {
    const server = this.serverName;
    const tags = (from?: string): Record<string, string> | undefined => {
      // A sender's client-only tags first: what the server adds is the server's word.
      const made: Record<string, string> = flavour & Flavour.MessageTags && "tags" in event && event.tags ? { ...event.tags } : {};
      if (flavour & Flavour.ServerTime) made.time = new Date(event.at).toISOString();
      if (flavour & Flavour.MessageTags) made.msgid = String(event.id);
      const account = from !== undefined && flavour & Flavour.AccountTag ? this.#accountOf(from) : undefined;
      if (account) made.account = account;
      return Object.keys(made).length ? made : undefined;
    };
    const line = (command: string, params: string[], from?: string, source = from && this.#prefixOf(from)): IrcMessage => {
      const tagged = tags(from);
      return { ...(tagged ? { tags: tagged } : {}), source: source || server, command, params };
    };
    switch (event.kind) {
      case "message":
      case "action":
      case "private": {
        const target = event.kind === "private" ? event.to : event.room;
        const command = "notice" in event && event.notice ? "NOTICE" : "PRIVMSG";
        const action = event.kind === "action" || (event.kind === "private" && event.action === true);
        // What an IRC client could send as one line goes as one (longer with its source, as
        // Ergo's do); a longer text (the web's 2,048 bytes) goes as lines of at most 512.
        const ctcp = action ? 9 : 0;
        const fits = Buffer.byteLength(event.text, "utf8") + `${command} ${target} `.length + ctcp <= MAX_BODY;
        const source = this.#prefixOf(event.from);
        const overhead = `:${source} ${command} ${target} :`.length + ctcp;
        return (fits ? [event.text] : splitText(event.text, MAX_BODY - overhead)).map((piece) =>
          line(command, [target, action ? `\x01ACTION ${piece}\x01` : piece], event.from, source),
        );
      }
      case "join": {
        if (event.quiet) return [];
        if (!(flavour & Flavour.ExtendedJoin)) return [line("JOIN", [event.room], event.nick)];
        return [line("JOIN", [event.room, this.#accountOf(event.nick) ?? "*", this.#realnameOf(event.nick)], event.nick)];
      }
      case "leave": {
        if (event.quiet) return [];
        const { reason } = event;
        if (reason === "left") return [line("PART", [event.room], event.nick)];
        if (reason.startsWith("left: ")) return [line("PART", [event.room, reason.slice(6)], event.nick)];
        return [line("QUIT", [reason.startsWith("quit: ") ? `Quit: ${reason.slice(6)}` : reason], event.nick)];
      }
      case "rename":
        return [line("NICK", [event.to], event.from, this.#prefixOf(event.from, event.to))];
      case "topic":
        return [line("TOPIC", [event.room, event.topic], event.by)];
      case "moderation": {
        if (event.quiet) return [];
        const by = event.by === "the console" ? undefined : event.by;
        if (event.action === "kick") return [line("KICK", [event.room, event.target, event.reason ?? event.by], by)];
        return [line("NOTICE", [event.room, describeModeration(event)])];
      }
      case "crowd":
        return [line("NOTICE", [event.room, describeCrowd(event)])];
      case "notice":
        return splitText(event.text, MAX_BODY - server.length - 12).map((piece) => line("NOTICE", ["*", piece]));
      case "status":
        // Away changes reach away-notify clients (see `IrcMember`); the rest is not IRC's.
        return [];
    }
  }

  /** A line for one member only (command output, errors) as a NOTICE from the server. */
  systemBytes(event: ChatEvent & { kind: "system" }, nick: string): Uint8Array {
    // What the answer sets apart (the words a /search matched) is bold (^B), as IRC clients show it.
    const text = emphasised(event.text, event.emphasis).map((piece) => (piece.marked ? `\x02${piece.text}\x02` : piece.text)).join("");
    const pieces = splitText(text.replace(/[\r\n]+/g, " "), MAX_BODY - this.serverName.length - nick.length - 12);
    return this.#utf8.encode(pieces.map((piece) => formatMessage({ source: this.serverName, command: "NOTICE", params: [nick, piece] }) + CRLF).join(""));
  }
}

/** `text` in pieces of at most `maxBytes` UTF-8 bytes, cut at a space when one is near, never inside a character. */
export function splitText(text: string, maxBytes: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (Buffer.byteLength(rest, "utf8") > maxBytes) {
    let cut = 0;
    let bytes = 0;
    for (const char of rest) {
      const size = Buffer.byteLength(char, "utf8");
      if (bytes + size > maxBytes) break;
      bytes += size;
      cut += char.length;
    }
    const space = rest.lastIndexOf(" ", cut);
    if (space > cut / 2) cut = space;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^ /, "");
  }
  pieces.push(rest);
  return pieces;
}
