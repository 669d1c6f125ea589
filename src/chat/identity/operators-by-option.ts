import type { Account } from "../../stores/account-store.ts";
import { nickKey } from "../people/nickname.ts";
import { whenSettled, type Pending } from "../result.ts";

/**
 * The nicknames the `--op` option names. Only those registered when the server started
 * are operators by it: a name still free would make whoever registers it first an
 * operator. So a free one is warned of at start, and its account, when a client registers
 * it, is marked `unconfirmed`: no operator, now or after a restart, until the console's `op`.
 */
export class OperatorsByOption {
  /** Every name of the option, by `nickKey`, as the option spells it. */
  readonly #named: ReadonlyMap<string, string>;
  /** Those registered at start, by `nickKey`: operators whenever their owner proves them. */
  readonly #confirmed = new Map<string, string>();

  constructor(names: readonly string[], find: (nick: string) => Pending<Account | undefined>, log: (line: string) => void) {
    this.#named = new Map(names.map((nick) => [nickKey(nick), nick]));
    for (const nick of this.#named.values())
      void whenSettled(find(nick), (found) => {
        if (found.ok && found.value && !found.value.unconfirmed) this.#confirmed.set(nickKey(nick), found.value.nick);
        else if (found.ok && found.value) log(`warning: --op ${nick} was registered from a client; it is no operator until the console confirms it with: op ${nick}`);
        else
          log(
            `warning: --op ${nick} is not registered${found.ok ? "" : " (the accounts cannot be read)"}: ` +
              `whoever registers it is no operator until the console confirms it with: op ${nick}`,
          );
      });
  }

  /** Whether `nick` is an operator by the option (registered at start). */
  confirmed(nick: string): boolean {
    return this.#confirmed.has(nickKey(nick));
  }

  /** Whether `nick` is named by the option but was not registered at start: the console's `op` makes it one. */
  awaitsConsole(nick: string): boolean {
    return this.#named.has(nickKey(nick)) && !this.confirmed(nick);
  }

  /** A new account from a client, marked `unconfirmed` when the option names it and it waits for the console. */
  marked(account: Account): Account {
    return this.awaitsConsole(account.nick) ? { ...account, unconfirmed: true } : account;
  }

  /** `nick` was given up: whoever registers it next is no operator by the option. */
  forget(nick: string): void {
    this.#confirmed.delete(nickKey(nick));
  }

  /** The operators by the option, as registered. */
  names(): string[] {
    return [...this.#confirmed.values()];
  }
}
