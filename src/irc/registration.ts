import { nickKey, validateNick, type Proof, type Seat, type Timer } from "../chat/index.ts";
import { handleCap } from "./capabilities.ts";
import type { Handled, IrcClient } from "./irc-client.ts";
import type { IrcUser } from "./irc-context.ts";
import type { IrcMessage } from "./irc-message.ts";
import { IrcMember } from "./irc-member.ts";
import { ERR, RPL } from "./numerics.ts";
import { SASL_CHUNK, SaslPlain } from "./sasl-plain.ts";
import { welcome } from "./welcome.ts";

/**
 * A connection before it is a member: `CAP` negotiation, `PASS`, `NICK`, `USER` and SASL
 * PLAIN, in any order, until the client has a nickname and a user and is not negotiating.
 * Then the chat is asked to let it in (in no room, the IRC habit); a refused nickname
 * gets its numeric and the client may send another.
 */
export class Registration {
  #nick: string | undefined;
  #user: IrcUser | undefined;
  #password: string | undefined;
  /** Nicknames proven with SASL (the account is the nickname). */
  #proven: string | undefined;
  #negotiating = false;
  #sasl: SaslPlain | undefined;
  readonly #timeout: Timer;

  constructor(
    private readonly client: IrcClient,
    private readonly seat: Seat,
  ) {
    const seconds = client.context.nickTimeoutSeconds;
    this.#timeout = client.context.chat.clock.after(seconds * 1000, () => this.client.close(`Registration timed out (${seconds} s)`));
  }

  /** The connection is closing before it registered. */
  cancel(): void {
    this.#timeout.cancel();
  }

  handle(message: IrcMessage): Handled {
    const client = this.client;
    const [first = ""] = message.params;
    switch (message.command) {
      case "CAP": {
        const answer = handleCap(client, message);
        if (answer.begins) this.#negotiating = true;
        if (!answer.ends) return;
        this.#negotiating = false;
        return this.#maybeDone();
      }
      case "PASS":
        if (!first) return client.numeric(ERR.NEEDMOREPARAMS, "PASS", "Not enough parameters");
        this.#password = first;
        return;
      case "NICK": {
        if (!first) return client.numeric(ERR.NONICKNAMEGIVEN, "No nickname given");
        const valid = validateNick(first);
        if (!valid.ok || first !== valid.value) return client.numeric(ERR.ERRONEUSNICKNAME, first, "Erroneous nickname");
        this.#nick = valid.value;
        return this.#maybeDone();
      }
      case "USER": {
        if (message.params.length < 4 || !first || !message.params[3]) return client.numeric(ERR.NEEDMOREPARAMS, "USER", "Not enough parameters");
        // Only characters every client takes in a user name, at most 10 of them (ngIRCd's `~` for no ident).
        const user = `~${first.replace(/[^A-Za-z0-9_.-]/g, "").slice(0, 10) || "user"}`;
        this.#user = { user, realname: message.params[3]!.replace(/[\0\r\n]/g, "") };
        return this.#maybeDone();
      }
      case "AUTHENTICATE":
        return this.#authenticate(first);
      case "PING":
        if (!first) return client.numeric(ERR.NEEDMOREPARAMS, "PING", "Not enough parameters");
        return client.send({ source: client.context.serverName, command: "PONG", params: [client.context.serverName, first] });
      case "PONG":
        return;
      case "QUIT":
        return client.close("Closing link (quit)");
      default:
        return client.numeric(ERR.NOTREGISTERED, "You have not registered");
    }
  }

  #authenticate(arg: string): Handled {
    const client = this.client;
    if (!client.caps.has("sasl")) return client.numeric(ERR.SASLFAIL, "SASL authentication failed: request the sasl capability first");
    if (this.#proven !== undefined) return client.numeric(ERR.SASLALREADY, "You have already authenticated using SASL");
    if (arg === "*") {
      this.#sasl = undefined;
      return client.numeric(ERR.SASLABORTED, "SASL authentication aborted");
    }
    if (arg.length > SASL_CHUNK) {
      this.#sasl = undefined;
      return client.numeric(ERR.SASLTOOLONG, "SASL message too long");
    }
    if (!this.#sasl) {
      if (arg.toUpperCase() !== "PLAIN") {
        client.numeric(RPL.SASLMECHS, "PLAIN", "are available SASL mechanisms");
        return client.numeric(ERR.SASLFAIL, "SASL authentication failed");
      }
      this.#sasl = new SaslPlain();
      return client.send({ command: "AUTHENTICATE", params: ["+"] });
    }
    const answer = this.#sasl.take(arg);
    if (answer === "more") return;
    this.#sasl = undefined;
    if ("refused" in answer) return client.numeric(ERR.SASLFAIL, `SASL authentication failed: ${answer.refused}`);
    const { chat } = client.context;
    const checked = chat.owners.ownership(answer.account, { password: answer.password }, "irc", client.address);
    const settle = (result: Awaited<typeof checked>) => {
      if (!result.ok || !result.value) return client.numeric(ERR.SASLFAIL, "SASL authentication failed");
      const account = result.value.nick;
      this.#proven = account;
      client.numeric(RPL.LOGGEDIN, `${this.#nick ?? "*"}!${this.#user?.user ?? "*"}@irc`, account, `You are now logged in as ${account}`);
      client.numeric(RPL.SASLSUCCESS, "SASL authentication successful");
    };
    if (checked instanceof Promise) return checked.then(settle);
    settle(checked);
  }

  /** Registered once there is a nickname and a user and no negotiation is going on: the chat lets it in. */
  #maybeDone(): Handled {
    if (!this.#nick || !this.#user || this.#negotiating) return;
    if (this.#sasl) {
      this.#sasl = undefined;
      this.client.numeric(ERR.SASLABORTED, "SASL authentication aborted");
    }
    // Newcomers take turns with the members already in (see `ArrivalTurns`): a storm of
    // registrations is let in a few a turn, as the web's and telnet's are.
    const arrivals = this.client.context.arrivals;
    if (!arrivals) return this.#join(this.#nick, this.#user);
    const [nick, user] = [this.#nick, this.#user];
    return arrivals.turn(this.client.address).then(() => this.client.closing || this.#join(nick, user));
  }

  /** The chat is asked to let the client in as `nick`. */
  #join(nick: string, user: IrcUser): Handled {
    const { chat, users } = this.client.context;
    const proof: Proof = {
      ...(this.#password !== undefined ? { password: this.#password } : {}),
      ...(this.#proven !== undefined ? { proven: new Set([nickKey(this.#proven)]) } : {}),
    };
    const member = new IrcMember(this.client, user);
    const joined = chat.join({ nick, transport: "irc", seat: this.seat, roomless: true, proof }, member);
    const settle = (result: Awaited<typeof joined>) => {
      if (this.client.closing) {
        if (result.ok) chat.leave(result.value, "connection closed");
        return;
      }
      if (!result.ok) return this.#refused(nick, result.error.code, result.error.message);
      this.#timeout.cancel();
      this.client.nick = result.value.nick;
      users.set(result.value.id, user);
      member.joined(result.value);
      this.client.joined(member);
      welcome(this.client, result.value);
    };
    if (joined instanceof Promise) return joined.then(settle);
    settle(joined);
  }

  #refused(nick: string, code: string, why: string): void {
    const client = this.client;
    this.#nick = undefined;
    switch (code) {
      case "nick-taken":
      case "nick-owned":
      case "key-owned":
        return client.numeric(ERR.NICKNAMEINUSE, nick, why);
      case "nick-invalid":
        return client.numeric(ERR.ERRONEUSNICKNAME, nick, why);
      case "wrong-password":
        this.#password = undefined;
        return client.numeric(ERR.PASSWDMISMATCH, why);
      case "banned":
        return client.close(why);
      default:
        return client.close(why);
    }
  }
}
