import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { useServerProcesses } from "../helpers/server-process.ts";
import { TestClient } from "../telnet/test-client.ts";
import { clientKey, ssh, sshClient, sshKeygen, sshPortOf } from "./ssh-client.ts";
import { kexOfferOf } from "./ssh-wire.ts";

const servers = useServerProcesses();

describe.skipIf(!ssh || !sshKeygen)("SSH key exchange: nothing a stranger asks for blocks the server", () => {
  test("the server offers only fast key exchanges and modern host keys, ciphers and MACs", async () => {
    const dir = servers.tempDir();
    const server = await servers.start(["--ssh-port", "0", "--ssh-host-key", join(dir, "host_key"), "--db", ":memory:"]);
    const offer = await kexOfferOf(await sshPortOf(server));
    // Finite-field Diffie-Hellman makes its keys synchronously: group18 held the event loop 27 s.
    expect(offer.kex.filter((name) => !name.startsWith("kex-strict-"))).toEqual([
      "curve25519-sha256",
      "curve25519-sha256@libssh.org",
      "ecdh-sha2-nistp256",
      "ecdh-sha2-nistp384",
      "ecdh-sha2-nistp521",
    ]);
    expect(offer.hostKey).toEqual(["ssh-ed25519"]);
    // No CBC, RC4, 3DES or Blowfish (chacha20-poly1305 needs ssh2's native binding, which is not built).
    expect(offer.cipher).toEqual(["aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr", "aes192-ctr", "aes256-ctr"]);
    expect(offer.mac).toEqual(["hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com"]);
    expect(offer.compression).toEqual(["none"]);
  });

  test("a client that offers only diffie-hellman-group18 is refused at once, and a telnet member is served meanwhile", async () => {
    const dir = servers.tempDir();
    const server = await servers.start(["--ssh-port", "0", "--ssh-host-key", join(dir, "host_key"), "--db", ":memory:"]);
    const port = await sshPortOf(server);
    const tom = await TestClient.joinAs(server.telnetPort, "tom");
    const started = performance.now();
    // LogLevel INFO (sshClient's is ERROR): OpenSSH says why it gave up at that level.
    const stranger = Bun.spawn(
      [ssh!, "-p", String(port), "-i", clientKey(dir), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
        "-o", "KexAlgorithms=diffie-hellman-group18-sha512", "mallory@127.0.0.1", "true"],
      { stdin: "ignore", stdout: "ignore", stderr: "pipe" },
    );
    const refusal = new Response(stranger.stderr).text();
    // While the stranger's exchange would run, the telnet member's commands are answered promptly.
    let slowest = 0;
    for (let round = 0; round < 10; round++) {
      const sent = performance.now();
      tom.line("/who");
      await tom.waitFor(/1 in #lobby: tom/, 1000);
      slowest = Math.max(slowest, performance.now() - sent);
      await Bun.sleep(200);
    }
    expect(slowest).toBeLessThan(1000);
    expect(await stranger.exited).not.toBe(0);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(await refusal).toContain("no matching key exchange method found");
    // A normal client still gets in.
    const alice = sshClient(port, "alice", clientKey(dir, "alice"));
    await alice.waitFor(/You are alice\./, "alice to be in");
    alice.type("/quit\r");
    await alice.closed;
    tom.close();
  });
});
