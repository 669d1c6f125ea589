import { test } from "bun:test";
import { TestClient } from "../telnet/test-client.ts";
import { describeWithRedis, useCluster } from "./cluster.ts";

const cluster = useCluster();

describeWithRedis("a registered nickname's conversations across instances sharing one Redis", () => {
  test("a private sent to an owner on another instance is filed under its account: it finds it again, reconnected to either instance", async () => {
    const { telnet, instances } = await cluster.start(2);
    const alice = await telnet(0, "alice");
    alice.line("/register correct-horse");
    await alice.waitFor(/alice is registered to you/);
    const bob = await telnet(1, "bob");
    // Instance 0 knows bob once his join reached it.
    await alice.waitFor(/bob joined #lobby/);
    // Instance 1 knows alice's account from her status before this line (one order of events).
    alice.line("/msg bob from instance 0");
    await bob.waitFor(/-> private from alice: from instance 0\r\n/);
    bob.line("/msg alice from instance 1");
    await alice.waitFor(/-> private from bob: from instance 1\r\n/);
    alice.line("/quit");
    await alice.waitForClose();
    await bob.waitFor(/alice left #lobby/);

    for (const instance of [1, 0]) {
      const back = await TestClient.connect(instances[instance]!.telnetPort);
      await back.waitFor(/nickname/i);
      back.line("alice");
      await back.waitFor(/The nickname alice is registered/);
      back.line("/identify correct-horse");
      await back.waitFor(/You are alice\./);
      back.line("/query bob");
      await back.waitFor(/talking with bob alone.*\r\n.*-> private to bob: from instance 0\r\n.*-> private from bob: from instance 1\r\n/);
      back.line("/quit");
      await back.waitForClose();
      await bob.waitFor(/alice left #lobby/);
    }
  });
});
