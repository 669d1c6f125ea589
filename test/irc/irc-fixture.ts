import { Chat, type ChatOptions } from "../../src/chat/chat.ts";
import type { Clock } from "../../src/chat/clock.ts";
import { LocalBackend } from "../../src/chat/cluster/local-backend.ts";
import { startIrcServer, type IrcOptions, type IrcServer } from "../../src/irc/irc-server.ts";
import { startTelnetServer, type TelnetServer } from "../../src/telnet/server.ts";
import { TestClient } from "../telnet/test-client.ts";

/** One chat with a telnet and an IRC listener on free ports, and ways in through each. */
export interface IrcFixture {
  readonly chat: Chat;
  readonly irc: IrcServer;
  readonly telnet: TelnetServer;
  readonly logLines: string[];
  /** A raw IRC connection, not registered yet. */
  connect(): Promise<TestClient>;
  /** Registers as `nick` (NICK, USER, and `before`: CAP lines, SASL…) and waits for the end of the MOTD. */
  register(nick: string, before?: string[]): Promise<TestClient>;
  /** A telnet member called `nick`. */
  telnetAs(nick: string): Promise<TestClient>;
  stop(): Promise<void>;
}

export function startIrcFixture(chatOptions: Partial<ChatOptions> = {}, ircOptions: Partial<IrcOptions> = {}, clock?: Clock): IrcFixture {
  const chat = new Chat({ msgRate: 1000, msgBurst: 1000, ...chatOptions }, new LocalBackend(), clock);
  const logLines: string[] = [];
  const log = (line: string) => logLines.push(line);
  const telnet = startTelnetServer(chat, {
    hostname: "127.0.0.1",
    port: 0,
    maxLine: chat.options.maxLine,
    nickTimeoutSeconds: 30,
    webUrl: () => "http://127.0.0.1:3000/",
    log,
  });
  const irc = startIrcServer(chat, { hostname: "127.0.0.1", port: 0, nickTimeoutSeconds: 30, log, ...ircOptions });
  const clients: TestClient[] = [];
  const connect = async () => {
    const client = await TestClient.connect(irc.port);
    clients.push(client);
    return client;
  };
  return {
    chat,
    irc,
    telnet,
    logLines,
    connect,
    async register(nick, before = []) {
      const client = await connect();
      for (const line of before) client.telnetLine(line);
      client.telnetLine(`NICK ${nick}`);
      client.telnetLine(`USER ${nick} 0 * :${nick} the tester`);
      await client.waitFor(/ 376 \S+ :End of \/MOTD/);
      return client;
    },
    async telnetAs(nick) {
      const client = await TestClient.joinAs(telnet.port, nick);
      clients.push(client);
      return client;
    },
    async stop() {
      for (const client of clients) client.close();
      await Promise.all([irc.close(), telnet.close()]);
    },
  };
}
