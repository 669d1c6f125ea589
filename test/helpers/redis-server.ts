import { afterEach } from "bun:test";
import type { Subprocess } from "bun";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Where `redis-server` is on this machine's PATH, or undefined when it is not installed. */
export function redisServerPath(): string | undefined {
  return Bun.which("redis-server") ?? undefined;
}

/**
 * Why tests that need a real Redis must be skipped here, or undefined when they can run.
 * Use as `describe.skipIf(!!REDIS_SKIP_REASON)(...)`, and call `explainSkip()` so the reason is printed.
 */
export const REDIS_SKIP_REASON: string | undefined = redisServerPath()
  ? undefined
  : "redis-server is not installed (apt-get install redis-server); the scale-out tests need a real one";

let skipExplained = false;

/** Prints `REDIS_SKIP_REASON` once per test process, if there is one, so a skip is never silent. */
export function explainSkip(): void {
  if (!REDIS_SKIP_REASON || skipExplained) return;
  skipExplained = true;
  console.warn(`skipping Redis tests: ${REDIS_SKIP_REASON}`);
}

export interface RedisOptions {
  /** The folder Redis keeps its RDB file in; a fresh temp folder (removed by `dispose`) when not given. */
  dir?: string;
  /**
   * Keep data across `restart()`: Redis gets its default save points, so it writes an RDB file
   * into `dir` when stopped gracefully (and on `SAVE`), and loads it on the next start.
   * Without it (the default) nothing is ever saved and every restart comes back empty.
   */
  persist?: boolean;
}

/** A `redis-server` of our own, on 127.0.0.1 and a port nobody else uses. */
export interface RedisProcess {
  port: number;
  /** `redis://127.0.0.1:PORT`, for `new RedisClient(url)`. */
  url: string;
  /** The folder holding its RDB file. */
  dir: string;
  /** The process id of the redis-server running now (for CPU readings). */
  readonly pid: number;
  /** Everything the current process printed so far (stdout and stderr). */
  output(): string;
  /** Graceful shutdown: SIGTERM (a persisting Redis saves), SIGKILL if still alive after 3 s. */
  stop(): Promise<void>;
  /** A crash: SIGKILL, nothing saved. Resolves once the process has exited. */
  kill(): Promise<void>;
  /** Stops it gracefully if it is running, then starts it again on the same port and folder. */
  restart(): Promise<void>;
  /** Kills it and removes its folder if this helper created it. */
  dispose(): Promise<void>;
}

const READY_TIMEOUT_MS = 5_000;
const STOP_GRACE_MS = 3_000;
const PORT_ATTEMPTS = 5;

/** A port that was free a moment ago: the OS picks one for a throwaway listener, which we close. */
function pickFreePort(): number {
  const listener = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = listener.port;
  listener.stop(true);
  return port;
}

/** One running `redis-server` process, with its output collected (which also keeps the pipes drained). */
interface Spawned {
  proc: Subprocess<"ignore", "pipe", "pipe">;
  output(): string;
}

function spawnRedis(binary: string, port: number, dir: string, persist: boolean): Spawned {
  const proc = Bun.spawn(
    [
      binary,
      "--port", String(port),
      "--bind", "127.0.0.1",
      "--dir", dir,
      "--dbfilename", "dump.rdb",
      // Redis' own default save points when persisting; "" turns snapshots (and the save on shutdown) off.
      "--save", persist ? "3600 1 300 100 60 10000" : "",
      "--appendonly", "no",
      "--daemonize", "no",
      // The accept queue Switchboard asks for too (src/listen-backlog.ts), and room for a
      // storm of 10,000 and more (its default is 10,000 clients): the bench's peer meets
      // W6 on equal terms.
      "--tcp-backlog", "4096",
      "--maxclients", "19000",
      "--logfile", "", // log to stdout, which we read to see when it is ready
    ],
    { stdin: "ignore", stdout: "pipe", stderr: "pipe" },
  );
  let out = "";
  // Read both pipes to the end: a full pipe would block Redis on its next log line.
  const drain = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    const reader = stream.getReader();
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      out += decoder.decode(value, { stream: true });
    }
  };
  void drain(proc.stdout).catch(() => {});
  void drain(proc.stderr).catch(() => {});
  return { proc, output: () => out };
}

/**
 * Resolves once Redis logged "Ready to accept connections" (it prints that after binding its
 * port and loading any RDB file); returns false if it exited first; throws after 5 s.
 */
async function waitUntilReady(spawned: Spawned): Promise<boolean> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!spawned.output().includes("Ready to accept connections")) {
    if (spawned.proc.exitCode !== null || spawned.proc.signalCode !== null) {
      await spawned.proc.exited;
      return false;
    }
    if (Date.now() > deadline) {
      spawned.proc.kill("SIGKILL");
      await spawned.proc.exited;
      throw new Error(`redis-server did not come up within ${READY_TIMEOUT_MS} ms; its output:\n${spawned.output()}`);
    }
    await Bun.sleep(10);
  }
  return true;
}

/** SIGTERM, then SIGKILL if it has not exited after `STOP_GRACE_MS`. */
async function terminate(proc: Subprocess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  proc.kill("SIGTERM");
  const timer = setTimeout(() => proc.kill("SIGKILL"), STOP_GRACE_MS);
  await proc.exited;
  clearTimeout(timer);
}

/** Starts a real `redis-server` on a free port of 127.0.0.1 and resolves once it accepts connections. */
export async function startRedis(options: RedisOptions = {}): Promise<RedisProcess> {
  const binary = redisServerPath();
  if (!binary) throw new Error(REDIS_SKIP_REASON);
  const persist = options.persist ?? false;
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "switchboard-redis-"));
  // Without persist a restart must come back empty, even if a test ran SAVE: drop any RDB file first.
  const forgetData = () => {
    if (!persist) rmSync(join(dir, "dump.rdb"), { force: true });
  };

  // The port can be taken between closing our probe listener and Redis binding it: try a few.
  let current: Spawned | undefined;
  let port = 0;
  for (let attempt = 1; !current; attempt++) {
    port = pickFreePort();
    forgetData();
    const spawned = spawnRedis(binary, port, dir, persist);
    if (await waitUntilReady(spawned)) current = spawned;
    else if (attempt >= PORT_ATTEMPTS || !spawned.output().includes("Address already in use")) {
      if (ownsDir) rmSync(dir, { recursive: true, force: true });
      throw new Error(`redis-server exited before it was ready (port ${port}); its output:\n${spawned.output()}`);
    }
  }

  // `current` is always the latest process, running or not.
  let proc: Spawned = current;
  const redis: RedisProcess = {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    get pid() {
      return proc.proc.pid;
    },
    output: () => proc.output(),
    stop: () => terminate(proc.proc),
    async kill() {
      proc.proc.kill("SIGKILL");
      await proc.proc.exited;
    },
    async restart() {
      await terminate(proc.proc);
      forgetData();
      proc = spawnRedis(binary, port, dir, persist);
      // The port must stay the same, so there is no retrying on another one here.
      if (!(await waitUntilReady(proc)))
        throw new Error(`redis-server did not restart on port ${port}; its output:\n${proc.output()}`);
    },
    async dispose() {
      await redis.kill();
      if (ownsDir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return redis;
}

/**
 * What a test file that needs real Redis servers uses: `start` one (see `startRedis`);
 * after each test every Redis it started is killed and every folder it created removed.
 */
export function useRedis() {
  const running: RedisProcess[] = [];
  afterEach(async () => {
    for (const redis of running.splice(0)) await redis.dispose();
  });
  return {
    async start(options: RedisOptions = {}): Promise<RedisProcess> {
      const redis = await startRedis(options);
      running.push(redis);
      return redis;
    },
  };
}
