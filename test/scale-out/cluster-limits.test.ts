import { expect, test } from "bun:test";
import { TestClient } from "../telnet/test-client.ts";
import { describeWithRedis, useCluster } from "./cluster.ts";

const cluster = useCluster();

/** Connects to `port` and returns the first thing the server says: a greeting or a refusal. */
async function firstWords(port: number): Promise<{ client: TestClient; said: string }> {
  const client = await TestClient.connect(port);
  const said = (await client.waitFor(/(Welcome to Switchboard[^\r]*|The server is full[^\r]*|Too many connections from your address[^\r]*)\r\n/))[1]!;
  return { client, said };
}

describeWithRedis("limits count the whole cluster, not each instance", () => {
  test("--max-clients: clients spread over two instances share one limit", async () => {
    const { telnet, instances } = await cluster.start(2, { args: ["--max-clients", "3"] });
    await telnet(0, "ann");
    await telnet(0, "bob");
    await telnet(1, "cid");
    const fourth = await firstWords(instances[1]!.telnetPort);
    fourth.client.close();
    expect(fourth.said).toBe("The server is full (3 members); try again later.");
    const fifth = await firstWords(instances[0]!.telnetPort);
    fifth.client.close();
    expect(fifth.said).toStartWith("The server is full");
  });

  test("--max-per-address: connections of one address spread over two instances share one limit", async () => {
    const { instances } = await cluster.start(2, { args: ["--max-per-address", "2", "--limit-loopback"] });
    const held: TestClient[] = [];
    try {
      for (const i of [0, 1]) {
        const { client, said } = await firstWords(instances[i]!.telnetPort);
        held.push(client);
        expect(said).toStartWith("Welcome to Switchboard");
      }
      // Each instance has one from this address; the third, on either, is one too many.
      for (const i of [1, 0]) {
        const { client, said } = await firstWords(instances[i]!.telnetPort);
        held.push(client);
        expect(said).toBe("Too many connections from your address; close one and try again later.");
      }
      // A connection given back is a slot free again, whichever instance had it.
      held[0]!.close();
      await held[0]!.closed;
      await Bun.sleep(200);
      const { client, said } = await firstWords(instances[1]!.telnetPort);
      held.push(client);
      expect(said).toStartWith("Welcome to Switchboard");
    } finally {
      for (const client of held) client.close();
    }
  });
});
