import { join } from "node:path";
import type { ServerProcess } from "../helpers/server-process.ts";
import { until } from "../telnet/test-client.ts";

export const ssh = Bun.which("ssh");
export const sshKeygen = Bun.which("ssh-keygen");

/** The SSH port a server printed (`ssh -p PORT`). */
export async function sshPortOf(server: ServerProcess): Promise<number> {
  const line = await server.waitForOutput(/ssh -p \d+/);
  return Number(line.split(" ").at(-1));
}

/** A fresh ed25519 key for the OpenSSH client. */
export function clientKey(dir: string, name = "id"): string {
  const path = join(dir, name);
  const made = Bun.spawnSync([sshKeygen!, "-q", "-t", "ed25519", "-N", "", "-f", path]);
  if (made.exitCode !== 0) throw new Error(`ssh-keygen failed: ${made.stderr.toString()}`);
  return path;
}

/**
 * The real OpenSSH client as `user`, with a pty (`-tt`) on a pipe: what it prints is
 * collected, and `type` sends keys as a terminal would (Enter is CR). In batch mode (the
 * default) it never asks for anything; without, it may go on to keyboard-interactive,
 * which lets a client in without a prompt when the nickname has no password.
 */
export function sshClient(
  port: number,
  user: string,
  key: string,
  knownHosts = "/dev/null",
  batch = true,
  more: { env?: Record<string, string | undefined>; options?: string[] } = {},
) {
  const proc = Bun.spawn(
    [
      ssh!,
      "-tt",
      "-p", String(port),
      "-i", key,
      "-o", "IdentitiesOnly=yes",
      "-o", `BatchMode=${batch ? "yes" : "no"}`,
      "-o", `StrictHostKeyChecking=${knownHosts === "/dev/null" ? "no" : "accept-new"}`,
      "-o", `UserKnownHostsFile=${knownHosts}`,
      "-o", "LogLevel=ERROR",
      ...(more.options ?? []).flatMap((option) => ["-o", option]),
      `${user}@127.0.0.1`,
    ],
    { stdin: "pipe", stdout: "pipe", stderr: "pipe", env: more.env },
  );
  let out = "";
  const drained = (async () => {
    const decoder = new TextDecoder();
    const reader = proc.stdout.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      out += decoder.decode(value, { stream: true });
    }
  })();
  return {
    proc,
    /** The exit code, once all the client printed has been read: `proc.exited` can come first. */
    closed: Promise.all([proc.exited, drained]).then(([code]) => code),
    output: () => out,
    /** Keys typed into a client that has already hung up (the server closed it) go nowhere, as a user's would. */
    type(keys: string) {
      const hungUp = (error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== "EPIPE") throw error;
      };
      try {
        proc.stdin.write(keys);
        const flushed = proc.stdin.flush();
        if (flushed instanceof Promise) flushed.catch(hungUp);
      } catch (error) {
        hungUp(error);
      }
    },
    waitFor: (pattern: RegExp, what: string) => until(() => pattern.test(out), what),
  };
}

