import { validateNick } from "../../chat/index.ts";
import { handleCap } from "../capabilities.ts";
import { prefix } from "../irc-context.ts";
import type { Handled } from "../irc-client.ts";
import { ERR } from "../numerics.ts";
import type { IrcCommand } from "./command.ts";

export const PING: IrcCommand = {
  minParams: 1,
  run(irc, { params }) {
    const server = irc.client.context.serverName;
    irc.client.send({ source: server, command: "PONG", params: [server, params[0]!] });
  },
};

export const PONG: IrcCommand = { run() {} };

export const QUIT: IrcCommand = {
  run(irc, { params }) {
    const { chat } = irc.client.context;
    const reason = params[0] ?? "";
    // The reason is shown to the rooms, so it follows the rules of a message (a muted member's is dropped).
    const quit = chat.quit(irc.member, reason);
    if (!quit.ok) chat.leave(irc.member, "quit");
    irc.client.close(reason ? `Quit: ${reason}` : "Closing link (quit)");
  },
};

export const NICK: IrcCommand = {
  run(irc, { params }): Handled {
    const { client } = irc;
    const wanted = params[0];
    if (!wanted) return client.numeric(ERR.NONICKNAMEGIVEN, "No nickname given");
    const valid = validateNick(wanted);
    if (!valid.ok || valid.value !== wanted) return client.numeric(ERR.ERRONEUSNICKNAME, wanted, "Erroneous nickname");
    const before = irc.member.nick;
    if (wanted === before) return;
    const renamed = client.context.chat.rename(irc.member, wanted);
    const settle = (result: Awaited<typeof renamed>): Handled => {
      if (result.ok) {
        // Told here, once: the chat tells the rename in each room, and in none when in no room.
        client.send({ source: prefix(before, irc.member, irc.user), command: "NICK", params: [result.value] });
        client.nick = result.value;
        return;
      }
      return irc.paced(result, (why, code) =>
        client.numeric(code === "nick-invalid" ? ERR.ERRONEUSNICKNAME : ERR.NICKNAMEINUSE, wanted, why),
      );
    };
    if (renamed instanceof Promise) return renamed.then(settle);
    return settle(renamed);
  },
};

/** Registration is over: USER and PASS again are 462. */
const ALREADY: IrcCommand = { run: (irc) => irc.client.numeric(ERR.ALREADYREGISTERED, "You may not reregister") };
export const USER = ALREADY;
export const PASS = ALREADY;

export const CAP: IrcCommand = {
  minParams: 1,
  run(irc, message) {
    handleCap(irc.client, message);
  },
};

export const AUTHENTICATE: IrcCommand = {
  run: (irc) => irc.client.numeric(ERR.SASLALREADY, "SASL is only for registration here: reconnect to authenticate"),
};
