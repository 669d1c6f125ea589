import type { Chat } from "../chat/chat.ts";
import type { AddressLimit } from "../chat/address-limit.ts";
import type { ChatEvent, RecordedEvent } from "../chat/events.ts";
import type { Member, MemberSink } from "../chat/member.ts";
import { isHttpRequestLine } from "./http-request.ts";
import { LineDecoder, type LineEvent } from "./line-decoder.ts";
import { OutputQueue, type ByteSink } from "./output-queue.ts";
import { renderSystem, type RenderedEvents } from "./render.ts";
import { TelnetDecoder } from "./telnet-decoder.ts";

/** The socket operations a session uses (a Bun TCP socket has them all). */
export interface TelnetSocket extends ByteSink {
  /** Closes at once, dropping unsent output. */
  terminate(): void;
}

/** What every session of one telnet listener shares. */
export interface SessionContext {
  readonly chat: Chat;
  readonly rendered: RenderedEvents;
  readonly addressLimit: AddressLimit;
  readonly maxLine: number;
  /** Bytes of unfinished line after which the client is cut off. */
  readonly lineHardCap: number;
  /** Bytes of unsent output after which the client is dropped as too slow. */
  readonly outputLimit: number;
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

const SHUTDOWN_REASON = "The server is shutting down.";
const PROMPT = new TextEncoder().encode("Pick a nickname: ");

/**
 * One telnet or netcat connection, from greeting to goodbye: asks for a nickname,
 * then hands each line to the chat and writes the chat's events back. It is the
 * member's sink, so the chat reaches the socket only through `deliver` and `close`.
 */
export class TelnetSession implements MemberSink {
  readonly #telnet = new TelnetDecoder();
  readonly #lines: LineDecoder;
  readonly #output: OutputQueue;
  readonly #utf8 = new TextEncoder();
  #phase = Phase.ChoosingNick;
  #member: Member | undefined;
  /** The nickname being asked for, until the chat has accepted a member. */
  #requestedNick = "";
  #firstLine = true;
  #holdsAddressSlot = false;
  #nickTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #closed = Promise.withResolvers<void>();

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
    return this.#closed.promise;
  }

  /** Whether the client has shown it speaks telnet (sent IAC, or ended lines with CR LF / CR NUL). */
  get isTelnetClient(): boolean {
    return this.#telnet.sawCommand || this.#lines.sawTelnetLineEnd;
  }

  /** The connection opened: refuse it if there is no room, else greet and ask for a nickname. */
  start(): void {
    const { chat, addressLimit, nickTimeoutSeconds } = this.context;
    this.context.log(`telnet connect ${this.address}`);
    if (chat.isFull())
      return this.#sayAndClose(`The server is full (${chat.options.maxClients} members); try again later.`);
    if (!addressLimit.acquire(this.address))
      return this.#sayAndClose("Too many connections from your address; try again later.");
    this.#holdsAddressSlot = true;
    this.#send(this.#utf8.encode(`Welcome to Switchboard. ${chat.memberCount} online.\r\n`));
    this.#send(PROMPT);
    this.#nickTimer = setTimeout(
      () => this.#guarded(() => this.#sayAndClose(`No nickname chosen in ${nickTimeoutSeconds} seconds; goodbye.`)),
      nickTimeoutSeconds * 1000,
    );
  }

  /** Bytes arrived from the client. */
  receive(chunk: Uint8Array): void {
    if (this.#phase >= Phase.Closing) return;
    const { data, reply } = this.#telnet.feed(chunk);
    if (reply) this.#send(reply);
    for (const event of this.#lines.feed(data)) {
      if (this.#phase >= Phase.Closing) return;
      this.#handle(event);
    }
  }

  /** The socket can take more output. */
  drained(): void {
    this.#output.flush();
  }

  /** The client closed its sending side: it can say nothing more, so it leaves. */
  peerEnded(): void {
    if (this.#phase >= Phase.Closing) return;
    this.#leave("connection closed");
    this.#phase = Phase.Closing;
    clearTimeout(this.#nickTimer);
    this.#output.endWhenFlushed();
  }

  /** The server is stopping: whoever is still here is told so and disconnected. */
  shutdown(): void {
    if (this.#phase >= Phase.Closing) return;
    this.#leave("server shutting down");
    this.#sayAndClose(SHUTDOWN_REASON);
  }

  /** Closes at once, for a client that will not let its output drain. */
  terminate(): void {
    this.socket.terminate();
  }

  /** The socket is closed, whoever closed it. Safe to call more than once. */
  socketClosed(error?: Error): void {
    if (this.#phase === Phase.Closed) return;
    this.#phase = Phase.Closed;
    clearTimeout(this.#nickTimer);
    this.#leave(error ? "connection error" : "connection closed");
    if (this.#holdsAddressSlot) this.context.addressLimit.release(this.address);
    this.#holdsAddressSlot = false;
    const client = this.isTelnetClient ? "telnet client" : "raw client";
    this.context.log(`telnet disconnect ${this.address} (${client}${error ? `, ${error.message}` : ""})`);
    this.#closed.resolve();
  }

  /** MemberSink: a room's recent conversation, shown before the live events that follow. */
  enter(_room: string, history: readonly RecordedEvent[]): void {
    for (const event of history) this.deliver(event);
  }

  /** MemberSink: renders the event (once per transport, shared) and queues it. */
  deliver(event: ChatEvent): void {
    if (this.#phase >= Phase.Closing) return;
    this.#send(this.context.rendered.bytesFor(event, this.#nick));
  }

  /** MemberSink: the chat is done with this member (quit, kick, shutdown). */
  close(reason: string): void {
    if (this.#phase >= Phase.Closing) return;
    this.#sayAndClose(reason);
  }

  get #nick(): string {
    return this.#member?.nick ?? this.#requestedNick;
  }

  #handle(event: LineEvent): void {
    const firstLine = this.#firstLine;
    this.#firstLine = false;
    switch (event.kind) {
      case "line":
        if (this.#member) return this.#input(this.#member, event.text);
        if (firstLine && isHttpRequestLine(event.text))
          return this.#sayAndClose(`This is Switchboard's telnet port; open ${this.context.webUrl} in a browser.`);
        return this.#join(event.text);
      case "too-long":
        this.#sayLine(`Line too long (${event.bytes} bytes; limit ${this.context.maxLine})`);
        if (!this.#member) this.#send(PROMPT);
        return;
      case "overflow":
        this.#leave("line too long");
        return this.#sayAndClose(`Input cut off: no line end in ${this.context.lineHardCap} bytes; goodbye.`);
    }
  }

  #join(nick: string): void {
    this.#requestedNick = nick.trim();
    const joined = this.context.chat.join({ nick, transport: "telnet", address: this.address }, this);
    if (!joined.ok) {
      if (joined.error.code === "server-full" || joined.error.code === "shutting-down") return this.#sayAndClose(joined.error.message);
      this.#sayLine(joined.error.message);
      this.#send(PROMPT);
      return;
    }
    // The chat has already replayed history and announced the join through `deliver`.
    this.#member = joined.value;
    this.#phase = Phase.Chatting;
    clearTimeout(this.#nickTimer);
    this.#sayLine(`You are ${joined.value.nick}. Type /help for the commands, /quit to leave.`);
  }

  #input(member: Member, line: string): void {
    try {
      this.context.chat.input(member, line);
    } catch (error) {
      // A fault in handling one line costs that line, not the connection.
      this.context.log(`telnet input error from ${member.nick}: ${String(error)}`);
      this.#sayLine("Sorry, something went wrong with that line.");
    }
  }

  #leave(reason: string): void {
    if (this.#member) this.context.chat.leave(this.#member, reason);
  }

  #sayLine(text: string): void {
    this.#send(this.#utf8.encode(renderSystem(text)));
  }

  /** Says a last line, then ends the socket once all output has gone out. */
  #sayAndClose(text: string): void {
    if (this.#phase >= Phase.Closing) return;
    this.#sayLine(text);
    this.#phase = Phase.Closing;
    clearTimeout(this.#nickTimer);
    this.#output.endWhenFlushed();
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
    clearTimeout(this.#nickTimer);
    queueMicrotask(() =>
      this.#guarded(() => {
        this.#leave("too slow");
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
