import type { IrcCommand } from "./command.ts";
import { JOIN, KICK, LIST, MODE, NAMES, PART, TOPIC } from "./channel-commands.ts";
import { NOTICE, PRIVMSG } from "./message-commands.ts";
import { AWAY, ISON, MOTD, USERHOST, WHO, WHOIS } from "./query-commands.ts";
import { AUTHENTICATE, CAP, NICK, PASS, PING, PONG, QUIT, USER } from "./session-commands.ts";

/** Every command a registered IRC client may send; anything else is 421. */
export const COMMANDS: ReadonlyMap<string, IrcCommand> = new Map(
  Object.entries({
    AUTHENTICATE, AWAY, CAP, ISON, JOIN, KICK, LIST, MODE, MOTD, NAMES, NICK, NOTICE,
    PART, PASS, PING, PONG, PRIVMSG, QUIT, TOPIC, USER, USERHOST, WHO, WHOIS,
  }),
);
