/**
 * Debian's ngircd (apt-get install -y ngircd; bench only, not CI) as the peer W1-NGIRCD
 * drives with the same IRC generators as W1-IRC: a throwaway config in a temporary
 * folder, a free port on 127.0.0.1, and the limits that would otherwise measure ngircd's
 * defences rather than its fan-out raised or off (see ngircd.conf(5)).
 */
import type { Subprocess } from "bun";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunningServer } from "./lib/server.ts";

export const NGIRCD = "/usr/sbin/ngircd";

/** The channel every workload uses, as Switchboard's lobby. */
const CHANNEL = "#lobby";

function config(port: number, dir: string): string {
  return [
    "[Global]",
    // A server name must hold a dot; nothing resolves it.
    "Name = bench.ngircd.local",
    "Info = Switchboard bench peer",
    "Listen = 127.0.0.1",
    `Ports = ${port}`,
    `MotdFile = ${join(dir, "motd")}`,
    "",
    "[Limits]",
    // 0 is "unlimited" for both; the defaults (5 per address) would refuse all but 5 of 1,500 clients from 127.0.0.1.
    "MaxConnections = 0",
    "MaxConnectionsIP = 0",
    "MaxJoins = 0",
    // The generators' nicknames (`i2n999z`, `is0n499z`) are longer than RFC 2812's 9 in the sender's case with more digits.
    "MaxNickLength = 30",
    // 0 turns the penalty system (ngircd's flood protection: fakelag per command) off, as --msg-rate 1000 does for Switchboard.
    "MaxPenaltyTime = 0",
    // Receivers never speak: ngircd would PING them after 120 s idle (they answer, but the joins of 1,500 may take that long on a busy machine).
    "PingTimeout = 600",
    "PongTimeout = 600",
    "",
    "[Options]",
    // Nothing outside the machine: no lookups that would delay each registration.
    "DNS = no",
    "Ident = no",
    "PAM = no",
    "",
    // The lobby exists from the start, without +n: senders that are not members may post
    // in it, as Switchboard's web senders post in a room they hold no stream of.
    "[Channel]",
    `Name = ${CHANNEL}`,
    "Modes = +tP",
    "",
  ].join("\n");
}

/** A port free on 127.0.0.1 now (the kernel's pick, released for ngircd to bind). */
function freePort(): number {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

/** Resolves once something accepts connections on `port`, or rejects after `ms`. */
async function listening(port: number, ms: number, exited: Promise<number>): Promise<void> {
  const deadline = performance.now() + ms;
  let gone: number | undefined;
  void exited.then((code) => (gone = code));
  for (;;) {
    if (gone !== undefined) throw new Error(`ngircd exited (${gone}) before it listened`);
    const ok = await Bun.connect({ hostname: "127.0.0.1", port, socket: { data() {}, open: (s) => void s.end() } }).then(
      () => true,
      () => false,
    );
    if (ok) return;
    if (performance.now() > deadline) throw new Error(`ngircd not listening on ${port} after ${ms} ms`);
    await Bun.sleep(50);
  }
}

/** Starts ngircd on a free port; `stop()` ends it and removes its folder. Its pid is the one CPU and RSS are read from. */
export async function startNgircd(): Promise<RunningServer> {
  if (!existsSync(NGIRCD)) throw new Error(`${NGIRCD} missing: apt-get install -y ngircd`);
  const dir = mkdtempSync(join(tmpdir(), "bench-ngircd-"));
  const port = freePort();
  const conf = join(dir, "ngircd.conf");
  writeFileSync(conf, config(port, dir));
  writeFileSync(join(dir, "motd"), "Switchboard bench peer\n");
  const tail: string[] = [];
  // -n: in the foreground, so the spawned pid is ngircd's own. The shell raises the
  // open-files limit first (1,500 clients and more; root may raise the hard limit), then
  // exec's ngircd in its place, keeping the pid.
  const proc: Subprocess<"ignore", "pipe", "pipe"> = Bun.spawn(
    ["sh", "-c", 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$@"', "sh", NGIRCD, "-n", "-f", conf],
    { stdin: "ignore", stdout: "pipe", stderr: "pipe" },
  );
  for (const stream of [proc.stdout, proc.stderr]) void keepTail(stream, tail);
  try {
    await listening(port, 10_000, proc.exited);
  } catch (error) {
    proc.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}:\n${tail.join("\n")}`);
  }
  const log = { lines: 0, tooSlow: 0, lagging: 0, errors: 0, tail, gc: { eden: 0, full: 0, pauseMs: 0 } };
  return {
    pid: proc.pid,
    options: {},
    httpUrl: "",
    origin: "",
    httpPort: 0,
    telnetHost: "127.0.0.1",
    telnetPort: 0,
    ircPort: port,
    log,
    console() {},
    async stop(graceMs = 5000) {
      proc.kill("SIGTERM");
      const code = await Promise.race([proc.exited, Bun.sleep(graceMs).then(() => undefined)]);
      if (code === undefined) proc.kill("SIGKILL"), await proc.exited;
      rmSync(dir, { recursive: true, force: true });
      // ngircd exits 0 on SIGTERM; the runner reports anything else.
      return code ?? null;
    },
  };
}

/** Keeps the last 40 lines ngircd wrote (its log goes to stderr with -n), for a failure's message. */
async function keepTail(stream: ReadableStream<Uint8Array>, tail: string[]): Promise<void> {
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  for (;;) {
    const { value: chunk, done } = await reader.read();
    if (done) return;
    for (const line of decoder.decode(chunk, { stream: true }).split("\n")) {
      if (!line) continue;
      tail.push(line);
      if (tail.length > 40) tail.shift();
    }
  }
}
