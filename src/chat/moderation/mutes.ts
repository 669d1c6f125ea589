import { nickSkeleton } from "../people/nickname.ts";

/**
 * Muted nicknames and until when (ms since the epoch; Infinity: until unmuted), by
 * skeleton: a muted member who comes back, or under a look-alike, is still muted.
 */
export class Mutes {
  readonly #until = new Map<string, number>();

  until(nick: string): number | undefined {
    return this.#until.get(nickSkeleton(nick));
  }

  set(nick: string, until: number): void {
    this.#until.set(nickSkeleton(nick), until);
  }

  delete(nick: string): void {
    this.#until.delete(nickSkeleton(nick));
  }
}
