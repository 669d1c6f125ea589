import type { SharedSeats } from "./shared-seats.ts";

/**
 * Counts connections per client address so one address cannot take every slot; with a
 * shared backend, its connections on the other instances count too.
 * Loopback is exempt unless `limitLoopback` is set (tests and local tools connect from it).
 */
export class AddressLimit {
  readonly #counts = new Map<string, number>();

  constructor(
    readonly maxPerAddress: number,
    readonly limitLoopback = false,
    private readonly shared?: SharedSeats,
  ) {}

  /** Whether `address`'s connections are counted at all. */
  counts(address: string): boolean {
    return this.limitLoopback || !isLoopback(address);
  }

  /** Reserves a slot for `address`; false when it already has the maximum. */
  acquire(address: string): boolean {
    if (!this.counts(address)) return true;
    const count = this.#counts.get(address) ?? 0;
    if (count + (this.shared?.othersAt(address) ?? 0) >= this.maxPerAddress) return false;
    this.#counts.set(address, count + 1);
    return true;
  }

  /** Gives back a slot taken with `acquire`. */
  release(address: string): void {
    if (!this.counts(address)) return;
    const count = this.#counts.get(address) ?? 0;
    if (count <= 1) this.#counts.delete(address);
    else this.#counts.set(address, count - 1);
  }
}

export function isLoopback(address: string): boolean {
  return (
    address === "::1" ||
    address.startsWith("127.") ||
    address.startsWith("::ffff:127.") ||
    address === "localhost"
  );
}
