/**
 * Counts connections per client address so one address cannot take every slot.
 * Loopback is exempt unless `limitLoopback` is set (tests and local tools connect from it).
 */
export class AddressLimit {
  readonly #counts = new Map<string, number>();

  constructor(
    readonly maxPerAddress: number,
    readonly limitLoopback = false,
  ) {}

  /** Reserves a slot for `address`; false when it already has the maximum. */
  acquire(address: string): boolean {
    if (this.#exempt(address)) return true;
    const count = this.#counts.get(address) ?? 0;
    if (count >= this.maxPerAddress) return false;
    this.#counts.set(address, count + 1);
    return true;
  }

  /** Gives back a slot taken with `acquire`. */
  release(address: string): void {
    if (this.#exempt(address)) return;
    const count = this.#counts.get(address) ?? 0;
    if (count <= 1) this.#counts.delete(address);
    else this.#counts.set(address, count - 1);
  }

  #exempt(address: string): boolean {
    return !this.limitLoopback && isLoopback(address);
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
