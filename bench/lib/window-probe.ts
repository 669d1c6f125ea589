/**
 * W8's window seen from the server's side: where its CPU went (user or kernel, which
 * thread), what it sent (as the SSE receivers read it), and, when asked for, perf's
 * counts of its system calls and JavaScriptCore's garbage collections.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Settings } from "../workloads.ts";
import type { Generator } from "./generators.ts";
import { perfWindow } from "./perf-window.ts";
import type { RunningServer } from "./server.ts";

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * What the server did in a rooms workload's window (W8), to compare the rows by: its user
 * and kernel CPU apart, what the SSE receivers read, and perf's counts when asked for.
 * The window's wall-clock bounds (ms) select the samples of a --profile run (bench/profile-window.ts).
 */
export async function windowProbe(settings: Pick<Settings, "perf" | "logGC" | "cpuProfDir">, server: RunningServer, receivers: Generator[]) {
  const { pid } = server;
  const read = () => Promise.all(receivers.map((g) => g.call<{ bytes: number; reads: number; messages: number }>({ cmd: "sse-read" })));
  const sum = (all: { bytes: number; reads: number; messages: number }[]) =>
    all.reduce((a, r) => ({ bytes: a.bytes + r.bytes, reads: a.reads + r.reads, messages: a.messages + r.messages }), { bytes: 0, reads: 0, messages: 0 });
  const before = sum(await read());
  const cpuBefore = cpuSplit(pid);
  const gcBefore = { ...server.log.gc };
  const perf = settings.perf && perfWindow(settings.perf, pid, join(settings.cpuProfDir ?? tmpdir(), `perf-${pid}.data`));
  const fromMs = Date.now();
  return {
    async stop() {
      const toMs = Date.now();
      const cpuAfter = cpuSplit(pid);
      const counts = perf ? await perf.stop() : undefined;
      const { gc } = server.log;
      const gcInWindow = settings.logGC
        ? { eden: gc.eden - gcBefore.eden, full: gc.full - gcBefore.full, pauseMs: round(gc.pauseMs - gcBefore.pauseMs, 1) }
        : undefined;
      const after = sum(await read());
      return {
        fromMs,
        toMs,
        userS: round(cpuAfter.user - cpuBefore.user),
        systemS: round(cpuAfter.system - cpuBefore.system),
        threadsS: Object.fromEntries(Object.entries(cpuAfter.threads).map(([name, s]) => [name, round(s - (cpuBefore.threads[name] ?? 0))])),
        sseBytes: after.bytes - before.bytes,
        sseReads: after.reads - before.reads,
        sseMessages: after.messages - before.messages,
        perf: counts,
        gc: gcInWindow,
      };
    },
  };
}

export type Steady = Awaited<ReturnType<Awaited<ReturnType<typeof windowProbe>>["stop"]>>;

/** The window's figures per delivery, for the notes. */
export function perDelivery(s: Steady, delivered: number): string {
  const per = (x: number) => round(x / Math.max(1, delivered), 2);
  const ms = (s: number) => round((1e6 * s) / Math.max(1, delivered), 1);
  const sends = s.perf ? (s.perf.sendto ?? 0) + (s.perf.sendmsg ?? 0) + (s.perf.write ?? 0) + (s.perf.writev ?? 0) : undefined;
  return (
    `user ${ms(s.userS)} + kernel ${ms(s.systemS)} ms per 1,000; ${per(s.sseBytes)} B, ${per(s.sseMessages)} msgs, ${per(s.sseReads)} reads per delivery` +
    (sends === undefined
      ? ""
      : `; ${per(sends)} writes, ${per(s.perf!.sched_waking ?? 0)} wake-ups of other tasks, ` +
        `${per((s.perf!.epoll_wait ?? 0) + (s.perf!.epoll_pwait ?? 0) + (s.perf!.epoll_pwait2 ?? 0))} epoll waits per delivery`) +
    (s.gc ? `; GC ${s.gc.eden} eden + ${s.gc.full} full, ${s.gc.pauseMs} ms paused` : "")
  );
}

/** utime and stime of `pid` in seconds, and its CPU seconds by thread name (the main thread is the process's name; JSC's GC helpers are "HeapHelper"). */
function cpuSplit(pid: number): { user: number; system: number; threads: Record<string, number> } {
  const fs = require("node:fs") as typeof import("node:fs");
  const fieldsOf = (stat: string) => stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  try {
    const fields = fieldsOf(fs.readFileSync(`/proc/${pid}/stat`, "latin1"));
    const threads: Record<string, number> = {};
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, "latin1");
        const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
        const f = fieldsOf(stat);
        threads[name] = round((threads[name] ?? 0) + (Number(f[11]) + Number(f[12])) / 100);
      } catch {
        // The thread ended meanwhile.
      }
    }
    return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100, threads };
  } catch {
    return { user: 0, system: 0, threads: {} };
  }
}
