import { Chat, COMMANDS, type Command } from "../chat/index.ts";
import { ArrivalTurns } from "../connections/arrival-turns.ts";
import { httpUrl as urlOf, httpUrlFor, localHost, networkHosts } from "../connections/listen-address.ts";
import { LISTEN_BACKLOG, raiseListenBacklog } from "../connections/listen-backlog.ts";
import { startIrcServer, type IrcServer } from "../irc/irc-server.ts";
import type { SshServer } from "../ssh/server.ts";
import { startTelnetServer } from "../telnet/server.ts";
import { startWebServer } from "../web/server.ts";
import { readTlsFiles } from "../web/tls-files.ts";
import type { Config } from "./config.ts";
import { listenFor } from "./listen-errors.ts";
import { embeddedStorage, type Storage } from "./storage.ts";

/** A started Switchboard: the chat and both listeners. */
export interface Switchboard {
  readonly chat: Chat;
  /** Where a browser on this machine opens the page. */
  readonly httpUrl: string;
  /** Where a terminal on this machine connects (bare, as `telnet` and `nc` take it). */
  readonly telnetHost: string;
  readonly telnetPort: number;
  /** Where `ssh -p PORT nick@host` connects; undefined without `--ssh-port`. */
  readonly sshPort: number | undefined;
  /** Where IRC clients connect; undefined without `--irc-port`. */
  readonly ircPort: number | undefined;
  /** The same over TLS; undefined without `--irc-tls-port`. */
  readonly ircTlsPort: number | undefined;
  /** The same for others on the network, by each of the machine's addresses; none unless listening on all. */
  readonly network: readonly { readonly httpUrl: string; readonly telnetHost: string }[];
  /** Tells everyone, flushes what is pending, closes the listeners, the sessions and the history. Idempotent. */
  stop(reason?: string): Promise<void>;
}

/** The one place where the chat and the transports meet. */
export function startSwitchboard(
  config: Config,
  log: (line: string) => void,
  { backend, sessions: sessionStore }: Storage = embeddedStorage(config, log),
  commands: readonly Command[] = COMMANDS,
): Switchboard {
  // Read before anything listens: a wrong file is a one-line reason to not start at all.
  const tls = config.tlsCert ? readTlsFiles(config.tlsCert, config.tlsKey) : undefined;
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
      maxRoomsPerMember: config.maxRoomsPerMember,
      maxRooms: config.maxRooms,
      operators: config.ops,
    },
    backend,
    undefined,
    log,
    commands,
  );
  // One queue for both transports' newcomers: a storm is paced as one.
  const arrivals = new ArrivalTurns();
  // Started after the web, whose join page names their ports.
  let telnet: ReturnType<typeof startTelnetServer> | undefined;
  let ssh: SshServer | undefined;
  let irc: IrcServer | undefined;
  const web = listenFor("--http-port", config.httpPort, () => startWebServer(chat, {
    hostname: config.host,
    port: config.httpPort,
    maxBodyBytes: config.maxBody,
    graceSeconds: config.grace,
    trustProxy: config.trustProxy,
    sessionStore,
    reusePort: config.reusePort,
    arrivals,
    log,
    tls,
    terminalPorts: () => ({ telnet: telnet?.port, ssh: ssh?.port }),
  }));
  // https:// with --tls-cert: the telnet port's pointer for lost browsers says so too.
  const httpUrl = web.url;
  try {
    telnet = listenFor("--telnet-port", config.telnetPort, () => startTelnetServer(chat, {
      hostname: config.host,
      port: config.telnetPort,
      maxLine: config.maxLine,
      nickTimeoutSeconds: config.nickTimeout,
      webUrl: (local) => httpUrlFor(local, config.host, web.port, web.scheme),
      ircPort: () => irc?.port,
      reusePort: config.reusePort,
      arrivals,
      log,
    }));
    const sshPort = config.sshPort;
    if (sshPort !== undefined) {
      // Loaded only when asked for: ssh2 and its crypto are a large part of the process otherwise.
      const { hostKeyPath, loadHostKey }: typeof import("../ssh/host-key.ts") = require("../ssh/host-key.ts");
      const { startSshServer }: typeof import("../ssh/server.ts") = require("../ssh/server.ts");
      const hostKey = loadHostKey(hostKeyPath(config.sshHostKey, config.db));
      ssh = listenFor("--ssh-port", sshPort, () => startSshServer(chat, {
        hostname: config.host,
        port: sshPort,
        hostKey,
        maxLine: config.maxLine,
        nickTimeoutSeconds: config.nickTimeout,
        arrivals,
        log,
      }));
    }
    const ircPort = config.ircPort;
    if (ircPort !== undefined) {
      irc = listenFor(config.ircTlsPort === undefined ? "--irc-port" : "--irc-port or --irc-tls-port", ircPort, () => startIrcServer(chat, {
        hostname: config.host,
        port: ircPort,
        tlsPort: config.ircTlsPort,
        tls,
        nickTimeoutSeconds: config.nickTimeout,
        reusePort: config.reusePort,
        arrivals,
        log,
      }));
    }
  } catch (error) {
    void Promise.all([web.close(), telnet?.close(), ssh?.close()]).then(() => {
      sessionStore.close();
      return backend.close();
    });
    throw error;
  }
  const telnetServer = telnet;

  const backlogTrouble = raiseListenBacklog();
  if (backlogTrouble) log(`listen queue stays at Bun's 512 (wanted ${LISTEN_BACKLOG}): ${backlogTrouble}`);

  let stopping: Promise<void> | undefined;
  const stop = (reason?: string) =>
    (stopping ??= (async () => {
      chat.shutdown(reason);
      await Promise.all([telnetServer.close(), ssh?.close(), irc?.close(), web.close()]);
      sessionStore.close();
      await backend.close();
    })());

  return {
    chat,
    httpUrl,
    telnetHost: localHost(config.host),
    telnetPort: telnetServer.port,
    sshPort: ssh?.port,
    ircPort: irc?.port,
    ircTlsPort: irc?.tlsPort,
    network: networkHosts(config.host).map((host) => ({ httpUrl: urlOf(host, web.port, web.scheme), telnetHost: host })),
    stop,
  };
}
