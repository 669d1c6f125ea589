import { Chat } from "./chat/chat.ts";
import type { Config } from "./config.ts";
import { SqliteHistory } from "./storage/sqlite-history.ts";
import { startTelnetServer } from "./telnet/server.ts";
import { startWebServer } from "./web/server.ts";

/** A started Switchboard: the chat and both listeners. */
export interface Switchboard {
  readonly chat: Chat;
  readonly httpUrl: string;
  readonly telnetHost: string;
  readonly telnetPort: number;
  /** Tells everyone, flushes what is pending, closes the listeners and the history. Idempotent. */
  stop(reason?: string): Promise<void>;
}

/** Wildcard listen addresses cannot be connected to; print one that can. */
function connectableHost(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

/** The one place where the chat and the two transports meet. */
export function startSwitchboard(config: Config, log: (line: string) => void): Switchboard {
  const history = new SqliteHistory(config.db, log);
  const chat = new Chat(
    {
      maxClients: config.maxClients,
      maxPerAddress: config.maxPerAddress,
      limitLoopback: config.limitLoopback,
      maxLine: config.maxLine,
      msgRate: config.msgRate,
      msgBurst: config.msgBurst,
      historyOnJoin: config.history,
    },
    history,
    undefined,
    log,
  );
  const host = connectableHost(config.host);
  const web = startWebServer(chat, {
    hostname: config.host,
    port: config.httpPort,
    maxBodyBytes: config.maxBody,
    graceSeconds: config.grace,
    log,
  });
  const httpUrl = `http://${host}:${web.port}/`;
  let telnet;
  try {
    telnet = startTelnetServer(chat, {
      hostname: config.host,
      port: config.telnetPort,
      maxLine: config.maxLine,
      nickTimeoutSeconds: config.nickTimeout,
        webUrl: httpUrl,
      log,
    });
  } catch (error) {
    void web.close();
    history.close();
    throw error;
  }

  let stopping: Promise<void> | undefined;
  const stop = (reason?: string) =>
    (stopping ??= (async () => {
      chat.shutdown(reason);
      await Promise.all([telnet.close(), web.close()]);
      history.close();
    })());

  return { chat, httpUrl, telnetHost: host, telnetPort: telnet.port, stop };
}
