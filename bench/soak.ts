/**
 * Soak test (issue 10): the W2 load (1,000 receivers, 100 senders at one message a second)
 * on a fresh server for minutes rather than seconds, to show that memory stays flat,
 * nothing is lost and latency does not drift.
 *
 *   bun run soak                    10 minutes, telnet receivers
 *   bun run soak --minutes 1        a shorter run
 *   bun run soak --sse              SSE receivers instead
 *   bun run soak --senders telnet   senders are telnet members (default: web members POSTing, as in bench)
 *
 * Prints the server's RSS when the load starts, every minute and at the end; deliveries
 * expected and received, loss (must be 0) and duplicates; p50/p99/max latency per minute
 * and overall. Exits 1 if anything was lost or duplicated.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadAverage } from "./lib/proc.ts";
import { fanout, w2Plan, type Settings } from "./workloads.ts";

const argv = Bun.argv.slice(2);
const option = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const minutes = Number(option("--minutes") ?? 10);
if (!(minutes > 0)) {
  console.error("--minutes takes a positive number");
  process.exit(2);
}
const receivers = argv.includes("--sse") ? "sse" : "telnet";
const settings: Settings = {
  quick: false,
  senders: (option("--senders") ?? "web") as "telnet" | "web",
  log: (line) => console.log(line),
};

// The history goes to a file, as in production: bench's `--db :memory:` would grow the
// server's RSS with every message stored, which is not the leak a soak looks for.
const dataDir = mkdtempSync(join(tmpdir(), "switchboard-soak-"));
const seconds = Math.round(minutes * 60);
const plan = {
  ...w2Plan(receivers, seconds),
  rssEveryMs: 60_000,
  windowMs: 60_000,
  // Web senders never open a stream, so the server would see them as gone after --grace.
  serverArgs: ["--db", join(dataDir, "soak.sqlite"), "--grace", String(seconds + 600)],
};

console.log(`Soak: ${plan.name}, ${minutes} min, ${settings.senders} senders; load average ${loadAverage()}`);
let row;
try {
  row = await fanout(settings, plan);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

const details = row.details as { expected: number; delivered: number; rssMB: [seconds: number, mb: number][] };
const rss = details.rssMB;
console.log(`\n${row.workload}: ${row.members}, ${seconds} s`);
console.log(`server RSS: ${rss[0]![1]} MB at the start, ${rss.at(-1)![1]} MB at the end (${rss.map(([s, mb]) => `${s}s:${mb}`).join(" ")})`);
console.log(`deliveries: ${details.expected} expected, ${details.delivered} received; loss ${row.loss}, duplicates ${row.dups}`);
console.log(`latency: p50 ${row.p50} ms, p99 ${row.p99} ms, max ${row.max} ms`);
console.log(`server CPU ${row.serverCpuS} s (${row.serverCpuPct}%), others on the machine ${row.otherCpuPct}%${row.note ? `; ${row.note}` : ""}`);
if (row.loss !== 0 || row.dups !== 0) {
  console.error("FAIL: every message must reach every receiver exactly once");
  process.exit(1);
}
