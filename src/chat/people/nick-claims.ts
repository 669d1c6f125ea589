import type { ChatBackend } from "../cluster/backend.ts";
import type { Pending, Result } from "../result.ts";
import { nickKey } from "./nickname.ts";

/**
 * Nicknames this instance is claiming from the shared backend right now. While a shared
 * backend is asked, a name counts as taken here, so two joins on this instance cannot
 * both win it.
 */
export class NickClaims {
  /** By `nickKey`, the name as asked for. */
  readonly #claiming = new Map<string, string>();

  constructor(private readonly backend: ChatBackend) {}

  /** The nickname being claimed that reads as `nick`, if one is. */
  holder(nick: string): string | undefined {
    return this.#claiming.get(nickKey(nick));
  }

  /** Claims `nick` for `identity` from the backend, then goes on with `next`. */
  claim<T>(nick: string, identity: string, next: (claimed: Result<void>) => Result<T>): Pending<T> {
    const claim = this.backend.claimNick(nick, identity);
    if (!(claim instanceof Promise)) return next(claim);
    const key = nickKey(nick);
    this.#claiming.set(key, nick);
    return claim.then((claimed) => {
      this.#claiming.delete(key);
      return next(claimed);
    });
  }
}
