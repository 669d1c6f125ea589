import { fail, ok, type Result } from "../result.ts";
import { AddressLimit } from "./address-limit.ts";
import type { SharedSeats } from "./shared-seats.ts";

/**
 * A place in the chat, held by one client from the moment it is let in (a telnet
 * connection still choosing a nickname, a browser joining) until it is gone. Seats are
 * what `--max-clients` counts, so clients that never pick a nickname count too.
 */
export interface Seat {
  readonly address: string;
  /**
   * Counts one more connection of this client against its address (a second tab's
   * event stream); false when the address has no slot left.
   */
  addConnection(): boolean;
  /** Gives back a slot taken with `addConnection`. */
  removeConnection(): void;
  /** Gives the seat back, with every slot it holds. Safe to call more than once. */
  release(): void;
}

export interface AdmissionLimits {
  /** Seats at once, both transports together (the classic "listener limit"). */
  maxClients: number;
  /** Connections from one address; loopback is exempt unless `limitLoopback`. */
  maxPerAddress: number;
  limitLoopback: boolean;
}

/**
 * The one door into the chat for every transport: a full server, too many connections
 * from one address and a server shutting down are refused here, with the same words
 * whichever way the client came in. With a shared backend (`shared`) the limits count
 * the seats and connections of every instance.
 */
export class Admission {
  readonly #addresses: AddressLimit;
  /** Shared with every seat, which counts itself out when released. */
  readonly #taken: SeatCount;
  #closed = false;
  /** Clients turned away because the server was full. */
  refusedFull = 0;

  constructor(
    readonly limits: AdmissionLimits,
    private readonly shared?: SharedSeats,
  ) {
    this.#addresses = new AddressLimit(limits.maxPerAddress, limits.limitLoopback, shared);
    this.#taken = { seats: 0, shared };
  }

  /** Seats taken: members, and clients on their way in. */
  get seats(): number {
    return this.#taken.seats;
  }

  isFull(): boolean {
    return this.#taken.seats + (this.shared?.othersSeats ?? 0) >= this.limits.maxClients;
  }

  /** Lets a client from `address` in, or says why not. */
  admit(address: string): Result<Seat> {
    if (this.#closed) return fail("shutting-down", SHUTTING_DOWN);
    if (this.isFull()) {
      this.refusedFull++;
      return fail("server-full", `The server is full (${this.limits.maxClients} members); try again later.`);
    }
    if (!this.#addresses.acquire(address)) return fail("too-many-from-address", TOO_MANY_FROM_ADDRESS);
    this.#taken.seats++;
    this.shared?.changed(this.#counted(address), 1, 1);
    return ok(new HeldSeat(address, this.#addresses, this.#taken));
  }

  /** No one else is let in: the server is stopping. */
  close(): void {
    this.#closed = true;
  }

  #counted(address: string): string | undefined {
    return this.#addresses.counts(address) ? address : undefined;
  }

}

interface SeatCount {
  seats: number;
  /** Where each change of seats and connections goes too, with a shared backend. */
  readonly shared: SharedSeats | undefined;
}

/** A class with no closures: there is one per client, and there may be 20,000 of them. */
class HeldSeat implements Seat {
  /** Address slots held: one for the seat, one per extra connection; 0 once released. */
  #slots = 1;

  constructor(
    readonly address: string,
    private readonly addresses: AddressLimit,
    private readonly taken: SeatCount,
  ) {}

  addConnection(): boolean {
    if (this.#slots === 0 || !this.addresses.acquire(this.address)) return false;
    this.#slots++;
    this.#tell(0, 1);
    return true;
  }

  removeConnection(): void {
    if (this.#slots <= 1) return;
    this.#slots--;
    this.addresses.release(this.address);
    this.#tell(0, -1);
  }

  release(): void {
    if (this.#slots === 0) return;
    this.#tell(-1, -this.#slots);
    for (; this.#slots > 0; this.#slots--) this.addresses.release(this.address);
    this.taken.seats--;
  }

  #tell(seats: number, connections: number): void {
    const shared = this.taken.shared;
    if (!shared) return;
    shared.changed(this.addresses.counts(this.address) ? this.address : undefined, seats, connections);
  }
}

/** What every client is told when the server stops (and what a late arrival is told). */
export const SHUTTING_DOWN = "The server is shutting down.";

export const TOO_MANY_FROM_ADDRESS = "Too many connections from your address; close one and try again later.";
