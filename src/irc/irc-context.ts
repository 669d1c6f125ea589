import type { Chat, Member } from "../chat/index.ts";
import type { ArrivalTurns } from "../connections/arrival-turns.ts";
import { IrcRendering } from "./irc-render.ts";

/** Who an IRC member said it is at registration (`USER`): shown in WHO, WHOIS and its prefix. */
export interface IrcUser {
  /** The user name, `~` and at most 10 safe characters of what `USER` gave. */
  readonly user: string;
  readonly realname: string;
}

/** What the IRC listener is told (see `startIrcServer`). */
export interface IrcOptions {
  hostname: string;
  /** 0 picks a free port; read it back from `IrcServer.port`. */
  port: number;
  /** Serves IRC over TLS on this port too (with `tls`); 0 picks a free one. */
  tlsPort?: number;
  tls?: { cert: string; key: string };
  /** Seconds a new connection has to finish registering (NICK, USER, CAP END). */
  nickTimeoutSeconds: number;
  log: (line: string) => void;
  arrivals?: ArrivalTurns;
  reusePort?: boolean;
}

/** What every connection of one IRC listener shares. */
export interface IrcContext {
  readonly chat: Chat;
  /** The one server name: the source of numerics, PONG's, 004's, WHOIS 312's. */
  readonly serverName: string;
  /** When the listener started, for 003. */
  readonly created: Date;
  readonly nickTimeoutSeconds: number;
  readonly log: (line: string) => void;
  readonly arrivals?: ArrivalTurns;
  /** The `USER` of each IRC member of this listener, by member id. */
  readonly users: Map<string, IrcUser>;
  /** Each event's lines, made once for every IRC member that receives it. */
  readonly rendering: IrcRendering;
}

/** Nicknames whose last prefix is kept, for the QUIT of each (cleared past it: a prefix is cheap to be wrong about once). */
const MAX_PREFIXES_KEPT = 10_000;

/** The server name every IRC line and numeric carries. */
export const SERVER_NAME = "switchboard.local";

export function ircContext(chat: Chat, options: IrcOptions): IrcContext {
  const users = new Map<string, IrcUser>();
  const userOfMember = (member: Member | undefined) => member && users.get(member.id);
  // The prefix each nickname had when last seen: a QUIT is written after its member left the roster.
  const lastPrefix = new Map<string, string>();
  const remember = (member: Member): string => {
    const made = prefix(member.nick, member, userOfMember(member));
    if (lastPrefix.size >= MAX_PREFIXES_KEPT) lastPrefix.clear();
    lastPrefix.set(member.nick, made);
    return made;
  };
  return {
    chat,
    serverName: SERVER_NAME,
    created: new Date(),
    nickTimeoutSeconds: options.nickTimeoutSeconds,
    log: options.log,
    arrivals: options.arrivals,
    users,
    rendering: new IrcRendering(SERVER_NAME, {
      prefixOf: (nick, lookup = nick) => {
        const member = chat.find(lookup);
        if (!member) return lastPrefix.get(nick) ?? prefix(nick, undefined, undefined);
        remember(member);
        return prefix(nick, member, userOfMember(member));
      },
      remember,
      accountOf: (nick) => chat.find(nick)?.account?.nick,
      realnameOf: (nick) => userOfMember(chat.find(nick))?.realname ?? nick,
    }),
  };
}

/**
 * `nick!user@host` of a member: an IRC member's user is what it registered with; the
 * others' is their nickname. The host says the transport (no address is shown to anyone).
 */
export function prefix(nick: string, member: Member | undefined, user: IrcUser | undefined): string {
  return `${nick}!${userOf(nick, user)}@${member?.transport ?? "gone"}`;
}

export function userOf(nick: string, user: IrcUser | undefined): string {
  return user?.user ?? `~${nick.slice(0, 10)}`;
}
