/**
 * A load-generator process. The runner (bench/run.ts) spawns a few of these and drives
 * them over IPC; each holds receivers (telnet or SSE, some possibly stalled) and/or
 * senders, and reports what it measured. Everything talks to the server over the wire.
 *
 * Commands (one reply each): init, web-join, telnet-join, irc-join, open-streams, add-senders,
 * send, count, window, report, reconnect-stats, close.
 */
import type { Socket } from "bun";
import net from "node:net";
import { Histogram } from "./lib/histogram.ts";
import { DeliveryLedger, MarkerScanner, marker, wallMs } from "./lib/marker.ts";
import { SseReader } from "./lib/sse-reader.ts";
import { roomsOf, senderRoom, type RoomPlan } from "./lib/room-plan.ts";
import { IRC_CHANNEL, IRC_CONCURRENCY, ircMember, ircSender, type IrcHooks } from "./irc-receivers.ts";

export interface GeneratorSpec {
  id: number;
  httpUrl: string;
  origin: string;
  httpPort: number;
  telnetHost: string;
  telnetPort: number;
  /** The IRC port (on telnetHost): Switchboard's `--irc-port`, or ngircd's (W1-IRC, W1-NGIRCD). */
  ircPort?: number;
  /** Receivers this process may hold (sizes the ledger). */
  maxReceivers: number;
  /** Sender ids across all processes (sizes the ledger). */
  totalSenders: number;
  /** Highest sequence number a sender will use (sizes the ledger). */
  maxSeq: number;
  /** When set, each member moves to a room of at most this many of this process's members. */
  roomSize?: number;
  /** A redis-server to drive instead (`--peer redis`): receivers SUBSCRIBE, senders PUBLISH. */
  redisPort?: number;
  /** Markers from this sequence number on are also timed on their own (W7: those sent after the restart). */
  laterFrom?: number;
  /**
   * W8: each member joins its rooms of this plan (then parts #lobby), each sender posts
   * in its own room, and a receiver counts only markers from its rooms as deliveries.
   */
  rooms?: RoomPlan;
  /** W8: the plan's number of this process's first member (the members of all generators are numbered together). */
  firstMember?: number;
}

export type Command =
  | { cmd: "init"; spec: GeneratorSpec }
  | { cmd: "web-join"; sse: number; stalledSse: number }
  | { cmd: "telnet-join"; telnet: number; stalledTelnet: number }
  /** IRC receivers: register, JOIN #lobby, read raw (bench/irc-receivers.ts). */
  | { cmd: "irc-join"; irc: number }
  /** With `resume`, SSE receivers reconnect as a page does when their stream ends (W7). */
  | { cmd: "open-streams"; resume?: boolean }
  | { cmd: "redis-join"; count: number }
  | { cmd: "storm"; telnet: number; sse: number }
  /** With `outside`, IRC senders post without joining the channel (ngircd's bench lobby allows it): sent nothing, as web senders. */
  | { cmd: "add-senders"; kind: "telnet" | "web" | "redis" | "irc"; count: number; idBase: number; outside?: boolean }
  /** Sequence numbers start after `seqBase` (a second round of sending goes on from the first). */
  | { cmd: "send"; startAt: number; durationMs: number; rate: number; padding: number; seqBase?: number }
  | { cmd: "count" }
  /** What the SSE receivers read so far (W8 counts bytes and messages per delivery). */
  | { cmd: "sse-read" }
  | { cmd: "window" }
  | { cmd: "report" }
  | { cmd: "reconnect-stats"; since: number }
  | { cmd: "close" };

const CONCURRENCY = 200;
const WEB_CONCURRENCY = 32;
const PHASE_TIMEOUT_MS = 180_000;

let spec: GeneratorSpec;
let ledger: DeliveryLedger;
let nextReceiver = 0;
let nextMember = 0;
/** Receivers that closed before the report (cut off, refused, reset). */
let receiversClosed = 0;
const errors = new Map<string, number>();
const noteError = (what: string) => errors.set(what, (errors.get(what) ?? 0) + 1);

/** Web members joined but without a stream yet. */
const pendingStreams: { token: string; stalled: boolean; receiver: number }[] = [];
const stalled: { kind: "telnet" | "sse"; socket: net.Socket; closed: boolean; bytes: number }[] = [];
const liveSockets: Socket<unknown>[] = [];

interface SenderHandle {
  send(text: string): void;
}
const senders: SenderHandle[] = [];
let senderIdBase = 0;
let sent = new Int32Array(0);
let sendFailures = 0;
const failureReasons = new Map<string, number>();
const noteFailure = (why: string) => (sendFailures++, failureReasons.set(why, (failureReasons.get(why) ?? 0) + 1));
let sendInFlight = 0;
let senderBytesIn = 0;
/** What the SSE receivers read, so far: bytes, reads (socket data callbacks), messages (blank lines). */
const sseRead = { bytes: 0, reads: 0, messages: 0 };
const MESSAGE_END = Buffer.from("\n\n");

function nickFor(kind: string, index: number): string {
  // Ends in a letter so that one nick is never a prefix of another in received text.
  return `${kind}${spec.id}n${index}z`;
}

/** W8: the rooms of each receiver, by receiver number. */
const receiverRooms: Set<string>[] = [];

/** The rooms a member joins after #lobby, leaving #lobby if it has rooms of a plan (W8). */
function joinsFor(member: number): { rooms: string[]; partLobby: boolean } {
  if (spec.rooms) return { rooms: roomsOf(spec.rooms, (spec.firstMember ?? 0) + member), partLobby: true };
  const room = roomFor(member);
  return { rooms: room ? [room] : [], partLobby: false };
}

/** The lines a member types to get into its rooms: `/join` each, then `/part #lobby` when asked. */
const joinLines = (joins: { rooms: string[]; partLobby: boolean }) => [...joins.rooms.map((room) => `/join ${room}`), ...(joins.partLobby ? ["/part #lobby"] : [])];

function roomFor(member: number): string | undefined {
  return spec.roomSize ? `#b${spec.id}r${Math.floor(member / spec.roomSize)}x` : undefined;
}

/** Runs `task(i)` for i < count with at most `limit` at once. */
async function pool(count: number, limit: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      try {
        await task(i);
      } catch (error) {
        noteError(String((error as Error).message ?? error).slice(0, 80));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, Bun.sleep(ms).then(() => Promise.reject(new Error(`${what}: timeout`)))]);
}

// ---------------------------------------------------------------- web members

async function webJoin(nick: string): Promise<string> {
  const response = await fetch(`${spec.httpUrl}join`, {
    method: "POST",
    body: new URLSearchParams({ nick }),
    headers: { Origin: spec.origin },
    redirect: "manual",
  });
  await response.arrayBuffer();
  if (response.status !== 303) throw new Error(`POST /join ${response.status}`);
  const cookie = /switchboard_session=([^;]+)/.exec(response.headers.get("set-cookie") ?? "");
  if (!cookie) throw new Error("POST /join: no session cookie");
  return cookie[1]!;
}

async function webPost(token: string, text: string): Promise<number> {
  const response = await fetch(`${spec.httpUrl}messages`, {
    method: "POST",
    body: new URLSearchParams({ text }),
    headers: { Origin: spec.origin, Cookie: `switchboard_session=${token}`, "HX-Request": "true" },
    redirect: "manual",
  });
  await response.arrayBuffer();
  return response.status;
}

async function joinWebMembers(sse: number, stalledSse: number): Promise<void> {
  await pool(sse + stalledSse, WEB_CONCURRENCY, async (i) => {
    const member = nextMember++;
    const token = await webJoin(nickFor("s", member));
    const joins = joinsFor(member);
    for (const line of joinLines(joins)) {
      const status = await webPost(token, line);
      if (status >= 300) throw new Error(`POST /messages ${line.split(" ")[0]} ${status}`);
    }
    const isStalled = i >= sse;
    const receiver = isStalled ? -1 : nextReceiver++;
    if (spec.rooms && receiver >= 0) receiverRooms[receiver] = new Set(joins.rooms);
    pendingStreams.push({ token, stalled: isStalled, receiver });
  });
}

function eventsRequest(token: string, lastEventId?: string): string {
  return (
    `GET /events HTTP/1.1\r\nHost: 127.0.0.1:${spec.httpPort}\r\n` +
    `Cookie: switchboard_session=${token}\r\nAccept: text/event-stream\r\n` +
    (lastEventId === undefined ? "" : `Last-Event-ID: ${lastEventId}\r\n`) +
    "\r\n"
  );
}

/** An SSE receiver over raw TCP: sends the request, then scans the bytes for markers. */
function openSseReceiver(token: string, receiver: number): Promise<void> {
  const scanner = new MarkerScanner(receiver, ledger);
  return openSse(token, (chunk) => {
    sseRead.bytes += chunk.length;
    sseRead.reads++;
    for (let at = chunk.indexOf(MESSAGE_END); at >= 0; at = chunk.indexOf(MESSAGE_END, at + 2)) sseRead.messages++;
    scanner.scan(chunk);
  });
}

/** Opens a stream over raw TCP; resolves on its 200, then hands every chunk to `onData`. */
function openSse(token: string, onData: (chunk: Buffer) => void): Promise<void> {
  const { promise, resolve, reject } = Promise.withResolvers<void>();
  let ready = false;
  void Bun.connect({
    hostname: "127.0.0.1",
    port: spec.httpPort,
    socket: {
      open(socket) {
        socket.write(eventsRequest(token));
        liveSockets.push(socket);
      },
      data(_socket, chunk) {
        if (!ready) {
          if (!chunk.toString("latin1", 0, 16).startsWith("HTTP/1.1 200")) {
            reject(new Error(`GET /events ${chunk.toString("latin1", 9, 12)}`));
            return;
          }
          ready = true;
          resolve();
        }
        onData(chunk);
      },
      close() {
        if (!ready) reject(new Error("SSE closed before 200"));
        receiversClosed++;
      },
      error(_socket, error) {
        noteError(`sse: ${error.message}`);
      },
    },
  }).catch(reject);
  return promise;
}

/** A reader that stops reading once its request is answered (node:net `pause()`). */
function openStalled(kind: "telnet" | "sse", firstWrite: string, readyWhen: (text: string) => boolean): Promise<void> {
  const { promise, resolve, reject } = Promise.withResolvers<void>();
  const port = kind === "sse" ? spec.httpPort : spec.telnetPort;
  const socket = net.connect(port, "127.0.0.1");
  const entry = { kind, socket, closed: false, bytes: 0 };
  let seen = "";
  let ready = false;
  socket.on("connect", () => socket.write(firstWrite));
  socket.on("data", (chunk: Buffer) => {
    entry.bytes += chunk.length;
    if (ready) return;
    seen += chunk.toString("latin1");
    if (readyWhen(seen)) {
      ready = true;
      socket.pause();
      stalled.push(entry);
      resolve();
    }
  });
  socket.on("close", () => {
    entry.closed = true;
    if (!ready) reject(new Error(`stalled ${kind} closed early`));
  });
  socket.on("error", () => {});
  return promise;
}

async function openStreams(resume: boolean): Promise<void> {
  const batch = pendingStreams.splice(0);
  await pool(batch.length, CONCURRENCY, (i) => {
    const { token, stalled: isStalled, receiver } = batch[i]!;
    const opening = isStalled
      ? openStalled("sse", eventsRequest(token), (text) => text.startsWith("HTTP/1.1 200") && text.includes("retry:"))
      : resume
        ? openResuming(token, receiver)
        : openSseReceiver(token, receiver);
    return withTimeout(opening, 60_000, "open stream");
  });
}

// ---------------------------------------------------------------- streams that come back (W7)

/** Receivers that reconnect whenever their stream ends. */
const resuming: ResumingReceiver[] = [];
/** Failed connection attempts of those, by reason (refused while the server is down, an HTTP status, …). */
const attemptFailures = new Map<string, number>();
/** Streams of those that ended after their 200 (the server stopped, or cut one off). */
let streamsEnded = 0;
/** Set by `close`: no more reconnecting. */
let closing = false;

/**
 * A receiver that comes back as the page does: htmx 4's hx-sse remembers the id of the
 * last message it was given and, whenever its stream ends or cannot be opened, tries
 * again with `Last-Event-ID` after 500 ms ±30%, doubling the delay after each failed
 * attempt (node_modules/htmx.org/dist/ext/hx-sse.js; it ignores the server's `retry:`,
 * which comes in a message without data). So thousands of pages do not come back in step.
 */
class ResumingReceiver {
  #lastId: string | undefined;
  /** Attempts that failed since the last 200: each doubles the wait. */
  #failures = 0;
  /** Wall-clock ms of each 200, the first being the initial open. */
  readonly okAt: number[] = [];
  /** Redraws received on reconnections: they re-show history, which the ledger then counts as duplicates. */
  redraws = 0;
  streaming = false;
  socket: Socket<unknown> | undefined;

  constructor(
    readonly token: string,
    readonly receiver: number,
  ) {}

  /** hx-sse's wait before the next attempt. */
  get #delayMs(): number {
    const delay = Math.min(500 * 2 ** this.#failures, 60_000);
    return delay * (0.7 + 0.6 * Math.random());
  }

  /** Connects; resolves on the 200, rejects if it does not come. Either way, it comes back by itself once the connection ends. */
  connect(): Promise<void> {
    const { promise, resolve, reject } = Promise.withResolvers<void>();
    const reconnection = this.okAt.length > 0;
    const scanner = new MarkerScanner(this.receiver, ledger);
    const reader = new SseReader({
      body: (piece) => scanner.scan(piece),
      message: (id) => {
        if (id !== undefined) this.#lastId = id;
      },
      redraw: () => {
        if (reconnection) this.redraws++;
      },
    });
    let answered = false;
    let over = false;
    const failed = (why: string) => {
      attemptFailures.set(why, (attemptFailures.get(why) ?? 0) + 1);
      reject(new Error(why));
    };
    const ended = (why: string) => {
      if (over) return;
      over = true;
      this.streaming = false;
      if (answered) streamsEnded++;
      else failed(why), this.#failures++;
      if (!closing) setTimeout(() => void this.connect().catch(() => {}), this.#delayMs);
    };
    void Bun.connect({
      hostname: "127.0.0.1",
      port: spec.httpPort,
      socket: {
        open: (socket) => {
          this.socket = socket;
          socket.write(eventsRequest(this.token, this.#lastId));
        },
        data: (socket, chunk) => {
          reader.feed(chunk);
          if (!answered && reader.status === 200) {
            answered = true;
            this.#failures = 0;
            this.streaming = true;
            this.okAt.push(wallMs());
            resolve();
          } else if (!answered && reader.status) {
            ended(`HTTP ${reader.status}`);
            socket.end();
          }
          if (reader.ended) socket.end();
        },
        close: () => ended("closed before 200"),
        error: (_socket, error) => void noteError(`sse: ${error.message}`),
      },
    }).catch((error: Error & { code?: string }) => ended(error.code ?? error.message.slice(0, 60)));
    return promise;
  }
}

function openResuming(token: string, receiver: number): Promise<void> {
  const resumer = new ResumingReceiver(token, receiver);
  resuming.push(resumer);
  return resumer.connect();
}

/** How the resuming receivers came back after `since` (wall-clock ms): who is streaming, and when each got its 200. */
function reconnectStats(since: number) {
  const backMs: number[] = [];
  for (const r of resuming) {
    const at = r.okAt.find((t) => t >= since);
    if (at !== undefined) backMs.push(at - since);
  }
  return {
    receivers: resuming.length,
    streaming: resuming.filter((r) => r.streaming && r.okAt.some((t) => t >= since)).length,
    backMs: backMs.sort((a, b) => a - b),
    streamsEnded,
    attemptFailures: Object.fromEntries(attemptFailures),
    redraws: resuming.reduce((a, r) => a + r.redraws, 0),
  };
}

// ---------------------------------------------------------------- telnet members

/** Connects, picks a nickname (and joins rooms), resolves once the server confirmed it (and the last room). */
function telnetMember(
  nick: string,
  joins: { rooms: string[]; partLobby: boolean } | undefined,
  onData: ((chunk: Buffer) => void) | undefined,
  countClose: boolean,
): Promise<Socket<unknown>> {
  const { promise, resolve, reject } = Promise.withResolvers<Socket<unknown>>();
  let seen = "";
  let ready = false;
  const room = joins?.rooms.at(-1);
  void Bun.connect({
    hostname: spec.telnetHost,
    port: spec.telnetPort,
    socket: {
      open(socket) {
        // Bare LF: the server treats us as nc and never starts telnet negotiation.
        socket.write([nick, ...(joins ? joinLines(joins) : [])].map((line) => line + "\n").join(""));
      },
      data(socket, chunk) {
        if (ready) {
          onData?.(chunk);
          return;
        }
        seen += chunk.toString("latin1");
        // Our nick shows once we are in (the join notice); with a room, its name too.
        const at = seen.indexOf(nick);
        if (at >= 0 && (!room || seen.indexOf(room, at) >= 0)) {
          ready = true;
          seen = "";
          liveSockets.push(socket);
          resolve(socket);
        } else if (seen.length > 1 << 20) seen = seen.slice(-4096);
      },
      close() {
        if (!ready) reject(new Error("telnet closed before join"));
        else if (countClose) receiversClosed++;
      },
      error(_socket, error) {
        noteError(`telnet: ${error.message}`);
      },
    },
  }).catch(reject);
  return promise;
}

async function joinTelnetMembers(telnet: number, stalledTelnet: number): Promise<void> {
  await pool(telnet + stalledTelnet, CONCURRENCY, async (i) => {
    const member = nextMember++;
    const nick = nickFor("t", member);
    const joins = joinsFor(member);
    const room = joins.rooms.at(-1);
    if (i >= telnet) {
      const first = [nick, ...joinLines(joins)].map((line) => line + "\n").join("");
      await withTimeout(
        openStalled("telnet", first, (text) => {
          const at = text.indexOf(nick);
          return at >= 0 && (!room || text.indexOf(room, at) >= 0);
        }),
        60_000,
        "stalled telnet join",
      );
      return;
    }
    const receiver = nextReceiver++;
    if (spec.rooms) receiverRooms[receiver] = new Set(joins.rooms);
    const scanner = new MarkerScanner(receiver, ledger);
    await withTimeout(telnetMember(nick, joins, (chunk) => scanner.scan(chunk), true), 60_000, "telnet join");
  });
}

// ---------------------------------------------------------------- a storm of arrivals

/** W6: members arriving all at once; each counts as welcomed once it is in (telnet) or streaming (SSE). */
async function storm(telnet: number, sse: number): Promise<{ welcomedMs: number[]; failed: number; why: Record<string, number> }> {
  const t0 = performance.now();
  const welcomedMs: number[] = [];
  let failed = 0;
  const why: Record<string, number> = {};
  // What arrivals are sent (everyone else's comings) is read and dropped, as a client does.
  const drop = (chunk: Buffer) => void (senderBytesIn += chunk.length);
  const arrive = async (i: number) => {
    // Terminals and pages take turns, so both kinds arrive throughout.
    const asTelnet = i % 2 === 0 ? i / 2 < telnet : (i - 1) / 2 >= sse;
    const nick = nickFor(asTelnet ? "wt" : "ws", nextMember++);
    try {
      // A Redis peer's arrivals subscribe.
      if (spec.redisPort) await withTimeout(redisConnection(drop, `SUBSCRIBE ${PEER_CHANNEL}\r\n`, subscribed), STORM_TIMEOUT_MS, "storm subscribe");
      else if (asTelnet) await withTimeout(telnetMember(nick, undefined, drop, false), STORM_TIMEOUT_MS, "storm telnet");
      else await withTimeout(webJoin(nick).then((token) => openSse(token, drop)), STORM_TIMEOUT_MS, "storm sse");
      welcomedMs.push(performance.now() - t0);
    } catch (error) {
      failed++;
      const reason = String((error as Error).message ?? error).slice(0, 80);
      why[reason] = (why[reason] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: telnet + sse }, (_, i) => arrive(i)));
  return { welcomedMs: welcomedMs.sort((a, b) => a - b), failed, why };
}

/** How long one arrival of a storm may take before it counts as failed. */
const STORM_TIMEOUT_MS = 120_000;

// ---------------------------------------------------------------- a Redis peer

/** The channel a Redis peer's receivers subscribe to and its senders publish on. */
const PEER_CHANNEL = "lobby";

/** A raw connection to the peer redis-server; resolves once `ready(text)` holds for what it sent back. */
function redisConnection(onData: (chunk: Buffer) => void, first: string, ready: (text: string) => boolean): Promise<Socket<unknown>> {
  const { promise, resolve, reject } = Promise.withResolvers<Socket<unknown>>();
  let seen = "";
  let isReady = false;
  void Bun.connect({
    hostname: "127.0.0.1",
    port: spec.redisPort!,
    socket: {
      open: (socket) => void socket.write(first),
      data(socket, chunk) {
        if (isReady) return onData(chunk);
        seen += chunk.toString("latin1");
        if (!ready(seen)) return;
        isReady = true;
        liveSockets.push(socket);
        resolve(socket);
      },
      close() {
        if (isReady) receiversClosed++;
        else reject(new Error("redis closed before ready"));
      },
      error(_socket, error) {
        noteError(`redis: ${error.message}`);
      },
    },
  }).catch(reject);
  return promise;
}

/** Receivers that SUBSCRIBE to the peer's channel and read what is published raw, as a telnet receiver reads its lines. */
async function joinRedisReceivers(count: number): Promise<void> {
  await pool(count, CONCURRENCY, async () => {
    const scanner = new MarkerScanner(nextReceiver++, ledger);
    const subscribe = `SUBSCRIBE ${PEER_CHANNEL}\r\n`;
    await withTimeout(redisConnection((chunk) => scanner.scan(chunk), subscribe, subscribed), 60_000, "subscribe");
  });
}

/** Redis confirmed a SUBSCRIBE (the reply ends with the count of channels: 1). */
const subscribed = (text: string) => text.includes(":1\r\n");

/** A PUBLISH in the protocol's array form (a padded message has spaces). */
function publishCommand(text: string): string {
  const bytes = Buffer.byteLength(text);
  return `*3\r\n$7\r\nPUBLISH\r\n$${PEER_CHANNEL.length}\r\n${PEER_CHANNEL}\r\n$${bytes}\r\n${text}\r\n`;
}

// ---------------------------------------------------------------- senders

/** What the IRC clients tell this process about their connections. */
const ircHooks: IrcHooks = { live: (socket) => void liveSockets.push(socket), closed: () => void receiversClosed++, error: noteError };
const ircTarget = () => ({ host: spec.telnetHost, port: spec.ircPort ?? 0 });

async function addSenders(kind: "telnet" | "web" | "redis" | "irc", count: number, idBase: number, outside = false): Promise<void> {
  senderIdBase = idBase;
  sent = new Int32Array(count);
  const handles: SenderHandle[] = new Array(count);
  await pool(count, kind === "web" ? WEB_CONCURRENCY : kind === "irc" ? IRC_CONCURRENCY : CONCURRENCY, async (i) => {
    const nick = nickFor(kind === "web" ? "ws" : kind === "irc" ? "is" : "ts", idBase + i);
    if (kind === "irc") {
      handles[i] = await withTimeout(ircSender(ircTarget(), nick, !outside, (n) => (senderBytesIn += n), ircHooks), 60_000, "irc sender join");
    } else if (kind === "redis") {
      // Its replies (the count of receivers) are read and discarded, as a telnet sender's lines are.
      const socket = await redisConnection((chunk) => (senderBytesIn += chunk.length), "PING\r\n", (text) => text.includes("+PONG"));
      handles[i] = { send: (text) => void socket.write(publishCommand(text)) };
    } else if (kind === "telnet") {
      // A sender is a member too and receives every message: read and discard. (W8: in its one room.)
      const joins = spec.rooms ? { rooms: [senderRoom(spec.rooms, idBase + i)], partLobby: true } : undefined;
      const socket = await withTimeout(
        telnetMember(nick, joins, (chunk) => (senderBytesIn += chunk.length), false),
        60_000,
        "sender join",
      );
      handles[i] = { send: (text) => void socket.write(text + "\n") };
    } else {
      const token = await webJoin(nick);
      // W8: a sender is in one room of the plan, its current room, where its lines go.
      if (spec.rooms) {
        for (const line of [`/join ${senderRoom(spec.rooms, idBase + i)}`, "/part #lobby"]) {
          const status = await webPost(token, line);
          if (status >= 300) throw new Error(`sender POST /messages ${line.split(" ")[0]} ${status}`);
        }
      }
      handles[i] = {
        send: (text) => {
          sendInFlight++;
          webPost(token, text)
            .then((status) => status >= 300 && noteFailure(`HTTP ${status}`))
            .catch((error) => noteFailure(String((error as Error).message ?? error).slice(0, 60)))
            .finally(() => sendInFlight--);
        },
      };
    }
  });
  senders.push(...handles.filter(Boolean));
}

/**
 * Every sender sends `rate` messages a second, staggered so that together they make an
 * even stream (500 senders at 1/s: one message every 2 ms, not 500 at once).
 */
function send(startAt: number, durationMs: number, rate: number, padding: number, seqBase = 0): Promise<void> {
  const count = senders.length;
  const total = Math.floor((durationMs / 1000) * rate) * count;
  const gap = 1000 / (rate * count);
  const pad = padding > 0 ? " " + "x".repeat(padding) : "";
  let k = 0;
  const { promise, resolve } = Promise.withResolvers<void>();
  const tick = () => {
    const now = wallMs();
    while (k < total && startAt + k * gap <= now) {
      const i = k % count;
      const seq = seqBase + Math.floor(k / count) + 1;
      senders[i]!.send(marker(senderIdBase + i, seq) + pad);
      sent[i] = seq;
      k++;
    }
    if (k < total) setTimeout(tick, 1);
    else resolve();
  };
  setTimeout(tick, Math.max(0, startAt - wallMs()));
  return promise;
}

// ---------------------------------------------------------------- reporting

async function stalledReport() {
  // Read what the stalled sockets were sent: a cut-off one then sees its close.
  for (const entry of stalled) entry.socket.resume();
  await Bun.sleep(2000);
  const count = (kind: "telnet" | "sse") => stalled.filter((e) => e.kind === kind);
  return {
    telnet: { total: count("telnet").length, closed: count("telnet").filter((e) => e.closed).length },
    sse: { total: count("sse").length, closed: count("sse").filter((e) => e.closed).length },
  };
}

async function handle(command: Command): Promise<unknown> {
  switch (command.cmd) {
    case "init":
      spec = command.spec;
      ledger = new DeliveryLedger(Math.max(1, spec.maxReceivers), Math.max(1, spec.totalSenders), Math.max(1, spec.maxSeq));
      if (spec.laterFrom !== undefined) ledger.later = { from: spec.laterFrom, latency: new Histogram() };
      if (spec.rooms) {
        const plan = spec.rooms;
        ledger.accepts = (receiver, sender) => receiverRooms[receiver]?.has(senderRoom(plan, sender)) ?? false;
      }
      return { pid: process.pid };
    case "web-join":
      await joinWebMembers(command.sse, command.stalledSse);
      return { pending: pendingStreams.length };
    case "telnet-join":
      await joinTelnetMembers(command.telnet, command.stalledTelnet);
      return { receivers: nextReceiver };
    case "irc-join":
      await pool(command.irc, IRC_CONCURRENCY, async () => {
        const scanner = new MarkerScanner(nextReceiver++, ledger);
        const nick = nickFor("i", nextMember++);
        await withTimeout(ircMember(ircTarget(), nick, IRC_CHANNEL, (chunk) => scanner.scan(chunk), ircHooks), 60_000, "irc join");
      });
      return { receivers: nextReceiver };
    case "storm":
      return storm(command.telnet, command.sse);
    case "redis-join":
      await joinRedisReceivers(command.count);
      return { receivers: nextReceiver };
    case "open-streams":
      await openStreams(command.resume ?? false);
      return { receivers: nextReceiver };
    case "add-senders":
      await addSenders(command.kind, command.count, command.idBase, command.outside);
      return { senders: senders.length };
    case "send": {
      await send(command.startAt, command.durationMs, command.rate, command.padding, command.seqBase);
      const deadline = Date.now() + 10_000;
      while (sendInFlight > 0 && Date.now() < deadline) await Bun.sleep(10);
      return { sent: Array.from(sent), failures: sendFailures, failureReasons: Object.fromEntries(failureReasons), inFlight: sendInFlight };
    }
    case "count":
      return { delivered: ledger.delivered, lastAt: ledger.lastAt };
    case "sse-read":
      return { ...sseRead };
    case "window":
      return ledger.takeWindow();
    case "report":
      return {
        receivers: nextReceiver,
        receiversClosed,
        delivered: ledger.delivered,
        duplicates: ledger.duplicates,
        strays: ledger.strays,
        outOfOrder: ledger.outOfOrder,
        malformed: ledger.malformed,
        firstAt: ledger.firstAt,
        lastAt: ledger.lastAt,
        latency: ledger.latency.toSparse(),
        laterLatency: ledger.later?.latency.toSparse(),
        senderBytesIn,
        stalled: stalled.length ? await stalledReport() : undefined,
        errors: Object.fromEntries(errors),
      };
    case "reconnect-stats":
      return reconnectStats(command.since);
    case "close":
      closing = true;
      for (const socket of liveSockets) socket.terminate();
      for (const r of resuming) r.socket?.terminate();
      for (const entry of stalled) entry.socket.destroy();
      setTimeout(() => process.exit(0), 50);
      return {};
  }
}

process.on("message", (message: { id: number; command: Command }) => {
  // A send lasts as long as it was asked to (a soak sends for minutes); other phases are bounded.
  const limit = PHASE_TIMEOUT_MS + (message.command.cmd === "send" ? message.command.durationMs : 0);
  withTimeout(handle(message.command), limit, message.command.cmd).then(
    (value) => process.send!({ id: message.id, ok: true, value }),
    (error) => process.send!({ id: message.id, ok: false, error: String((error as Error).stack ?? error) }),
  );
});
