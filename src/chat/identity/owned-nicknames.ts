import type { Account, AccountStore } from "../../stores/account-store.ts";
import type { WindowCountStore } from "../../stores/window-count-store.ts";
import type { Clock } from "../clock.ts";
import { sameNick, type Transport } from "../events.ts";
import type { Member } from "../people/member.ts";
import { andThen, fail, ok, type Pending, type Result } from "../result.ts";
import { fromStore } from "../store-answers.ts";
import { PasswordTries } from "./password-tries.ts";
import { checkAgainst, checkPassword, hashPassword } from "./passwords.ts";
import { provenWithoutPassword, type Proof } from "./proof.ts";
import { ownedRefusal } from "./refusals.ts";
import { parsePublicKey } from "./ssh-keys.ts";
import { WindowCounts } from "./window-counts.ts";

/** Accounts one address may make in an hour (passwords and SSH keys together). */
const NEW_ACCOUNTS_PER_HOUR = 20;

/**
 * Nicknames people own, by a password or by SSH keys: who may use which, and what an
 * owner can change (`/register`, `/password`, `/unregister`, `/keys`, kept ignores).
 * Accounts live in the backend's store, so every instance checks the same owners.
 */
export class OwnedNicknames {
  readonly #tries: PasswordTries;
  /**
   * Accounts made from each address lately. Every SSH visitor with a key owns the name it
   * came with, so without a cap one client could take every name there is, and fill the disk.
   */
  readonly #made: WindowCounts;

  /** Nicknames (lower case) that are operators by the `--op` option, once their owner proves them. */
  readonly #operators: ReadonlySet<string>;

  constructor(
    private readonly store: AccountStore,
    private readonly log: (line: string) => void,
    private readonly clock: Clock,
    operators: readonly string[] = [],
    /** Where tries and new accounts are counted (every instance's, when shared). */
    counts?: WindowCountStore,
  ) {
    this.#tries = new PasswordTries(clock, undefined, counts);
    this.#made = new WindowCounts(clock, 60 * 60_000, counts, "accounts-made");
    this.#operators = new Set(operators.map((nick) => nick.toLowerCase()));
  }

  /** The member proved `account` (or has none): what it holds (operator rights, ignores) applies to them. */
  own(member: Member, account: Account | undefined): void {
    member.identified(account, account !== undefined && this.#isOperator(account));
    if (account?.ignoring?.length) member.ignore(account.ignoring);
  }

  #isOperator(account: Account): boolean {
    return account.op === true || this.#operators.has(account.nick.toLowerCase());
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
      const made = accounts.map((account) => account.nick).filter((nick) => !this.#operators.has(nick.toLowerCase()));
      return ok([...made, ...[...this.#operators].map((nick) => `${nick} (--op)`)]);
    });
  }

  /**
   * Whether `nick` may be used with `proof`: its account when it is owned and proven,
   * undefined when it is free, a refusal (with how to prove it, `where` it was asked) otherwise.
   */
  ownership(nick: string, proof: Proof | undefined, where: Transport | "chat"): Pending<Account | undefined> {
    return andThen(this.find(nick), (account): Pending<Account | undefined> => {
      if (!account || provenWithoutPassword(account, proof)) return ok(account);
      // Owned by keys alone, no password can prove it: a code of its own, so a form does not ask for one.
      if (account.passwordHash === undefined) return fail("key-owned", ownedRefusal(account, where));
      if (proof?.password === undefined) return fail("nick-owned", ownedRefusal(account, where));
      return this.#check(account, proof.password);
    });
  }

  /** Whether `password` proves `account`; every try counts against the nickname until one succeeds. */
  #check(account: Account, password: string): Pending<Account> {
    return andThen(this.#tries.begin(account.nick), () => checkAgainst(account, password, this.clock).then((checked) => {
      if (!checked.ok) return checked;
      this.#tries.succeeded(account.nick);
      return ok(account);
    }));
  }

  /** `/identify`'s check for the member's own nickname: its account, once the password proves it. */
  prove(nick: string, password: string): Pending<Account> {
    return andThen(this.find(nick), (account) => {
      if (!account) return fail("no-such-nick", `${nick} is not registered.`);
      return this.#check(account, password);
    });
  }

  /** `/register PASSWORD`: the member's nickname becomes theirs (or gets a password, when a key owns it). */
  register(member: Member, password: string): Pending<Account> {
    const valid = checkPassword(password);
    if (!valid.ok) return valid;
    const nick = member.nick;
    return andThen(this.find(nick), (existing) => {
      if (existing && !member.account) return fail("nick-owned", `${existing.nick} is already registered.`);
      if (existing?.passwordHash) return fail("bad-arguments", `${existing.nick} is already registered; /password NEW changes its password.`);
      return hashPassword(password).then((passwordHash) => {
        if (!sameNick(member.nick, nick)) return fail("bad-arguments", "You changed your nickname meanwhile; /register again.");
        const account: Account = existing
          ? { ...existing, passwordHash }
          : { nick, keys: member.key ? [member.key] : [], passwordHash };
        return andThen(existing ? this.save(account) : this.#create(member, account), (saved) => {
          this.own(member, saved);
          this.log(`register ${nick} (${member.transport} ${member.address})`);
          return ok(saved);
        });
      });
    });
  }

  /** The first key to come with a free nickname owns it (SSH). */
  claimForKey(member: Member, key: string): Pending<Account> {
    return this.#create(member, { nick: member.nick, keys: [key] });
  }

  /** Saves a new account of `member`'s, unless their address has made too many lately. */
  #create(member: Member, account: Account): Pending<Account> {
    return andThen(this.#made.take(member.address, NEW_ACCOUNTS_PER_HOUR), (counted) =>
      counted ? this.save(account) : fail("rate-limited", `Too many nicknames were registered from your address in the last hour; try again later.`),
    );
  }

  /** `/password NEW`: a new password for the member's own account. */
  changePassword(member: Member, password: string): Pending<Account> {
    const valid = checkPassword(password);
    if (!valid.ok) return valid;
    return this.#update(member, (account) => hashPassword(password).then((passwordHash) => ok({ ...account, passwordHash })));
  }

  /** `/unregister`: the member's nickname is free again for anyone. */
  unregister(member: Member): Pending<void> {
    const account = member.account;
    if (!account) return fail("nick-owned", `${member.nick} is not registered.`);
    return andThen(fromStore(`accounts: cannot delete ${account.nick}`, this.log, () => this.store.delete(account.nick)), () => {
      this.own(member, undefined);
      member.forgetProof(account.nick);
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
      if (this.#operators.has(account.nick.toLowerCase()))
        return fail("bad-arguments", `${account.nick} is an operator by the --op option: ${on ? "already" : "restart without it"}.`);
      if ((account.op === true) === on) return fail("bad-arguments", `${account.nick} ${on ? "is already" : "is not"} an operator.`);
      return this.save({ ...account, op: on });
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
