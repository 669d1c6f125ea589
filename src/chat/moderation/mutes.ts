import { isSameName } from "../people/nickname.ts";

/**
 * Muted nicknames and until when (ms since the epoch; Infinity: until unmuted): a muted
 * member who comes back, in another case or as a look-alike, is still muted. Few at a
 * time, and looked through on every arrival: a list.
 */
export class Mutes {
  #mutes: { readonly nick: string; readonly until: number }[] = [];

  until(nick: string): number | undefined {
    return this.#mutes.find((mute) => isSameName(mute.nick, nick))?.until;
  }

  set(nick: string, until: number): void {
    this.delete(nick);
    this.#mutes.push({ nick, until });
  }

  delete(nick: string): void {
    if (this.#mutes.length > 0) this.#mutes = this.#mutes.filter((mute) => !isSameName(mute.nick, nick));
  }
}
