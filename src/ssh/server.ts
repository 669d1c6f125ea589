import { createServer } from "node:net";
import { Server, utils, type AuthenticationType, type Connection, type PublicKeyAuthContext } from "ssh2";
import { keyFingerprint, whenSettled, type Chat, type Proof } from "../chat/index.ts";
import type { Account } from "../stores/account-store.ts";
import { terminalContext, type TerminalListenerOptions } from "../terminal/terminal-context.ts";
import { SSH_ALGORITHMS } from "./algorithms.ts";
import { isGenericLogin } from "./generic-logins.ts";
import { SshArrivals } from "./ssh-arrivals.ts";
import { SshConnection } from "./ssh-connection.ts";

export interface SshOptions extends TerminalListenerOptions {
  hostname: string;
  /** 0 picks a free port; read it back from `SshServer.port`. */
  port: number;
  /** The server's private key, OpenSSH format (see host-key.ts). */
  hostKey: string;
}

export interface SshServer {
  readonly port: number;
  /** Tells everyone still connected that the server is shutting down, and resolves once they are gone. */
  close(): Promise<void>;
}

/**
 * Authentication requests one connection may make (OpenSSH's MaxAuthTries is 6 failures):
 * enough for an agent holding a dozen keys, and a bound on the signatures one stranger
 * can have the server check.
 */
export const MAX_AUTH_TRIES = 20;

/** What a client may try next after a refusal: a key, else a password prompt (or none, for a free nickname). */
const METHODS: AuthenticationType[] = ["publickey", "keyboard-interactive"];

/**
 * Listens for SSH clients (`ssh -p PORT nick@host`): the user name is the nickname, and
 * a shell on a pty is the member's terminal.
 *
 * Authentication only says what the client proves; the chat decides on the nickname when
 * it joins, and a refusal is one clear line on the terminal rather than "Permission
 * denied". A key is taken when its signature holds, unless the nickname is owned by other
 * keys: then it is refused, so that the client offers its next key. Without a key that
 * will do, keyboard-interactive asks for the nickname's password when it has one, and
 * lets the client in without a prompt when it does not (a free nickname needs no proof).
 *
 * Nothing a client does before it has logged in may cost the others: each connection is
 * counted as it is accepted, and has a deadline (ssh-arrivals.ts), only fast algorithms
 * are offered (algorithms.ts), and authentication tries are capped.
 */
export function startSshServer(chat: Chat, options: SshOptions): SshServer {
  const context = terminalContext(chat, "ssh", options);
  const sessions = new Set<SshConnection>();
  // Logging in takes no longer than picking a nickname: over SSH, that is how one is picked.
  const arrivals = new SshArrivals(chat, options.nickTimeoutSeconds, options.log);

  const server = new Server({ hostKeys: [options.hostKey], algorithms: SSH_ALGORITHMS }, (client: Connection, info) => {
    const address = info.ip;
    // Every socket ssh2 hears came through `arrivals`; one that has left it (it timed out) is done.
    const arrival = arrivals.of(info.ip, info.port);
    if (!arrival) return client.end();
    let nick = "";
    let proof: Proof = {};
    let tries = 0;
    client.on("authentication", (ctx) => {
      if (++tries > MAX_AUTH_TRIES) {
        options.log(`ssh too many authentication tries ${address}`);
        return client.end();
      }
      nick = ctx.username;
      // A generic login (root) is no nickname: nobody's account is looked up for it, and the
      // nickname is asked for once in (a key still proves itself for the one picked then).
      const whenOwner = (next: (account: Account | undefined) => void) =>
        isGenericLogin(nick) ? next(undefined) : void whenSettled(chat.owners.find(nick), (found) => next(found.ok ? found.value : undefined));
      if (ctx.method === "publickey") {
        if (!signatureHolds(ctx)) return ctx.reject(METHODS);
        const key = keyFingerprint(ctx.key.data);
        return whenOwner((account) => {
          // Not one of the nickname's keys: refused, so the client offers its next key, then
          // keyboard-interactive (the password, when the nickname has one).
          if (account && !account.keys.includes(key)) return ctx.reject(METHODS);
          // Only a signed request proves the key; the unsigned one asks whether it would do.
          if (ctx.signature) proof = { key };
          ctx.accept();
        });
      }
      if (ctx.method === "keyboard-interactive")
        return whenOwner((account) => {
          if (!account?.passwordHash) return ctx.accept();
          ctx.prompt([{ prompt: `Password for ${account.nick}: `, echo: false }], "Switchboard", "", (answers) => {
            proof = { ...proof, password: answers[0] ?? "" };
            ctx.accept();
          });
        });
      ctx.reject(METHODS);
    });
    client.on("ready", () => {
      client.on("session", (acceptSession) => {
        const session = acceptSession();
        let pty = { columns: 0, rows: 0, term: undefined as string | undefined };
        let connection: SshConnection | undefined;
        session.on("pty", (accept, _reject, request) => {
          pty = { columns: request.cols, rows: request.rows, term: request.term };
          accept?.();
        });
        session.on("window-change", (accept, _reject, request) => {
          accept?.();
          connection?.resize(request.cols, request.rows);
        });
        session.on("shell", (accept) => {
          const channel = accept();
          connection = new SshConnection(channel, address, context, pty, () => client.end());
          sessions.add(connection);
          void connection.closed.then(() => sessions.delete(connection!));
          connection.start(isGenericLogin(nick) ? undefined : nick, proof, arrival.takeSeat());
        });
        // A command (`ssh host ls`) or a subsystem has nothing to run here.
        session.on("exec", (_accept, reject) => reject?.());
        session.on("subsystem", (_accept, reject) => reject?.());
      });
    });
    // A client that resets or speaks garbage costs its own connection only. The message may be
    // the client's own words (a DISCONNECT's description, up to 32 KB): cut to a line's worth.
    client.on("error", (error) => options.log(`ssh error ${address}: ${error.message.slice(0, 200)}`));
  });
  // Our own listener in front of ssh2's: a connection is counted (or turned away) before ssh2 spends anything on it.
  const listener = createServer((socket) => {
    if (arrivals.accept(socket)) server.injectSocket(socket);
  });
  // Out of file descriptors, say: logged, and the listener goes on accepting once it can.
  listener.on("error", (error) => options.log(`ssh listener error: ${error.message}`));
  listener.listen(options.port, options.hostname);
  const bound = listener.address();
  if (!bound || typeof bound === "string") throw new Error(`cannot listen for SSH on port ${options.port}`);

  return {
    port: bound.port,
    async close() {
      listener.close();
      arrivals.close();
      await Promise.all(
        [...sessions].map((session) => {
          session.shutdown();
          return session.closed;
        }),
      );
    },
  };
}

/** A key offered unsigned (the client asks whether it would do), or signed with a signature that holds. */
function signatureHolds(ctx: PublicKeyAuthContext): boolean {
  if (!ctx.signature || !ctx.blob) return true;
  const key = utils.parseKey(ctx.key.data);
  if (key instanceof Error) return false;
  return key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true;
}
