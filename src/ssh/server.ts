import { Server, utils, type AuthContext, type Connection } from "ssh2";
import type { ArrivalTurns } from "../arrival-turns.ts";
import type { Chat } from "../chat/chat.ts";
import { RenderedEvents } from "../terminal/render.ts";
import { terminalLimits } from "../terminal/terminal-limits.ts";
import { SshConnection, type SshContext } from "./ssh-connection.ts";

export interface SshOptions {
  hostname: string;
  /** 0 picks a free port; read it back from `SshServer.port`. */
  port: number;
  /** The server's private key, OpenSSH format (see host-key.ts). */
  hostKey: string;
  maxLine: number;
  nickTimeoutSeconds: number;
  log: (line: string) => void;
  /** Newcomers take turns with the members already in (arrival-turns.ts). */
  arrivals?: ArrivalTurns;
}

export interface SshServer {
  readonly port: number;
  /** Tells everyone still connected that the server is shutting down, and resolves once they are gone. */
  close(): Promise<void>;
}

/**
 * Listens for SSH clients (`ssh -p PORT nick@host`): the user name is the nickname, and
 * a shell on a pty is the member's terminal. Any key is let in for now, and so is a
 * client without one (`none`); a key is checked against its signature when it signs.
 */
export function startSshServer(chat: Chat, options: SshOptions): SshServer {
  const context: SshContext = {
    chat,
    transport: "ssh",
    rendered: new RenderedEvents(),
    arrivals: options.arrivals,
    maxLine: options.maxLine,
    ...terminalLimits(options.maxLine),
    nickTimeoutSeconds: options.nickTimeoutSeconds,
    log: options.log,
  };
  const sessions = new Set<SshConnection>();

  const server = new Server({ hostKeys: [options.hostKey] }, (client: Connection, info) => {
    const address = info.ip;
    let nick = "";
    client.on("authentication", (ctx) => {
      nick = ctx.username;
      if (accepts(ctx)) ctx.accept();
      else ctx.reject(["publickey", "none"]);
    });
    client.on("ready", () => {
      client.on("session", (acceptSession) => {
        const session = acceptSession();
        let pty = { columns: 0, term: undefined as string | undefined };
        let connection: SshConnection | undefined;
        session.on("pty", (accept, _reject, request) => {
          pty = { columns: request.cols, term: request.term };
          accept?.();
        });
        session.on("window-change", (accept, _reject, request) => {
          accept?.();
          connection?.resize(request.cols);
        });
        session.on("shell", (accept) => {
          const channel = accept();
          connection = new SshConnection(channel, address, context, pty, () => client.end());
          sessions.add(connection);
          void connection.done.then(() => sessions.delete(connection!));
          connection.start(nick);
        });
        // A command (`ssh host ls`) or a subsystem has nothing to run here.
        session.on("exec", (_accept, reject) => reject?.());
        session.on("subsystem", (_accept, reject) => reject?.());
      });
    });
    // A client that resets or speaks garbage costs its own connection only.
    client.on("error", (error) => options.log(`ssh error ${address}: ${error.message}`));
  });
  server.listen(options.port, options.hostname);
  const bound = server.address();
  if (!bound || typeof bound === "string") throw new Error(`cannot listen for SSH on port ${options.port}`);

  return {
    port: bound.port,
    async close() {
      server.close();
      await Promise.all(
        [...sessions].map((session) => {
          session.shutdown();
          return session.done;
        }),
      );
    },
  };
}

/** `none`, or a key: unsigned first (the client asks whether it would do), then checked against its signature. */
function accepts(ctx: AuthContext): boolean {
  if (ctx.method === "none") return true;
  if (ctx.method !== "publickey") return false;
  if (!ctx.signature || !ctx.blob) return true;
  const key = utils.parseKey(ctx.key.data);
  if (key instanceof Error) return false;
  return key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true;
}
