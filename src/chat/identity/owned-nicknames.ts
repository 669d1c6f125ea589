import type { Account, AccountStore } from "../../stores/account-store.ts";
import type { Clock } from "../clock.ts";
import type { Transport } from "../events.ts";
import type { Member } from "../people/member.ts";
import { sameNick } from "../people/nickname.ts";
import { andThen, fail, ok, type Pending, type Result } from "../result.ts";
import { fromStore } from "../store-answers.ts";
import { newAccountParty } from "./account-party.ts";
import { OperatorsByOption } from "./operators-by-option.ts";
import { PasswordTries } from "./password-tries.ts";
import { checkAgainst, checkPassword, hashPassword } from "./passwords.ts";
import { provenWithoutPassword, type Proof } from "./proof.ts";
import { ownedRefusal } from "./refusals.ts";
import { Registrations } from "./registrations.ts";
import { parsePublicKey } from "./ssh-keys.ts";
import { countersHere, type WindowCounters } from "./window-counts.ts";

/** What owned nicknames need besides their store. */
export interface OwnedNicknamesOptions {
  /** The nicknames of the `--op` option. */
  readonly operators?: readonly string[];
  /** Where password tries and new accounts are counted: this process by default. */
  readonly counters?: WindowCounters;
  /** Takes one of the member's tokens (see `SendingLimits.paced`); the refusal when none is left. */
  readonly paced?: (member: Member) => Result<never> | undefined;
}

/**
 * Nicknames people own, by a password or by SSH keys: who may use which, and what an
 * owner can change (`/register`, `/password`, `/unregister`, `/keys`, kept ignores).
 * Accounts live in the backend's store, so every instance checks the same owners.
 */
export class OwnedNicknames {
  readonly #tries: PasswordTries;
  readonly #registrations: Registrations;
  readonly #byOption: OperatorsByOption;
  readonly #paced: (member: Member) => Result<never> | undefined;

  constructor(
    private readonly store: AccountStore,
    private readonly log: (line: string) => void,
    private readonly clock: Clock,
    options: OwnedNicknamesOptions = {},
  ) {
    const counters = options.counters ?? countersHere(clock);
    this.#tries = new PasswordTries(counters, log);
    this.#registrations = new Registrations(counters, log);
    this.#byOption = new OperatorsByOption(options.operators ?? [], (nick) => this.find(nick), log);
    this.#paced = options.paced ?? (() => undefined);
  }

  /** The member proved `account` (or has none): what it holds (operator rights, ignores) applies to them. */
  own(member: Member, account: Account | undefined): void {
    member.identified(account, account !== undefined && this.#isOperator(account));
    if (account?.ignoring?.length) member.ignore(account.ignoring);
  }

  #isOperator(account: Account): boolean {
    return account.op === true || this.#byOption.confirmed(account.nick);
  }

  /** Whether `nick` is named by `--op` but waits for the console's `op` (see `OperatorsByOption`). */
  awaitsConsole(nick: string): boolean {
    return this.#byOption.awaitsConsole(nick);
  }

  /** The account of `nick` (or of a look-alike of it), if it is owned. */
  find(nick: string): Pending<Account | undefined> {
    return fromStore(`accounts: cannot read ${nick}`, this.log, () => this.store.find(nick));
  }

  save(account: Account): Pending<Account> {
    return andThen(fromStore(`accounts: cannot save ${account.nick}`, this.log, () => this.store.save(account)), () => ok(account));
  }

  /** The operators' nicknames: those the console made, and those of `--op` (marked so). */
  operators(): Pending<string[]> {
    return andThen(fromStore("accounts: cannot list operators", this.log, () => this.store.operators()), (accounts) => {
      const made = accounts.map((account) => account.nick).filter((nick) => !this.#byOption.confirmed(nick));
      return ok([...made, ...this.#byOption.names().map((nick) => `${nick} (--op)`)]);
    });
  }

  /**
   * Whether `nick` may be used with `proof`: its account when it is owned and proven,
   * undefined when it is free, a refusal (with how to prove it, `where` it was asked) otherwise.
   */
  ownership(nick: string, proof: Proof | undefined, where: Transport | "chat", address: string): Pending<Account | undefined> {
    return andThen(this.find(nick), (account): Pending<Account | undefined> => {
      if (!account || provenWithoutPassword(account, proof)) return ok(account);
      // Owned by keys alone, no password can prove it: a code of its own, so a form does not ask for one.
      if (account.passwordHash === undefined) return fail("key-owned", ownedRefusal(account, where));
      if (proof?.password === undefined) return fail("nick-owned", ownedRefusal(account, where));
      return this.#check(account, proof.password, address);
    });
  }

  /** Whether `password` proves `account`; every try from `address` counts (see `PasswordTries`) until one succeeds. */
  #check(account: Account, password: string, address: string): Pending<Account> {
    return andThen(this.#tries.begin(account.nick, address), () =>
      checkAgainst(account, password, this.clock).then((checked) => {
        if (!checked.ok) return checked;
        this.#tries.succeeded(account.nick, address);
        return ok(account);
      }),
    );
  }

  /** `/identify`'s check for the member's own nickname: its account, once the password proves it. */
  prove(member: Member, password: string): Pending<Account> {
    const nick = member.nick;
    return andThen(this.find(nick), (account) => {
      if (!account) return fail("no-such-nick", `${nick} is not registered.`);
      return this.#check(account, password, member.address);
    });
  }

  /**
   * `/register PASSWORD`: the member's nickname becomes theirs (or gets a password, when a
   * key owns it). A token, and the limits of `Registrations`, before anything is hashed.
   */
  register(member: Member, password: string): Pending<Account> {
    const valid = checkPassword(password);
    if (!valid.ok) return valid;
    const paced = this.#paced(member);
    if (paced) return paced;
    const nick = member.nick;
    return this.#registrations.oneAtATime(member, () =>
      this.#registrations.onceAtATime(nick, () =>
        andThen(this.find(nick), (existing) => {
          if (existing && !member.account) return fail("nick-owned", `${existing.nick} is already registered.`);
          if (existing?.passwordHash) return fail("bad-arguments", `${existing.nick} is already registered; /password NEW changes its password.`);
          const charged = existing ? ok(undefined) : this.#registrations.charge(member.address, nick);
          return andThen(charged, () =>
            hashPassword(password).then((passwordHash) => {
              if (!sameNick(member.nick, nick)) return fail("bad-arguments", "You changed your nickname meanwhile; /register again.");
              const account: Account = existing ? { ...existing, passwordHash } : this.#byOption.marked({ nick, keys: member.key ? [member.key] : [], passwordHash, party: newAccountParty(nick) });
              return andThen(this.save(account), (saved) => {
                this.#tries.succeeded(nick, member.address);
                this.own(member, saved);
                const waits = this.#byOption.awaitsConsole(nick) ? `: an --op name, no operator until the console confirms: op ${saved.nick}` : "";
                this.log(`register ${nick} (${member.transport} ${member.address})${waits}`);
                return ok(saved);
              });
            }),
          );
        }),
      ),
    );
  }

  /** The first key to come with a free nickname owns it (SSH), unless their address has made too many lately. */
  claimForKey(member: Member, key: string): Pending<Account> {
    const nick = member.nick;
    return this.#registrations.onceAtATime(nick, () =>
      andThen(this.#registrations.charge(member.address, nick), () => this.save(this.#byOption.marked({ nick, keys: [key], party: newAccountParty(nick) }))),
    );
  }

  /** `/password NEW`: a new password for the member's own account; a token, and one hash at a time. */
  changePassword(member: Member, password: string): Pending<Account> {
    const valid = checkPassword(password);
    if (!valid.ok) return valid;
    const paced = this.#paced(member);
    if (paced) return paced;
    return this.#registrations.oneAtATime(member, () =>
      this.#update(member, (account) => hashPassword(password).then((passwordHash) => ok({ ...account, passwordHash }))),
    );
  }

  /** `/unregister`: the member's nickname is free again for anyone. */
  unregister(member: Member): Pending<void> {
    const account = member.account;
    if (!account) return fail("nick-owned", `${member.nick} is not registered.`);
    return andThen(fromStore(`accounts: cannot delete ${account.nick}`, this.log, () => this.store.delete(account.nick)), () => {
      this.own(member, undefined);
      member.forgetProof(account.nick);
      this.#byOption.forget(account.nick);
      this.log(`unregister ${account.nick}`);
      return ok(undefined);
    });
  }

  /** `/keys add LINE` and `/keys remove FINGERPRINT`: which SSH keys prove the member's nickname. */
  changeKeys(member: Member, action: "add" | "remove", key: string): Pending<Account> {
    return this.#update(member, (account) => {
      if (action === "add") {
        const fingerprint = parsePublicKey(key);
        if (!fingerprint.ok) return fingerprint;
        if (account.keys.includes(fingerprint.value)) return fail("bad-arguments", `${fingerprint.value} is already one of your keys.`);
        return ok({ ...account, keys: [...account.keys, fingerprint.value] });
      }
      const fingerprint = account.keys.find((k) => k === key || k === `SHA256:${key}`);
      if (!fingerprint) return fail("bad-arguments", `${key} is not one of your keys: /keys lists them.`);
      if (account.keys.length === 1 && account.passwordHash === undefined)
        return fail("bad-arguments", "That is the only thing proving your nickname: set a /password first, or /unregister.");
      return ok({ ...account, keys: account.keys.filter((k) => k !== fingerprint) });
    });
  }

  /** Keeps a registered member's ignores in their account, for their next visit (nothing for a guest). */
  keepIgnores(member: Member): Pending<unknown> {
    if (!member.account) return ok(undefined);
    const ignoring = member.ignored;
    return this.#update(member, (account) => ok({ ...account, ignoring }));
  }

  /** Operator rights on or off for `nick`'s account (the console's `op` and `deop`). */
  setOperator(nick: string, on: boolean): Pending<Account> {
    return andThen(this.find(nick), (account) => {
      if (!account) return fail("nick-owned", `${nick} is not registered: only a registered or key-owned nickname can be an operator.`);
      if (this.#byOption.confirmed(account.nick))
        return fail("bad-arguments", `${account.nick} is an operator by the --op option: ${on ? "already" : "restart without it"}.`);
      if ((account.op === true) === on) return fail("bad-arguments", `${account.nick} ${on ? "is already" : "is not"} an operator.`);
      const { unconfirmed: _, ...rest } = account;
      return this.save({ ...rest, op: on });
    });
  }

  /**
   * Changes the account of the member's nickname (read again first: the console may have
   * changed it meanwhile) and saves it. `change` may refuse.
   */
  #update(member: Member, change: (account: Account) => Result<Account> | Promise<Result<Account>>): Pending<Account> {
    if (!member.account) return fail("nick-owned", `${member.nick} is not registered: /register PASSWORD first.`);
    return andThen(this.find(member.nick), (account) => {
      if (!account) {
        this.own(member, undefined);
        return fail("nick-owned", `${member.nick} is not registered any more.`);
      }
      const changed = change(account);
      const save = (result: Result<Account>) =>
        andThen(result, (updated) =>
          andThen(this.save(updated), (saved) => {
            if (sameNick(member.nick, saved.nick)) member.identified(saved, member.op);
            return ok(saved);
          }),
        );
      return changed instanceof Promise ? changed.then(save) : save(changed);
    });
  }
}
