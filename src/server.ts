import { ArrivalTurns } from "./arrival-turns.ts";
import type { ChatBackend } from "./chat/backend.ts";
import { Chat } from "./chat/chat.ts";
import { LocalBackend } from "./chat/local-backend.ts";
import type { Config } from "./config.ts";
import { httpUrl as urlOf, localHost, networkHosts } from "./listen-address.ts";
import { LISTEN_BACKLOG, raiseListenBacklog } from "./listen-backlog.ts";
import { SqliteHistory } from "./storage/sqlite-history.ts";
import { RedisBackend } from "./redis/redis-backend.ts";
import { SqliteSessions } from "./storage/sqlite-sessions.ts";
import { startTelnetServer } from "./telnet/server.ts";
import { startWebServer } from "./web/server.ts";

/** A started Switchboard: the chat and both listeners. */
export interface Switchboard {
  readonly chat: Chat;
  /** Where a browser on this machine opens the page. */
  readonly httpUrl: string;
  /** Where a terminal on this machine connects (bare, as `telnet` and `nc` take it). */
  readonly telnetHost: string;
  readonly telnetPort: number;
  /** The same for others on the network, by each of the machine's addresses; none unless listening on all. */
  readonly network: readonly { readonly httpUrl: string; readonly telnetHost: string }[];
  /** Tells everyone, flushes what is pending, closes the listeners, the sessions and the history. Idempotent. */
  stop(reason?: string): Promise<void>;
}

/**
 * Where the chat keeps what instances share: Redis with `--redis`, else this process and
 * its SQLite file. Rejects with a one-line reason when Redis cannot be reached.
 */
export async function openBackend(config: Config, log: (line: string) => void): Promise<ChatBackend> {
  if (!config.redis) return new LocalBackend(new SqliteHistory(config.db, log), log);
  return RedisBackend.connect({ url: config.redis, log });
}

/** The one place where the chat and the two transports meet. */
export function startSwitchboard(
  config: Config,
  log: (line: string) => void,
  backend: ChatBackend = new LocalBackend(new SqliteHistory(config.db, log), log),
): Switchboard {
  // Web sessions are kept where the chat keeps what outlives a process: Redis when shared.
  const sessionStore = backend instanceof RedisBackend ? backend.sessions() : new SqliteSessions(config.db);
  const chat = new Chat(
    {
      maxClients: config.maxClients,
      maxPerAddress: config.maxPerAddress,
      limitLoopback: config.limitLoopback,
      maxLine: config.maxLine,
      msgRate: config.msgRate,
      msgBurst: config.msgBurst,
      historyOnJoin: config.history,
      bigRoom: config.bigRoom,
    },
    backend,
    undefined,
    log,
  );
  // One queue for both transports' newcomers: a storm is paced as one.
  const arrivals = new ArrivalTurns();
  const web = startWebServer(chat, {
    hostname: config.host,
    port: config.httpPort,
    maxBodyBytes: config.maxBody,
    graceSeconds: config.grace,
    trustProxy: config.trustProxy,
    sessionStore,
    reusePort: config.reusePort,
    arrivals,
    log,
  });
  const httpUrl = web.url;
  let telnet;
  try {
    telnet = startTelnetServer(chat, {
      hostname: config.host,
      port: config.telnetPort,
      maxLine: config.maxLine,
      nickTimeoutSeconds: config.nickTimeout,
      webUrl: httpUrl,
      reusePort: config.reusePort,
      arrivals,
      log,
    });
  } catch (error) {
    void web.close().then(() => {
      sessionStore.close();
      return backend.close();
    });
    throw error;
  }

  const backlogTrouble = raiseListenBacklog();
  if (backlogTrouble) log(`listen queue stays at Bun's 512 (wanted ${LISTEN_BACKLOG}): ${backlogTrouble}`);

  let stopping: Promise<void> | undefined;
  const stop = (reason?: string) =>
    (stopping ??= (async () => {
      chat.shutdown(reason);
      await Promise.all([telnet.close(), web.close()]);
      sessionStore.close();
      await backend.close();
    })());

  return {
    chat,
    httpUrl,
    telnetHost: localHost(config.host),
    telnetPort: telnet.port,
    network: networkHosts(config.host).map((host) => ({ httpUrl: urlOf(host, web.port), telnetHost: host })),
    stop,
  };
}
