import type { Emphasis, Transport } from "../events.ts";
import type { SearchResults } from "../search/search-query.ts";
import type { OwnedNicknames } from "../identity/owned-nicknames.ts";
import type { Moderation } from "../moderation/moderation.ts";
import type { Member } from "../people/member.ts";
import type { Pending, Result } from "../result.ts";
import type { RoomMoves } from "../people/room-moves.ts";
import type { RoomListing } from "../rooms/rooms.ts";

/**
 * The chat as commands see it: what they may ask of it. `Chat` is one; commands do not
 * import it, so the chat can run commands without the two depending on each other.
 */
export interface CommandTarget {
  rename(member: Member, nick: string): Pending<unknown>;
  say(member: Member, text: string, action?: boolean): Pending<unknown>;
  whisper(member: Member, to: string, text: string): Pending<unknown>;
  answerPrivately(member: Member, text: string): Pending<unknown>;
  /** `/join`, `/part`, `/query`, and what `/rooms` says of unread lines. */
  readonly moves: Pick<RoomMoves, "join" | "part" | "unread" | "converse">;
  quit(member: Member, reason: string): Result<unknown>;
  ignore(member: Member, nick: string, on: boolean): Result<unknown>;
  identify(member: Member, nick: string, password: string): Pending<string>;
  setTopic(member: Member, topic: string, room?: string): Pending<unknown>;
  /** `/search`: what the member may read that the words find, newest first. */
  search(member: Member, text: string, limit: number, beforeId?: number): Result<SearchResults>;
  /** `/away [reason]`: the reason as others will see it, or undefined for back. */
  setAway(member: Member, reason: string): Result<string | undefined>;
  /** A notice from the server to every room (the console's `say`). */
  announce(text: string): Pending<unknown>;
  /** A line to one member only. */
  tell(member: Member, text: string, error?: boolean, emphasis?: Emphasis): void;
  find(nick: string): Member | undefined;
  membersOf(room: string): readonly Member[];
  allMembers(): readonly Member[];
  /** Members connected to other instances. */
  readonly remoteCount: number;
  rooms(): readonly RoomListing[];
  topicOf(room: string): { readonly topic: string; readonly by: string } | undefined;
  /** The chat's clock (ms since the epoch). */
  now(): number;
  /** Who owns which nickname: `/register`, `/password`, `/unregister`, `/keys`, `/whois`, the console's `op`. */
  readonly owners: Pick<OwnedNicknames, "register" | "changePassword" | "unregister" | "changeKeys" | "find" | "operators" | "awaitsConsole">;
  /** The help the table generates (see `CommandRunner`). */
  readonly help: CommandHelp;
  /** What operators and the console may do. */
  readonly moderation: Pick<Moderation, "kick" | "ban" | "unban" | "bans" | "mute" | "unmute" | "setOperator">;
}

/** The help generated from the table: a member's `/help` and `/help NAME`, the console's `help`. */
export interface CommandHelp {
  helpFor(transport: Transport, op: boolean): string;
  helpOn(name: string, member: Member): Pending<string>;
  consoleHelp(): string;
}

/**
 * Who may run a command: every member; operators (members whose account is an
 * operator's) and the server's console; or the console alone.
 */
export type Audience = "members" | "operators" | "console";

/** Who ran a command, by audience: a member, or the console (undefined). */
export type CallerOf<A extends Audience> = A extends "members" ? Member : A extends "operators" ? Member | undefined : undefined;

/** What only the server's console controls: the process, and what it prints. */
export interface ConsoleControls {
  /** Tells everyone, then shuts the server down. */
  stop(): void;
  /** Prints every message as it passes, with its sender's address (or not). */
  watch(on: boolean): void;
  readonly watching: boolean;
}

/** What a command handler gets: its caller allowed and its arguments checked against its row. */
export interface CommandContext<Caller extends Member | undefined = Member | undefined> {
  readonly chat: CommandTarget;
  /** The member who typed it, or undefined for the console. */
  readonly member: Caller;
  /** The room the line was typed in: the member's current one, or the one its page shows. */
  readonly room: Caller extends Member ? string : undefined;
  /** The console's own controls, when the console runs it. */
  readonly console: Caller extends Member ? undefined : ConsoleControls;
  /** One entry per parameter given; the last takes the rest of the line when it ends in "...". */
  readonly args: readonly string[];
  /** Answers the caller only: a line to the member (with parts set apart), or to the console. */
  reply(text: string, emphasis?: Emphasis): void;
}

/** What every row of the table says, whoever may run it. */
interface CommandRow<A extends Audience> {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly for: A;
  /** Parameters as shown in the usage: `NICK`, `[reason...]` (optional), `TEXT...` (rest of line). */
  readonly params: readonly string[];
  /** The last parameter takes the rest of the line, although its usage shows one word. */
  readonly restOfLine?: boolean;
  /** What the usage shows, when the parameters do not say it (the command parses its line itself). */
  readonly usage?: string;
  readonly help: string;
  /** What `/help NAME` adds to the one-line help. */
  readonly more?: string;
  /** The transports it means something on; every one when absent. */
  readonly on?: readonly Transport[];
  /**
   * What the console is told once the command is done. A member who ran it needs no such
   * line: what an operator does shows as a line in the room.
   */
  readonly consoleDone?: (args: readonly string[]) => string;
  run(context: CommandContext<CallerOf<A>>): Pending<unknown>;
}

/**
 * One command of the one table (`table.ts`): `/help`, the console's `help` and the
 * checks of arity and rights all come from these rows.
 */
export type Command = CommandRow<"members"> | CommandRow<"operators"> | CommandRow<"console">;
