import type { Account } from "../../stores/account-store.ts";
import type { Transport } from "../events.ts";

/**
 * Why an owned nickname is refused to someone who did not prove it, in the words of where
 * they asked for it: a transport's way in, or `chat` for a member already in (`/nick`).
 */
export function ownedRefusal(account: Account, where: Transport | "chat"): string {
  const nick = account.nick;
  if (account.passwordHash === undefined)
    return `The nickname ${nick} belongs to an SSH key: connect with ssh and that key, or pick another nickname.`;
  switch (where) {
    case "chat":
      return `The nickname ${nick} is registered. If it is yours, /identify ${nick} PASSWORD takes it.`;
    case "telnet":
      return `The nickname ${nick} is registered. If it is yours, type its password (or /identify PASSWORD); else pick another nickname.`;
    case "ssh":
      return `The nickname ${nick} is registered, and neither your key nor a password proved it. Pick another nickname.`;
    case "irc":
      return `The nickname ${nick} is registered: prove it with SASL PLAIN (or PASS) and its password, or pick another nickname.`;
    case "web":
      return `The nickname ${nick} is registered. If it is yours, enter its password; else pick another nickname.`;
  }
}
