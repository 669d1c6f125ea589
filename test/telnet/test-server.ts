import { Chat, type ChatOptions } from "../../src/chat/chat.ts";
import { startTelnetServer, type TelnetOptions, type TelnetServer } from "../../src/telnet/server.ts";
import { TestClient } from "./test-client.ts";

/** A chat with a telnet listener on a free port, and helpers to connect to it. */
export interface TestServer {
  readonly chat: Chat;
  readonly telnet: TelnetServer;
  readonly logLines: string[];
  connect(): Promise<TestClient>;
  /** Connects and joins as `nick`, waiting until the join is confirmed. */
  join(nick: string): Promise<TestClient>;
  stop(): Promise<void>;
}

export function startTestServer(
  chatOptions: Partial<ChatOptions> = {},
  telnetOptions: Partial<TelnetOptions> = {},
): TestServer {
  const chat = new Chat({ msgRate: 1000, msgBurst: 1000, maxPerAddress: 5, ...chatOptions });
  const logLines: string[] = [];
  const telnet = startTelnetServer(chat, {
    hostname: "127.0.0.1",
    port: 0,
    maxLine: chat.options.maxLine,
    nickTimeoutSeconds: 30,
    webUrl: () => "http://127.0.0.1:3000/",
    log: (line) => logLines.push(line),
    ...telnetOptions,
  });
  const clients: TestClient[] = [];
  const connect = async () => {
    const client = await TestClient.connect(telnet.port);
    clients.push(client);
    return client;
  };
  return {
    chat,
    telnet,
    logLines,
    connect,
    async join(nick) {
      const client = await connect();
      await client.waitFor(/Pick a nickname: $/);
      client.line(nick);
      await client.waitFor(new RegExp(`You are ${nick}\\.`));
      return client;
    },
    async stop() {
      for (const client of clients) client.close();
      await telnet.close();
    },
  };
}
