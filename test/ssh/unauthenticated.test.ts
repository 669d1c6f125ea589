import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";
import { MAX_LINGERING, MAX_STARTUPS } from "../../src/ssh/ssh-arrivals.ts";
import { MAX_AUTH_TRIES } from "../../src/ssh/server.ts";
import { useServerProcesses } from "../helpers/server-process.ts";
import { TestClient } from "../telnet/test-client.ts";
import { clientKey, ssh, sshClient, sshKeygen, sshPortOf } from "./ssh-client.ts";

const servers = useServerProcesses();

/** `count` raw TCP connections to `port` that never say a word. */
function strangers(port: number, count: number): Promise<TestClient[]> {
  return Promise.all(Array.from({ length: count }, () => TestClient.connect(port)));
}

describe.skipIf(!ssh || !sshKeygen)("SSH connections that have not authenticated", () => {
  test("count against the per-address limit from the first byte, and are cut at the login deadline", async () => {
    const dir = servers.tempDir();
    const server = await servers.start([
      "--ssh-port", "0", "--ssh-host-key", join(dir, "host_key"), "--db", ":memory:",
      "--max-clients", "20", "--max-per-address", "3", "--limit-loopback", "--nick-timeout", "6",
    ]);
    const port = await sshPortOf(server);
    // Keys first: making them takes time that must not count against the silent ones' deadline.
    const refusedKey = clientKey(dir);
    const aliceKey = clientKey(dir, "alice");
    const silent = await strangers(port, 3);
    // The fourth and later are turned away at once, with the reason as an SSH disconnect.
    const extra = await strangers(port, 5);
    for (const client of extra) {
      await client.waitForClose(2000);
      expect(client.text).toContain("Too many connections from your address");
    }
    // They hold the address's slots: telnet from the same address is refused too.
    const telnet = await TestClient.connect(server.telnetPort);
    await telnet.waitFor(/Too many connections from your address/);
    // OpenSSH shows the reason.
    const refused = Bun.spawn(
      [ssh!, "-p", String(port), "-i", refusedKey, "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
        "-o", "UserKnownHostsFile=/dev/null", "alice@127.0.0.1", "true"],
      { stdin: "ignore", stdout: "ignore", stderr: "pipe" },
    );
    expect(await refused.exited).not.toBe(0);
    expect(await new Response(refused.stderr).text()).toMatch(/disconnect.*Too many connections from your address/);
    for (const client of silent) expect(client.isClosed).toBe(false);
    // Silent past the deadline (--nick-timeout): cut, and the slots come back.
    for (const client of silent) await client.waitForClose(9000);
    // The log is written at the end of the server's turn, which may come after the close.
    await server.waitForOutput(/ssh login timeout 127\.0\.0\.1/);
    const alice = sshClient(port, "alice", aliceKey);
    await alice.waitFor(/You are alice\./, "alice to be in");
    alice.type("/quit\r");
    await alice.closed;
  }, 30_000);

  test.skipIf(!existsSync("/proc/self/fd"))("a client turned away that never closes its side holds its socket on the server a second at most", async () => {
    const dir = servers.tempDir();
    const server = await servers.start([
      "--ssh-port", "0", "--ssh-host-key", join(dir, "host_key"), "--db", ":memory:", "--max-per-address", "1", "--limit-loopback",
    ]);
    const port = await sshPortOf(server);
    const openFiles = () => readdirSync(`/proc/${server.proc.pid}/fd`).length;
    const held = await TestClient.connect(port);
    await held.waitFor(/^SSH-2\.0-/);
    const before = openFiles();
    // Half-open on purpose: each reads the refusal to its end and then keeps its own side open.
    const turnAway = (count: number) =>
      Promise.all(
        Array.from({ length: count }, () => new Promise<net.Socket>((resolve) => {
          const socket = net.connect({ port, host: "127.0.0.1", allowHalfOpen: true });
          socket.on("error", () => {});
          socket.on("end", () => resolve(socket));
          socket.resume();
        })),
      );
    const few = await turnAway(200);
    // They are given a second to read the reason; then the server closes their sockets anyway.
    await Bun.sleep(1500);
    expect(openFiles() - before).toBeLessThan(20);
    // In a flood, no more than MAX_LINGERING wait that second: the rest are closed at once.
    const flood = await turnAway(MAX_LINGERING + 500);
    expect(openFiles() - before).toBeLessThan(MAX_LINGERING + 50);
    for (const socket of [...few, ...flood]) socket.destroy();
    held.close();
  });

  test(`past ${MAX_STARTUPS} connections still logging in, newcomers are turned away; members are not`, async () => {
    const dir = servers.tempDir();
    // Loopback is exempt from the per-address limit here: only the cap on handshakes applies.
    const server = await servers.start(["--ssh-port", "0", "--ssh-host-key", join(dir, "host_key"), "--db", ":memory:"]);
    const port = await sshPortOf(server);
    const alice = sshClient(port, "alice", clientKey(dir));
    await alice.waitFor(/You are alice\./, "alice to be in");
    const waiting = await strangers(port, MAX_STARTUPS);
    const late = await TestClient.connect(port);
    await late.waitForClose(2000);
    expect(late.text).toContain("Too many connections are still logging in");
    // A member already in is not one of them: she talks on.
    alice.type("still here\r");
    await alice.waitFor(/<\S*alice\S*> still here/, "alice's line");
    // One of them leaves: a newcomer gets its place.
    waiting[0]!.close();
    await Bun.sleep(200);
    const next = await TestClient.connect(port);
    await next.waitFor(/^SSH-2\.0-/);
    expect(next.isClosed).toBe(false);
    for (const client of [...waiting, next]) client.close();
    alice.type("/quit\r");
    await alice.closed;
  }, 20_000);

  test(`a client that goes on offering keys for an owned nickname is disconnected after ${MAX_AUTH_TRIES} tries`, async () => {
    const dir = servers.tempDir();
    const server = await servers.start(["--ssh-port", "0", "--ssh-host-key", join(dir, "host_key"), "--db", ":memory:"]);
    const port = await sshPortOf(server);
    const alice = sshClient(port, "alice", clientKey(dir));
    await alice.waitFor(/You are alice\./, "alice to own her nickname");
    alice.type("/quit\r");
    await alice.closed;
    // Not one of them is alice's key: each is refused, and the client tries the next.
    const keys = Array.from({ length: MAX_AUTH_TRIES + 5 }, (_, i) => clientKey(dir, `guess${i}`));
    const guesser = Bun.spawn(
      [ssh!, "-p", String(port), ...keys.flatMap((key) => ["-i", key]), "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-v", "alice@127.0.0.1", "true"],
      { stdin: "ignore", stdout: "ignore", stderr: "pipe" },
    );
    const said = await new Response(guesser.stderr).text();
    expect(await guesser.exited).not.toBe(0);
    const offered = said.match(/Offering public key/g)?.length ?? 0;
    expect(offered).toBeLessThanOrEqual(MAX_AUTH_TRIES);
    expect(said).not.toContain("Permission denied");
  }, 20_000);
});
