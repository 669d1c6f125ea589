import type { RedisClient } from "bun";
import type { SharedSeats } from "../chat/admission/shared-seats.ts";
import { errorText } from "./error-text.ts";
import type { PartContext } from "./part-context.ts";
import { hashEntries } from "./redis-replies.ts";
import { KEYS } from "./scripts.ts";
import { SEATS_CHANGE, SEATS_REPLACE } from "./seat-scripts.ts";

/**
 * `--max-clients` and `--max-per-address` over every instance, counted in Redis (see
 * `seat-scripts.ts`). Each instance keeps a copy of the others' counts, told of every
 * change on a channel, and lets a client in or not at once from it: the limits can be
 * passed only by clients arriving on other instances at the same moment, within the
 * time a change takes to be told (README, "Several instances").
 */
export class RedisSeats implements SharedSeats {
  /** Seats of each other instance. */
  readonly #seatsOf = new Map<string, number>();
  #othersSeats = 0;
  /** Connections by address, then by other instance, where there are some. */
  readonly #at = new Map<string, Map<string, number>>();
  /** This instance's own counts, to count again after Redis lost them. */
  #mySeats = 0;
  readonly #mine = new Map<string, number>();

  constructor(
    private readonly context: PartContext,
    /** A connection in subscriber mode (the relay's). */
    private readonly listener: RedisClient,
  ) {}

  get othersSeats(): number {
    return this.#othersSeats;
  }

  othersAt(address: string): number {
    let count = 0;
    for (const there of this.#at.get(address)?.values() ?? []) count += there;
    return count;
  }

  changed(address: string | undefined, seats: number, connections: number): void {
    this.#mySeats += seats;
    if (address !== undefined) {
      const count = (this.#mine.get(address) ?? 0) + connections;
      if (count > 0) this.#mine.set(address, count);
      else this.#mine.delete(address);
    }
    // While the link is down, the whole count is sent again once it is back.
    if (!this.context.link.up) return;
    const { scripts, instance } = this.context;
    scripts.run(SEATS_CHANGE, this.#keys(instance), [instance, address ?? "", String(seats), String(connections)]).catch((error) => this.context.lost(error));
  }

  /** Hears the others' changes, and reads what they count now. */
  async listen(): Promise<void> {
    await this.listener.subscribe(KEYS.seatChanges, (message) => this.#heard(message));
    await this.#readAll();
  }

  /** After the link came back: counts this instance's own again (Redis may have lost them), and listens again. */
  async registerAgain(): Promise<void> {
    const pairs = [...this.#mine].flatMap(([address, count]) => [address, String(count)]);
    const { scripts, instance } = this.context;
    await scripts.run(SEATS_REPLACE, this.#keys(instance), [instance, String(this.#mySeats), ...pairs]);
    await this.listen();
  }

  /** Reads the others' seats again (each beat: a change may have been told while this one was not listening). */
  async refresh(): Promise<void> {
    const all: string[] | Record<string, string> = await this.context.commands.send("HGETALL", [KEYS.seats]);
    this.#seatsOf.clear();
    for (const [instance, seats] of hashEntries(all)) if (instance !== this.context.instance) this.#seatsOf.set(instance, Number(seats));
    this.#sumSeats();
  }

  /** `instance` is gone: its seats and connections no longer count. */
  async forget(instance: string): Promise<void> {
    await this.context.scripts.run(SEATS_REPLACE, this.#keys(instance), [instance, ""]);
  }

  #heard(message: string): void {
    const [instance, seats, address, connections] = message.split("\t");
    if (!instance || instance === this.context.instance) return;
    if (seats === "*") {
      this.#readInstance(instance).catch((error) => this.context.log(`redis: could not read the seats of ${instance} (${errorText(error)})`));
      return;
    }
    this.#seatsOf.set(instance, Number(seats));
    this.#sumSeats();
    if (address) this.#set(address, instance, Number(connections));
  }

  async #readAll(): Promise<void> {
    await this.refresh();
    for (const instance of this.#seatsOf.keys()) await this.#readInstance(instance);
  }

  async #readInstance(instance: string): Promise<void> {
    const { commands } = this.context;
    const seats: string | null = await commands.send("HGET", [KEYS.seats, instance]);
    const slots: string[] | Record<string, string> = await commands.send("HGETALL", [KEYS.slotsOf(instance)]);
    for (const [address, byInstance] of [...this.#at]) if (byInstance.has(instance)) this.#set(address, instance, 0);
    for (const [address, count] of hashEntries(slots)) this.#set(address, instance, Number(count));
    if (seats === null) this.#seatsOf.delete(instance);
    else this.#seatsOf.set(instance, Number(seats));
    this.#sumSeats();
  }

  #set(address: string, instance: string, count: number): void {
    let byInstance = this.#at.get(address);
    if (count <= 0) {
      byInstance?.delete(instance);
      if (byInstance?.size === 0) this.#at.delete(address);
      return;
    }
    if (!byInstance) this.#at.set(address, (byInstance = new Map()));
    byInstance.set(instance, count);
  }

  #sumSeats(): void {
    let seats = 0;
    for (const count of this.#seatsOf.values()) seats += count;
    this.#othersSeats = seats;
  }

  #keys(instance: string): string[] {
    return [KEYS.seats, KEYS.slotsOf(instance), KEYS.seatChanges];
  }
}
