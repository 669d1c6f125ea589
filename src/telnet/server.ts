import type { Socket } from "bun";
import type { Chat } from "../chat/index.ts";
import { guardedBy } from "../connections/guarded.ts";
import { terminalContext, type TerminalListenerOptions } from "../terminal/terminal-context.ts";
import { TelnetConnection, type TelnetContext } from "./telnet-connection.ts";

export interface TelnetOptions extends TerminalListenerOptions {
  hostname: string;
  /** 0 picks a free port; read it back from `TelnetServer.port`. */
  port: number;
  /**
   * Where browsers should go, told to HTTP requests on this port, for a client that came
   * in on the local address given: e.g. "http://192.168.1.20:3000/".
   */
  webUrl: (localAddress: string | undefined) => string;
  /** The IRC listener's port, when there is one (started after this one: asked when needed). */
  ircPort?: () => number | undefined;
  /** Shares the port with other instances on this host (SO_REUSEPORT): the kernel spreads connections. */
  reusePort?: boolean;
}

export interface TelnetServer {
  /** The port actually bound. */
  readonly port: number;
  /** Open connections, including those still choosing a nickname. */
  readonly connections: number;
  /**
   * Stops listening, tells anyone still connected that the server is shutting down, and
   * resolves once every socket has flushed its output and closed (or, after 2 s, been cut).
   */
  close(): Promise<void>;
}

/** Listens for telnet and netcat clients and joins them to `chat`. */
export function startTelnetServer(chat: Chat, options: TelnetOptions): TelnetServer {
  const context: TelnetContext = { ...terminalContext(chat, "telnet", options), webUrl: options.webUrl, ircPort: options.ircPort };
  const connections = new Set<TelnetConnection>();

  const guarded = guardedBy<TelnetConnection>("telnet", options.log);

  // Bun.listen takes `reusePort` (checked on Bun 1.4.5), though its types do not list it yet.
  const portSharing: object = { reusePort: options.reusePort ?? false };
  const listener = Bun.listen<TelnetConnection | undefined>({
    ...portSharing,
    hostname: options.hostname,
    port: options.port,
    data: undefined,
    socket: {
      open(socket: Socket<TelnetConnection | undefined>) {
        // A peer that reset before `open` ran has no address (getpeername fails), and
        // nothing sent to it arrives: close it with no connection, seat or log line.
        // Its `data` stays undefined, so the other handlers pass it by.
        const address = socket.remoteAddress as string | undefined;
        if (!address) return socket.terminate();
        // `socket.data` starts as one object shared by every socket: give each its own.
        const connection = new TelnetConnection(socket, address, context);
        socket.data = connection;
        connections.add(connection);
        guarded(connection, (c) => {
          // Probes find half-open connections (a client that vanished without a FIN).
          socket.setKeepAlive(true, 60_000);
          c.start();
        });
      },
      data(socket, chunk) {
        guarded(socket.data, (c) => c.receive(chunk));
      },
      drain(socket) {
        guarded(socket.data, (c) => c.drained());
      },
      end(socket) {
        guarded(socket.data, (c) => c.peerEnded());
      },
      close(socket, error) {
        const connection = socket.data;
        if (!connection) return;
        connections.delete(connection);
        guarded(connection, (c) => c.socketClosed(error));
      },
      error(socket, error) {
        options.log(`telnet error ${socket.remoteAddress}: ${error.message}`);
      },
    },
  });

  return {
    get port() {
      return listener.port;
    },
    get connections() {
      return connections.size;
    },
    async close() {
      listener.stop();
      // Each connection's own close deadline cuts a socket that does not flush in time.
      await Promise.all(
        [...connections].map((connection) => {
          guarded(connection, (c) => c.shutdown());
          return connection.closed;
        }),
      );
    },
  };
}
