import { expect, test } from "bun:test";
import { TestClient } from "../telnet/test-client.ts";
import { describeWithRedis, useCluster } from "./cluster.ts";

const cluster = useCluster();
const BACK = /-!- The chat is back: messages go through again\.\r\n/;
const RECOVERING = /The chat is recovering[^\r]*try again in a moment\.\r\n/;

/** A telnet client of the instance on `port`, at the nickname prompt. */
async function atPrompt(port: number): Promise<TestClient> {
  const client = await TestClient.connect(port);
  await client.waitFor(/nickname/i);
  return client;
}

describeWithRedis("Redis restarted empty, with several instances", () => {
  test("a newcomer is refused until every instance has registered its members again; then a present member's name is taken", async () => {
    const { telnet, redis, instances } = await cluster.start(2);
    const alice = await telnet(0, "alice");
    const bob = await telnet(1, "bob");
    await alice.waitFor(/bob joined #lobby/);
    // Instance A is held still while Redis comes back empty, so B registers long before A.
    await redis.kill();
    instances[0]!.proc.kill("SIGSTOP");
    try {
      await redis.restart();
      await bob.waitFor(BACK, 10_000);
      const newcomer = await atPrompt(instances[1]!.telnetPort);
      newcomer.line("alice");
      await newcomer.waitFor(RECOVERING);
      expect(newcomer.text).not.toContain("You are alice.");
      // A rename is refused the same way.
      bob.line("/nick carol");
      await bob.waitFor(RECOVERING);
      instances[0]!.proc.kill("SIGCONT");
      await alice.waitFor(BACK, 10_000);
      // Once A has registered again, the name is alice's, as before the loss.
      let answer = "";
      for (let tries = 0; tries < 20 && !/taken/.test(answer); tries++) {
        newcomer.line("alice");
        answer = (await newcomer.waitFor(/(The nickname alice is taken|The chat is recovering)[^\r]*\r\n/)).at(0)!;
        await Bun.sleep(200);
      }
      expect(answer).toContain("The nickname alice is taken");
      newcomer.close();
    } finally {
      instances[0]!.proc.kill("SIGCONT");
    }
  }, 40_000);

  test("if two members hold one name after all, the one who held it first keeps it and the other is renamed, with a line saying why", async () => {
    const { telnet, redis, instances } = await cluster.start(2);
    const alice = await telnet(0, "alice");
    const bob = await telnet(1, "bob");
    await alice.waitFor(/bob joined #lobby/);
    await redis.kill();
    // A stays away longer than an instance counts as alive: B stops waiting for it.
    instances[0]!.proc.kill("SIGSTOP");
    try {
      await redis.restart();
      await bob.waitFor(BACK, 10_000);
      const newcomer = await atPrompt(instances[1]!.telnetPort);
      let joined = false;
      for (let tries = 0; tries < 40 && !joined; tries++) {
        newcomer.line("alice");
        const answer = (await newcomer.waitFor(/You are alice\.|The chat is recovering[^\r]*\r\n/)).at(0)!;
        joined = answer.startsWith("You are alice.");
        if (!joined) await Bun.sleep(500);
      }
      expect(joined).toBe(true);
      instances[0]!.proc.kill("SIGCONT");
      await alice.waitFor(BACK, 10_000);
      await newcomer.waitFor(/Your nickname alice was held by someone else before[^\r]*you are now alice_[^\r]*\r\n/, 10_000);
      await bob.waitFor(/alice is now known as alice_/, 5000);
      bob.line("/msg alice only the first alice");
      await alice.waitFor(/only the first alice/, 5000);
      expect(newcomer.text).not.toContain("only the first alice");
      expect(alice.text).not.toMatch(/You are now|renamed/);
    } finally {
      instances[0]!.proc.kill("SIGCONT");
    }
  }, 60_000);
});
