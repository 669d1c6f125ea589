/** Linux /proc readings for a process: CPU seconds and resident memory. */

const CLK_TCK = 100;

/** utime + stime of `pid` in seconds (0 when the process is gone). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = require("node:fs").readFileSync(`/proc/${pid}/stat`, "latin1") as string;
    // Field 2 (comm) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** VmRSS of `pid` in KiB (0 when the process is gone). */
export function rssKiB(pid: number): number {
  try {
    const status = require("node:fs").readFileSync(`/proc/${pid}/status`, "latin1") as string;
    const match = /VmRSS:\s+(\d+)/.exec(status);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** The 1-minute load average, to tell whether someone else was using the machine. */
export function loadAverage(): number {
  try {
    return Number((require("node:fs").readFileSync("/proc/loadavg", "latin1") as string).split(" ")[0]);
  } catch {
    return 0;
  }
}

/** CPU seconds used by the whole machine (all processes) so far, from /proc/stat. */
export function machineBusySeconds(): number {
  try {
    const line = (require("node:fs").readFileSync("/proc/stat", "latin1") as string).split("\n")[0]!;
    const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
    return (user! + nice! + system! + irq! + softirq! + steal!) / CLK_TCK;
  } catch {
    return 0;
  }
}
