/**
 * The workloads. Each starts its own server (so one cannot disturb the next), drives
 * generator processes, and returns one result row plus details for results.json.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GeneratorSpec } from "./generator.ts";
import { Generator } from "./lib/generators.ts";
import { Histogram, type SparseHistogram } from "./lib/histogram.ts";
import { marker, wallMs } from "./lib/marker.ts";
import { cpuSeconds, loadAverage, machineBusySeconds, rssKiB } from "./lib/proc.ts";
import type { RoomPlan } from "./lib/room-plan.ts";
import type { PerfMode } from "./lib/perf-window.ts";
import { peerServer, samePorts, startServer, type RunningServer } from "./lib/server.ts";
import { perDelivery, windowProbe } from "./lib/window-probe.ts";
// The tests' redis-server starter (free port, temporary folder, waits until ready).
import { startRedis } from "../test/helpers/redis-server.ts";
import { startNgircd } from "./ngircd.ts";

export interface Settings {
  quick: boolean;
  /** How senders post: telnet lines, web members (no stream of their own) POSTing /messages, or IRC members' PRIVMSG. */
  senders: "telnet" | "web" | "irc";
  cpuProfDir?: string;
  /** Attach Linux perf to the server for the window of a rooms workload (W8): counts, or samples into cpuProfDir or the temp folder. */
  perf?: PerfMode;
  /** Have the server log its garbage collections, counted in a rooms workload's window (W8). */
  logGC?: boolean;
  log: (line: string) => void;
}

/** One line of the table; `details` goes to results.json only. */
export interface Row {
  workload: string;
  members: string;
  sent?: number;
  askedPerSec?: number;
  gotPerSec?: number;
  p50?: number;
  p99?: number;
  max?: number;
  loss?: number;
  dups?: number;
  serverCpuS?: number;
  serverCpuPct?: number;
  serverRssMB?: number;
  genCpuS?: number;
  /** CPU used on the machine by processes other than ours during the window (noise). */
  otherCpuPct?: number;
  note: string;
  details?: Record<string, unknown>;
}

interface Report {
  receivers: number;
  receiversClosed: number;
  delivered: number;
  duplicates: number;
  /** W8: markers from rooms the receiver is not in. */
  strays?: number;
  outOfOrder: number;
  malformed: number;
  firstAt: number;
  lastAt: number;
  latency: SparseHistogram;
  /** Latency of the markers sent after a restart only (W7). */
  laterLatency?: SparseHistogram;
  senderBytesIn: number;
  stalled?: { telnet: { total: number; closed: number }; sse: { total: number; closed: number } };
  errors: Record<string, number>;
}

export interface ReceiverShare {
  telnet?: number;
  sse?: number;
  stalledTelnet?: number;
  stalledSse?: number;
  /** IRC receivers in #lobby (W1-IRC: Switchboard's --irc-port; W1-NGIRCD: ngircd). */
  irc?: number;
}

/** The receivers of a share that count deliveries (the stalled ones do not). */
const receiversOf = (share: ReceiverShare) => (share.telnet ?? 0) + (share.sse ?? 0) + (share.irc ?? 0);

/** Longer than the web transport's pause between two pushes of the room list (ROOMS_EVERY_MS). */
const ROOM_LIST_SETTLES_MS = 700;

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** CPU of a set of processes (and of the whole machine) over a window. */
class CpuWindow {
  readonly #start: Map<number, number>;
  readonly #machine = machineBusySeconds();
  readonly #selfStart = process.cpuUsage();
  readonly #at = performance.now();

  constructor(readonly pids: number[]) {
    this.#start = new Map(pids.map((pid) => [pid, cpuSeconds(pid)]));
  }

  /** Seconds of CPU per pid, the wall seconds, and the machine's CPU used by others (%). */
  end(): { cpu: Map<number, number>; wall: number; otherPct: number } {
    const wall = (performance.now() - this.#at) / 1000;
    const cpu = new Map(this.pids.map((pid) => [pid, round(cpuSeconds(pid) - this.#start.get(pid)!)]));
    const self = process.cpuUsage(this.#selfStart);
    const ours = [...cpu.values()].reduce((a, b) => a + b, 0) + (self.user + self.system) / 1e6;
    const machine = machineBusySeconds() - this.#machine;
    return { cpu, wall, otherPct: round((100 * Math.max(0, machine - ours)) / wall, 0) };
  }
}

/** Samples the server's RSS every `everyMs` until stopped. */
function sampleRss(pid: number, everyMs: number, origin = performance.now()) {
  const samples: [seconds: number, mb: number][] = [];
  const take = () => samples.push([round((performance.now() - origin) / 1000, 1), round(rssKiB(pid) / 1024, 1)]);
  take();
  const timer = setInterval(take, everyMs);
  return {
    samples,
    stop() {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}

async function withServer<T>(settings: Settings, args: string[], work: (server: RunningServer) => Promise<T>): Promise<T> {
  return withServers(settings, args, 0, ([server]) => work(server!));
}

/** A redis-server alone, as the peer the same generators drive (see `peerServer`). Its CPU is the "server" CPU. */
async function withPeer<T>(work: (servers: RunningServer[], redisPid?: number) => Promise<T>, kind: "redis" | "ngircd" = "redis"): Promise<T> {
  const peer = kind === "ngircd" ? await startNgircd() : peerServer(await startRedis());
  try {
    return await work([peer]);
  } finally {
    await peer.stop();
  }
}

/**
 * With `instances` above 0, that many servers sharing a redis-server started for the
 * run (`--redis`); else one server on its own.
 */
async function withServers<T>(
  settings: Settings,
  args: string[],
  instances: number,
  work: (servers: RunningServer[], redisPid?: number) => Promise<T>,
): Promise<T> {
  const redis = instances > 0 ? await startRedis() : undefined;
  const servers: RunningServer[] = [];
  try {
    for (let i = 0; i < Math.max(1, instances); i++) {
      const shared = redis ? ["--redis", redis.url] : [];
      // IRC senders need the IRC listener, whatever the receivers.
      if (settings.senders === "irc") shared.push("--irc-port", "0");
      servers.push(await startServer({ args: [...shared, ...args], cpuProfDir: settings.cpuProfDir, logGC: settings.logGC }));
    }
    return await work(servers, redis?.pid);
  } finally {
    for (const server of servers) {
      const code = await server.stop();
      if (code !== 0) settings.log(`  server exit code ${code}`);
    }
    await redis?.dispose();
  }
}

function specFor(server: RunningServer, id: number, maxReceivers: number, totalSenders: number, maxSeq: number, roomSize?: number): GeneratorSpec {
  return {
    id,
    redisPort: server.redisPort,
    httpUrl: server.httpUrl,
    origin: server.origin,
    httpPort: server.httpPort,
    telnetHost: server.telnetHost,
    telnetPort: server.telnetPort,
    ircPort: server.ircPort,
    maxReceivers,
    totalSenders,
    maxSeq,
    roomSize,
  };
}

async function metrics(server: RunningServer): Promise<Record<string, number>> {
  const text = await (await fetch(`${server.httpUrl}metrics`)).text();
  const out: Record<string, number> = {};
  for (const line of text.split("\n")) {
    const match = /^(switchboard_\w+)(\{transport="(\w+)"\})? (\S+)$/.exec(line);
    if (match) out[match[1]!.replace("switchboard_", "") + (match[3] ? `_${match[3]}` : "")] = Number(match[4]);
  }
  return out;
}

/** Joins receivers in the order that keeps join notices cheap: web first (no stream yet), then telnet, then streams. */
async function joinAll(receivers: Generator[], shares: ReceiverShare[], extra: () => Promise<unknown> = async () => {}) {
  const t0 = performance.now();
  await Promise.all([
    ...receivers.map((g, i) => g.call({ cmd: "web-join", sse: shares[i]!.sse ?? 0, stalledSse: shares[i]!.stalledSse ?? 0 })),
  ]);
  const tWeb = performance.now();
  await Promise.all(receivers.map((g, i) => g.call({ cmd: "telnet-join", telnet: shares[i]!.telnet ?? 0, stalledTelnet: shares[i]!.stalledTelnet ?? 0 })));
  const tIrc = performance.now();
  const irc = shares.some((share) => share.irc);
  if (irc) await Promise.all(receivers.map((g, i) => g.call({ cmd: "irc-join", irc: shares[i]!.irc ?? 0 })));
  const ircS = (performance.now() - tIrc) / 1000;
  await extra();
  const tTelnet = performance.now();
  await Promise.all(receivers.map((g) => g.call({ cmd: "open-streams" })));
  const tStreams = performance.now();
  return {
    webJoinS: round((tWeb - t0) / 1000),
    // Telnet receivers and the senders that join with them (not the IRC receivers).
    telnetJoinS: round((tTelnet - tWeb) / 1000 - ircS),
    ...(irc ? { ircJoinS: round(ircS) } : {}),
    openStreamsS: round((tStreams - tTelnet) / 1000),
  };
}

/** The peer's receivers subscribe (every receiver of the plan, whatever its transport), then its senders connect. */
async function subscribeAll(receivers: Generator[], shares: ReceiverShare[], addSenders: () => Promise<unknown>) {
  const t0 = performance.now();
  await Promise.all(receivers.map((g, i) => g.call({ cmd: "redis-join", count: (shares[i]!.telnet ?? 0) + (shares[i]!.sse ?? 0) })));
  await addSenders();
  return { subscribeS: round((performance.now() - t0) / 1000) };
}

/** Polls until every expected delivery arrived, or nothing arrived for `quietMs`, or `maxMs` passed. */
async function awaitDeliveries(gens: Generator[], expected: number, quietMs: number, maxMs: number): Promise<number> {
  const deadline = performance.now() + maxMs;
  let last = -1;
  let since = performance.now();
  for (;;) {
    const counts = await Promise.all(gens.map((g) => g.call<{ delivered: number }>({ cmd: "count" })));
    const delivered = counts.reduce((a, c) => a + c.delivered, 0);
    if (delivered >= expected) return delivered;
    if (delivered !== last) (last = delivered), (since = performance.now());
    if (performance.now() - since > quietMs || performance.now() > deadline) return delivered;
    await Bun.sleep(100);
  }
}

function merge(reports: Report[]) {
  const latency = new Histogram();
  for (const r of reports) latency.add(r.latency);
  const sum = (key: "receivers" | "receiversClosed" | "delivered" | "duplicates" | "outOfOrder" | "malformed") =>
    reports.reduce((a, r) => a + r[key], 0);
  const errors: Record<string, number> = {};
  for (const r of reports) for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
  return {
    latency,
    receivers: sum("receivers"),
    receiversClosed: sum("receiversClosed"),
    delivered: sum("delivered"),
    duplicates: sum("duplicates"),
    outOfOrder: sum("outOfOrder"),
    malformed: sum("malformed"),
    strays: reports.reduce((a, r) => a + (r.strays ?? 0), 0),
    lastAt: Math.max(0, ...reports.map((r) => r.lastAt)),
    errors,
  };
}

export interface FanoutPlan {
  name: string;
  shares: ReceiverShare[];
  senders: number;
  rate: number;
  seconds: number;
  padding?: number;
  serverArgs?: string[];
  rssEveryMs?: number;
  /** When set, latency, deliveries and server RSS are also reported per window of this length (a soak's minutes). */
  windowMs?: number;
  /** When set, this many instances share a redis-server started for the run; receiver generators take turns. */
  instances?: number;
  /**
   * Drive a redis-server's pub/sub instead of Switchboard, with the same generators (every
   * receiver subscribes); or ngircd (bench/ngircd.ts), with IRC receivers and IRC senders.
   */
  peer?: "redis" | "ngircd";
  /**
   * W8: receivers are in the rooms of this plan (`members` is all the shares' receivers),
   * each sender posts in its own room, and a message is expected by that room's
   * `roomSize` receivers only.
   */
  rooms?: RoomPlan;
}

/** Receivers spread over two generator processes (this machine has two cores; the server needs one). */
export const twoGenerators = (telnet: number, sse: number): ReceiverShare[] => [
  { telnet: Math.ceil(telnet / 2), sse: Math.ceil(sse / 2) },
  { telnet: Math.floor(telnet / 2), sse: Math.floor(sse / 2) },
];

/**
 * W2, latency under a steady load: 1,000 receivers (telnet or SSE) and 100 senders at one
 * message a second each, i.e. 100,000 deliveries a second. The bench runs it for seconds,
 * the soak for minutes.
 */
export function w2Plan(receivers: "telnet" | "sse", seconds: number, quick = false): FanoutPlan {
  const count = quick ? 100 : 1000;
  return {
    name: receivers === "telnet" ? "W2 latency telnet" : "W2-sse latency",
    shares: receivers === "telnet" ? twoGenerators(count, 0) : twoGenerators(0, count),
    senders: quick ? 10 : 100,
    rate: 1,
    seconds,
  };
}

/** A plan's receivers spread over `instances` sharing Redis, one generator per instance (two for one). */
export function scaleOut(instances: number, receivers: number): Pick<FanoutPlan, "name" | "shares" | "instances"> {
  const generators = Math.max(2, instances);
  const shares = Array.from({ length: generators }, (_, i) => ({
    telnet: Math.floor(receivers / generators) + (i < receivers % generators ? 1 : 0),
  }));
  return { name: `W2 via Redis, ${instances} instance${instances > 1 ? "s" : ""}`, shares, instances };
}

interface WindowFigures {
  /** Seconds since the load started, at the end of the window. */
  endS: number;
  delivered: number;
  p50: number;
  p99: number;
  max: number;
  serverRssMB: number;
}

/** Logs latency, deliveries and server RSS for each window of `everyMs` as it ends. */
function reportWindows(settings: Settings, server: RunningServer, receivers: Generator[], everyMs: number) {
  const origin = performance.now();
  const windows: WindowFigures[] = [];
  const take = async () => {
    const latency = new Histogram();
    for (const sparse of await Promise.all(receivers.map((g) => g.call<SparseHistogram>({ cmd: "window" })))) latency.add(sparse);
    if (latency.count === 0) return;
    const figures = {
      endS: round((performance.now() - origin) / 1000, 1),
      delivered: latency.count,
      p50: round(latency.quantile(0.5)),
      p99: round(latency.quantile(0.99)),
      max: round(latency.max),
      serverRssMB: round(rssKiB(server.pid) / 1024, 1),
    };
    windows.push(figures);
    settings.log(
      `  ${figures.endS} s: ${figures.delivered} delivered, p50 ${figures.p50} ms, p99 ${figures.p99} ms, max ${figures.max} ms; server RSS ${figures.serverRssMB} MB`,
    );
  };
  // Chained, so that a slow reading can never overlap the next one.
  let taking = Promise.resolve();
  const timer = setInterval(() => (taking = taking.then(take)), everyMs);
  return {
    /** Reports the last, partial window and returns them all. */
    async stop(): Promise<WindowFigures[]> {
      clearInterval(timer);
      await taking;
      await take();
      return windows;
    },
  };
}

/** W1/W2/W5: receivers in #lobby, senders posting at a steady rate; latency, loss, dups, throughput. */
export async function fanout(settings: Settings, plan: FanoutPlan): Promise<Row> {
  const peer = plan.peer !== undefined;
  type Work = (servers: RunningServer[], redisPid?: number) => Promise<Row>;
  const start = peer ? (work: Work) => withPeer(work, plan.peer) : (work: Work) => withServers(settings, plan.serverArgs ?? [], plan.instances ?? 0, work);
  return start(async (servers, redisPid) => {
    // Senders, the metrics and the RSS samples are the first instance's; receivers take turns.
    const server = servers[0]!;
    const receiverCounts = plan.shares.map(receiversOf);
    const firstMember = (i: number) => receiverCounts.slice(0, i).reduce((a, b) => a + b, 0);
    const maxSeq = Math.ceil(plan.rate * plan.seconds);
    const receivers = await Promise.all(
      plan.shares.map((_, i) =>
        Generator.start({ ...specFor(servers[i % servers.length]!, i + 1, receiverCounts[i]!, plan.senders, maxSeq), rooms: plan.rooms, firstMember: firstMember(i) }),
      ),
    );
    const sender = await Generator.start({ ...specFor(server, 0, 0, plan.senders, maxSeq), rooms: plan.rooms });
    const gens = [...receivers, sender];
    try {
      // ngircd's senders are IRC clients; outside the lobby when W1's are web members (sent nothing), in it otherwise.
      const senderKind = plan.peer === "ngircd" ? "irc" : peer ? "redis" : settings.senders;
      const outside = plan.peer === "ngircd" && settings.senders === "web";
      const addSenders = () => sender.call({ cmd: "add-senders", kind: senderKind, count: plan.senders, idBase: 0, outside });
      // Web senders join with the web receivers (before any stream); telnet ones with the telnet receivers.
      const phases = plan.peer === "redis"
        ? await subscribeAll(receivers, plan.shares, addSenders)
        : senderKind === "web"
          ? await (async () => (await addSenders(), joinAll(receivers, plan.shares)))()
          : await joinAll(receivers, plan.shares, addSenders);
      // W8: the pages' room list is pushed at most every 500 ms after joins and parts; waited
      // for, so that the last of them, all 1,000 pages' (5 KB each with 400 rooms), is not
      // counted in the window as if sending had cost it.
      if (plan.rooms) await Bun.sleep(ROOM_LIST_SETTLES_MS);
      const before = peer ? {} : await metrics(server);
      settings.log(`  joined: ${JSON.stringify(phases)}; server says ${JSON.stringify(pick(before, "members_telnet", "members_web", "sse_streams"))}`);

      const load = loadAverage();
      const shared = [...servers.slice(1).map((s) => s.pid), ...(redisPid ? [redisPid] : [])];
      const window = new CpuWindow([server.pid, ...shared, ...gens.map((g) => g.pid)]);
      const rss = sampleRss(server.pid, plan.rssEveryMs ?? 1000);
      const windowReports = plan.windowMs ? reportWindows(settings, server, receivers, plan.windowMs) : undefined;
      const startAt = wallMs() + 300;
      const probe = plan.rooms ? await windowProbe(settings, server, receivers) : undefined;
      const sendResult = await sender.call<{ sent: number[]; failures: number; failureReasons: Record<string, number> }>({
        cmd: "send",
        startAt,
        durationMs: plan.seconds * 1000,
        rate: plan.rate,
        padding: plan.padding ?? 0,
      });
      const sent = sendResult.sent.reduce((a, b) => a + b, 0);
      // Each message is for everyone, or (W8) for the receivers of its room.
      const receiverCount = plan.rooms?.roomSize ?? plan.shares.reduce((a, s) => a + receiversOf(s), 0);
      await awaitDeliveries(receivers, sent * receiverCount, 2000, 15_000);
      const windows = await windowReports?.stop();
      const cpu = window.end();
      const steady = await probe?.stop();
      const rssSamples = rss.stop();
      const reports = await Promise.all(receivers.map((g) => g.call<Report>({ cmd: "report" })));
      const m = merge(reports);
      const expected = sent * (plan.rooms ? plan.rooms.roomSize : m.receivers);
      const spanS = Math.max(plan.seconds, (m.lastAt - startAt) / 1000);
      const after = peer ? {} : await metrics(server);
      const stalled = reports.some((r) => r.stalled)
        ? reports.reduce(
            (a, r) => ({
              telnet: { total: a.telnet.total + (r.stalled?.telnet.total ?? 0), closed: a.telnet.closed + (r.stalled?.telnet.closed ?? 0) },
              sse: { total: a.sse.total + (r.stalled?.sse.total ?? 0), closed: a.sse.closed + (r.stalled?.sse.closed ?? 0) },
            }),
            { telnet: { total: 0, closed: 0 }, sse: { total: 0, closed: 0 } },
          )
        : undefined;
      const notes = [
        `${senderKind} senders${outside ? " (outside #lobby)" : ""}`,
        m.receiversClosed ? `${m.receiversClosed} receivers closed` : "",
        m.malformed ? `${m.malformed} malformed` : "",
        m.outOfOrder ? `${m.outOfOrder} out of order` : "",
        plan.rooms ? `${m.strays ?? 0} from rooms not theirs` : "",
        plan.rooms ? `${round((1e6 * cpu.cpu.get(server.pid)!) / Math.max(1, m.delivered), 1)} ms srv CPU per 1,000 deliveries` : "",
        // The sender does the same work in both W8 rows (the same POSTs at the same times), so
        // its CPU gauges what a CPU second cost in this window on a shared machine: the rows'
        // server CPU in units of it swung 0.93-1.14x between them where the raw figure swung 0.75-1.32x.
        plan.rooms ? `srv CPU ${round(cpu.cpu.get(server.pid)! / Math.max(0.01, cpu.cpu.get(sender.pid)!), 2)}x the sender's` : "",
        steady ? perDelivery(steady, m.delivered) : "",
        sendResult.failures ? `${sendResult.failures} send failures` : "",
        redisPid
          ? `${servers.length} instance${servers.length > 1 ? "s" : ""} (CPU s ${servers.map((s) => cpu.cpu.get(s.pid)).join(" + ")}); redis CPU ${cpu.cpu.get(redisPid)} s`
          : "",
        m.latency.negative ? `${m.latency.negative} negative latencies` : "",
        stalled
          ? `stalled cut off: telnet ${stalled.telnet.closed}/${stalled.telnet.total}, sse ${stalled.sse.closed}/${stalled.sse.total}` +
            ` (log: ${server.log.tooSlow} too slow, ${server.log.lagging} lagging)`
          : "",
      ].filter(Boolean);
      return {
        workload: plan.name,
        members: describeMembers(plan),
        sent,
        askedPerSec: Math.round((plan.senders * plan.rate * receiverCount)),
        gotPerSec: Math.round(m.delivered / spanS),
        ...latencyAndCpu(m, cpu, servers, gens),
        loss: expected - m.delivered,
        serverRssMB: Math.max(...rssSamples.map(([, mb]) => mb)),
        note: notes.join("; "),
        details: {
          plan,
          phases,
          windowS: round(cpu.wall),
          loadAvgBefore: load,
          expected,
          delivered: m.delivered,
          outOfOrder: m.outOfOrder,
          sendFailures: sendResult.failureReasons,
          p999: round(m.latency.quantile(0.999)),
          generatorCpuS: Object.fromEntries(gens.map((g) => [`gen${g.spec.id}`, cpu.cpu.get(g.pid)])),
          rssMB: rssSamples,
          windows,
          steady,
          metricsBefore: before,
          metricsAfter: after,
          stalled,
          serverLog: { ...server.log, tail: server.log.tail.slice(-10) },
          errors: m.errors,
        },
      };
    } finally {
      await Promise.all(gens.map((g) => g.close()));
    }
  });
}

/** The columns every delivery workload reports the same way: latency, duplicates, CPU. */
function latencyAndCpu(
  m: ReturnType<typeof merge>,
  cpu: ReturnType<CpuWindow["end"]>,
  servers: RunningServer[],
  gens: Generator[],
): Pick<Row, "p50" | "p99" | "max" | "dups" | "serverCpuS" | "serverCpuPct" | "genCpuS" | "otherCpuPct"> {
  // Every instance's CPU together (Redis's is in the notes).
  const serverCpu = round(servers.reduce((a, s) => a + cpu.cpu.get(s.pid)!, 0));
  return {
    p50: round(m.latency.quantile(0.5)),
    p99: round(m.latency.quantile(0.99)),
    max: round(m.latency.max),
    dups: m.duplicates,
    serverCpuS: serverCpu,
    serverCpuPct: Math.round((100 * serverCpu) / cpu.wall),
    genCpuS: round(gens.reduce((a, g) => a + cpu.cpu.get(g.pid)!, 0)),
    otherCpuPct: cpu.otherPct,
  };
}

function pick(o: Record<string, number>, ...keys: string[]) {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

function describeMembers(plan: FanoutPlan): string {
  const total = (k: keyof ReceiverShare) => plan.shares.reduce((a, s) => a + (s[k] ?? 0), 0);
  const parts = [
    total("telnet") ? `${total("telnet")}t` : "",
    total("sse") ? `${total("sse")}s` : "",
    total("irc") ? `${total("irc")}i` : "",
  ].filter(Boolean);
  const stalled = total("stalledTelnet") + total("stalledSse") ? ` (+${total("stalledTelnet")}t/${total("stalledSse")}s stalled)` : "";
  const rooms = plan.rooms ? ` each in ${plan.rooms.layers} room${plan.rooms.layers > 1 ? "s" : ""} of ${plan.rooms.roomSize}` : "";
  return `${parts.join("+")}${rooms}${stalled} <- ${plan.senders}x${plan.rate}/s`;
}

/**
 * W3: many members held at once (half telnet, half SSE, over several generator
 * processes), in rooms of `roomSize`, then one console `say` (a notice reaches every
 * room): how long until everyone has it.
 */
export async function connections(settings: Settings, total: number, processes: number, roomSize: number): Promise<Row> {
  const perProcess = Math.floor(total / processes);
  const shares = Array.from({ length: processes }, () => ({ telnet: Math.floor(perProcess / 2), sse: perProcess - Math.floor(perProcess / 2) }));
  return withServer(settings, [], async (server) => {
    const gens = await Promise.all(shares.map((s, i) => Generator.start(specFor(server, i + 1, s.telnet + s.sse, 1, 1, roomSize))));
    try {
      const t0 = performance.now();
      const phases = await joinAll(gens, shares);
      const joinS = round((performance.now() - t0) / 1000);
      const held = await metrics(server);
      settings.log(`  joined in ${joinS}s ${JSON.stringify(phases)}; server says ${JSON.stringify(pick(held, "members_telnet", "members_web", "sse_streams"))}`);
      const rssHeld = rssKiB(server.pid) / 1024;
      const load = loadAverage();
      const window = new CpuWindow([server.pid, ...gens.map((g) => g.pid)]);
      const members = shares.reduce((a, s) => a + s.telnet + s.sse, 0);
      server.console(`say ${marker(0, 1)} everyone`);
      await awaitDeliveries(gens, members, 3000, 30_000);
      const cpu = window.end();
      const reports = await Promise.all(gens.map((g) => g.call<Report>({ cmd: "report" })));
      const m = merge(reports);
      return {
        workload: "W3 connections",
        members: `${held.members_telnet ?? "?"}t+${held.members_web ?? "?"}s held (${processes} gens, rooms of ${roomSize})`,
        sent: 1,
        askedPerSec: undefined,
        gotPerSec: undefined,
        ...latencyAndCpu(m, cpu, [server], gens),
        loss: members - m.delivered,
        serverRssMB: round(rssHeld, 0),
        note: `all got the broadcast in ${round(m.latency.max)} ms (${m.delivered}/${members}); join phase ${joinS}s` +
          (m.receiversClosed ? `; ${m.receiversClosed} closed` : ""),
        details: { phases, joinS, loadAvgBefore: load, metrics: held, errors: m.errors, serverLog: { ...server.log, tail: server.log.tail.slice(-10) } },
      };
    } finally {
      await Promise.all(gens.map((g) => g.close()));
    }
  });
}

/** W4: server RSS as idle members are added (0 → max), least-squares slope in KB/member. */
export async function memory(settings: Settings, transport: "telnet" | "sse", steps: number[], roomSize: number): Promise<Row> {
  return withServer(settings, [], async (server) => {
    const max = steps[steps.length - 1]!;
    const gen = await Generator.start(specFor(server, 1, max, 1, 1, roomSize));
    try {
      const points: [members: number, kib: number][] = [];
      let have = 0;
      const t0 = performance.now();
      for (const target of steps) {
        const add = target - have;
        if (add > 0) {
          const share = transport === "telnet" ? { telnet: add } : { sse: add };
          const phases = await joinAll([gen], [share]);
          settings.log(`  +${add} ${transport}: ${JSON.stringify(phases)}`);
          have = target;
        }
        // Let joins settle and the collector run; take the lowest of a few readings.
        await Bun.sleep(1500);
        const readings: number[] = [];
        for (let i = 0; i < 4; i++) readings.push(rssKiB(server.pid)), await Bun.sleep(250);
        points.push([target, Math.min(...readings)]);
        settings.log(`  ${transport} ${target} members: ${round(Math.min(...readings) / 1024, 1)} MB`);
      }
      const slope = leastSquaresSlope(points);
      const m = await metrics(server);
      return {
        workload: `W4 memory ${transport}`,
        members: `0→${max} ${transport} idle (rooms of ${roomSize})`,
        serverRssMB: round(points[points.length - 1]![1] / 1024, 0),
        note: `${round(slope, 1)} KB/member (RSS ${points.map(([n, k]) => `${n}:${round(k / 1024, 0)}MB`).join(" ")}); setup ${round((performance.now() - t0) / 1000, 0)}s`,
        details: { points, slopeKiBPerMember: round(slope, 2), metrics: m },
      };
    } finally {
      await gen.close();
    }
  });
}

function leastSquaresSlope(points: [number, number][]): number {
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) (num += (x - mx) * (y - my)), (den += (x - mx) ** 2);
  return den ? num / den : 0;
}

/**
 * W6, a reconnect storm: `arrivals` members (half telnet, half SSE; or as many Redis
 * subscribers for the peer) arrive at once in #lobby while a few members already there
 * chat. How long until the last arrival is welcomed, what the chatters' messages cost
 * meanwhile (their p99), and the server's peak RSS and CPU.
 */
export async function storm(settings: Settings, plan: { arrivals: number; chatters: number; chatRate: number; seconds: number; peer?: "redis" }): Promise<Row> {
  const peer = plan.peer === "redis";
  const run = async ([server]: RunningServer[]): Promise<Row> => {
    const maxSeq = Math.ceil(plan.chatRate * plan.seconds) + 1;
    const chat = await Generator.start(specFor(server!, 1, plan.chatters, plan.chatters, maxSeq));
    const arriving = await Promise.all([2, 3].map((id) => Generator.start(specFor(server!, id, 0, 1, 1))));
    const gens = [chat, ...arriving];
    try {
      // Chatters: senders, and as many readers who measure what the senders' lines cost.
      if (peer) await chat.call({ cmd: "redis-join", count: plan.chatters });
      else await chat.call({ cmd: "telnet-join", telnet: plan.chatters, stalledTelnet: 0 });
      await chat.call({ cmd: "add-senders", kind: peer ? "redis" : "telnet", count: plan.chatters, idBase: 0 });
      const window = new CpuWindow([server!.pid, ...gens.map((g) => g.pid)]);
      const rss = sampleRss(server!.pid, 250);
      // The chatters' latency second by second: during the storm and after it.
      const windowReports = reportWindows(settings, server!, [chat], 1000);
      const startAt = wallMs() + 300;
      const sending = chat.call<{ sent: number[] }>({ cmd: "send", startAt, durationMs: plan.seconds * 1000, rate: plan.chatRate / plan.chatters, padding: 0 });
      await Bun.sleep(1300);
      const half = plan.arrivals / 2;
      const stormResults = await Promise.all(
        arriving.map((g) =>
          g.call<{ welcomedMs: number[]; failed: number; why: Record<string, number> }>({ cmd: "storm", telnet: peer ? half : half / 2, sse: peer ? 0 : half / 2 }),
        ),
      );
      const sendResult = await sending;
      const sent = sendResult.sent.reduce((a, b) => a + b, 0);
      await awaitDeliveries([chat], sent * plan.chatters, 2000, 15_000);
      const windows = await windowReports.stop();
      const cpu = window.end();
      const rssSamples = rss.stop();
      const m = merge([await chat.call<Report>({ cmd: "report" })]);
      const welcomed = stormResults.flatMap((r) => r.welcomedMs).sort((a, b) => a - b);
      const failed = stormResults.reduce((a, r) => a + r.failed, 0);
      const why: Record<string, number> = {};
      for (const r of stormResults) for (const [reason, n] of Object.entries(r.why)) why[reason] = (why[reason] ?? 0) + n;
      const lastS = round((welcomed.at(-1) ?? 0) / 1000);
      return {
        workload: peer ? "W6 storm, redis pub/sub" : "W6 storm",
        members: `${plan.arrivals} ${peer ? "subscribers" : `(${plan.arrivals / 2}t+${plan.arrivals / 2}s)`} arrive; ${plan.chatters} chat at ${plan.chatRate}/s`,
        sent,
        ...latencyAndCpu(m, cpu, [server!], gens),
        loss: sent * plan.chatters - m.delivered,
        serverRssMB: Math.max(...rssSamples.map(([, mb]) => mb)),
        note: `last of ${welcomed.length} welcomed after ${lastS} s (half by ${round((welcomed[Math.floor(welcomed.length / 2)] ?? 0) / 1000)} s)${failed ? `; ${failed} failed: ${JSON.stringify(why)}` : ""}`,
        details: { plan, windows, welcomedQuantilesS: [0.5, 0.9, 0.99, 1].map((q) => round((welcomed[Math.min(welcomed.length - 1, Math.floor(q * welcomed.length))] ?? 0) / 1000)), failed, why, rssMB: rssSamples, errors: m.errors },
      };
    } finally {
      await Promise.all(gens.map((g) => g.close()));
    }
  };
  return peer ? withPeer(run) : withServers(settings, [], 0, run);
}

export interface RestartPlan {
  streams: number;
  senders: number;
  /** Messages a second, all senders together. */
  rate: number;
  /** Seconds of sending before the stop, and from the moment the new server is up. */
  beforeS: number;
  afterS: number;
}

interface SendResult {
  sent: number[];
  failures: number;
  failureReasons: Record<string, number>;
}

interface ReconnectStats {
  receivers: number;
  streaming: number;
  backMs: number[];
  streamsEnded: number;
  attemptFailures: Record<string, number>;
  redraws: number;
}

/**
 * W7, a restart: `streams` pages hold a stream each while web members post. Right after
 * the last message of a first round is accepted, the server stops gracefully; a new one
 * starts on the same ports and SQLite file, the senders go on as soon as it is up, and
 * every page reconnects with `Last-Event-ID` (the generator's ResumingReceiver). How long
 * until the last page streams again, what was lost (every accepted message is expected on
 * every page), how many pages were redrawn rather than caught up, and the new server's
 * peak RSS and CPU.
 */
export async function restart(settings: Settings, plan: RestartPlan): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-w7-"));
  let server: RunningServer | undefined;
  try {
    const first = (server = await startServer({ args: ["--db", join(dir, "w7.sqlite")], cpuProfDir: settings.cpuProfDir }));
    const perSender = plan.rate / plan.senders;
    const firstRound = Math.ceil(perSender * plan.beforeS);
    const maxSeq = firstRound + Math.ceil(perSender * plan.afterS);
    const shares = twoGenerators(0, plan.streams);
    const receivers = await Promise.all(
      shares.map((share, i) => Generator.start({ ...specFor(first, i + 1, share.sse!, plan.senders, maxSeq), laterFrom: firstRound + 1 })),
    );
    const sender = await Generator.start(specFor(first, 0, 0, plan.senders, maxSeq));
    const gens = [...receivers, sender];
    try {
      await sender.call({ cmd: "add-senders", kind: "web", count: plan.senders, idBase: 0 });
      const t0 = performance.now();
      await Promise.all(receivers.map((g, i) => g.call({ cmd: "web-join", sse: shares[i]!.sse!, stalledSse: 0 })));
      await Promise.all(receivers.map((g) => g.call({ cmd: "open-streams", resume: true })));
      settings.log(`  ${plan.streams} streams open in ${round((performance.now() - t0) / 1000)} s`);

      const firstRss = sampleRss(first.pid, 250);
      const round1 = await sender.call<SendResult>({ cmd: "send", startAt: wallMs() + 300, durationMs: plan.beforeS * 1000, rate: perSender, padding: 0 });
      // Every POST of the round is answered: stop now, while some may not have reached every stream yet.
      const stopAt = wallMs();
      server = undefined;
      const exitCode = await first.stop();
      const exitAt = wallMs();
      const firstRssMB = Math.max(...firstRss.stop().map(([, mb]) => mb));
      const second = (server = await startServer(samePorts(first)).catch((error: Error) => {
        throw new Error(`the new server did not start on the old one's ports ${first.httpPort}/${first.telnetPort}: ${error.message}`);
      }));
      const upAt = wallMs();
      settings.log(`  stopped (exit ${exitCode}) in ${round((exitAt - stopAt) / 1000)} s; up again ${round((upAt - exitAt) / 1000)} s later`);

      const window = new CpuWindow([second.pid, ...gens.map((g) => g.pid)]);
      const rss = sampleRss(second.pid, 250);
      const round2 = await sender.call<SendResult>({
        cmd: "send",
        startAt: wallMs(),
        durationMs: plan.afterS * 1000,
        rate: perSender,
        padding: 0,
        seqBase: firstRound,
      });
      // Each sender's highest sequence number is its count over both rounds; failures add up over both too.
      const sent = round2.sent.reduce((a, b) => a + b, 0);
      const expected = (sent - round2.failures) * plan.streams;
      await awaitDeliveries(receivers, expected, 3000, 20_000);
      const cpu = window.end();
      const rssSamples = rss.stop();
      const after = await metrics(second);
      const stats = await Promise.all(receivers.map((g) => g.call<ReconnectStats>({ cmd: "reconnect-stats", since: stopAt })));
      const reports = await Promise.all(receivers.map((g) => g.call<Report>({ cmd: "report" })));
      const m = merge(reports);
      const later = new Histogram();
      for (const r of reports) if (r.laterLatency) later.add(r.laterLatency);

      const backMs = stats.flatMap((s) => s.backMs).sort((a, b) => a - b);
      const lastBack = backMs.at(-1) ?? NaN;
      const fromUpS = round((stopAt + lastBack - upAt) / 1000);
      const fromExitS = round((stopAt + lastBack - exitAt) / 1000);
      const redraws = stats.reduce((a, s) => a + s.redraws, 0);
      const failures: Record<string, number> = {};
      for (const s of stats) for (const [why, n] of Object.entries(s.attemptFailures)) failures[why] = (failures[why] ?? 0) + n;
      const refused = Object.entries(failures).filter(([why]) => why.startsWith("HTTP"));
      const loss = expected - m.delivered;
      const notes = [
        `${backMs.length === plan.streams ? "all" : `${backMs.length} of`} ${plan.streams} streaming again after ${fromUpS} s from up (${fromExitS} s from exit)`,
        `lost ${loss}`,
        `redraws ${redraws}`,
        `refused ${refused.length ? refused.map(([why, n]) => `${why} x${n}`).join(", ") : "none"}`,
        `phase 2 p50/p99 ${round(later.quantile(0.5))}/${round(later.quantile(0.99))} ms`,
        `restart ${round((exitAt - stopAt) / 1000)} s stop + ${round((upAt - exitAt) / 1000)} s start`,
        exitCode !== 0 ? `old server exit code ${exitCode}` : "",
        round2.failures ? `${round2.failures} send failures ${JSON.stringify(round2.failureReasons)}` : "",
        m.outOfOrder ? `${m.outOfOrder} out of order` : "",
        m.malformed ? `${m.malformed} malformed` : "",
        second.log.errors ? `${second.log.errors} error lines in the log` : "",
      ].filter(Boolean);
      const quantilesS = (from: number) => [0.5, 0.9, 0.99, 1].map((q) => round((stopAt + backMs[Math.min(backMs.length - 1, Math.floor(q * backMs.length))]! - from) / 1000));
      return {
        workload: "W7 restart",
        members: `${plan.streams}s reconnect <- ${plan.senders} web senders at ${plan.rate}/s`,
        sent,
        ...latencyAndCpu(m, cpu, [second], gens),
        loss,
        serverRssMB: Math.max(...rssSamples.map(([, mb]) => mb)),
        note: notes.join("; "),
        details: {
          plan,
          expected,
          delivered: m.delivered,
          sentBeforeStop: round1.sent.reduce((a, b) => a + b, 0),
          sendFailuresBeforeStop: round1.failureReasons,
          sendFailures: round2.failureReasons,
          stopS: round((exitAt - stopAt) / 1000),
          startS: round((upAt - exitAt) / 1000),
          backQuantilesFromUpS: quantilesS(upAt),
          backQuantilesFromExitS: quantilesS(exitAt),
          streamsEnded: stats.reduce((a, s) => a + s.streamsEnded, 0),
          streamingAtEnd: stats.reduce((a, s) => a + s.streaming, 0),
          attemptFailures: failures,
          redraws,
          phase2Latency: { count: later.count, p50: round(later.quantile(0.5)), p99: round(later.quantile(0.99)), max: round(later.max) },
          firstServerRssMB: firstRssMB,
          serverCpuSinceStartS: round(cpuSeconds(second.pid)),
          rssMB: rssSamples,
          metricsAfter: after,
          serverLogBefore: { ...first.log, tail: first.log.tail.slice(-10) },
          serverLog: { ...second.log, tail: second.log.tail.slice(-10) },
          errors: m.errors,
        },
      };
    } finally {
      await Promise.all(gens.map((g) => g.close()));
    }
  } finally {
    const code = await server?.stop();
    if (code !== undefined && code !== 0) settings.log(`  server exit code ${code}`);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * W8, rooms people live in (issue 23): 1,000 members each in 20 rooms of 50 (400 rooms),
 * 200 messages a second spread over the rooms (400 senders at 0.5/s, each a web member
 * without a stream in one room): 10,000 deliveries a second, each member expecting every
 * message of each of its rooms exactly once, and none from rooms it is not in.
 * `layers: 1` is the comparison: the same 1,000 members each in ONE room of 50 (20 rooms,
 * 20 of the 400 senders in each), the same 200 messages and 10,000 deliveries a second, so
 * the server's CPU per delivery of the two rows tells what being in 20 rooms costs.
 *
 * The receivers are SSE streams, not terminals, because a stream is sent every event of
 * every room of its member, while a terminal (issue 23 §3) prints only its current room's
 * lines and mentions in full: counting markers on a terminal would measure its view, not
 * the delivery. (W8T, the same through telnet members, was removed for that reason:
 * its markers counted what a terminal prints, which is no longer every room's lines.)
 */
export function roomsPlan(layers: number, receivers: "sse" | "telnet", seconds: number, quick: boolean): FanoutPlan {
  const members = quick ? 100 : 1000;
  const roomSize = quick ? 10 : 50;
  const rooms = { members, layers, roomSize };
  // As many senders in both rows (one per room of the 20-room plan): with 20 senders at
  // 10/s instead, the one-room row cost 10-25% less per delivery for its fewer posting
  // sessions, not for its rooms. Senders take the rooms in turn (20 a room with one room each).
  const senders = 20 * (members / roomSize);
  const messagesPerSecond = 200;
  return {
    name: `W8 rooms ${receivers}, ${layers} room${layers > 1 ? "s" : ""} each`,
    shares: receivers === "sse" ? twoGenerators(0, members) : twoGenerators(members, 0),
    senders,
    rate: messagesPerSecond / senders,
    seconds,
    rooms,
  };
}
