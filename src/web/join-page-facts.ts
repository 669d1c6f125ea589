import { LOBBY, type Chat } from "../chat/index.ts";
import type { JoinPageFacts } from "../../views/join-page.tsx";

/** The terminal listeners' ports as bound (undefined: that listener is off, or not started yet). */
export interface TerminalPorts {
  readonly telnet?: number;
  readonly ssh?: number;
}

/** Nicknames of #lobby the join page names; the rest are counted. */
const NAMED = 8;

/**
 * What the join page tells a visitor before they join: who is online, and how to come in
 * from a terminal instead. `host` is the name the browser reached this server by, which is
 * what works from the visitor's machine too (the start-up lines name a local address).
 */
export function joinPageFacts(chat: Chat, host: string, ports: TerminalPorts): JoinPageFacts {
  const lobby = chat.membersOf(LOBBY);
  const terminals: string[] = [];
  if (ports.telnet !== undefined) terminals.push(`telnet ${host} ${ports.telnet}`, `nc ${host} ${ports.telnet}`);
  if (ports.ssh !== undefined) terminals.push(`ssh -p ${ports.ssh} NICK@${host}`);
  return {
    online: chat.memberCount,
    lobby: lobby.slice(0, NAMED).map((member) => member.nick),
    lobbyMore: Math.max(0, lobby.length - NAMED),
    terminals,
  };
}

/** The host part of `origin` as a terminal command takes it (an IPv6 address without its brackets). */
export function hostOf(origin: string): string {
  return (URL.parse(origin)?.hostname ?? "localhost").replace(/^\[(.*)\]$/, "$1");
}
