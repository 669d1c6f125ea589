import {
  ok,
  roomOf,
  sameNick,
  whenSettled,
  type ChatErrorCode,
  type ChatEvent,
  type Member,
  type Proof,
  type RecordedEvent,
  type Result,
  type Seat,
} from "../chat/index.ts";
import { NICK_PROMPT, NicknamePrompt, type PromptedMember } from "./nickname-prompt.ts";
import type { RoomSwitch } from "./line-editor.ts";
import { renderSystem } from "./render.ts";
import { RoomView } from "./room-view.ts";
import type { TerminalConnection } from "./terminal-connection.ts";
import type { MemberContext } from "./terminal-context.ts";
import { PLAIN, renderStyle, type RenderStyle } from "./terminal-style.ts";
import { terminalSafe } from "./terminal-text.ts";

const utf8 = new TextEncoder();

/**
 * A person at a terminal, from greeting to goodbye: asks for a nickname (its
 * `NicknamePrompt`), then hands each line to the chat and prints the chat's events. It is
 * the member's sink, so the chat reaches the person only through `enter`, `deliver` and
 * `close`.
 *
 * It knows lines and terminals, not bytes on the wire: its `TerminalConnection` decodes
 * the input, edits the line (or leaves that to the client) and queues the output.
 */
export class TerminalMember implements PromptedMember {
  /** Set once the chat has accepted a nickname. */
  #member: Member | undefined;
  /** The client's place in the chat, from connect to close. */
  #seat: Seat | undefined;
  /** From the seat until the chat has accepted a nickname. */
  #nickname: NicknamePrompt | undefined;
  /** What the chat last refused, until a line is accepted. */
  #lastRefusal: ChatErrorCode | undefined;
  /** The connection has closed (perhaps before its turn to be greeted came). */
  #gone = false;
  /** What prints in full of the member's rooms, and the activity of the others. */
  readonly #view: RoomView;

  constructor(
    private readonly terminal: TerminalConnection,
    readonly address: string,
    private readonly context: MemberContext,
  ) {
    this.#view = new RoomView(context.chat, {
      show: (event, live, from) => this.#show(event, live, from),
      say: (text) => this.say(text),
      promptChanged: () => terminal.promptChanged(),
      get rows() {
        return terminal.rows;
      },
    });
  }

  /** Whether a nickname has been accepted: lines typed now are chat lines. */
  get isChatting(): boolean {
    return this.#member !== undefined;
  }

  /** Whether the line being typed may be a password: the answer after a registered nickname was refused. */
  get mayTypePassword(): boolean {
    return this.#nickname?.mayTypePassword ?? false;
  }

  /**
   * The connection opened: refuse it if there is no room, else greet and ask for a
   * nickname. With `nick` (an SSH user name) the name came with the connection: it is
   * tried at once, and a refusal ends the connection with its reason; `proof` is what the
   * connection proved (for `nick`, or for the nickname picked at the prompt). A connection
   * admitted before its session began (SSH, counted from its first byte) brings its `seat`.
   */
  start(nick?: string, proof?: Proof, given?: Seat): void {
    const { chat, arrivals } = this.context;
    const seat = given ? ok(given) : chat.admit(this.address);
    if (!seat.ok) return this.#sayAndEnd(seat.error.message);
    this.#seat = seat.value;
    // Made now, so a nickname typed before the greeting is heard; it joins in a later turn.
    const nickname = new NicknamePrompt(this, this.terminal, this.address, this.context, seat.value);
    this.#nickname = nickname;
    const greet = () => {
      if (this.#gone) return;
      this.terminal.print(utf8.encode(`Welcome to Switchboard. ${chat.memberCount} online.\r\n`));
      if (nick !== undefined) return nickname.given(nick, proof);
      nickname.open(proof);
    };
    // A reconnect storm is greeted a few per turn, as its joins and the web's pages are.
    if (arrivals) void arrivals.turn(this.address).then(greet);
    else greet();
  }

  /** A line the user finished: a nickname to try, or, once a member, a line for the chat. */
  line(text: string): void {
    if (this.#member) this.#input(this.#member, text);
    else this.#nickname?.line(text);
  }

  /** A line over the limit ended (only in line mode: a line editor never holds one). */
  lineTooLong(bytes: number): void {
    // The chat's own words for the same limit, so both transports say it alike.
    this.say(`Message too long (${bytes} bytes; the limit is ${this.context.maxLine}).`, true);
    if (!this.#member) this.#nickname?.ask();
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
    this.#nickname?.stopWaiting();
    if (this.#member) this.context.chat.leave(this.#member, reason);
  }

  /** The connection is closed: leaves, if that has not happened yet, and gives the seat back. */
  disconnected(reason: string): void {
    this.#gone = true;
    this.#nickname?.ended(reason);
    this.leave(reason);
    this.#seat?.release();
  }

  /** The input row's prompt, safe to print: `[nick #room] ` once a member, and the rooms with activity: `[2:#dev 3] `. */
  prompt(): string {
    const member = this.#member;
    return member ? `[${terminalSafe(member.nick)} ${terminalSafe(this.#view.where(member))} ` : NICK_PROMPT;
  }

  /** Alt-1…9, Ctrl-N, Ctrl-P: another of the member's rooms in view. */
  switchRoom(to: RoomSwitch): void {
    if (this.#member) this.#view.switchTo(this.#member, to);
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
    this.#view.entered(room, history);
    // Old news either way: a mention in it is highlighted but does not ring.
    if (seenUpTo === undefined) {
      // A private is in no room's history: it was shown once, when it came (a store may still hand one over).
      for (const event of history) if (event.kind !== "private") this.#show(event, false);
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
    if (this.#member) this.#view.deliver(this.#member, event);
    else this.#show(event, true);
  }

  /** MemberSink: the member looks at another of its rooms, or a conversation (`/query`). */
  viewing(view: string): void {
    if (this.#member) this.#view.viewing(this.#member, view);
  }

  /** MemberSink: `/history N`, older lines of what is in view. */
  showOlder(count: number): void {
    if (this.#member) this.#view.showOlder(this.#member, count);
  }

  /** MemberSink: the chat is done with this member (quit, kick, shutdown). */
  close(reason: string): void {
    this.#sayAndEnd(reason);
  }

  /** The chat accepted the nickname: lines from now on are chat lines. */
  joined(member: Member): void {
    // The chat has already shown history (`enter`) and announced the join (`deliver`).
    this.#member = member;
    this.#nickname = undefined;
    this.say(`You are ${member.nick}. Type /help for the commands, /quit to leave.`);
    this.#view.joined(member);
  }

  /**
   * In line mode the terminal already shows what was typed (SPEC §2), so the member's
   * own message or action is not printed a second time. A line editor clears the typed
   * line on Enter, so there the room's version is the one that stays.
   */
  #isOwnLine(event: ChatEvent): boolean {
    return (event.kind === "message" || event.kind === "action") && event.from === this.#member?.nick;
  }

  #show(event: ChatEvent, live: boolean, from?: string): void {
    if (from) this.terminal.print(utf8.encode(`[${terminalSafe(from)}] `));
    this.terminal.print(this.context.rendered.bytesFor(event, this.#member?.nick ?? this.#nickname?.requestedNick ?? "", this.#style, live));
  }

  /** Colours by the member's choice, else by what the terminal shows. */
  get #style(): RenderStyle {
    const preferences = this.#member?.preferences ?? {};
    return renderStyle(preferences.colour ?? this.terminal.coloursByDefault, preferences.timestamps ?? true);
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
}

/**
 * Whether an event newer than the member's last visit to a room is news to them there.
 * What happened in the room is. A notice went to every room and a private message to the
 * member wherever they were, so both were seen live: showing them again repeats them.
 */
function isNewsOnReturn(event: RecordedEvent): boolean {
  return roomOf(event) !== undefined;
}
