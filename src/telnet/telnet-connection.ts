import type { TerminalContext } from "../terminal/terminal-context.ts";
import { TerminalSession, type TerminalWire } from "../terminal/terminal-session.ts";
import { isHttpRequestLine } from "./http-request.ts";
import { isIrcRegistrationLine } from "./irc-registration.ts";
import { LineDecoder, type LineEvent } from "./line-decoder.ts";
import { MAX_SUBNEGOTIATION } from "./telnet-decoder.ts";
import { TelnetProtocol, type TelnetInput } from "./telnet-protocol.ts";

/** The socket operations a connection uses (a Bun TCP socket has them all). */
export interface TelnetSocket extends TerminalWire {
  /** The address of this machine the client connected to. */
  readonly localAddress?: string;
}

/** What every connection of one telnet listener shares. */
export interface TelnetContext extends TerminalContext {
  /** Where browsers should go, for a client that came in on a local address (see `TelnetOptions`). */
  readonly webUrl: (localAddress: string | undefined) => string;
  /** The IRC listener's port, when there is one: told to an IRC client that came here instead. */
  readonly ircPort?: () => number | undefined;
}

const CRLF_BYTES = new TextEncoder().encode("\r\n");
const CR_BYTES = new TextEncoder().encode("\r");

/**
 * One telnet or netcat connection: the telnet protocol over a terminal session, in line
 * or character mode. What happens to the session (pacing, output, goodbyes) is its
 * `TerminalSession`'s business, and what the person at the other end does in the chat
 * its `TerminalMember`'s; the connection hands them typed bytes and finished lines.
 *
 * Every client starts in line mode (what nc gets throughout). Once the client shows it
 * speaks telnet (any IAC, or a line ending in CR LF / CR NUL) it is offered character
 * mode; if it agrees, the session's line editor takes the input over and keeps the
 * prompt intact.
 */
export class TelnetConnection {
  readonly #session: TerminalSession;
  readonly #telnet = new TelnetProtocol();
  readonly #lines: LineDecoder;
  #firstLine = true;

  constructor(
    private readonly socket: TelnetSocket,
    readonly address: string,
    private readonly context: TelnetContext,
  ) {
    this.#lines = new LineDecoder(context.maxLine, context.lineHardCap);
    this.#session = new TerminalSession(socket, address, context, (bytes) => this.#process(bytes));
  }

  /** Resolves once the socket has closed. */
  get closed(): Promise<void> {
    return this.#session.closed;
  }

  /** Whether the client has shown it speaks telnet (sent IAC, or ended lines with CR LF / CR NUL). */
  get isTelnetClient(): boolean {
    return this.#telnet.sawCommand || this.#lines.sawTelnetLineEnd;
  }

  /** The connection opened: the member greets it, or says why there is no room. */
  start(): void {
    this.context.log(`telnet connect ${this.address}`);
    this.#session.member.start();
  }

  /** Bytes arrived from the client: handled a slice per event-loop turn (see `InputPacer`). */
  receive(chunk: Uint8Array): void {
    this.#session.receive(chunk);
  }

  /** The socket can take more output. */
  drained(): void {
    this.#session.drained();
  }

  /** The client closed its sending side: once what it sent is handled, it leaves. */
  peerEnded(): void {
    this.#session.peerEnded();
  }

  /** The server is stopping: whoever is still here is told so and disconnected. */
  shutdown(): void {
    this.#session.shutdown();
  }

  /** Closes at once, for a client that will not let its output drain. */
  terminate(): void {
    this.socket.terminate();
  }

  /** The socket is closed, whoever closed it. Safe to call more than once. */
  socketClosed(error?: Error): void {
    if (!this.#session.wireClosed(error ? "connection error" : "connection closed")) return;
    const client = this.isTelnetClient ? "telnet client" : "raw client";
    this.context.log(`telnet disconnect ${this.address} (${client}${error ? `, ${error.message}` : ""})`);
  }

  /** A slice of the client's bytes, in order: negotiation answered, the rest typed or read as lines. */
  #process(chunk: Uint8Array): void {
    const session = this.#session;
    if (session.closing) return;
    const { inputs, reply } = this.#telnet.feed(chunk);
    if (reply) session.send(reply);
    for (const input of inputs) {
      if (session.closing) return;
      this.#receiveInput(input);
    }
    // A telnet client was just recognised (its first IAC, or a CR LF split across reads): offer character mode, once.
    if (!session.closing && this.isTelnetClient) this.#offerCharacterMode(!this.#telnet.sawCommand);
  }

  /**
   * Offers character mode, unless it was offered before. `atRowStart`: the sign was a line
   * ending in CR LF, which the Debian client sends with no IAC at all when given a port (so
   * the line is the only sign it gives), and so do `nc -C` and IRC clients, which print the
   * offer. It goes out at the start of the row below the typed line, before anything
   * answers that line, with a CR after it: the answer's first line is written over it.
   */
  #offerCharacterMode(atRowStart: boolean): void {
    const offer = this.#telnet.offerCharacterMode();
    if (!offer) return;
    this.#session.send(offer);
    if (atRowStart) this.#session.send(CR_BYTES);
  }

  #receiveInput(input: TelnetInput): void {
    const session = this.#session;
    switch (input.kind) {
      case "data":
        if (session.editsLine) return session.type(input.bytes);
        for (const event of this.#lines.feed(input.bytes)) {
          if (session.closing) return;
          this.#handle(event);
        }
        return;
      case "interrupt":
        return session.press("interrupt");
      case "erase-char":
        return session.press("backspace");
      case "erase-line":
        return session.press("clear-line");
      case "echo":
        if (input.on) return session.startCharacterMode("now");
        // The client took echo back (DONT ECHO): it is a line-mode client again.
        session.stopCharacterMode();
        return session.send(CRLF_BYTES);
      case "window":
        return session.resize(input.columns, input.rows);
      case "terminal-type":
        session.terminalType = input.name;
        return;
      case "overrun":
        return session.cutOff("telnet subnegotiation too long", `a telnet subnegotiation of more than ${MAX_SUBNEGOTIATION} bytes`);
    }
  }

  #notIrc(): string {
    const port = this.context.ircPort?.();
    if (port === undefined) return "This is Switchboard's telnet port, not IRC; IRC is not enabled on this server.";
    return `This is Switchboard's telnet port, not IRC; IRC clients connect to port ${port}.`;
  }

  #handle(event: LineEvent): void {
    const firstLine = this.#firstLine;
    this.#firstLine = false;
    switch (event.kind) {
      case "line":
        if (firstLine && isHttpRequestLine(event.text))
          return this.#session.sayAndClose(`This is Switchboard's telnet port; open ${this.context.webUrl(this.socket.localAddress)} in a browser.`);
        if (firstLine && isIrcRegistrationLine(event.text))
          return this.#session.sayAndClose(this.#notIrc());
        if (this.#lines.sawTelnetLineEnd) this.#offerCharacterMode(true);
        return this.#session.member.line(event.text);
      case "too-long":
        return this.#session.member.lineTooLong(event.bytes);
      case "overflow":
        return this.#session.noLineEnd();
    }
  }
}
