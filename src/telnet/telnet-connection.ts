import { SHUTTING_DOWN, type Timer } from "../chat/index.ts";
import { OutputQueue, type ByteSink } from "../output/output-queue.ts";
import { actOnTyping, CharacterMode, type TypingAction } from "../terminal/character-mode.ts";
import { InputPacer, type PausableSource } from "../terminal/input-pacer.ts";
import type { TerminalConnection } from "../terminal/terminal-connection.ts";
import type { TerminalContext } from "../terminal/terminal-context.ts";
import { TerminalMember } from "../terminal/terminal-member.ts";
import { colourByDefault } from "../terminal/terminal-style.ts";
import { isHttpRequestLine } from "./http-request.ts";
import { LineDecoder, type LineEvent } from "./line-decoder.ts";
import { MAX_SUBNEGOTIATION } from "./telnet-decoder.ts";
import { TelnetProtocol, type TelnetInput } from "./telnet-protocol.ts";

/** The socket operations a connection uses (a Bun TCP socket has them all). */
export interface TelnetSocket extends ByteSink, PausableSource {
  /** Closes at once, dropping unsent output. */
  terminate(): void;
  /** The address of this machine the client connected to. */
  readonly localAddress?: string;
}

/** What every connection of one telnet listener shares. */
export interface TelnetContext extends TerminalContext {
  /** Where browsers should go, for a client that came in on a local address (see `TelnetOptions`). */
  readonly webUrl: (localAddress: string | undefined) => string;
}

const enum Phase {
  Open,
  /** Saying a last line before the socket ends; input is ignored and nothing more is printed. */
  Closing,
  Closed,
}

const CRLF_BYTES = new TextEncoder().encode("\r\n");
/** Columns assumed until the client reports its window size (NAWS). */
const DEFAULT_COLUMNS = 80;

/**
 * One telnet or netcat connection: the telnet protocol, line or character mode, input
 * taken a slice at a time, queued output, and dropping a client too slow to read it.
 * What the person at the other end does in the chat is its `TerminalMember`'s business;
 * the connection hands it finished lines and prints what it says.
 *
 * Every client starts in line mode (what nc gets throughout). Once the client shows it
 * speaks telnet (any IAC, or a line ending in CR LF / CR NUL) it is offered character
 * mode; if it agrees, `CharacterMode` takes the input over and keeps the prompt intact.
 */
export class TelnetConnection implements TerminalConnection {
  readonly #member: TerminalMember;
  readonly #telnet = new TelnetProtocol();
  readonly #lines: LineDecoder;
  /** Set while the client is in character mode. */
  #character: CharacterMode | undefined;
  #columns = DEFAULT_COLUMNS;
  #terminalType: string | undefined;
  readonly #output: OutputQueue;
  /** Made for the first read larger than a slice: most clients never send one. */
  #pacer: InputPacer | undefined;
  #phase = Phase.Open;
  #firstLine = true;
  /** Cuts the socket if saying goodbye takes too long (a client that stopped reading). */
  #closeDeadline: Timer | undefined;
  /** Made when first asked for: only a server shutdown waits for a connection to close. */
  #closed: PromiseWithResolvers<void> | undefined;

  constructor(
    private readonly socket: TelnetSocket,
    readonly address: string,
    private readonly context: TelnetContext,
  ) {
    this.#lines = new LineDecoder(context.maxLine, context.lineHardCap);
    this.#output = new OutputQueue(socket, context.outputLimit);
    this.#member = new TerminalMember(this, address, context);
  }

  /** Resolves once the socket has closed. */
  get closed(): Promise<void> {
    this.#closed ??= Promise.withResolvers<void>();
    if (this.#phase === Phase.Closed) this.#closed.resolve();
    return this.#closed.promise;
  }

  /** Whether the client has shown it speaks telnet (sent IAC, or ended lines with CR LF / CR NUL). */
  get isTelnetClient(): boolean {
    return this.#telnet.sawCommand || this.#lines.sawTelnetLineEnd;
  }

  /** The connection opened: the member greets it, or says why there is no room. */
  start(): void {
    this.context.log(`telnet connect ${this.address}`);
    this.#member.start();
  }

  /** Bytes arrived from the client: handled a slice per event-loop turn (see `InputPacer`). */
  receive(chunk: Uint8Array): void {
    if (this.#phase >= Phase.Closing) return;
    if (!this.#pacer && chunk.length <= this.context.inputSlice) return this.#process(chunk);
    this.#pacer ??= new InputPacer(this.socket, (bytes) => this.#guarded(() => this.#process(bytes)), this.context);
    if (this.#pacer.receive(chunk)) return;
    this.#member.leave("flooding");
    this.#sayAndClose(`Input cut off: over ${this.context.maxHeldInput} bytes arrived faster than they could be handled; goodbye.`);
  }

  /** The socket can take more output. */
  drained(): void {
    this.#output.flush();
  }

  /** The client closed its sending side: once what it sent is handled, it leaves. */
  peerEnded(): void {
    const leave = () =>
      this.#guarded(() => {
        if (this.#phase >= Phase.Closing) return;
        this.#member.leave("connection closed");
        this.end();
      });
    if (this.#pacer) this.#pacer.whenIdle(leave);
    else leave();
  }

  /** The server is stopping: whoever is still here is told so and disconnected. */
  shutdown(): void {
    if (this.#phase >= Phase.Closing) return;
    this.#member.leave("server shutting down");
    this.#sayAndClose(SHUTTING_DOWN);
  }

  /** Closes at once, for a client that will not let its output drain. */
  terminate(): void {
    this.socket.terminate();
  }

  /** The socket is closed, whoever closed it. Safe to call more than once. */
  socketClosed(error?: Error): void {
    if (this.#phase === Phase.Closed) return;
    this.#phase = Phase.Closed;
    this.#closeDeadline?.cancel();
    this.#pacer?.stop();
    this.#member.disconnected(error ? "connection error" : "connection closed");
    const client = this.isTelnetClient ? "telnet client" : "raw client";
    this.context.log(`telnet disconnect ${this.address} (${client}${error ? `, ${error.message}` : ""})`);
    this.#closed?.resolve();
  }

  get editsLine(): boolean {
    return this.#character !== undefined;
  }

  /** On in character mode, unless the terminal type is known not to show colours. */
  get coloursByDefault(): boolean {
    return this.#character !== undefined && colourByDefault(this.#terminalType);
  }

  print(bytes: Uint8Array): void {
    if (this.#phase >= Phase.Closing) return;
    if (this.#character) this.#character.print(bytes);
    else this.#send(bytes);
  }

  ask(question: Uint8Array): void {
    if (this.#phase === Phase.Open && !this.#character) this.#send(question);
  }

  putBack(line: string): void {
    if (this.#phase === Phase.Open) this.#character?.putBack(line);
  }

  /**
   * Takes no more input and ends the socket once its output has gone out, but no later
   * than the grace period: a client that stopped reading would otherwise keep its socket
   * (and its seat) for as long as it likes. The one way every goodbye ends, server
   * shutdown included.
   */
  end(): void {
    if (this.#phase >= Phase.Closing) return;
    this.#phase = Phase.Closing;
    this.#character?.stop();
    this.#pacer?.stop();
    this.#output.endWhenFlushed();
    this.#closeDeadline = this.context.chat.clock.after(this.context.closeGraceMs, () => this.socket.terminate());
  }

  /** A slice of the client's bytes, in order: negotiation answered, the rest typed or read as lines. */
  #process(chunk: Uint8Array): void {
    if (this.#phase >= Phase.Closing) return;
    const { inputs, reply } = this.#telnet.feed(chunk);
    if (reply) this.#send(reply);
    for (const input of inputs) {
      if (this.#phase >= Phase.Closing) return;
      this.#receiveInput(input);
    }
    // A telnet client was just recognised (its first IAC or CR LF): offer character mode, once.
    if (this.#phase < Phase.Closing && this.isTelnetClient) {
      const offer = this.#telnet.offerCharacterMode();
      if (offer) this.#send(offer);
    }
  }

  #receiveInput(input: TelnetInput): void {
    switch (input.kind) {
      case "data":
        if (this.#character) return this.#act(this.#character.type(input.bytes));
        for (const event of this.#lines.feed(input.bytes)) {
          if (this.#phase >= Phase.Closing) return;
          this.#handle(event);
        }
        return;
      case "interrupt":
        return void this.#character?.press("interrupt");
      case "erase-char":
        return void this.#character?.press("backspace");
      case "erase-line":
        return void this.#character?.press("clear-line");
      case "echo":
        return input.on ? this.#startCharacterMode() : this.#stopCharacterMode();
      case "window":
        this.#columns = input.columns;
        return this.#character?.setColumns(input.columns);
      case "terminal-type":
        this.#terminalType = input.name;
        return;
      case "overrun":
        this.#member.leave("telnet subnegotiation too long");
        return this.#sayAndClose(`Input cut off: a telnet subnegotiation of more than ${MAX_SUBNEGOTIATION} bytes; goodbye.`);
    }
  }

  #startCharacterMode(): void {
    if (this.#character) return;
    const member = this.#member;
    this.#character = new CharacterMode(
      { write: (bytes) => this.#send(bytes), prompt: () => member.prompt() },
      {
        maxBytes: this.context.maxLine,
        hardCap: this.context.lineHardCap,
        completions: () => member.othersInRoom(),
        remembers: () => member.isChatting,
      },
    );
    this.#character.setColumns(this.#columns);
    this.#character.redraw();
  }

  /** The client took echo back (DONT ECHO): it is a line-mode client again. */
  #stopCharacterMode(): void {
    this.#character?.stop();
    this.#character = undefined;
    this.#send(CRLF_BYTES);
  }

  #act(actions: TypingAction[]): void {
    actOnTyping(actions, this.#member, () => this.#cutOff(), () => this.#phase >= Phase.Closing);
  }

  #handle(event: LineEvent): void {
    const firstLine = this.#firstLine;
    this.#firstLine = false;
    switch (event.kind) {
      case "line":
        if (firstLine && isHttpRequestLine(event.text))
          return this.#sayAndClose(`This is Switchboard's telnet port; open ${this.context.webUrl(this.socket.localAddress)} in a browser.`);
        return this.#member.line(event.text);
      case "too-long":
        return this.#member.lineTooLong(event.bytes);
      case "overflow":
        return this.#cutOff();
    }
  }

  /** Input that never ends a line: the client is not sending chat lines. */
  #cutOff(): void {
    this.#member.leave("line too long");
    this.#sayAndClose(`Input cut off: no line end in ${this.context.lineHardCap} bytes; goodbye.`);
  }

  /** Says a last line, then ends the socket (see `end`). */
  #sayAndClose(text: string): void {
    if (this.#phase >= Phase.Closing) return;
    this.#member.say(text);
    this.end();
  }

  #send(bytes: Uint8Array): void {
    if (this.#phase === Phase.Closed || this.#output.write(bytes)) return;
    this.#dropSlowClient();
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
      this.#guarded(() => {
        this.#member.leave("too slow");
        this.socket.terminate();
      }),
    );
  }

  /** For work run from a timer or microtask, where no socket handler catches a fault. */
  #guarded(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.context.log(`telnet error ${this.address}: ${String(error)}`);
      this.socket.terminate();
    }
  }
}
