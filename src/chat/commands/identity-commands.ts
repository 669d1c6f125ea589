import { identifyArguments } from "../identity/proof.ts";
import { andThen, fail, ok } from "../result.ts";
import type { Command } from "./command.ts";

/** Owning a nickname: registering, proving, changing its password or keys, giving it up. */
export const IDENTITY_COMMANDS: readonly Command[] = [
  {
    name: "register",
    for: "members",
    // The rest of the line, so that a password with a space is told why, not shown the usage.
    params: ["PASSWORD"],
    restOfLine: true,
    help: "Make your nickname yours: from then on it needs its password (or your SSH key).",
    more:
      "Later, prove it with /identify NICK PASSWORD (telnet), the join form's password field (web), or your key or password over SSH.\n" +
      "Telnet is clear text: anyone on the network between you and the server can read what you type. Register and identify over SSH, or on the web over HTTPS.",
    run: ({ chat, member, args, reply }) =>
      andThen(chat.owners.register(member, args[0]!), (account) => {
        const warning = member.transport === "telnet" ? " (Telnet is clear text: next time, prefer SSH or the web over HTTPS for passwords.)" : "";
        const op = member.op
          ? " You are an operator (the server's --op names you)."
          : chat.owners.awaitsConsole(account.nick)
            ? ` The server's --op names ${account.nick}: it becomes an operator once the console confirms it.`
            : "";
        return ok(reply(`${account.nick} is registered to you: it now needs its password${account.keys.length ? " or your key" : ""}.${op}${warning}`));
      }),
  },
  {
    name: "identify",
    for: "members",
    params: ["ARGS..."],
    usage: "/identify [NICK] PASSWORD",
    help: "Prove a registered nickname is yours, and take it.",
    run: ({ chat, member, args, reply }) => {
      const { nick = member.nick, password } = identifyArguments(args[0]!);
      return andThen(chat.identify(member, nick, password), (now) => ok(reply(`You are identified as ${now}.`)));
    },
  },
  {
    name: "password",
    for: "members",
    params: ["NEW"],
    restOfLine: true,
    help: "Change the password of your registered nickname.",
    run: ({ chat, member, args, reply }) => andThen(chat.owners.changePassword(member, args[0]!), () => ok(reply("Password changed."))),
  },
  {
    name: "unregister",
    for: "members",
    params: [],
    help: "Give up your registered nickname: anyone may use it after you.",
    run: ({ chat, member, reply }) => andThen(chat.owners.unregister(member), () => ok(reply(`${member.nick} is no longer registered.`))),
  },
  {
    name: "keys",
    for: "members",
    params: ["[add|remove]", "[key...]"],
    help: "List the SSH keys that prove your nickname; add one (paste a .pub line) or remove one (its SHA256 fingerprint).",
    run: ({ chat, member, args, reply }) => {
      const [action, key] = args;
      if (!action) {
        const keys = member.account?.keys ?? [];
        if (!member.account) return fail("nick-owned", `${member.nick} is not registered: connect over SSH with a key, or /register PASSWORD.`);
        return ok(reply(keys.length ? `Keys of ${member.nick}:\n${keys.map((k) => `  ${k}`).join("\n")}` : `No SSH key proves ${member.nick}: /keys add LINE adds one.`));
      }
      if ((action !== "add" && action !== "remove") || !key) return fail("bad-arguments", "Usage: /keys, /keys add PUBLIC-KEY-LINE, /keys remove SHA256:…");
      return andThen(chat.owners.changeKeys(member, action, key), (account) =>
        ok(reply(`${action === "add" ? "Added" : "Removed"}; ${account.keys.length} key${account.keys.length === 1 ? "" : "s"} prove${account.keys.length === 1 ? "s" : ""} ${account.nick}.`)),
      );
    },
  },
];
