/**
 * Seats and connections per address on the other instances that share the chat, so that
 * `--max-clients` and `--max-per-address` count the whole cluster. A client is let in or
 * not at once, from what this instance last heard (every change it makes brings back the
 * others' counts); its own changes go to the shared counter as they happen.
 */
export interface SharedSeats {
  /** Seats taken on the other instances. */
  readonly othersSeats: number;
  /** Connections `address` holds on the other instances, as last heard (0 when never heard of). */
  othersAt(address: string): number;
  /**
   * This instance's seats changed by `seats`, and the connections of `address` by
   * `connections` (`address` undefined: none of its connections are counted).
   */
  changed(address: string | undefined, seats: number, connections: number): void;
}
