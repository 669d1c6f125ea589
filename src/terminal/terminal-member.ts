import {
  fail,
  readIdentify,
  roomOf,
  sameNick,
  whenSettled,
  type ChatErrorCode,
  type ChatEvent,
  type Member,
  type MemberSink,
  type Proof,
  type RecordedEvent,
  type Result,
  type Seat,
  type Timer,
} from "../chat/index.ts";
import { renderSystem } from "./render.ts";
import type { MemberContext } from "./terminal-context.ts";
import type { TerminalConnection } from "./terminal-connection.ts";
import { PLAIN, renderStyle, type RenderStyle } from "./terminal-style.ts";
import { terminalSafe } from "./terminal-text.ts";

const utf8 = new TextEncoder();
const NICK_PROMPT = "Pick a nickname: ";
const NICK_PROMPT_BYTES = utf8.encode(NICK_PROMPT);

/**
 * A person at a terminal, from greeting to goodbye: asks for a nickname, then hands each
 * line to the chat and prints the chat's events. It is the member's sink, so the chat
 * reaches the person only through `enter`, `deliver` and `close`.
 *
 * It knows lines and terminals, not bytes on the wire: its `TerminalConnection` decodes
 * the input, edits the line (or leaves that to the client) and queues the output.
 */
export class TerminalMember implements MemberSink {
  /** Set once the chat has accepted a nickname. */
  #member: Member | undefined;
  /** The nickname being asked for, until the chat has accepted a member. */
  #requestedNick = "";
  /** The prompt was repeated for an empty line, and no other line has come since. */
  #askedAgain = false;
  /** The client's place in the chat, from connect to close. */
  #seat: Seat | undefined;
  #nickTimer: Timer | undefined;
  /** What the chat last refused, until a line is accepted. */
  #lastRefusal: ChatErrorCode | undefined;
  /**
   * Lines typed while the chat was deciding on the nickname (a shared backend takes a
   * round trip): handled in order once it has. Undefined when no decision is awaited.
   */
  #typedWhileJoining: string[] | undefined;
  /** Why the connection ended, once it has. */
  #endedFor: string | undefined;
  /** The nickname came with the connection (SSH): there is no prompt to ask again. */
  #nameGiven = false;
  /** What the connection proves (an SSH key, a password given at SSH's prompt). */
  #proof: Proof | undefined;

  constructor(
    private readonly terminal: TerminalConnection,
    readonly address: string,
    private readonly context: MemberContext,
  ) {}

  /** Whether a nickname has been accepted: lines typed now are chat lines. */
  get isChatting(): boolean {
    return this.#member !== undefined;
  }

  /**
   * The connection opened: refuse it if there is no room, else greet and ask for a
   * nickname. With `nick` (an SSH user name) the name came with the connection: it is
   * tried at once, and a refusal ends the connection with its reason; `proof` is what the
   * connection proved for it.
   */
  start(nick?: string, proof?: Proof): void {
    const { chat, nickTimeoutSeconds } = this.context;
    const seat = chat.admit(this.address);
    if (!seat.ok) return this.#sayAndEnd(seat.error.message);
    this.#seat = seat.value;
    this.terminal.print(utf8.encode(`Welcome to Switchboard. ${chat.memberCount} online.\r\n`));
    if (nick !== undefined) {
      this.#nameGiven = true;
      this.#proof = proof;
      return this.#join(nick);
    }
    this.terminal.ask(NICK_PROMPT_BYTES);
    this.#nickTimer = chat.clock.after(nickTimeoutSeconds * 1000, () => this.#nickTimedOut());
  }

  /** A line the user finished: a nickname to try, or, once a member, a line for the chat. */
  line(text: string): void {
    if (this.#member) this.#input(this.#member, text);
    else if (this.#typedWhileJoining) this.#typedWhileJoining.push(text);
    else this.#join(text);
  }

  /** A line over the limit ended (only in line mode: a line editor never holds one). */
  lineTooLong(bytes: number): void {
    // The chat's own words for the same limit, so both transports say it alike.
    this.say(`Message too long (${bytes} bytes; the limit is ${this.context.maxLine}).`, true);
    if (!this.#member) this.terminal.ask(NICK_PROMPT_BYTES);
  }

  /** The user asked to leave (Ctrl-D on an empty line). */
  quit(): void {
    if (this.#member) this.#input(this.#member, "/quit");
    else this.#sayAndEnd("Goodbye!");
  }

  /**
   * Prints a line of the server's own; `error` shows it as one. Until a nickname is
   * accepted they are plain: the first of them goes out before a telnet client has agreed
   * to character mode (it does so after its first line), and a second refusal of a
   * nickname must read like the first.
   */
  say(text: string, error = false): void {
    this.terminal.print(utf8.encode(renderSystem(text, this.#member ? this.#style : PLAIN, error)));
  }

  /** The connection is ending for `reason`: the member leaves the chat, and no nickname is awaited. */
  leave(reason: string): void {
    this.#stopNickTimer();
    if (this.#member) this.context.chat.leave(this.#member, reason);
  }

  /** The connection is closed: leaves, if that has not happened yet, and gives the seat back. */
  disconnected(reason: string): void {
    this.#endedFor = reason;
    this.leave(reason);
    this.#seat?.release();
  }

  /** The input row's prompt, safe to print: `[nick #room] ` once a member. */
  prompt(): string {
    const member = this.#member;
    return member ? `[${terminalSafe(member.nick)} ${terminalSafe(member.room)}] ` : NICK_PROMPT;
  }

  /** The nicknames Tab completes to: everyone else in the member's room. */
  othersInRoom(): string[] {
    const member = this.#member;
    if (!member) return [];
    return this.context.chat
      .membersOf(member.room)
      .map((other) => other.nick)
      .filter((nick) => !sameNick(nick, member.nick));
  }

  /**
   * MemberSink: the member is now in `room`. On a first visit its recent conversation is
   * shown; back in a room it left earlier, only what was said there since.
   */
  enter(room: string, history: readonly RecordedEvent[], seenUpTo?: number): void {
    // Old news either way: a mention in it is highlighted but does not ring.
    if (seenUpTo === undefined) {
      for (const event of history) this.#show(event, false);
      return;
    }
    let missed = 0;
    for (const event of history) {
      if (event.id <= seenUpTo || !isNewsOnReturn(event)) continue;
      this.#show(event, false);
      missed++;
    }
    if (missed === 0) this.say(`No new messages in ${room} since you were here.`);
  }

  /** MemberSink: renders the event (once per transport and variant, shared) and prints it. */
  deliver(event: ChatEvent): void {
    // A change of someone's marks is for pages' member lists: nothing to print.
    if (event.kind === "status") return;
    if (!this.terminal.editsLine && this.#isOwnLine(event)) return;
    this.#show(event, true);
  }

  /** MemberSink: the chat is done with this member (quit, kick, shutdown). */
  close(reason: string): void {
    this.#sayAndEnd(reason);
  }

  /**
   * In line mode the terminal already shows what was typed (SPEC §2), so the member's
   * own message or action is not printed a second time. A line editor clears the typed
   * line on Enter, so there the room's version is the one that stays.
   */
  #isOwnLine(event: ChatEvent): boolean {
    return (event.kind === "message" || event.kind === "action") && event.from === this.#member?.nick;
  }

  #show(event: ChatEvent, live: boolean): void {
    this.terminal.print(this.context.rendered.bytesFor(event, this.#member?.nick ?? this.#requestedNick, this.#style, live));
  }

  /** Colours by the member's choice, else by what the terminal shows. */
  get #style(): RenderStyle {
    const preferences = this.#member?.preferences ?? {};
    return renderStyle(preferences.colour ?? this.terminal.coloursByDefault, preferences.timestamps ?? true);
  }

  #join(line: string): void {
    if (!this.#seat) return;
    const identify = readIdentify(line);
    if (identify) return this.#identify(identify);
    this.#proof = this.#nameGiven ? this.#proof : undefined;
    this.#tryNick(line);
  }

  /**
   * `/identify PASSWORD` at the prompt, after a registered nickname was refused (or
   * `/identify NICK PASSWORD`): the same nickname again, with its password.
   */
  #identify(given: { nick?: string; password: string }): void {
    const { nick = this.#requestedNick, password } = given;
    if (!nick || !password) {
      this.say("Type your nickname first; if it is registered, then /identify PASSWORD.", true);
      return this.terminal.ask(NICK_PROMPT_BYTES);
    }
    const named = given.nick !== undefined ? `${terminalSafe(nick)} ` : "";
    if (this.terminal.editsLine) this.terminal.print(utf8.encode(`${NICK_PROMPT}/identify ${named}********\r\n`));
    this.#proof = { password };
    this.#tryNick(nick, false);
  }

  #tryNick(nick: string, echo = true): void {
    const seat = this.#seat;
    if (!seat) return;
    if (!nick.trim()) {
      // Enter on an empty prompt just asks again, and only once in a row: a flood of bare
      // CRs must not cost output (let alone an error line) per CR.
      if (!this.#askedAgain) this.terminal.ask(NICK_PROMPT_BYTES);
      this.#askedAgain = true;
      return;
    }
    this.#askedAgain = false;
    // A line editor clears its row on Enter; the answer is printed back, as a terminal that
    // echoes leaves it, so that every attempt stays on screen above its reason.
    if (echo && this.terminal.editsLine && !this.#nameGiven) this.terminal.print(utf8.encode(`${NICK_PROMPT}${terminalSafe(nick)}\r\n`));
    this.#requestedNick = nick.trim();
    const proof = this.#proof;
    // A terminal pastes: lines over the rate wait their turn rather than being refused.
    const join = () =>
      this.#endedFor === undefined
        ? this.context.chat.join({ nick, transport: this.context.transport, seat, paceInput: true, proof }, this)
        : fail("not-in-chat", "The connection ended.");
    const joined = this.context.arrivals ? this.context.arrivals.turn(this.address).then(join) : join();
    if (!(joined instanceof Promise)) return this.#joined(joined);
    this.#typedWhileJoining = [];
    joined.then(
      (result) => this.#joined(result),
      (error) => {
        this.context.log(`${this.context.transport} join error ${this.address}: ${String(error)}`);
        this.#joined({ ok: false, error: { code: "chat-paused", message: "Sorry, joining failed; please try again." } });
      },
    );
  }

  #joined(joined: Result<Member>): void {
    const typed = this.#typedWhileJoining ?? [];
    this.#typedWhileJoining = undefined;
    // The connection ended while the chat was deciding: the member it made leaves at once.
    if (this.#endedFor !== undefined) {
      if (joined.ok) this.context.chat.leave(joined.value, this.#endedFor);
      return;
    }
    if (!joined.ok) {
      if (joined.error.code === "shutting-down" || this.#nameGiven) return this.#sayAndEnd(joined.error.message);
      this.say(joined.error.message, true);
      this.terminal.ask(NICK_PROMPT_BYTES);
    } else {
      // The chat has already shown history (`enter`) and announced the join (`deliver`).
      this.#member = joined.value;
      this.#stopNickTimer();
      this.say(`You are ${joined.value.nick}. Type /help for the commands, /quit to leave.`);
    }
    for (const line of typed) this.line(line);
  }

  #input(member: Member, line: string): void {
    try {
      void whenSettled(this.context.chat.input(member, line), (result) => this.#answer(line, result));
    } catch (error) {
      // A fault in handling one line costs that line, not the connection.
      this.context.log(`${this.context.transport} input error from ${member.nick}: ${String(error)}`);
      this.say("Sorry, something went wrong with that line.", true);
    }
  }

  /** Shows why the chat refused `line`, if it did. */
  #answer(line: string, result: Result<unknown>): void {
    if (result.ok) {
      this.#lastRefusal = undefined;
      return;
    }
    const { code, message } = result.error;
    // A paste past the backlog is refused line after line: one notice says so, and
    // none of those lines is put back (the editor holds one line, not a paste).
    if (code === "too-much-waiting") {
      if (this.#lastRefusal !== code) this.say(message, true);
      this.#lastRefusal = code;
      return;
    }
    this.#lastRefusal = code;
    this.say(message, true);
    // Back in the line editor, to be shortened or corrected rather than typed again.
    this.terminal.putBack(line);
  }

  #sayAndEnd(text: string): void {
    this.say(text);
    this.terminal.end();
  }

  /** Runs from a timer, where no socket handler would catch a fault. */
  #nickTimedOut(): void {
    try {
      this.#sayAndEnd(`No nickname chosen in ${this.context.nickTimeoutSeconds} seconds; goodbye.`);
    } catch (error) {
      this.context.log(`${this.context.transport} error ${this.address}: ${String(error)}`);
      this.terminal.terminate();
    }
  }

  /** Clears the timer and lets it go: a member keeps its connection for hours. */
  #stopNickTimer(): void {
    this.#nickTimer?.cancel();
    this.#nickTimer = undefined;
  }
}

/**
 * Whether an event newer than the member's last visit to a room is news to them there.
 * What happened in the room is. A notice went to every room and a private message to the
 * member wherever they were, so both were seen live: showing them again repeats them.
 */
function isNewsOnReturn(event: RecordedEvent): boolean {
  return roomOf(event) !== undefined;
}
