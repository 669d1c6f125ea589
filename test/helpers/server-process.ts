import { afterEach } from "bun:test";
import type { Subprocess } from "bun";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ENTRY = join(import.meta.dir, "../../src/index.ts");

/** A Switchboard started the way a user starts it, as its own process. */
export interface ServerProcess {
  proc: Subprocess<"pipe", "pipe", "pipe">;
  httpUrl: string;
  telnetPort: number;
  /** The IRC port, when started with `--irc-port` (its `irc://HOST:PORT` line); undefined otherwise. */
  ircPort: number | undefined;
  /** Everything the process printed on stdout so far. */
  output(): string;
  /** Resolves when stdout matches `pattern`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Types a console line. */
  type(line: string): void;
  exited: Promise<number>;
}

/** A fresh temporary folder removed by `cleanup`. */
export function tempDir(): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), "switchboard-test-"));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * Starts `bun run src/index.ts` on free ports (from `cwd`, if given) and waits for its two
 * address lines, and for its IRC line too when `args` ask for `--irc-port`.
 */
export async function startServerProcess(
  args: string[] = [],
  env: Record<string, string> = {},
  cwd?: string,
): Promise<ServerProcess> {
  const proc = Bun.spawn(["bun", "run", ENTRY, "--http-port", "0", "--telnet-port", "0", "--host", "127.0.0.1", ...args], {
    cwd,
    stdin: "pipe",
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, ...env },
  });
  let out = "";
  let errors = "";
  const waiters: (() => void)[] = [];
  // Stderr too: a full pipe would block the server as surely as a full stdout.
  void new Response(proc.stderr).text().then((text) => (errors = text), () => {});
  // Keep draining stdout: a full pipe would block the server's logging.
  void (async () => {
    const decoder = new TextDecoder();
    const reader = proc.stdout.getReader();
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      out += decoder.decode(value, { stream: true });
      for (const wake of waiters.splice(0)) wake();
    }
    for (const wake of waiters.splice(0)) wake();
  })();
  const waitForOutput = async (pattern: RegExp, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (true) {
      const match = pattern.exec(out);
      if (match) return match[0];
      if (Date.now() > deadline || proc.exitCode !== null)
        throw new Error(`server output never matched ${pattern}; got:\n${out}${errors ? `\nstderr:\n${errors}` : ""}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  };
  const httpUrl = await waitForOutput(/https?:\/\/[^\s/]+:\d+\//);
  const telnetLine = await waitForOutput(/telnet \S+ \d+/);
  // The IRC line is printed only with --irc-port: waiting for it otherwise would time out.
  const ircLine = args.includes("--irc-port") ? await waitForOutput(/irc:\/\/\S+:\d+/) : undefined;
  return {
    proc,
    httpUrl,
    telnetPort: Number(telnetLine.split(" ")[2]),
    ircPort: ircLine === undefined ? undefined : Number(ircLine.slice(ircLine.lastIndexOf(":") + 1)),
    output: () => out,
    waitForOutput,
    type: (line) => {
      proc.stdin.write(line + "\n");
      proc.stdin.flush();
    },
    exited: proc.exited,
  };
}

/**
 * What a test file that runs whole servers needs: `start` one (see `startServerProcess`),
 * and `tempDir`s; after each test every server it started is killed and every folder removed.
 */
export function useServerProcesses() {
  const running: ServerProcess[] = [];
  const cleanups: (() => void)[] = [];
  afterEach(async () => {
    for (const server of running.splice(0)) {
      server.proc.kill("SIGKILL");
      await server.exited;
    }
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  return {
    async start(args: string[] = [], cwd?: string): Promise<ServerProcess> {
      const server = await startServerProcess(args, {}, cwd);
      running.push(server);
      return server;
    },
    /** A fresh folder, removed after the test. */
    tempDir(): string {
      const dir = tempDir();
      cleanups.push(dir.cleanup);
      return dir.path;
    },
  };
}
