import type { Member } from "../chat/index.ts";
import type { IrcClient } from "./irc-client.ts";
import { prefix } from "./irc-context.ts";
import { RPL } from "./numerics.ts";

const VERSION = "switchboard-0.1";

/** How many targets one PRIVMSG or NOTICE may name (`#a,#b,bob`): past it, 407. */
export const MESSAGE_TARGETS = 4;

/**
 * What the server supports, as 005 tells it. Honest: each token is what the chat does
 * (nicknames of 16, room names of `#` and 24, ASCII case folding, operators as `@`,
 * proven owners of their nickname as `+`).
 */
export function isupport(maxLine: number, maxRoomsPerMember: number): string[] {
  return [
    "AWAYLEN=" + maxLine,
    "CASEMAPPING=ascii",
    `CHANLIMIT=#:${maxRoomsPerMember}`,
    "CHANMODES=b,,,",
    "CHANNELLEN=25",
    "CHANTYPES=#",
    "ELIST=",
    "KICKLEN=" + maxLine,
    `MAXTARGETS=${MESSAGE_TARGETS}`,
    "MODES=1",
    "NETWORK=Switchboard",
    "NICKLEN=16",
    "PREFIX=(ov)@+",
    "TOPICLEN=" + maxLine,
    `TARGMAX=JOIN:,KICK:1,LIST:,NAMES:,NOTICE:${MESSAGE_TARGETS},PART:,PRIVMSG:${MESSAGE_TARGETS},WHOIS:1`,
  ];
}

const MOTD = [
  "This is Switchboard: one chat for IRC, telnet, SSH and the web.",
  "Everyone is in the same rooms: LIST shows them, JOIN #lobby says hello.",
  "Owned nicknames are proven with SASL PLAIN (or PASS); /msg works across every transport.",
];

/** 001–005 and the MOTD: what a client waits for before it is registered. */
export function welcome(client: IrcClient, member: Member): void {
  const { serverName, chat, created } = client.context;
  client.numeric(RPL.WELCOME, `Welcome to Switchboard, ${prefix(member.nick, member, client.context.users.get(member.id))}`);
  client.numeric(RPL.YOURHOST, `Your host is ${serverName}, running version ${VERSION}`);
  client.numeric(RPL.CREATED, `This server was created ${created.toUTCString()}`);
  client.numeric(RPL.MYINFO, serverName, VERSION, "o", "b");
  // At most 13 tokens a line: 15 parameters with the nickname and the text (Modern IRC).
  const tokens = isupport(chat.options.maxLine, chat.options.maxRoomsPerMember);
  for (let i = 0; i < tokens.length; i += 13) client.numeric(RPL.ISUPPORT, ...tokens.slice(i, i + 13), "are supported by this server");
  motd(client);
}

export function motd(client: IrcClient): void {
  client.numeric(RPL.MOTDSTART, `- ${client.context.serverName} Message of the day -`);
  for (const line of MOTD) client.numeric(RPL.MOTD, `- ${line}`);
  client.numeric(RPL.ENDOFMOTD, "End of /MOTD command");
}
