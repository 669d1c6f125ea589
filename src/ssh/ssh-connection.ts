import type { Duplex } from "node:stream";
import { SHUTTING_DOWN, type Proof, type Timer } from "../chat/index.ts";
import { OutputQueue } from "../output/output-queue.ts";
import { actOnTyping, CharacterMode, type TypingAction } from "../terminal/character-mode.ts";
import { InputPacer } from "../terminal/input-pacer.ts";
import type { TerminalConnection } from "../terminal/terminal-connection.ts";
import type { TerminalContext } from "../terminal/terminal-context.ts";
import { TerminalMember } from "../terminal/terminal-member.ts";
import { colourByDefault } from "../terminal/terminal-style.ts";
import { terminalSafe } from "../terminal/terminal-text.ts";

/** The terminal the client asked for with its pty. */
export interface PtyInfo {
  /** 0 when the client has no terminal (e.g. `ssh -T`, or input from a pipe). */
  readonly columns: number;
  /** `TERM` on the client's side, when it said. */
  readonly term: string | undefined;
}

/** Bytes ssh2 may hold for a channel before the queue waits for its `drain`. */
const CHANNEL_HIGH_WATER = 64 * 1024;
/** Columns assumed when the pty does not say. */
const DEFAULT_COLUMNS = 80;

/**
 * One SSH shell session: a pty's channel carrying a member. The server always edits the
 * line (the client's terminal is raw), with the same line editor, rendering and member
 * as telnet's character mode; the nickname is the SSH user name.
 */
export class SshConnection implements TerminalConnection {
  readonly editsLine = true;
  readonly #member: TerminalMember;
  readonly #character: CharacterMode;
  readonly #output: OutputQueue;
  readonly #pacer: InputPacer;
  readonly #colours: boolean;
  #closing = false;
  #closed = false;
  #promptShown = false;
  #closeDeadline: Timer | undefined;
  readonly #done = Promise.withResolvers<void>();

  constructor(
    private readonly channel: Duplex,
    readonly address: string,
    private readonly context: TerminalContext,
    pty: PtyInfo,
    /** Ends the whole SSH connection (the session's channel, and the client's TCP socket). */
    private readonly disconnect: () => void,
  ) {
    this.#colours = colourByDefault(pty.term);
    this.#output = new OutputQueue(
      {
        // ssh2 takes every byte it is given; past its high-water mark, the queue holds them (and caps them).
        write: (bytes) => (this.#closed ? -1 : channel.writableLength > CHANNEL_HIGH_WATER ? 0 : (channel.write(bytes), bytes.length)),
        // The session ends after its last bytes; the connection once the channel has closed.
        end: () => channel.end(),
      },
      context.outputLimit,
    );
    this.#member = new TerminalMember(this, address, context);
    const member = this.#member;
    this.#character = new CharacterMode(
      { write: (bytes) => this.#send(bytes), prompt: () => member.prompt() },
      {
        maxBytes: context.maxLine,
        hardCap: context.lineHardCap,
        completions: () => member.othersInRoom(),
        remembers: () => member.isChatting,
      },
    );
    this.#character.setColumns(pty.columns || DEFAULT_COLUMNS);
    this.#pacer = new InputPacer(channel, (bytes) => this.#guarded(() => this.#act(this.#character.type(bytes))), context);
    channel.on("data", (chunk: Buffer) => this.#guarded(() => this.#receive(chunk)));
    channel.on("drain", () => this.#guarded(() => this.#output.flush()));
    channel.on("close", () => this.closed());
    channel.on("error", () => {}); // a reset shows as "close"
  }

  /** Resolves once the session has closed. */
  get done(): Promise<void> {
    return this.#done.promise;
  }

  get coloursByDefault(): boolean {
    return this.#colours;
  }

  /** The session opened: the member greets it and joins as `nick` (or says why not, and ends). */
  start(nick: string, proof?: Proof): void {
    // The user name is the client's to choose: cleaned and cut before it reaches the log.
    this.context.log(`ssh connect ${terminalSafe(nick).slice(0, 64)} from ${this.address}`);
    this.#guarded(() => this.#member.start(nick, proof));
  }

  /** The client's window changed width. */
  resize(columns: number): void {
    if (columns > 0) this.#guarded(() => this.#character.setColumns(columns));
  }

  /** The server is stopping: whoever is still here is told so and disconnected. */
  shutdown(): void {
    if (this.#closing) return;
    this.#member.leave("server shutting down");
    this.#member.say(SHUTTING_DOWN);
    this.end();
  }

  /** The session's channel closed, whoever closed it. Safe to call more than once. */
  closed(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closeDeadline?.cancel();
    this.#pacer.stop();
    this.disconnect();
    this.#member.disconnected("connection closed");
    this.context.log(`ssh disconnect ${this.address}`);
    this.#done.resolve();
  }

  print(bytes: Uint8Array): void {
    if (this.#closing) return;
    this.#character.print(bytes);
    // The input row appears once the member is in (there is no nickname prompt to show
    // before); from then on the line editor keeps it below whatever is printed.
    if (!this.#promptShown && this.#member.isChatting) {
      this.#promptShown = true;
      queueMicrotask(() => this.#closing || this.#character.redraw());
    }
  }

  /** The line editor draws the prompt itself; SSH never asks for a nickname. */
  ask(): void {}

  putBack(line: string): void {
    if (!this.#closing) this.#character.putBack(line);
  }

  /** Takes no more input and ends the session once its output has gone out, or after the grace period. */
  end(): void {
    if (this.#closing) return;
    this.#closing = true;
    this.#character.stop();
    this.#pacer.stop();
    this.#output.endWhenFlushed();
    this.#closeDeadline = this.context.chat.clock.after(this.context.closeGraceMs, () => this.terminate());
  }

  terminate(): void {
    this.channel.destroy();
    this.closed();
  }

  #receive(chunk: Uint8Array): void {
    if (this.#closing) return;
    if (this.#pacer.receive(chunk)) return;
    this.#member.leave("flooding");
    this.#member.say(`Input cut off: over ${this.context.maxHeldInput} bytes arrived faster than they could be handled; goodbye.`);
    this.end();
  }

  #act(actions: TypingAction[]): void {
    actOnTyping(actions, this.#member, () => this.#cutOff(), () => this.#closing);
  }

  /** Input that never ends a line: the client is not sending chat lines. */
  #cutOff(): void {
    this.#member.leave("line too long");
    this.#member.say(`Input cut off: no line end in ${this.context.lineHardCap} bytes; goodbye.`);
    this.end();
  }

  #send(bytes: Uint8Array): void {
    if (this.#closed || this.#output.write(bytes)) return;
    // The client stopped reading and its backlog hit the cap: nothing more can reach it.
    this.#closing = true;
    queueMicrotask(() =>
      this.#guarded(() => {
        this.#member.leave("too slow");
        this.terminate();
      }),
    );
  }

  /** A fault in one session costs that session, never the server. */
  #guarded(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.context.log(`ssh error ${this.address}: ${error instanceof Error ? error.message : String(error)}`);
      this.terminate();
    }
  }
}
