/**
 * Linux `perf` attached to the server for a workload's window only (not its joins), to
 * tell where its CPU goes in the steady state: `stat` counts the socket writes, the
 * event-loop wake-ups and the kernel's share; `record` samples stacks into a file for
 * `perf report` (kernel and Bun's native code by name; JIT-compiled JavaScript is only
 * addresses there: see bench/profile-window.ts for the JavaScript side).
 */
import type { Subprocess } from "bun";

export type PerfMode = "stat" | "record";

/** The system calls that say how the server writes and wakes up. */
const SYSCALLS = ["sendto", "sendmsg", "write", "writev", "recvfrom", "read", "epoll_wait", "epoll_pwait", "epoll_pwait2", "futex", "madvise", "mmap", "munmap"];
/** Tasks the server woke (a reader asleep in epoll_wait, mostly): each costs the sender a wake-up in the kernel. */
const WAKEUPS = ["sched:sched_waking"];
const EVENTS = ["task-clock", "context-switches", ...WAKEUPS, ...SYSCALLS.map((name) => `syscalls:sys_enter_${name}`)];

export interface PerfWindow {
  /** Stops perf; for `stat`, the counts by event (syscall names without their prefix). */
  stop(): Promise<Record<string, number>>;
}

export function perfWindow(mode: PerfMode, pid: number, recordFile: string): PerfWindow {
  const args =
    mode === "stat"
      ? ["perf", "stat", "-x", ",", "-e", EVENTS.join(","), "-p", String(pid)]
      : ["perf", "record", "-F", "997", "-g", "-o", recordFile, "-p", String(pid)];
  const proc: Subprocess<"ignore", "pipe", "pipe"> = Bun.spawn(args, { stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  return {
    async stop() {
      proc.kill("SIGINT");
      const [, err] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
      if (mode === "record") return {};
      const counts: Record<string, number> = {};
      for (const line of err.split("\n")) {
        const [value, , event] = line.split(",");
        if (!event || value === undefined || !/^[\d.]+$/.test(value)) continue;
        counts[event.replace("syscalls:sys_enter_", "").replace("sched:", "")] = Number(value);
      }
      return counts;
    },
  };
}
