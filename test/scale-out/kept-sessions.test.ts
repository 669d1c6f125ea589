import { expect, test } from "bun:test";
import { describeWithRedis, useCluster } from "./cluster.ts";

const cluster = useCluster();

describeWithRedis("a kept web session owns only what it proved, across instances", () => {
  test("after kill -9 of its instance, a guest's page does not come back as a nickname registered meanwhile, nor as one banned meanwhile", async () => {
    const { telnet, browser, instances } = await cluster.start(3);
    const onB = browser(1);
    expect((await onB.join("bob")).status).toBe(303);
    const banned = browser(1);
    expect((await banned.join("troll")).status).toBe(303);
    const streams = [await onB.stream(), await banned.stream()];
    instances[1]!.proc.kill("SIGKILL");
    for (const stream of streams) await stream.waitForEnd();

    // While they are away (once the dead instance's members are let go), the real bob
    // registers his name, and the console bans troll.
    const realBob = await joinWhenFree(() => telnet(0, "bob"));
    realBob.line("/register bobsecret123");
    await realBob.waitFor(/registered/i);
    realBob.line("/quit");
    await realBob.closed;
    instances[0]!.type("ban troll 1h");
    await instances[0]!.waitForOutput(/Banned troll/);

    const bobBack = browser(2, onB);
    expect((await bobBack.get("/events")).status).toBe(401);
    expect(await (await bobBack.get("/")).text()).not.toContain('<strong id="me">bob</strong>');
    const trollBack = browser(2, banned);
    expect((await trollBack.get("/events")).status).toBe(401);
    await instances[2]!.waitForOutput(/web session of troll not restored: You are banned/);
  }, 45_000);
});

/** Joins as soon as the nickname is free again: a killed instance's members are let go once its beat expires. */
async function joinWhenFree<T>(join: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 25_000;
  for (;;) {
    try {
      return await join();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await Bun.sleep(500);
    }
  }
}
