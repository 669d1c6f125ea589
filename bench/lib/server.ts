/**
 * Starts Switchboard the normal way (`bun src/index.ts` with options), reads the two
 * addresses it prints, and keeps draining its stdout (it logs a line per connect/join)
 * while counting the lines the benchmarks care about.
 */
import type { Subprocess } from "bun";
import { join } from "node:path";

export const REPO = join(import.meta.dir, "..", "..");

export interface ServerOptions {
  /** Extra command-line options, appended after the bench defaults (later flags win). */
  args?: string[];
  /** Write a CPU profile (Bun's --cpu-prof) into this directory on exit. */
  cpuProfDir?: string;
  /** Have JavaScriptCore log each garbage collection (BUN_JSC_logGC), counted in `log.gc`. */
  logGC?: boolean;
}

/** Limits raised so that the bench measures throughput, not the limits. */
export const BENCH_SERVER_ARGS = [
  "--http-port", "0",
  "--telnet-port", "0",
  "--db", ":memory:",
  "--host", "127.0.0.1",
  "--max-clients", "30000",
  "--msg-rate", "1000",
  "--msg-burst", "1000",
  "--nick-timeout", "600",
  "--grace", "600",
];

export interface RunningServer {
  readonly pid: number;
  /** What it was started with (see `samePorts`). */
  readonly options: ServerOptions;
  /** Set when this is not Switchboard but the redis-server peer (`--peer redis`): its port. */
  readonly redisPort?: number;
  readonly httpUrl: string;
  readonly origin: string;
  readonly httpPort: number;
  readonly telnetHost: string;
  readonly telnetPort: number;
  /** Where IRC clients connect: Switchboard started with `--irc-port`, or the ngircd peer (bench/ngircd.ts). */
  readonly ircPort?: number;
  /** Lines logged so far, and counts of the ones benchmarks look for. */
  readonly log: { lines: number; tooSlow: number; lagging: number; errors: number; tail: string[]; gc: GcCounts };
  /** Sends a console command (e.g. `say hello`). */
  console(line: string): void;
  /** SIGTERM, then SIGKILL after `graceMs`. Resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

/** Garbage collections logged so far (with `logGC`): how many of each kind, and their pauses summed. */
export interface GcCounts {
  eden: number;
  full: number;
  pauseMs: number;
}

/** JSC's log line for a collection's start, or for one more increment of it; `p=` is that pause. */
const GC_LINE = /^\[GC<[^>]*>: (START|M) .*?p=([\d.]+)ms/;

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const prof = options.cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfDir}`, "--cpu-prof-md"] : [];
  const proc: Subprocess<"pipe", "pipe", "pipe"> = Bun.spawn(
    [process.execPath, ...prof, "src/index.ts", ...BENCH_SERVER_ARGS, ...(options.args ?? [])],
    { cwd: REPO, stdin: "pipe", stdout: "pipe", stderr: "pipe", env: options.logGC ? { ...process.env, BUN_JSC_logGC: "1" } : undefined },
  );
  const log = { lines: 0, tooSlow: 0, lagging: 0, errors: 0, tail: [] as string[], gc: { eden: 0, full: 0, pauseMs: 0 } };
  const onGcLine = (line: string) => {
    const gc = GC_LINE.exec(line);
    if (!gc) return false;
    if (gc[1] === "START") line.includes("FullCollection") ? log.gc.full++ : log.gc.eden++;
    log.gc.pauseMs += Number(gc[2]);
    return true;
  };
  let http: RegExpExecArray | null = null;
  let telnet: RegExpExecArray | null = null;
  let irc: RegExpExecArray | null = null;
  // Printed after the telnet line: wait for it too when asked for, or its port would be missed.
  const wantsIrc = options.args?.includes("--irc-port") ?? false;
  const { promise: up, resolve: isUp } = Promise.withResolvers<void>();

  const onLine = (line: string) => {
    log.lines++;
    if (line.includes("too slow")) log.tooSlow++;
    if (line.includes(": lagging")) log.lagging++;
    if (/\berror\b/i.test(line)) log.errors++;
    log.tail.push(line);
    if (log.tail.length > 40) log.tail.shift();
    http ??= /http:\/\/([^\s/]+):(\d+)\//.exec(line);
    telnet ??= /telnet (\S+) (\d+)/.exec(line);
    irc ??= /^IRC: irc:\/\/(\S+):(\d+)/.exec(line);
    if (http && telnet && (irc || !wantsIrc)) isUp();
  };
  void drain(proc.stdout, onLine);
  void drain(proc.stderr, (line) => {
    // JSC's GC log (see `logGC`) is counted, not kept: it would push everything else out of the tail.
    if (options.logGC && (onGcLine(line) || line.startsWith("[GC<") || line.startsWith("GC END") || line.startsWith("Requesting GC"))) return;
    onLine(`[stderr] ${line}`);
  });

  const exited = proc.exited.then((code) => {
    throw new Error(`server exited (${code}) before it was up:\n${log.tail.join("\n")}`);
  });
  await Promise.race([up, exited, Bun.sleep(15_000).then(() => Promise.reject(new Error("server did not start in 15 s")))]);
  exited.catch(() => {});

  const httpHost = http![1]!;
  const httpPort = Number(http![2]);
  return {
    pid: proc.pid,
    options,
    httpUrl: `http://${httpHost}:${httpPort}/`,
    origin: `http://${httpHost}:${httpPort}`,
    httpPort,
    telnetHost: telnet![1]!,
    telnetPort: Number(telnet![2]),
    ircPort: irc ? Number(irc[2]) : undefined,
    log,
    console(line: string) {
      proc.stdin.write(line + "\n");
      proc.stdin.flush();
    },
    async stop(graceMs = 15_000) {
      proc.kill("SIGTERM");
      const code = await Promise.race([proc.exited, Bun.sleep(graceMs).then(() => undefined)]);
      if (code !== undefined) return code;
      proc.kill("SIGKILL");
      await proc.exited;
      return null;
    },
  };
}

/**
 * Options to start `server` again as it was, on the ports it had (later flags win): a
 * restart. Binding them needs the old process gone.
 */
export function samePorts(server: RunningServer): ServerOptions {
  const ports = ["--http-port", String(server.httpPort), "--telnet-port", String(server.telnetPort)];
  return { ...server.options, args: [...(server.options.args ?? []), ...ports] };
}

async function drain(stream: ReadableStream<Uint8Array>, onLine: (line: string) => void): Promise<void> {
  const decoder = new TextDecoder();
  let pending = "";
  const reader = stream.getReader();
  for (;;) {
    const { value: chunk, done } = await reader.read();
    if (done) break;
    pending += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = pending.indexOf("\n")) >= 0) {
      onLine(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
    }
  }
  if (pending) onLine(pending);
}

/**
 * A redis-server standing in for Switchboard (`--peer redis`): the same generators drive
 * it with SUBSCRIBE and PUBLISH, so that a figure can be read against it in the same run.
 */
export function peerServer(redis: { pid: number; port: number; dispose(): Promise<void> }): RunningServer {
  return {
    pid: redis.pid,
    options: {},
    redisPort: redis.port,
    httpUrl: "",
    origin: "",
    httpPort: 0,
    telnetHost: "127.0.0.1",
    telnetPort: 0,
    log: { lines: 0, tooSlow: 0, lagging: 0, errors: 0, tail: [], gc: { eden: 0, full: 0, pauseMs: 0 } },
    console() {},
    async stop() {
      await redis.dispose();
      return 0;
    },
  };
}
