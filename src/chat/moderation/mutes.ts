import { nickKey } from "../people/nickname.ts";

/**
 * Muted nicknames and until when (ms since the epoch; Infinity: until unmuted), by
 * `nickKey`: a muted member who comes back, in another case or as a look-alike, is still muted.
 */
export class Mutes {
  readonly #until = new Map<string, number>();

  until(nick: string): number | undefined {
    return this.#until.get(nickKey(nick));
  }

  set(nick: string, until: number): void {
    this.#until.set(nickKey(nick), until);
  }

  delete(nick: string): void {
    this.#until.delete(nickKey(nick));
  }
}
