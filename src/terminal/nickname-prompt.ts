import {
  fail,
  readIdentify,
  type Member,
  type MemberSink,
  type Proof,
  type Result,
  type Seat,
  type Timer,
} from "../chat/index.ts";
import type { TerminalConnection } from "./terminal-connection.ts";
import type { MemberContext } from "./terminal-context.ts";
import { terminalSafe } from "./terminal-text.ts";

/** What a terminal asks a newcomer; also the input row's prompt until a nickname is accepted. */
export const NICK_PROMPT = "Pick a nickname: ";

const utf8 = new TextEncoder();
const NICK_PROMPT_BYTES = utf8.encode(NICK_PROMPT);

/** The member a nickname is asked for: the chat's sink once it joins, and how it speaks. */
export interface PromptedMember extends MemberSink {
  /** Prints a line of the server's own; `error` shows it as one. */
  say(text: string, error?: boolean): void;
  /** A line the user finished: typed while the chat was deciding, it comes once it has. */
  line(text: string): void;
  /** The chat accepted the nickname: lines from now on are chat lines. */
  joined(member: Member): void;
}

/**
 * The time between a seat and a nickname: asks for one (again after a refusal), gives up
 * after `nickTimeoutSeconds`, takes `/identify` for a registered nickname, and joins the
 * chat, holding the lines typed while it decides. A nickname that came with the
 * connection (SSH) is tried as it is: there is no prompt, and a refusal ends the
 * connection with its reason (said through the member's `close`).
 */
export class NicknamePrompt {
  /** The nickname being asked for, until the chat has accepted a member. */
  #requestedNick = "";
  /** The prompt was repeated for an empty line, and no other line has come since. */
  #askedAgain = false;
  #timer: Timer | undefined;
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
  /** What the connection proved before the prompt (an SSH key): it comes with every nickname tried. */
  #connectionProof: Proof | undefined;
  /** The nickname just refused as registered: the next line may be its password (see `#join`). */
  #refusedOwned: string | undefined;
  /** A line being tried as the password of `#refusedOwned`: if it is not that, it is the next nickname to try. */
  #orAsNick: string | undefined;

  constructor(
    private readonly member: PromptedMember,
    private readonly terminal: TerminalConnection,
    readonly address: string,
    private readonly context: MemberContext,
    private readonly seat: Seat,
  ) {}

  /** Whether the next line may be a password (see `#join`): a line editor shows it as stars, whatever it turns out to be. */
  get mayTypePassword(): boolean {
    return this.#refusedOwned !== undefined;
  }

  /** The nickname last tried: who "you" are in what the chat shows while it decides. */
  get requestedNick(): string {
    return this.#requestedNick;
  }

  /** Asks for a nickname, and waits for it no longer than the timeout; `proof` is what the connection proved already. */
  open(proof?: Proof): void {
    this.#connectionProof = proof;
    this.ask();
    this.#timer = this.context.chat.clock.after(this.context.nickTimeoutSeconds * 1000, () => this.#timedOut());
  }

  /** Tries `nick`, which came with the connection (an SSH user name), with what the connection proved for it. */
  given(nick: string, proof?: Proof): void {
    this.#nameGiven = true;
    this.#proof = proof;
    this.#join(nick);
  }

  /** Shows the question again (after a line that was refused). */
  ask(): void {
    this.terminal.ask(NICK_PROMPT_BYTES);
  }

  /** A line typed at the prompt: a nickname, or `/identify`. */
  line(text: string): void {
    if (this.#typedWhileJoining) this.#typedWhileJoining.push(text);
    else this.#join(text);
  }

  /** No nickname is awaited any more (the connection is ending). */
  stopWaiting(): void {
    // Cleared and let go: a member keeps its connection for hours.
    this.#timer?.cancel();
    this.#timer = undefined;
  }

  /** The connection ended for `reason`: a member the chat makes from now on leaves at once. */
  ended(reason: string): void {
    this.#endedFor = reason;
    this.stopWaiting();
  }

  #join(line: string): void {
    // Before the look for /identify: in a flood of bare CRs, each must cost next to nothing.
    if (!line.trim()) return this.#askAgain();
    const identify = readIdentify(line);
    if (identify) return this.#identify(identify);
    const owned = this.#refusedOwned;
    this.#refusedOwned = undefined;
    // Told that the nickname is registered, people type its password alone: tried as a
    // nickname, it would be announced to the room. It is tried as the password first, and
    // only as a nickname when it is not that.
    if (owned !== undefined && !/\s|^\//.test(line.trim())) {
      this.#proof = { ...this.#connectionProof, password: line.trim() };
      this.#orAsNick = line;
      return this.#tryNick(owned, false);
    }
    this.#proof = this.#nameGiven ? this.#proof : this.#connectionProof;
    this.#tryNick(line);
  }

  /**
   * `/identify PASSWORD` at the prompt, after a registered nickname was refused (or
   * `/identify NICK PASSWORD`): the same nickname again, with its password.
   */
  #identify(given: { nick?: string; password: string }): void {
    const { nick = this.#requestedNick, password } = given;
    if (!nick || !password) {
      this.member.say("Type your nickname first; if it is registered, then /identify PASSWORD.", true);
      return this.ask();
    }
    const named = given.nick !== undefined ? `${terminalSafe(nick)} ` : "";
    if (this.terminal.editsLine) this.terminal.print(utf8.encode(`${NICK_PROMPT}/identify ${named}********\r\n`));
    this.#proof = { ...this.#connectionProof, password };
    this.#tryNick(nick, false);
  }

  #askAgain(): void {
    // Enter on an empty prompt just asks again, and only once in a row: a flood of bare
    // CRs must not cost output (let alone an error line) per CR.
    if (!this.#askedAgain) this.ask();
    this.#askedAgain = true;
  }

  /** A nickname (never blank: `/identify` gives one with a word in it) to join as. */
  #tryNick(nick: string, echo = true): void {
    this.#askedAgain = false;
    // A line editor clears its row on Enter; the answer is printed back, as a terminal that
    // echoes leaves it, so that every attempt stays on screen above its reason.
    if (echo && this.terminal.editsLine && !this.#nameGiven) this.terminal.print(utf8.encode(`${NICK_PROMPT}${terminalSafe(nick)}\r\n`));
    this.#requestedNick = nick.trim();
    const { context, seat } = this;
    const proof = this.#proof;
    // A terminal pastes: lines over the rate wait their turn rather than being refused.
    const join = () =>
      this.#endedFor === undefined
        ? context.chat.join({ nick, transport: context.transport, seat, paceInput: true, proof }, this.member)
        : fail("not-in-chat", "The connection ended.");
    const joined = context.arrivals ? context.arrivals.turn(this.address).then(join) : join();
    if (!(joined instanceof Promise)) return this.#joined(joined);
    this.#typedWhileJoining = [];
    joined.then(
      (result) => this.#joined(result),
      (error) => {
        context.log(`${context.transport} join error ${this.address}: ${String(error)}`);
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
    const orAsNick = this.#orAsNick;
    this.#orAsNick = undefined;
    if (!joined.ok) {
      if (joined.error.code === "shutting-down" || this.#nameGiven) return this.member.close(joined.error.message);
      if (orAsNick !== undefined && joined.error.code === "wrong-password") {
        // Not the password: a nickname after all (a wrong try of the password is no news to someone who did not mean one).
        this.#proof = this.#connectionProof;
        this.#tryNick(orAsNick);
      } else {
        this.member.say(joined.error.message, true);
        this.#refusedOwned = joined.error.code === "nick-owned" ? this.#requestedNick : undefined;
        this.ask();
      }
    } else {
      this.stopWaiting();
      this.member.joined(joined.value);
    }
    for (const line of typed) this.member.line(line);
  }

  /** Runs from a timer, where no socket handler would catch a fault. */
  #timedOut(): void {
    try {
      this.member.close(`No nickname chosen in ${this.context.nickTimeoutSeconds} seconds; goodbye.`);
    } catch (error) {
      this.context.log(`${this.context.transport} error ${this.address}: ${String(error)}`);
      this.terminal.terminate();
    }
  }
}
