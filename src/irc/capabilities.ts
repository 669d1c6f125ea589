import type { IrcConnection } from "./irc-connection.ts";
import type { IrcMessage } from "./irc-message.ts";
import { ERR } from "./numerics.ts";

/**
 * The IRCv3 capabilities Switchboard offers, with their values for `CAP LS 302`. Each is
 * built: `sasl` proves an owned nickname (PLAIN), the rest shape what members are sent.
 */
const OFFERED: Readonly<Record<string, string>> = {
  "account-tag": "",
  "away-notify": "",
  "echo-message": "",
  "extended-join": "",
  "message-tags": "",
  "multi-prefix": "",
  sasl: "PLAIN",
  "server-time": "",
  "userhost-in-names": "",
};

/** What `CAP` answers, before registration and after. */
export interface CapAnswer {
  /** Negotiation began (LS, REQ before registering): registration waits for `CAP END`. */
  readonly begins?: true;
  /** `CAP END`. */
  readonly ends?: true;
}

/** Handles one `CAP` line of `client` (IRCv3 capability negotiation 3.2). */
export function handleCap(client: IrcConnection, message: IrcMessage): CapAnswer {
  const [sub = "", arg = ""] = message.params;
  const reply = (...params: string[]) =>
    client.send({ source: client.context.serverName, command: "CAP", params: [client.nick, ...params] });
  switch (sub.toUpperCase()) {
    case "LS": {
      const withValues = Number(arg) >= 302;
      reply("LS", Object.entries(OFFERED).map(([cap, value]) => (withValues && value ? `${cap}=${value}` : cap)).join(" "));
      return { begins: true };
    }
    case "LIST":
      reply("LIST", [...client.caps].join(" "));
      return {};
    case "REQ": {
      const asked = arg.trim().split(/ +/).filter(Boolean);
      // All or none (the spec): one unknown name and the whole request is refused.
      const known = asked.every((cap) => (cap.startsWith("-") ? cap.slice(1) : cap) in OFFERED);
      if (!known || asked.length === 0) {
        reply("NAK", arg);
        return { begins: true };
      }
      for (const cap of asked) {
        if (cap.startsWith("-")) client.caps.delete(cap.slice(1));
        else client.caps.add(cap);
      }
      reply("ACK", arg);
      return { begins: true };
    }
    case "END":
      return { ends: true };
    default:
      client.numeric(ERR.INVALIDCAPCMD, sub, "Invalid CAP command");
      return {};
  }
}
