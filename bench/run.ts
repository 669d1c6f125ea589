/**
 * Switchboard benchmark suite (issue 6).
 *
 *   bun run bench                      every workload, full size (a few minutes)
 *   bun run bench W1 W2                only those (W1 also matches W1-irc, W1-ngircd, W1-sse, W1-mixed)
 *   bun run bench --quick              small numbers, for a smoke test
 *   bun run bench --senders telnet     senders are telnet members (default: web members POSTing; irc: IRC members)
 *   bun run bench W1-IRC W1-NGIRCD     W1 with IRC receivers, on Switchboard's --irc-port and on Debian's ngircd
 *   bun run bench W1 --profile DIR     the server writes a CPU profile (bun --cpu-prof) into DIR
 *   bun run bench W1 W2 --peer redis   also drive a redis-server's pub/sub with the same generators
 *   bun run bench W8                   members in 20 rooms each, then in one room each (issue 23; W8-20, W8-1: one row)
 *   bun run bench W8 --perf stat       also counts the server's system calls in W8's window (perf record: samples)
 *   bun run bench W8 --gc-log          also counts the server's garbage collections in W8's window
 *
 * Each workload starts its own server on 127.0.0.1 with the limits raised, drives
 * generator processes (bench/generator.ts) against it, prints one table and writes
 * bench/results.json.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadAverage } from "./lib/proc.ts";
import { connections, fanout, memory, restart, roomsPlan, scaleOut, storm, twoGenerators, w2Plan, type Row, type Settings } from "./workloads.ts";

const argv = Bun.argv.slice(2);
const quick = argv.includes("--quick");
const option = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const senders = (option("--senders") ?? "web") as "telnet" | "web" | "irc";
const cpuProfDir = option("--profile");
const peer = option("--peer");
const perf = option("--perf") as "stat" | "record" | undefined;
const optionValues = new Set([option("--senders"), option("--profile"), peer, perf]);
if (perf !== undefined && perf !== "stat" && perf !== "record") {
  console.error(`--perf takes stat or record, not ${perf}`);
  process.exit(2);
}
if (peer !== undefined && peer !== "redis") {
  console.error(`--peer takes redis, not ${peer}`);
  process.exit(2);
}
const selected = argv.filter((a) => !a.startsWith("--") && !optionValues.has(a)).map((a) => a.toUpperCase());

const logGC = argv.includes("--gc-log");
const settings: Settings = { quick, senders, cpuProfDir, perf, logGC, log: (line) => console.log(line) };
const q = <T>(full: T, small: T) => (quick ? small : full);
/** IRC receivers over the two generator processes, as twoGenerators does for telnet and SSE. */
const ircShares = (irc: number) => [{ irc: Math.ceil(irc / 2) }, { irc: Math.floor(irc / 2) }];

const workloads: { name: string; run: () => Promise<Row | Row[]> }[] = [
  { name: "W1", run: () => fanout(settings, { name: "W1 fan-out telnet", shares: twoGenerators(q(1000, 100), 0), senders: q(500, 50), rate: 1, seconds: q(10, 3) }) },
  // The same load on a redis-server's pub/sub, to read W1's figures against in the same run.
  ...(peer ? [{ name: "W1-PEER", run: () => fanout(settings, { name: "W1 redis pub/sub", shares: twoGenerators(q(1000, 100), 0), senders: q(500, 50), rate: 1, seconds: q(10, 3), peer: "redis" }) }] : []),
  // W1 with IRC receivers (issue 24): on Switchboard's IRC listener, senders as in W1; then
  // the same IRC load on ngircd (bench/ngircd.ts), its senders IRC clients, to read it against.
  { name: "W1-IRC", run: () => fanout(settings, { name: "W1-irc fan-out", shares: ircShares(q(1000, 100)), senders: q(500, 50), rate: 1, seconds: q(10, 3), serverArgs: ["--irc-port", "0"] }) },
  { name: "W1-NGIRCD", run: () => fanout(settings, { name: "W1-irc ngircd", shares: ircShares(q(1000, 100)), senders: q(500, 50), rate: 1, seconds: q(10, 3), peer: "ngircd" }) },
  { name: "W1-SSE", run: () => fanout(settings, { name: "W1-sse fan-out", shares: twoGenerators(0, q(1000, 100)), senders: q(500, 50), rate: 1, seconds: q(10, 3) }) },
  { name: "W1-MIXED", run: () => fanout(settings, { name: "W1-mixed fan-out", shares: twoGenerators(q(500, 50), q(500, 50)), senders: q(500, 50), rate: 1, seconds: q(10, 3) }) },
  { name: "W2", run: () => fanout(settings, w2Plan("telnet", q(10, 3), quick)) },
  ...(peer ? [{ name: "W2-PEER", run: () => fanout(settings, { ...w2Plan("telnet", q(10, 3), quick), name: "W2 redis pub/sub", peer: "redis" }) }] : []),
  { name: "W2-SSE", run: () => fanout(settings, w2Plan("sse", q(10, 3), quick)) },
  // W2 again, with the receivers spread over 1, 2 and 3 instances sharing one Redis.
  ...[1, 2, 3].map((instances) => ({
    name: `W2-REDIS${instances}`,
    run: () => fanout(settings, { ...w2Plan("telnet", q(10, 3), quick), ...scaleOut(instances, q(1000, 100)) }),
  })),
  { name: "W6", run: () => storm(settings, { arrivals: q(10_000, 1000), chatters: 10, chatRate: 10, seconds: q(20, 8) }) },
  ...(peer ? [{ name: "W6-PEER", run: () => storm(settings, { arrivals: q(10_000, 1000), chatters: 10, chatRate: 10, seconds: q(20, 8), peer: "redis" }) }] : []),
  // Pages reconnecting with Last-Event-ID after a graceful restart on the same ports and SQLite file.
  { name: "W7", run: () => restart(settings, { streams: q(5000, 500), senders: 10, rate: 10, beforeS: 2, afterS: 3 }) },
  // 1,000 members each in 20 rooms of 50, 200 messages a second over the 400 rooms; then each in one room (the comparison).
  // W8 runs both; W8-20 or W8-1 one of them (to take turns in another order, or repeat one).
  { name: "W8-20", run: () => fanout(settings, roomsPlan(20, "sse", q(10, 3), quick)) },
  { name: "W8-1", run: () => fanout(settings, roomsPlan(1, "sse", q(10, 3), quick)) },
  { name: "W3", run: () => connections(settings, q(18_800, 1000), 2, 100) },
  {
    name: "W4",
    run: async () => {
      const steps = q([0, 2500, 5000, 7500, 10_000], [0, 250, 500, 750, 1000]);
      return [await memory(settings, "telnet", steps, 100), await memory(settings, "sse", steps, 100)];
    },
  },
  {
    name: "W5",
    // 1% of receivers never read. Messages carry ~3 KB so that a stalled reader fills the
    // kernel buffers (~4.5 MB on loopback) and the server's 256 KB queue within the run.
    run: () =>
      fanout(settings, {
        name: "W5 slow readers",
        shares: [{ telnet: q(495, 50), stalledTelnet: q(5, 1) }, { telnet: q(495, 50), stalledSse: q(5, 1) }],
        senders: q(100, 10),
        rate: 1,
        seconds: q(25, 10),
        padding: 3000,
        serverArgs: ["--max-line", "8192"],
      }),
  },
];

const chosen = workloads.filter(
  (w) => selected.length === 0 || selected.some((s) => w.name === s || w.name.startsWith(`${s}-`)),
);
if (chosen.length === 0) {
  console.error(`No workload matches ${selected.join(" ")}; choose from ${workloads.map((w) => w.name).join(" ")}`);
  process.exit(2);
}

const started = performance.now();
console.log(`Switchboard bench${quick ? " (quick)" : ""}: ${chosen.map((w) => w.name).join(" ")}; load average ${loadAverage()}`);
const rows: Row[] = [];
for (const workload of chosen) {
  console.log(`${workload.name}…`);
  try {
    const result = await workload.run();
    rows.push(...(Array.isArray(result) ? result : [result]));
  } catch (error) {
    console.error(`  ${workload.name} failed: ${(error as Error).stack ?? error}`);
    rows.push({ workload: workload.name, members: "", note: `FAILED: ${(error as Error).message.split("\n")[0]}` });
  }
}

printTable(rows);
const out = join(import.meta.dir, "results.json");
writeFileSync(
  out,
  JSON.stringify({ at: new Date().toISOString(), quick, senders, bun: Bun.version, totalSeconds: Math.round((performance.now() - started) / 1000), rows }, null, 2),
);
console.log(`\nwrote ${out} (${Math.round((performance.now() - started) / 1000)} s)`);

function printTable(rows: Row[]): void {
  const columns: [string, (r: Row) => unknown][] = [
    ["workload", (r) => r.workload],
    ["members", (r) => r.members],
    ["sent", (r) => r.sent],
    ["asked dlv/s", (r) => r.askedPerSec],
    ["got dlv/s", (r) => r.gotPerSec],
    ["p50 ms", (r) => r.p50],
    ["p99 ms", (r) => r.p99],
    ["max ms", (r) => r.max],
    ["loss", (r) => r.loss],
    ["dups", (r) => r.dups],
    ["srv CPU s (%)", (r) => (r.serverCpuS === undefined ? undefined : `${r.serverCpuS} (${r.serverCpuPct}%)`)],
    ["srv RSS MB", (r) => r.serverRssMB],
    ["gen CPU s", (r) => r.genCpuS],
    ["others %", (r) => r.otherCpuPct],
    ["notes", (r) => r.note],
  ];
  const cells = rows.map((r) => columns.map(([, get]) => {
    const v = get(r);
    return v === undefined || (typeof v === "number" && Number.isNaN(v)) ? "-" : String(v);
  }));
  const widths = columns.map(([h], i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: string[]) => "| " + values.map((v, i) => v.padEnd(widths[i]!)).join(" | ") + " |";
  console.log("\n" + line(columns.map(([h]) => h)));
  console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
  for (const c of cells) console.log(line(c));
}
