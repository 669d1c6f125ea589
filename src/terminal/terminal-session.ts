import { SHUTTING_DOWN, type Timer } from "../chat/index.ts";
import { OutputQueue, type ByteSink } from "../output/output-queue.ts";
import { actOnTyping, CharacterMode } from "./character-mode.ts";
import { InputPacer, type PausableSource } from "./input-pacer.ts";
import type { EditKey } from "./key-decoder.ts";
import type { TerminalConnection } from "./terminal-connection.ts";
import type { TerminalContext } from "./terminal-context.ts";
import { TerminalMember } from "./terminal-member.ts";
import { colourByDefault } from "./terminal-style.ts";

/**
 * What a session runs over: a telnet socket, an SSH channel. Once closed, it takes no
 * more bytes (its `write` answers -1): a Bun socket does so itself, an SSH channel must
 * not be written after its close.
 */
export interface TerminalWire extends ByteSink, PausableSource {
  /** Closes at once, dropping unsent output. */
  terminate(): void;
}

/** When the input row first shows in character mode. */
export type RowShown =
  /** At once, with the nickname prompt if there is one still to answer (telnet). */
  | "now"
  /** Once the member is in: there is no nickname prompt to show before (SSH). */
  | "once-joined";

const enum Phase {
  Open,
  /** Saying a last line before the wire ends; input is ignored and nothing more is printed. */
  Closing,
  Closed,
}

/** Columns assumed until the client reports its window size. */
const DEFAULT_COLUMNS = 80;

/**
 * A terminal's session, whatever protocol carries it: input taken a slice at a time,
 * queued output, character mode when the server edits the line, and every way it ends
 * (a goodbye with a deadline, a client too slow to read, a flood, a line that never
 * ends, a fault, the server stopping). It is its member's `TerminalConnection`.
 *
 * The protocol (telnet, SSH) turns what arrives into keys or lines, in the `handle` it
 * gives: bytes come to it in order, a slice per event-loop turn (see `InputPacer`).
 */
export class TerminalSession implements TerminalConnection {
  /** The person at the terminal: the protocol hands it lines, and starts it. */
  readonly member: TerminalMember;
  /** The client's `TERM` (telnet's TTYPE, SSH's pty): whether colours are on by default. */
  terminalType: string | undefined;
  readonly #output: OutputQueue;
  /** Made for the first read larger than a slice: most clients never send one. */
  #pacer: InputPacer | undefined;
  /** Set while the server edits the line. */
  #character: CharacterMode | undefined;
  #columns = DEFAULT_COLUMNS;
  #rows: number | undefined;
  /** The input row has been shown (see `RowShown`). */
  #rowShown = false;
  #phase = Phase.Open;
  /** Cuts the wire if saying goodbye takes too long (a client that stopped reading). */
  #closeDeadline: Timer | undefined;
  /** Made when first asked for: only a server shutdown waits for a session to close. */
  #closed: PromiseWithResolvers<void> | undefined;

  constructor(
    private readonly wire: TerminalWire,
    readonly address: string,
    private readonly context: TerminalContext,
    /** Handles the client's bytes; runs from a later turn too, guarded (see `guard`). */
    private readonly handle: (bytes: Uint8Array) => void,
  ) {
    this.#output = new OutputQueue(wire, context.outputLimit);
    this.member = new TerminalMember(this, address, context);
  }

  /** Resolves once the wire has closed. */
  get closed(): Promise<void> {
    this.#closed ??= Promise.withResolvers<void>();
    if (this.#phase === Phase.Closed) this.#closed.resolve();
    return this.#closed.promise;
  }

  /** Takes no more input: the session is ending, or has ended. */
  get closing(): boolean {
    return this.#phase >= Phase.Closing;
  }

  get editsLine(): boolean {
    return this.#character !== undefined;
  }

  /** On in character mode, unless the terminal type is known not to show colours. */
  get coloursByDefault(): boolean {
    return this.#character !== undefined && colourByDefault(this.terminalType);
  }

  /** Bytes arrived from the client: handled a slice per event-loop turn, and a flood is cut off. */
  receive(chunk: Uint8Array): void {
    if (this.#phase >= Phase.Closing) return;
    if (!this.#pacer && chunk.length <= this.context.inputSlice) return this.handle(chunk);
    this.#pacer ??= new InputPacer(this.wire, (bytes) => this.guard(() => this.handle(bytes)), this.context);
    if (this.#pacer.receive(chunk)) return;
    this.cutOff("flooding", `over ${this.context.maxHeldInput} bytes arrived faster than they could be handled`);
  }

  /** The wire can take more output. */
  drained(): void {
    this.#output.flush();
  }

  /** The client closed its sending side: once what it sent is handled, it leaves. */
  peerEnded(): void {
    const leave = () =>
      this.guard(() => {
        if (this.#phase >= Phase.Closing) return;
        this.member.leave("connection closed");
        this.end();
      });
    if (this.#pacer) this.#pacer.whenIdle(leave);
    else leave();
  }

  /** The server is stopping: whoever is still here is told so and disconnected. */
  shutdown(): void {
    if (this.#phase >= Phase.Closing) return;
    this.member.leave("server shutting down");
    this.sayAndClose(SHUTTING_DOWN);
  }

  /**
   * The wire is closed, whoever closed it: the member leaves for `reason` (if it has not)
   * and gives its seat back. Safe to call more than once: false when it had closed before.
   */
  wireClosed(reason: string): boolean {
    if (this.#phase === Phase.Closed) return false;
    this.#phase = Phase.Closed;
    this.#closeDeadline?.cancel();
    this.#pacer?.stop();
    this.member.disconnected(reason);
    this.#closed?.resolve();
    return true;
  }

  /**
   * The server edits the line from now on (the client's terminal no longer echoes):
   * typing goes through `type`, and output is printed above the input row.
   */
  startCharacterMode(row: RowShown): void {
    if (this.#character) return;
    const member = this.member;
    this.#character = new CharacterMode(
      { write: (bytes) => this.send(bytes), prompt: () => member.prompt() },
      {
        maxBytes: this.context.maxLine,
        hardCap: this.context.lineHardCap,
        completions: () => member.othersInRoom(),
        remembers: () => member.isChatting,
        hides: () => member.mayTypePassword,
      },
    );
    this.#character.setColumns(this.#columns);
    if (row === "once-joined") return;
    this.#rowShown = true;
    this.#character.redraw();
  }

  /** The client edits the line again (line mode): what it sends is read as lines. */
  stopCharacterMode(): void {
    this.#character?.stop();
    this.#character = undefined;
  }

  /** Typed bytes, in character mode: the line is edited, and what it asked for is done. */
  type(bytes: Uint8Array): void {
    const character = this.#character;
    if (!character) return;
    actOnTyping(character.type(bytes), this.member, () => this.noLineEnd(), () => this.#phase >= Phase.Closing);
  }

  /** An editing key the protocol reported as a command (telnet's IAC IP, EC, EL), in character mode. */
  press(key: EditKey): void {
    this.#character?.press(key);
  }

  get rows(): number | undefined {
    return this.#rows;
  }

  promptChanged(): void {
    if (this.#rowShown && this.#phase === Phase.Open) this.#character?.refreshPrompt();
  }

  /** The client's window is `columns` wide (and `rows` high, when it says). */
  resize(columns: number, rows?: number): void {
    this.#columns = columns;
    if (rows) this.#rows = rows;
    this.#character?.setColumns(columns);
  }

  print(bytes: Uint8Array): void {
    if (this.#phase >= Phase.Closing) return;
    const character = this.#character;
    if (!character) return this.send(bytes);
    character.print(bytes);
    // Without a row shown from the start, the input row appears once the member is in (there
    // is no nickname prompt to show before); from then on the line editor keeps it below
    // whatever is printed.
    if (!this.#rowShown && this.member.isChatting) {
      this.#rowShown = true;
      queueMicrotask(() => this.#phase >= Phase.Closing || character.redraw());
    }
  }

  ask(question: Uint8Array): void {
    if (this.#phase === Phase.Open && !this.#character) this.send(question);
  }

  putBack(line: string): void {
    if (this.#phase === Phase.Open) this.#character?.putBack(line);
  }

  /**
   * Takes no more input and ends the wire once its output has gone out, but no later
   * than the grace period: a client that stopped reading would otherwise keep its wire
   * (and its seat) for as long as it likes. The one way every goodbye ends, server
   * shutdown included.
   */
  end(): void {
    if (this.#phase >= Phase.Closing) return;
    this.#phase = Phase.Closing;
    this.#character?.stop();
    this.#pacer?.stop();
    this.#output.endWhenFlushed();
    this.#closeDeadline = this.context.chat.clock.after(this.context.closeGraceMs, () => this.wire.terminate());
  }

  /** Closes at once, for a client that will not let its output drain. */
  terminate(): void {
    this.wire.terminate();
  }

  /** Says a last line, then ends the wire (see `end`). */
  sayAndClose(text: string): void {
    if (this.#phase >= Phase.Closing) return;
    this.member.say(text);
    this.end();
  }

  /** Input that is not chat: the member leaves for `reason`, and the client is told `what` was too much. */
  cutOff(reason: string, what: string): void {
    this.member.leave(reason);
    this.sayAndClose(`Input cut off: ${what}; goodbye.`);
  }

  /** Input that never ends a line: the client is not sending chat lines. */
  noLineEnd(): void {
    this.cutOff("line too long", `no line end in ${this.context.lineHardCap} bytes`);
  }

  /** Queues bytes of the protocol's own (negotiation, a line end) or of the line editor. */
  send(bytes: Uint8Array): void {
    if (this.#phase === Phase.Closed || this.#output.write(bytes)) return;
    this.#dropSlowClient();
  }

  /** For work run from a timer, a microtask or an event no listener guards: a fault costs this session, never the server. */
  guard(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.context.log(`${this.context.transport} error ${this.address}: ${String(error)}`);
      this.wire.terminate();
    }
  }

  /**
   * The client stopped reading and its backlog hit the cap. Nothing more can reach it,
   * so it is dropped. The leave waits for a microtask: this runs inside a broadcast,
   * and the room should see the whole event before it hears that this member left.
   */
  #dropSlowClient(): void {
    this.#phase = Phase.Closing;
    this.#pacer?.stop();
    queueMicrotask(() =>
      this.guard(() => {
        this.member.leave("too slow");
        this.wire.terminate();
      }),
    );
  }
}
