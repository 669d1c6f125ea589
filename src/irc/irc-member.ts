import { COMMANDS as CHAT_COMMANDS, type ChatEvent, type Member, type MemberSink, type Pending, type RecordedEvent } from "../chat/index.ts";
import { COMMANDS } from "./commands/table.ts";
import type { Handled, IrcClient, RegisteredClient } from "./irc-client.ts";
import { prefix, type IrcUser } from "./irc-context.ts";
import type { IrcMessage } from "./irc-message.ts";
import { flavourOf } from "./irc-render.ts";
import { entered } from "./commands/channel-replies.ts";
import { ERR } from "./numerics.ts";

/** The chat's own commands, as an IRC client sends them (`REGISTER`). */
const CHAT_COMMAND_NAMES: ReadonlySet<string> = new Set(CHAT_COMMANDS.map((command) => command.name.toUpperCase()));

/**
 * An IRC client in the chat: the chat's `MemberSink` for it (events become IRC lines,
 * written once per event for every IRC member, see `IrcRendering`), and what answers its
 * commands once it is registered (`commands/`).
 *
 * The chat tells a member the outcome of what it did in words (system events); an IRC
 * client is answered with numerics instead, so what the chat tells while one of its
 * commands runs is not passed on (see `quietly`).
 */
export class IrcMember implements MemberSink, RegisteredClient {
  #member: Member | undefined;
  /** Set while a command of the client's runs: the chat's words about it are not IRC's. */
  #quiet = false;
  /**
   * The quit or rename last shown, and the rooms it came from: the chat tells it once per
   * room, IRC once per client. The same change from a room already seen is a new one.
   */
  #lastChange: { readonly key: string; readonly rooms: Set<string> } | undefined;
  /** Who was last seen away (away-notify), by nickname, and why: one AWAY per change. */
  readonly #awaySeen = new Map<string, string | undefined>();

  constructor(
    readonly client: IrcClient,
    readonly user: IrcUser,
  ) {}

  /** The chat's member; set once the chat let the client in. */
  get member(): Member {
    return this.#member!;
  }

  joined(member: Member): void {
    this.#member = member;
  }

  get nick(): string {
    return this.#member?.nick ?? this.client.nick;
  }

  /** `nick!user@irc`. */
  get prefix(): string {
    return prefix(this.nick, this.#member, this.user);
  }

  /** Runs one command line of the client's. */
  handle(message: IrcMessage): Handled {
    const command = COMMANDS.get(message.command);
    if (!command && CHAT_COMMAND_NAMES.has(message.command)) return this.#chatCommand(message);
    if (!command) return this.client.numeric(ERR.UNKNOWNCOMMAND, message.command, "Unknown command");
    if (message.params.length < (command.minParams ?? 0))
      return this.client.numeric(ERR.NEEDMOREPARAMS, message.command, "Not enough parameters");
    return this.quietly(() => command.run(this, message));
  }

  /**
   * A command IRC does not have but the chat does (`/register`, `/ignore`, `/ban`…: an IRC
   * client sends what it does not know as it was typed): the chat runs it, and its words
   * come back as NOTICEs.
   */
  #chatCommand(message: IrcMessage): Handled {
    const line = `/${message.command.toLowerCase()} ${message.params.join(" ")}`.trimEnd();
    const ran = this.client.context.chat.input(this.member, line);
    const refused = (why: string) => this.deliver({ kind: "system", at: this.client.context.chat.now(), text: why, error: true });
    return this.paced(ran, refused);
  }

  /** Runs `work` with the chat's words to this member held back; what it answers later is not. */
  quietly<T>(work: () => T): T {
    const was = this.#quiet;
    this.#quiet = true;
    try {
      return work();
    } finally {
      this.#quiet = was;
    }
  }

  /**
   * A refusal over the rate is waited out (fakelag); any other is `refused`'s to tell,
   * once the chat answered (a shared backend answers later: the next line waits for it).
   */
  paced<T>(result: Pending<T>, refused: (message: string, code: string) => void): Handled {
    if (result instanceof Promise) return result.then((settled) => void (settled.ok || refused(settled.error.message, settled.error.code)));
    if (result.ok) return;
    if (result.error.code === "rate-limited") return { retryInMs: this.member.bucket.msUntilToken() };
    refused(result.error.message, result.error.code);
  }

  // --- MemberSink ---

  enter(room: string, history: readonly RecordedEvent[]): void {
    entered(this, room, history);
  }

  deliver(event: ChatEvent): void {
    const client = this.client;
    if (event.kind === "system") {
      if (!this.#quiet) client.sendBytes(client.context.rendering.systemBytes(event, this.nick));
      return;
    }
    if (!this.#shows(event)) return;
    client.sendBytes(client.context.rendering.bytesFor(event, flavourOf(client.caps)));
    // away-notify: who joins away is said to be so, after the JOIN.
    if (event.kind === "join" && client.caps.has("away-notify")) {
      const away = client.context.chat.find(event.nick)?.away;
      if (away !== undefined) this.#tellAway(event.nick, away);
    }
  }

  /** `:nick AWAY :reason` (or back, without one) to an away-notify client, once per change. */
  #tellAway(nick: string, away: string | undefined): void {
    if (this.#awaySeen.has(nick) && this.#awaySeen.get(nick) === away) return;
    this.#awaySeen.set(nick, away);
    const source = this.client.context.rendering.prefixFor(nick);
    this.client.send({ source, command: "AWAY", params: away === undefined ? [] : [away] });
  }

  /** What of `event` this client is shown: not its own doings (it was answered), and each change once. */
  #shows(event: RecordedEvent): boolean {
    const me = this.#member;
    switch (event.kind) {
      case "join":
        // Its own JOIN went out on entering (with the topic and the names).
        return event.nick !== me?.nick;
      case "leave":
        if (event.nick === me?.nick) return false;
        if (event.reason === "left" || event.reason.startsWith("left: ")) return true;
        return this.#once(event.room, `quit ${event.nick} ${event.reason}`);
      case "rename":
        if (event.to === me?.nick) return false;
        return this.#once(event.room, `nick ${event.from} ${event.to}`);
      case "message":
      case "action":
      case "private":
        return event.from !== me?.nick || this.client.caps.has("echo-message");
      case "status":
        if (this.client.caps.has("away-notify") && event.nick !== me?.nick) this.#tellAway(event.nick, event.marks.away);
        return false;
      default:
        return true;
    }
  }

  /** True unless `room`'s line is one more of the change last shown (`key`): a quit is one leave per room. */
  #once(room: string, key: string): boolean {
    const last = this.#lastChange;
    if (last && last.key === key && !last.rooms.has(room)) {
      last.rooms.add(room);
      return false;
    }
    this.#lastChange = { key, rooms: new Set([room]) };
    return true;
  }

  close(reason: string): void {
    this.client.close(reason);
  }

  /** The client is going (QUIT, a closed socket, a flood): the member leaves the chat. */
  leave(reason: string): void {
    if (this.#member) this.client.context.chat.leave(this.#member, reason);
  }

  /** The socket is closed: the listener forgets its user. */
  release(): void {
    const member = this.#member;
    if (!member) return;
    this.client.context.users.delete(member.id);
  }
}
