import type { Socket } from "node:net";
import type { Chat, Seat, Timer } from "../chat/index.ts";
import { refusalBytes } from "./refusal.ts";

/** Connections at once that have not opened a shell yet (OpenSSH's MaxStartups): past it, newcomers are turned away. */
export const MAX_STARTUPS = 100;

/** How long a client turned away has to read why, before its socket is closed anyway. */
const REFUSAL_LINGER_MS = 1000;

/**
 * Clients turned away that may wait that second at once. Past it (a flood), the rest are
 * closed as soon as the reason is written, and may miss it: 5,000 refusals a second from
 * clients that kept their side open held 10,000 descriptors otherwise.
 */
export const MAX_LINGERING = 1000;

const STARTUPS_FULL = "Too many connections are still logging in; try again in a moment.";

/**
 * SSH connections from the moment they are accepted until their shell opens. Each holds a
 * seat from its first byte, as a telnet connection does (counted against `--max-clients`
 * and the per-address limit: 2,000 unauthenticated ones from one address once stayed open,
 * and 20,000 ran the process out of file descriptors), and has `graceSeconds` to log in
 * and open its shell (OpenSSH's LoginGraceTime). At most `MAX_STARTUPS` are on their way
 * in at once. A client turned away is told why, before any crypto is spent on it.
 */
export class SshArrivals {
  /** By the client's address and port: what ssh2 tells of a connection when it hears it. */
  readonly #waiting = new Map<string, SshArrival>();
  /** Clients turned away that are still being given their second to read why. */
  #lingering = 0;

  constructor(
    private readonly chat: Chat,
    private readonly graceSeconds: number,
    private readonly log: (line: string) => void,
  ) {}

  /** A TCP connection was accepted: true when it may go on to ssh2, false when it has been turned away. */
  accept(socket: Socket): boolean {
    const address = socket.remoteAddress;
    // A peer that reset before this ran has no address: nothing sent to it would arrive.
    if (!address) {
      socket.destroy();
      return false;
    }
    if (this.#waiting.size >= MAX_STARTUPS) return this.#refuse(socket, STARTUPS_FULL);
    const seat = this.chat.admit(address);
    if (!seat.ok) return this.#refuse(socket, seat.error.message);
    const key = keyOf(address, socket.remotePort);
    const deadline = this.chat.clock.after(this.graceSeconds * 1000, () => {
      this.log(`ssh login timeout ${address}`);
      socket.destroy();
    });
    const arrival = new SshArrival(socket, seat.value, deadline, () => this.#waiting.delete(key));
    this.#waiting.set(key, arrival);
    socket.once("close", () => arrival.gone());
    return true;
  }

  /** The arrival of the client at `address` and `port`, while it has not opened its shell. */
  of(address: string | undefined, port: number | undefined): SshArrival | undefined {
    return address ? this.#waiting.get(keyOf(address, port)) : undefined;
  }

  /**
   * Says why, then closes once the client has closed its side, or after a second: a client
   * that kept its side open would otherwise hold the socket (and a file descriptor) for as
   * long as it liked. What it sends meanwhile is read and dropped: closing with unread
   * input resets the connection, and the client may lose the reason with it.
   */
  #refuse(socket: Socket, reason: string): false {
    socket.resume();
    if (this.#lingering >= MAX_LINGERING) {
      socket.write(refusalBytes(reason), () => socket.destroy());
      return false;
    }
    this.#lingering++;
    socket.end(refusalBytes(reason));
    const cut = this.chat.clock.after(REFUSAL_LINGER_MS, () => socket.destroy());
    socket.once("close", () => {
      cut.cancel();
      this.#lingering--;
    });
    return false;
  }

  /** The server is stopping: connections still logging in are cut (they have nobody to tell yet). */
  close(): void {
    for (const arrival of [...this.#waiting.values()]) arrival.cut();
  }
}

/** One connection on its way in: its seat, and its deadline. */
export class SshArrival {
  #seat: Seat | undefined;

  constructor(
    private readonly socket: Socket,
    seat: Seat,
    private readonly deadline: Timer,
    /** Takes it out of the connections still logging in. */
    private readonly arrived: () => void,
  ) {
    this.#seat = seat;
  }

  /**
   * Its shell opened: the member takes the seat and its own deadlines from here (once; a
   * second shell on the same connection is admitted on its own).
   */
  takeSeat(): Seat | undefined {
    const seat = this.#seat;
    this.#seat = undefined;
    this.deadline.cancel();
    this.arrived();
    return seat;
  }

  cut(): void {
    this.socket.destroy();
  }

  /** The socket closed: a seat not handed to a member is given back. */
  gone(): void {
    this.#seat?.release();
    this.takeSeat();
  }
}

function keyOf(address: string, port: number | undefined): string {
  return `${address} ${port}`;
}


