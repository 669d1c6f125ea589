import { SHUTTING_DOWN, type Seat } from "../chat/admission.ts";
import type { Chat } from "../chat/chat.ts";
import { sameNick, type ChatEvent, type RecordedEvent } from "../chat/events.ts";
import type { Member, MemberSink } from "../chat/member.ts";
import { CharacterMode, type TypingAction } from "./character-mode.ts";
import { isHttpRequestLine } from "./http-request.ts";
import { InputPacer, type PausableSource } from "./input-pacer.ts";
import { LineDecoder, type LineEvent } from "./line-decoder.ts";
import { OutputQueue, type ByteSink } from "./output-queue.ts";
import { renderSystem, type RenderedEvents } from "./render.ts";
import { TelnetProtocol, type TelnetInput } from "./telnet-protocol.ts";
import { colourByDefault, renderStyle, type RenderStyle } from "./terminal-style.ts";
import { terminalSafe } from "./terminal-text.ts";

/** The socket operations a session uses (a Bun TCP socket has them all). */
export interface TelnetSocket extends ByteSink, PausableSource {
  /** Closes at once, dropping unsent output. */
  terminate(): void;
}

/** What every session of one telnet listener shares. */
export interface SessionContext {
  readonly chat: Chat;
  readonly rendered: RenderedEvents;
  readonly maxLine: number;
  /** Bytes of unfinished line after which the client is cut off. */
  readonly lineHardCap: number;
  /** Bytes of unsent output after which the client is dropped as too slow. */
  readonly outputLimit: number;
  /** Input handled per connection per event-loop turn, and how much may wait (see `InputPacer`). */
  readonly inputSlice: number;
  readonly maxHeldInput: number;
  /** How long a session saying goodbye may take to flush before its socket is cut. */
  readonly closeGraceMs: number;
  readonly nickTimeoutSeconds: number;
  readonly webUrl: string;
  readonly log: (line: string) => void;
}

const enum Phase {
  /** Connected, asked for a nickname. */
  ChoosingNick,
  /** A member of the chat. */
  Chatting,
  /** Saying a last line before the socket ends; input and events are ignored. */
  Closing,
  Closed,
}

const utf8 = new TextEncoder();
const CRLF_BYTES = utf8.encode("\r\n");
const NICK_PROMPT = "Pick a nickname: ";
const NICK_PROMPT_BYTES = utf8.encode(NICK_PROMPT);
/** Columns assumed until the client reports its window size (NAWS). */
const DEFAULT_COLUMNS = 80;

/**
 * One telnet or netcat connection, from greeting to goodbye: asks for a nickname,
 * then hands each line to the chat and writes the chat's events back. It is the
 * member's sink, so the chat reaches the socket only through `deliver` and `close`.
 *
 * Every client starts in line mode (what nc gets throughout). Once the client shows it
 * speaks telnet (any IAC, or a line ending in CR LF / CR NUL) it is offered character
 * mode; if it agrees, `CharacterMode` takes the input over and keeps the prompt intact.
 */
export class TelnetSession implements MemberSink {
  readonly #telnet = new TelnetProtocol();
  readonly #lines: LineDecoder;
  /** Set while the client is in character mode. */
  #character: CharacterMode | undefined;
  #columns = DEFAULT_COLUMNS;
  #terminalType: string | undefined;
  readonly #output: OutputQueue;
  /** Made for the first read larger than a slice: most clients never send one. */
  #pacer: InputPacer | undefined;
  #phase = Phase.ChoosingNick;
  #member: Member | undefined;
  /** The nickname being asked for, until the chat has accepted a member. */
  #requestedNick = "";
  #firstLine = true;
  /** The prompt was repeated for an empty line, and no other line has come since. */
  #askedAgain = false;
  /** The client's place in the chat, from connect to close. */
  #seat: Seat | undefined;
  #nickTimer: ReturnType<typeof setTimeout> | undefined;
  /** Cuts the socket if saying goodbye takes too long (a client that stopped reading). */
  #closeDeadline: ReturnType<typeof setTimeout> | undefined;
  /** Made when first asked for: only a server shutdown waits for a session to close. */
  #closed: PromiseWithResolvers<void> | undefined;

  constructor(
    private readonly socket: TelnetSocket,
    readonly address: string,
    private readonly context: SessionContext,
  ) {
    this.#lines = new LineDecoder(context.maxLine, context.lineHardCap);
    this.#output = new OutputQueue(socket, context.outputLimit);
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

  /** The connection opened: refuse it if there is no room, else greet and ask for a nickname. */
  start(): void {
    const { chat, nickTimeoutSeconds } = this.context;
    this.context.log(`telnet connect ${this.address}`);
    const seat = chat.admit(this.address);
    if (!seat.ok) return this.#sayAndClose(seat.error.message);
    this.#seat = seat.value;
    this.#send(utf8.encode(`Welcome to Switchboard. ${chat.memberCount} online.\r\n`));
    this.#send(NICK_PROMPT_BYTES);
    this.#nickTimer = setTimeout(
      () => this.#guarded(() => this.#sayAndClose(`No nickname chosen in ${nickTimeoutSeconds} seconds; goodbye.`)),
      nickTimeoutSeconds * 1000,
    );
  }

  /** Bytes arrived from the client: handled a slice per event-loop turn (see `InputPacer`). */
  receive(chunk: Uint8Array): void {
    if (this.#phase >= Phase.Closing) return;
    if (!this.#pacer && chunk.length <= this.context.inputSlice) return this.#process(chunk);
    this.#pacer ??= new InputPacer(this.socket, (bytes) => this.#guarded(() => this.#process(bytes)), this.context);
    if (this.#pacer.receive(chunk)) return;
    this.#leave("flooding");
    this.#sayAndClose(`Input cut off: over ${this.context.maxHeldInput} bytes arrived faster than they could be handled; goodbye.`);
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

  /** The socket can take more output. */
  drained(): void {
    this.#output.flush();
  }

  /** The client closed its sending side: once what it sent is handled, it leaves. */
  peerEnded(): void {
    const leave = () =>
      this.#guarded(() => {
        if (this.#phase >= Phase.Closing) return;
        this.#leave("connection closed");
        this.#endGracefully();
      });
    if (this.#pacer) this.#pacer.whenIdle(leave);
    else leave();
  }

  /** The server is stopping: whoever is still here is told so and disconnected. */
  shutdown(): void {
    if (this.#phase >= Phase.Closing) return;
    this.#leave("server shutting down");
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
    this.#stopNickTimer();
    clearTimeout(this.#closeDeadline);
    this.#pacer?.stop();
    this.#leave(error ? "connection error" : "connection closed");
    this.#seat?.release();
    const client = this.isTelnetClient ? "telnet client" : "raw client";
    this.context.log(`telnet disconnect ${this.address} (${client}${error ? `, ${error.message}` : ""})`);
    this.#closed?.resolve();
  }

  /** MemberSink: a room's recent conversation, shown before the live events that follow. */
  enter(_room: string, history: readonly RecordedEvent[]): void {
    // Old news: a mention in it is highlighted but does not ring.
    for (const event of history) this.#show(event, false);
  }

  /** MemberSink: renders the event (once per transport and variant, shared) and queues it. */
  deliver(event: ChatEvent): void {
    if (!this.#character && this.#isOwnLine(event)) return;
    this.#show(event, true);
  }

  /**
   * In line mode the terminal already shows what was typed (SPEC §2), so the member's
   * own message or action is not printed a second time. In character mode the editor
   * clears the typed line on Enter, so the room's version is the one that stays.
   */
  #isOwnLine(event: ChatEvent): boolean {
    return (event.kind === "message" || event.kind === "action") && event.from === this.#member?.nick;
  }

  /** MemberSink: the chat is done with this member (quit, kick, shutdown). */
  close(reason: string): void {
    if (this.#phase >= Phase.Closing) return;
    this.#sayAndClose(reason);
  }

  #show(event: ChatEvent, live: boolean): void {
    if (this.#phase >= Phase.Closing) return;
    this.#print(this.context.rendered.bytesFor(event, this.#nick, this.#style, live));
  }

  get #nick(): string {
    return this.#member?.nick ?? this.#requestedNick;
  }

  /** Colours by the member's choice, else on in character mode on a terminal that shows them. */
  get #style(): RenderStyle {
    const preferences = this.#member?.preferences ?? {};
    return renderStyle(
      preferences.colour ?? (this.#character !== undefined && colourByDefault(this.#terminalType)),
      preferences.timestamps ?? true,
    );
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
    }
  }

  #startCharacterMode(): void {
    if (this.#character) return;
    this.#character = new CharacterMode(
      { write: (bytes) => this.#send(bytes), prompt: () => this.#prompt() },
      { maxBytes: this.context.maxLine, hardCap: this.context.lineHardCap, completions: () => this.#othersInRoom() },
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

  #prompt(): string {
    return this.#member ? `[${terminalSafe(this.#member.nick)}] ` : NICK_PROMPT;
  }

  #othersInRoom(): string[] {
    const member = this.#member;
    if (!member) return [];
    return this.context.chat
      .membersOf(member.room)
      .map((other) => other.nick)
      .filter((nick) => !sameNick(nick, member.nick));
  }

  /** Does what typing asked for: a finished line, leaving (Ctrl-D), or nothing more (no Enter for too long). */
  #act(actions: TypingAction[]): void {
    for (const action of actions) {
      if (this.#phase >= Phase.Closing) return;
      switch (action.kind) {
        case "submit":
          this.#line(action.line, false);
          break;
        case "leave":
          if (this.#member) this.#input(this.#member, "/quit");
          else this.#sayAndClose("Goodbye!");
          break;
        case "overflow":
          this.#cutOff();
          break;
      }
    }
  }

  #handle(event: LineEvent): void {
    const firstLine = this.#firstLine;
    this.#firstLine = false;
    switch (event.kind) {
      case "line":
        return this.#line(event.text, firstLine);
      case "too-long":
        this.#sayLine(`Line too long (${event.bytes} bytes; limit ${this.context.maxLine})`);
        if (!this.#member) this.#askNick();
        return;
      case "overflow":
        return this.#cutOff();
    }
  }

  /** Input that never ends a line: the client is not sending chat lines. */
  #cutOff(): void {
    this.#leave("line too long");
    this.#sayAndClose(`Input cut off: no line end in ${this.context.lineHardCap} bytes; goodbye.`);
  }

  #line(text: string, firstLine: boolean): void {
    if (this.#member) return this.#input(this.#member, text);
    if (firstLine && isHttpRequestLine(text))
      return this.#sayAndClose(`This is Switchboard's telnet port; open ${this.context.webUrl} in a browser.`);
    this.#join(text);
  }

  /** Asks for a nickname again; in character mode the prompt is redrawn after the reason anyway. */
  #askNick(): void {
    if (!this.#character) this.#send(NICK_PROMPT_BYTES);
  }

  #join(nick: string): void {
    if (!this.#seat) return;
    if (!nick.trim()) {
      // Enter on an empty prompt just asks again, and only once in a row: a flood of bare
      // CRs must not cost output (let alone an error line) per CR.
      if (!this.#askedAgain) this.#askNick();
      this.#askedAgain = true;
      return;
    }
    this.#askedAgain = false;
    this.#requestedNick = nick.trim();
    const joined = this.context.chat.join({ nick, transport: "telnet", seat: this.#seat }, this);
    if (!joined.ok) {
      if (joined.error.code === "shutting-down") return this.#sayAndClose(joined.error.message);
      this.#sayLine(joined.error.message);
      this.#askNick();
      return;
    }
    // The chat has already shown history (`enter`) and announced the join (`deliver`).
    this.#member = joined.value;
    this.#phase = Phase.Chatting;
    this.#stopNickTimer();
    this.#sayLine(`You are ${joined.value.nick}. Type /help for the commands, /quit to leave.`);
  }

  #input(member: Member, line: string): void {
    try {
      const result = this.context.chat.input(member, line);
      if (!result.ok && this.#phase === Phase.Chatting) this.#sayLine(result.error.message, true);
    } catch (error) {
      // A fault in handling one line costs that line, not the connection.
      this.context.log(`telnet input error from ${member.nick}: ${String(error)}`);
      this.#sayLine("Sorry, something went wrong with that line.");
    }
  }

  #leave(reason: string): void {
    if (this.#member) this.context.chat.leave(this.#member, reason);
  }

  #sayLine(text: string, error = false): void {
    this.#print(utf8.encode(renderSystem(text, this.#style, error)));
  }

  /** Writes whole lines; in character mode, above the input row. */
  #print(bytes: Uint8Array): void {
    if (this.#character) this.#character.print(bytes);
    else this.#send(bytes);
  }

  /** Says a last line, then ends the socket (see `#endGracefully`). */
  #sayAndClose(text: string): void {
    if (this.#phase >= Phase.Closing) return;
    this.#sayLine(text);
    this.#character?.stop();
    this.#endGracefully();
  }

  /**
   * Takes no more input and ends the socket once its output has gone out, but no later
   * than the grace period: a client that stopped reading would otherwise keep its socket
   * (and its seat) for as long as it likes. The one way every goodbye ends, server
   * shutdown included.
   */
  #endGracefully(): void {
    this.#phase = Phase.Closing;
    this.#stopNickTimer();
    this.#pacer?.stop();
    this.#output.endWhenFlushed();
    this.#closeDeadline = setTimeout(() => this.socket.terminate(), this.context.closeGraceMs);
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
    this.#stopNickTimer();
    this.#pacer?.stop();
    queueMicrotask(() =>
      this.#guarded(() => {
        this.#leave("too slow");
        this.socket.terminate();
      }),
    );
  }

  /** Clears the timer and lets it go: a member keeps its session for hours. */
  #stopNickTimer(): void {
    clearTimeout(this.#nickTimer);
    this.#nickTimer = undefined;
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
