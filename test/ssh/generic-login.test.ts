import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { useServerProcesses } from "../helpers/server-process.ts";
import { TestClient } from "../telnet/test-client.ts";
import { clientKey, ssh, sshClient, sshKeygen, sshPortOf } from "./ssh-client.ts";

const servers = useServerProcesses();

describe.skipIf(!ssh || !sshKeygen)("ssh without nick@ (a generic login name such as root)", () => {
  test("is asked for a nickname, as telnet is, rather than joining as root; a taken one gets another try", async () => {
    const dir = servers.tempDir();
    const server = await servers.start(["--ssh-port", "0", "--ssh-host-key", join(dir, "host_key"), "--db", ":memory:"]);
    const port = await sshPortOf(server);
    const tom = await TestClient.joinAs(server.telnetPort, "tom");
    const root = sshClient(port, "root", clientKey(dir));
    await root.waitFor(/Pick a nickname: /, "the nickname prompt");
    expect(root.output()).not.toContain("You are root");
    root.type("tom\r");
    await root.waitFor(/The nickname tom is taken/, "the refusal");
    root.type("alice\r");
    await root.waitFor(/You are alice\./, "alice to be in");
    await tom.waitFor(/alice joined/);
    root.type("hello\r");
    await tom.waitFor(/<alice> hello/);
    expect(tom.text).not.toMatch(/root/);
    // The key she came with owns the nickname she picked, as with ssh alice@host: it gets her back.
    root.type("/quit\r");
    await root.closed;
    const again = sshClient(port, "alice", join(dir, "id"));
    await again.waitFor(/You are alice\./, "alice back by her key");
    again.type("/quit\r");
    await again.closed;
    tom.close();
  });

  test.each(["ubuntu", "admin", "ec2-user", "pi"])("%p is asked for a nickname too", async (login) => {
    const dir = servers.tempDir();
    const server = await servers.start(["--ssh-port", "0", "--ssh-host-key", join(dir, "host_key"), "--db", ":memory:"]);
    const client = sshClient(await sshPortOf(server), login, clientKey(dir));
    await client.waitFor(/Pick a nickname: /, "the nickname prompt");
    expect(client.output()).not.toContain(`You are ${login}`);
    client.proc.kill();
  });
});
