import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServerProcess, tempDir, type ServerProcess } from "../helpers/server-process.ts";
import { TestClient } from "../telnet/test-client.ts";
import { TestBrowser } from "../web/helpers.ts";

/**
 * A real full disk: a 1 MB tmpfs holds the history, and a filler file takes the rest.
 * Mounting needs root (CI runs as root); elsewhere these tests say why they skip.
 */
const mountPoint = mkdtempSync(join(tmpdir(), "switchboard-full-"));
const mounted = Bun.spawnSync(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint]).exitCode === 0;
if (!mounted) console.warn("full-disk tests skipped: mounting a small tmpfs needs root");

afterAll(() => {
  if (mounted) Bun.spawnSync(["umount", "-l", mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

const FILLER = join(mountPoint, "filler");

/** Writes until the filesystem says it is full. */
function fillDisk(): void {
  const fd = openSync(FILLER, "w");
  const block = new Uint8Array(4096);
  try {
    for (;;) writeSync(fd, block);
  } catch (error) {
    if ((error as { code?: string }).code !== "ENOSPC") throw error;
  } finally {
    closeSync(fd);
  }
}

describe.skipIf(!mounted)("a full disk", () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess(["--db", join(mountPoint, "history.sqlite"), "--msg-rate", "100", "--msg-burst", "100"]);
  });
  afterAll(async () => {
    server.proc.kill("SIGKILL");
    await server.exited;
  });

  test("refuses messages with a clear reason, lets people come and go, and leaves nothing behind once space is back", async () => {
    const alice = await TestClient.joinAs(server.telnetPort, "alice");
    const bob = new TestBrowser(new URL(server.httpUrl).origin);
    expect((await bob.join("bob")).status).toBe(303);
    const bobStream = await bob.stream();
    alice.line("said before the disk filled");
    await bobStream.waitFor("said before the disk filled");

    fillDisk();
    alice.line("said on a full disk");
    await alice.waitFor(/cannot save messages.*not sent/);
    const refused = await bob.say("typed on a full disk");
    expect(refused.status).toBe(503);
    expect(await refused.text()).toContain("cannot save messages");
    const during = await (await fetch(new URL("/metrics", server.httpUrl))).text();
    expect(during).toContain("switchboard_history_writable 0");

    // Comings and goings still work, on both transports, with the right counts.
    const carol = await TestClient.joinAs(server.telnetPort, "carol");
    expect(carol.text).toContain("2 online");
    // Accounts and bans cannot be saved either: each says so, and nothing else stops.
    carol.line("/register correct-horse");
    await carol.waitFor(/cannot read or save nicknames and bans right now.*try again later/);
    server.type("ban 203.0.113.9 spam");
    await server.waitForOutput(/cannot read or save nicknames and bans right now/);
    const dan = new TestBrowser(new URL(server.httpUrl).origin);
    expect((await dan.join("dan")).status).toBe(303);
    alice.line("/quit");
    await alice.closed;
    expect((await dan.post("/leave", {})).status).toBe(303);
    await bobStream.waitFor("dan");

    rmSync(FILLER);
    carol.line("said once there was space again");
    await bobStream.waitFor("said once there was space again");
    carol.line("/who");
    await carol.waitFor(/2 in #lobby: bob \(web\), carol \(telnet\)/);
    // Nothing was left holding a name or a seat.
    const newAlice = await TestClient.joinAs(server.telnetPort, "alice");
    expect(newAlice.text).toContain("2 online");
    const metrics = await (await fetch(new URL("/metrics", server.httpUrl))).text();
    expect(metrics).toContain("switchboard_seats 3");
    expect(metrics).toContain("switchboard_history_writable 1");

    // Nothing said on the full disk went out, and the cause was logged once.
    expect(bobStream.raw).not.toContain("on a full disk");
    // The log is written at the end of the server's turn: read it once it has come through.
    await server.waitForOutput(/history: writing again/);
    const log = server.output();
    expect(log.match(/history: cannot write \(database or disk is full\)/g)).toHaveLength(1);
    expect(log).toContain("history: writing again");
    expect(log).not.toContain("    at ");
  });
});

describe("a history file removed while running", () => {
  test("is reported in the log", async () => {
    const dir = tempDir();
    const running = await startServerProcess(["--db", join(dir.path, "data", "history.sqlite")]);
    try {
      rmSync(join(dir.path, "data"), { recursive: true, force: true });
      await running.waitForOutput(/history: .*history\.sqlite was removed or replaced while running/, 8000);
    } finally {
      running.proc.kill("SIGKILL");
      await running.exited;
      dir.cleanup();
    }
  });
});
