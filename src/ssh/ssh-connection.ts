import type { Duplex } from "node:stream";
import type { Proof, Seat } from "../chat/index.ts";
import type { TerminalContext } from "../terminal/terminal-context.ts";
import { TerminalSession } from "../terminal/terminal-session.ts";

/** The terminal the client asked for with its pty. */
export interface PtyInfo {
  /** 0 when the client has no terminal (e.g. `ssh -T`, or input from a pipe). */
  readonly columns: number;
  /** 0 when unknown. */
  readonly rows?: number;
  /** `TERM` on the client's side, when it said. */
  readonly term: string | undefined;
}

/** Bytes ssh2 may hold for a channel before the queue waits for its `drain`. */
const CHANNEL_HIGH_WATER = 64 * 1024;

/**
 * One SSH shell session: a pty's channel carrying a terminal session. The server always
 * edits the line (the client's terminal is raw), with the same line editor, rendering
 * and member as telnet's character mode; the nickname is the SSH user name.
 */
export class SshConnection {
  readonly #session: TerminalSession;
  /** The channel closed: nothing more is written to it. */
  #closed = false;

  constructor(
    private readonly channel: Duplex,
    readonly address: string,
    private readonly context: TerminalContext,
    pty: PtyInfo,
    /** Ends the whole SSH connection (the session's channel, and the client's TCP socket). */
    private readonly disconnect: () => void,
  ) {
    const session = new TerminalSession(
      {
        // ssh2 takes every byte it is given; past its high-water mark, the queue holds them (and caps them).
        write: (bytes) => (this.#closed ? -1 : channel.writableLength > CHANNEL_HIGH_WATER ? 0 : (channel.write(bytes), bytes.length)),
        // The session ends after its last bytes; the connection once the channel has closed.
        end: () => channel.end(),
        pause: () => channel.pause(),
        resume: () => channel.resume(),
        terminate: () => this.#terminate(),
      },
      address,
      context,
      (bytes) => session.type(bytes),
    );
    this.#session = session;
    session.terminalType = pty.term;
    if (pty.columns > 0) session.resize(pty.columns, pty.rows);
    channel.on("data", (chunk: Buffer) => session.guard(() => session.receive(chunk)));
    channel.on("drain", () => session.guard(() => session.drained()));
    channel.on("close", () => this.#channelClosed());
    channel.on("error", () => {}); // a reset shows as "close"
  }

  /** Resolves once the session has closed. */
  get closed(): Promise<void> {
    return this.#session.closed;
  }

  /**
   * The session opened: the member greets it and joins as `nick` (or says why not, and
   * ends), or, without one, is asked for a nickname in the input row, as on telnet. It
   * takes the `seat` its connection has held since it was accepted (if it still has it).
   */
  start(nick: string | undefined, proof?: Proof, seat?: Seat): void {
    // The user name is the client's to choose: cut here, and made visible by the log itself (log-lines.ts).
    this.context.log(`ssh connect ${nick === undefined ? "(asked for a nickname)" : nick.slice(0, 64)} from ${this.address}`);
    const session = this.#session;
    session.startCharacterMode(nick === undefined ? "now" : "once-joined");
    session.guard(() => session.member.start(nick, proof, seat));
  }

  /** The client's window changed size. */
  resize(columns: number, rows?: number): void {
    if (columns > 0) this.#session.guard(() => this.#session.resize(columns, rows));
  }

  /** The server is stopping: whoever is still here is told so and disconnected. */
  shutdown(): void {
    this.#session.shutdown();
  }

  #terminate(): void {
    this.channel.destroy();
    this.#channelClosed();
  }

  /** The session's channel closed, whoever closed it. */
  #channelClosed(): void {
    this.#closed = true;
    if (!this.#session.wireClosed("connection closed")) return;
    this.disconnect();
    this.context.log(`ssh disconnect ${this.address}`);
  }
}
