/**
 * The IRC side of a generator process (bench/generator.ts): members that register
 * (NICK, USER, then the 001 welcome), join the lobby and read what it is sent raw, as a
 * telnet receiver reads its lines; and senders that post `PRIVMSG #lobby`. The same
 * clients drive Switchboard's IRC listener (W1-IRC) and ngircd (W1-NGIRCD).
 * Messages arrive as `:nick!user@host PRIVMSG #lobby :~B…~\r\n`; the marker scanner finds
 * the marker in them unchanged.
 */
import type { Socket } from "bun";

/** The room the workloads fan out in (Switchboard's lobby; ngircd's pre-defined one). */
export const IRC_CHANNEL = "#lobby";

/**
 * IRC clients a generator connects at once. ngircd listens with a backlog of 10
 * (`listen(sock, 10)` in its conn.c) and accepts one connection per turn of its loop:
 * 200 at once, as the telnet receivers connect, overflow it, and the kernel's dropped
 * SYNs come back after 1, 3, 7… s (300 members took 56 s; 4 at a time, 500 take 2 s).
 * Two receiver generators at 4 each stay under 10. Joins are outside the measured window.
 */
export const IRC_CONCURRENCY = 4;

export interface IrcTarget {
  host: string;
  port: number;
}

/** What the generator keeps about its connections. */
export interface IrcHooks {
  /** The member is in (and its socket is to be terminated on `close`). */
  live(socket: Socket<unknown>): void;
  /** A member that was in lost its connection (counted as a receiver closed). */
  closed(): void;
  error(what: string): void;
}

const PING = Buffer.from("PING ");
const CR = 0x0d;
const LF = 0x0a;

/**
 * Answers the server's PINGs, which ngircd sends a member that has been quiet (receivers
 * never speak). Looked for with one indexOf per chunk: the markers never hold "PING ".
 * A PING split across two reads is missed; ngircd waits PongTimeout for the answer, and
 * the bench config sets both timeouts far beyond a run, so nothing depends on it.
 */
function answerPings(socket: Socket<unknown>, chunk: Buffer): void {
  for (let at = chunk.indexOf(PING); at >= 0; at = chunk.indexOf(PING, at + PING.length)) {
    if (at > 0 && chunk[at - 1] !== LF) continue;
    let end = chunk.indexOf(LF, at);
    if (end < 0) return;
    if (chunk[end - 1] === CR) end--;
    socket.write(`PONG ${chunk.toString("latin1", at + PING.length, end)}\r\n`);
  }
}

/**
 * Connects and registers `nick`; with `channel`, joins it too. Resolves once the server
 * confirmed: the end of the channel's NAMES (366, after our JOIN), or the welcome (001)
 * without a channel. From then on every chunk goes to `onData`.
 */
export function ircMember(
  target: IrcTarget,
  nick: string,
  channel: string | undefined,
  onData: (chunk: Buffer) => void,
  hooks: IrcHooks,
): Promise<Socket<unknown>> {
  const { promise, resolve, reject } = Promise.withResolvers<Socket<unknown>>();
  let seen = "";
  let welcomed = false;
  let ready = false;
  const welcome = ` 001 ${nick} `;
  const joined = channel ? ` 366 ${nick} ${channel} ` : welcome;
  void Bun.connect({
    hostname: target.host,
    port: target.port,
    socket: {
      open(socket) {
        socket.write(`NICK ${nick}\r\nUSER ${nick} 0 * :${nick}\r\n`);
      },
      data(socket, chunk: Buffer) {
        answerPings(socket, chunk);
        if (ready) return onData(chunk);
        seen += chunk.toString("latin1");
        if (!welcomed && seen.includes(welcome)) {
          welcomed = true;
          if (channel) socket.write(`JOIN ${channel}\r\n`);
        }
        if (welcomed && seen.includes(joined)) {
          ready = true;
          seen = "";
          hooks.live(socket);
          return resolve(socket);
        }
        // A refusal (nickname in use, banned, server full) is a numeric 4xx or an ERROR
        // line; 422 (no MOTD) is only news.
        const refused = /(?:^|\n)(?::\S+ (4(?!22)\d\d) \S+ .*|ERROR .*)/.exec(seen);
        if (refused) {
          reject(new Error(`irc: ${refused[1] ?? "ERROR"} ${refused[0].trim().slice(0, 60)}`));
          socket.end();
        } else if (seen.length > 1 << 20) seen = seen.slice(-4096);
      },
      close() {
        if (!ready) reject(new Error("irc closed before join"));
        else hooks.closed();
      },
      error(_socket, error) {
        hooks.error(`irc: ${error.message}`);
      },
    },
  }).catch(reject);
  return promise;
}

/**
 * A sender: an IRC client that posts `PRIVMSG #lobby`. As a member (`member`) it is sent
 * every other sender's lines, read and counted in `bytesIn`; outside the channel (it must
 * then allow it: ngircd's bench lobby has no +n) it is sent nothing, as Switchboard's
 * web senders, which hold no stream.
 */
export async function ircSender(
  target: IrcTarget,
  nick: string,
  member: boolean,
  bytesIn: (n: number) => void,
  hooks: IrcHooks,
): Promise<{ send(text: string): void }> {
  const socket = await ircMember(target, nick, member ? IRC_CHANNEL : undefined, (chunk) => bytesIn(chunk.length), {
    ...hooks,
    // A sender is not a receiver: its connection closing is seen in the deliveries, not counted here.
    closed() {},
  });
  const prefix = `PRIVMSG ${IRC_CHANNEL} :`;
  return { send: (text) => void socket.write(`${prefix}${text}\r\n`) };
}
