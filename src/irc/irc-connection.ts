import { SHUTTING_DOWN, type Result, type Seat, type Timer } from "../chat/index.ts";
import { CLOSE_GRACE_MS } from "../connections/close-grace.ts";
import { OutputQueue, type ByteSink } from "../output/output-queue.ts";
import type { Handled, IrcClient, RegisteredClient } from "./irc-client.ts";
import type { IrcContext } from "./irc-context.ts";
import { IrcLineReader } from "./irc-lines.ts";
import { formatMessage, parseMessage, type IrcMessage } from "./irc-message.ts";
import { ERR } from "./numerics.ts";
import { Registration } from "./registration.ts";

/** The socket operations a connection uses (a Bun TCP or TLS socket has them all). */
export interface IrcSocket extends ByteSink {
  terminate(): void;
}


/** What a client may send while its lines wait (fakelag), before it is cut off as a flood. */
const MAX_WAITING_LINES = 100;
const MAX_WAITING_BYTES = 64 * 1024;
/** Output a client may leave unread before it is dropped: a few thousand lines. */
const OUTPUT_LIMIT = 1024 * 1024;
const CRLF = "\r\n";
/**
 * A client silent this long is sent a PING; silent as long again, it is gone ("Ping
 * timeout", as IRC servers say): a client that vanished without a FIN leaves its room.
 */
export const PING_AFTER_MS = 120_000;

/**
 * One IRC client: its lines read in order and answered in order, first by its
 * `Registration` (CAP, NICK, USER, SASL), then by the `IrcMember` it becomes, which the
 * chat delivers to. What it is sent goes through one capped output queue.
 */
export class IrcConnection implements IrcClient {
  /** The client's nickname, `*` until it has one. */
  nick = "*";
  /** The IRCv3 capabilities it enabled. */
  readonly caps = new Set<string>();
  member: RegisteredClient | undefined;
  readonly #output: OutputQueue;
  readonly #reader: IrcLineReader;
  readonly #waiting: string[] = [];
  #waitingBytes = 0;
  /** A line is being answered (its promise, a fakelag wait): the next ones wait. */
  #busy = false;
  #closing = false;
  #closed = false;
  #registration: Registration | undefined;
  /** The place `admit` gave; given back when the socket closes. */
  #seat: Seat | undefined;
  #closeDeadline: Timer | undefined;
  /** Checks the client is still there (see `PING_AFTER_MS`). */
  #liveness: Timer | undefined;
  /** Something came from the client since the last check. */
  #heard = true;
  #pinged = false;
  readonly #whenClosed = Promise.withResolvers<void>();
  readonly #utf8 = new TextEncoder();

  constructor(
    private readonly socket: IrcSocket,
    readonly address: string,
    readonly context: IrcContext,
  ) {
    this.#output = new OutputQueue(socket, OUTPUT_LIMIT);
    this.#reader = new IrcLineReader({
      line: (text) => this.#queue(text),
      tooLong: () => this.numeric(ERR.INPUTTOOLONG, "Input line was too long"),
    });
  }

  get closed(): Promise<void> {
    return this.#whenClosed.promise;
  }

  get closing(): boolean {
    return this.#closing;
  }

  /** The connection opened: admitted (a seat) or told why not and closed. */
  start(): void {
    this.context.log(`irc connect ${this.address}`);
    const seat: Result<Seat> = this.context.chat.admit(this.address);
    if (!seat.ok) return this.close(seat.error.message);
    this.#seat = seat.value;
    this.#registration = new Registration(this, seat.value);
    this.#checkLiveness();
  }

  receive(chunk: Uint8Array): void {
    if (this.#closing) return;
    this.#heard = true;
    this.#reader.push(chunk);
  }

  #checkLiveness(): void {
    this.#liveness = this.context.chat.clock.after(PING_AFTER_MS, () => {
      if (this.#closing) return;
      if (this.#heard) {
        this.#heard = false;
        this.#pinged = false;
      } else if (!this.#pinged) {
        this.#pinged = true;
        this.send({ command: "PING", params: [this.context.serverName] });
      } else {
        this.#leave(`ping timeout: ${PING_AFTER_MS / 1000} seconds`);
        return this.close(`Ping timeout: ${PING_AFTER_MS / 1000} seconds`);
      }
      this.#checkLiveness();
    });
  }

  drained(): void {
    this.#output.flush();
  }

  /** The client closed its side: what it sent before is answered, then it leaves. */
  peerEnded(): void {
    this.#queue("QUIT :connection closed");
  }

  /** Sends one message (formatted once here; shared renderings go through `sendBytes`). */
  send(message: IrcMessage): void {
    this.sendBytes(this.#utf8.encode(formatMessage(message) + CRLF));
  }

  /** Sends bytes already made (lines ending in CR LF): a client that does not read them is dropped. */
  sendBytes(bytes: Uint8Array): void {
    if (this.#closed || this.#closing) return;
    if (this.#output.write(bytes)) return;
    this.context.log(`irc ${this.address} (${this.nick}): output not read, dropped`);
    this.#leave("too slow to read");
    this.socket.terminate();
  }

  /** `:server CODE nick params…`, the shape of every numeric. */
  numeric(code: string, ...params: string[]): void {
    this.send({ source: this.context.serverName, command: code, params: [this.nick, ...params] });
  }

  /** The registration is done: the chat has the member, which answers from now on. */
  joined(member: RegisteredClient): void {
    this.member = member;
    this.#registration = undefined;
  }

  /** Says `ERROR :reason` and disconnects once it is out (or after the close grace). */
  close(reason: string): void {
    if (this.#closing || this.#closed) return;
    this.send({ command: "ERROR", params: [reason] });
    this.#closing = true;
    this.#registration?.cancel();
    this.#liveness?.cancel();
    this.#output.endWhenFlushed();
    this.#closeDeadline = this.context.chat.clock.after(CLOSE_GRACE_MS, () => this.socket.terminate());
  }

  /** The server is stopping: the member leaves, told so. */
  shutdown(): void {
    this.#leave("server shutting down");
    this.close(SHUTTING_DOWN);
  }

  terminate(): void {
    this.socket.terminate();
  }

  /** The socket closed, whoever closed it: the member leaves, the seat is given back. Safe twice. */
  socketClosed(error?: Error): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closing = true;
    this.#closeDeadline?.cancel();
    this.#liveness?.cancel();
    this.#registration?.cancel();
    this.#leave(error ? "connection error" : "connection closed");
    this.member?.release();
    this.#seat?.release();
    this.context.log(`irc disconnect ${this.address}${this.nick === "*" ? "" : ` (${this.nick})`}${error ? `: ${error.message}` : ""}`);
    this.#whenClosed.resolve();
  }

  #leave(reason: string): void {
    this.member?.leave(reason);
  }

  #queue(text: string): void {
    if (this.#closing) return;
    this.#waiting.push(text);
    this.#waitingBytes += text.length;
    if (this.#waiting.length > MAX_WAITING_LINES || this.#waitingBytes > MAX_WAITING_BYTES) {
      this.#leave("excess flood");
      return this.close("Excess flood");
    }
    this.#pump();
  }

  /** Answers the waiting lines in order, until one must wait (its promise, its turn of the rate). */
  #pump(): void {
    while (!this.#busy && !this.#closing && this.#waiting.length > 0) {
      const text = this.#waiting[0]!;
      let handled: Handled;
      try {
        handled = this.#handle(text);
      } catch (error) {
        this.context.log(`irc error ${this.address}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        handled = undefined;
      }
      if (handled && "retryInMs" in handled) {
        this.#busy = true;
        this.context.chat.clock.after(Math.max(1, handled.retryInMs), () => this.#resume());
        return;
      }
      this.#waiting.shift();
      this.#waitingBytes -= text.length;
      if (handled instanceof Promise) {
        this.#busy = true;
        void handled.catch((error) => this.context.log(`irc error ${this.address}: ${String(error)}`)).finally(() => this.#resume());
        return;
      }
    }
  }

  #resume(): void {
    this.#busy = false;
    this.#pump();
  }

  #handle(text: string): Handled {
    const message = parseMessage(text);
    // An empty line (or tags alone) is no command: nothing to answer.
    if (!message) return;
    if (this.member) return this.member.handle(message);
    if (this.#registration) return this.#registration.handle(message);
    return;
  }
}
