import { expect, test } from "bun:test";
import { TestClient } from "../telnet/test-client.ts";
import { describeWithRedis, useCluster } from "./cluster.ts";

const cluster = useCluster();

/** Asks for `nick` on the instance at `port` and offers `password`: the answer's line. */
async function identify(port: number, nick: string, password: string): Promise<string> {
  const client = await TestClient.connect(port);
  try {
    await client.waitFor(/nickname/i);
    client.line(nick);
    await client.waitFor(/is registered/);
    client.line(`/identify ${password}`);
    return (await client.waitFor(/(Wrong password[^\r]*|Too many wrong passwords[^\r]*|You are [^\r]*)\r\n/, 10_000))[1]!;
  } finally {
    client.close();
  }
}

describeWithRedis("identity limits count the whole cluster, not each instance", () => {
  test("password tries at one nickname, spread over two instances, share one count", async () => {
    const { telnet, instances } = await cluster.start(2);
    const alice = await telnet(0, "alice");
    alice.line("/register correct-horse");
    await alice.waitFor(/alice is registered to you/);
    alice.line("/quit");
    await alice.waitForClose();
    await Bun.sleep(300);
    const ports = instances.map((instance) => instance.telnetPort);
    // Ten tries at once, five on each instance: each is a wrong password, no more.
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => identify(ports[i % 2]!, "alice", `guess-${i}`)));
    expect(answers).toEqual(Array.from({ length: 10 }, () => "Wrong password for alice."));
    // The eleventh is one too many, on either instance, the right password included.
    expect(await identify(ports[0]!, "alice", "guess-10")).toBe("Too many wrong passwords for alice from your address; try again in a minute.");
    expect(await identify(ports[1]!, "alice", "correct-horse")).toBe("Too many wrong passwords for alice from your address; try again in a minute.");
  }, 30_000);

  test("new accounts from one address, spread over two instances, share one hourly count", async () => {
    const { telnet } = await cluster.start(2);
    const registered: string[] = [];
    for (let i = 0; i < 21; i++) {
      const member = await telnet(i % 2, `user${i}`);
      member.line("/register correct-horse");
      registered.push((await member.waitFor(/(is registered to you|Too many nicknames were registered from your address)[^\r]*\r\n/, 10_000))[1]!);
      member.close();
    }
    expect(registered.slice(0, 20).every((answer) => answer === "is registered to you")).toBe(true);
    expect(registered[20]).toBe("Too many nicknames were registered from your address");
  }, 60_000);
});
