import type { Chat, Transport } from "../chat/index.ts";
import type { ArrivalTurns } from "../connections/arrival-turns.ts";
import { RenderedEvents } from "./render.ts";
import { terminalLimits, type TerminalLimits } from "./terminal-limits.ts";

/** What every terminal member of one listener shares. */
export interface MemberContext {
  readonly chat: Chat;
  readonly rendered: RenderedEvents;
  /** Longest line in bytes: named when a longer one is refused. */
  readonly maxLine: number;
  readonly nickTimeoutSeconds: number;
  /** How members who come this way are shown to the others. */
  readonly transport: Transport;
  readonly log: (line: string) => void;
  /** Newcomers take turns with the members already in (arrival-turns.ts); without it they join at once. */
  readonly arrivals?: ArrivalTurns;
}

/** What every session of one terminal listener (telnet, SSH) shares: its members' context and its limits. */
export interface TerminalContext extends MemberContext, TerminalLimits {}

/** What every terminal listener is told about the members it carries. */
export interface TerminalListenerOptions {
  /** Longest line in bytes; a longer complete line is refused with a notice and the session goes on. */
  maxLine: number;
  /** Seconds a new connection has to pick a nickname before it is disconnected. */
  nickTimeoutSeconds: number;
  /** Receives one line per connect and disconnect, with the remote address. */
  log: (line: string) => void;
  /** Newcomers take turns with the members already in (arrival-turns.ts); shared with the web, so one storm is paced as one. */
  arrivals?: ArrivalTurns;
}

/** The context shared by the sessions of one listener whose members come by `transport`. */
export function terminalContext(chat: Chat, transport: Transport, options: TerminalListenerOptions): TerminalContext {
  return {
    chat,
    transport,
    // One rendering per event for the whole listener, whatever the number of members.
    rendered: new RenderedEvents(),
    arrivals: options.arrivals,
    maxLine: options.maxLine,
    ...terminalLimits(options.maxLine),
    nickTimeoutSeconds: options.nickTimeoutSeconds,
    log: options.log,
  };
}
