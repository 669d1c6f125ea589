import type { Socket, TCPSocketListener } from "bun";
import type { Chat } from "../chat/index.ts";
import { guardedBy } from "../connections/guarded.ts";
import { ircContext, type IrcOptions } from "./irc-context.ts";
import { IrcConnection } from "./irc-connection.ts";

export type { IrcOptions } from "./irc-context.ts";

export interface IrcServer {
  readonly port: number;
  /** The TLS port, when there is one. */
  readonly tlsPort: number | undefined;
  readonly connections: number;
  /** Stops listening; everyone still connected is told the server is stopping, and disconnected. */
  close(): Promise<void>;
}

/** Listens for IRC clients (plain, and over TLS when given a certificate) and joins them to `chat`. */
export function startIrcServer(chat: Chat, options: IrcOptions): IrcServer {
  const context = ircContext(chat, options);
  const connections = new Set<IrcConnection>();

  const guarded = guardedBy<IrcConnection>("irc", options.log);

  const handlers = {
    open(socket: Socket<IrcConnection | undefined>) {
      const address = socket.remoteAddress as string | undefined;
      if (!address) return socket.terminate();
      const connection = new IrcConnection(socket, address, context);
      socket.data = connection;
      connections.add(connection);
      guarded(connection, (c) => {
        socket.setKeepAlive(true, 60_000);
        c.start();
      });
    },
    data(socket: Socket<IrcConnection | undefined>, chunk: Uint8Array) {
      guarded(socket.data, (c) => c.receive(chunk));
    },
    drain(socket: Socket<IrcConnection | undefined>) {
      guarded(socket.data, (c) => c.drained());
    },
    end(socket: Socket<IrcConnection | undefined>) {
      guarded(socket.data, (c) => c.peerEnded());
    },
    close(socket: Socket<IrcConnection | undefined>, error?: Error) {
      const connection = socket.data;
      if (!connection) return;
      connections.delete(connection);
      guarded(connection, (c) => c.socketClosed(error));
    },
    error(socket: Socket<IrcConnection | undefined>, error: Error) {
      options.log(`irc error ${socket.remoteAddress}: ${error.message}`);
    },
  };

  // Bun.listen takes `reusePort` (checked on Bun 1.4.5), though its types do not list it yet.
  const portSharing: object = { reusePort: options.reusePort ?? false };
  const listen = (port: number, tls?: { cert: string; key: string }): TCPSocketListener<IrcConnection | undefined> =>
    Bun.listen<IrcConnection | undefined>({
      ...portSharing,
      hostname: options.hostname,
      port,
      data: undefined,
      ...(tls ? { tls } : {}),
      socket: handlers,
    });
  const listeners = [listen(options.port)];
  if (options.tls && options.tlsPort !== undefined) {
    try {
      listeners.push(listen(options.tlsPort, options.tls));
    } catch (error) {
      listeners[0]!.stop(true);
      throw error;
    }
  }

  return {
    get port() {
      return listeners[0]!.port;
    },
    get tlsPort() {
      return listeners[1]?.port;
    },
    get connections() {
      return connections.size;
    },
    async close() {
      for (const listener of listeners) listener.stop();
      await Promise.all(
        [...connections].map((connection) => {
          guarded(connection, (c) => c.shutdown());
          return connection.closed;
        }),
      );
    },
  };
}
