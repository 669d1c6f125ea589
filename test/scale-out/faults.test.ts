import { expect, test } from "bun:test";
import { TestClient, until } from "../telnet/test-client.ts";
import { describeWithRedis, useCluster } from "./cluster.ts";

const cluster = useCluster();
const PAUSED = /-!- The chat is paused: this server lost its link to Redis[^\r]*\r\n/;
const BACK = /-!- The chat is back: messages go through again\.\r\n/;

describeWithRedis("scale-out faults", () => {
  test("an instance killed with kill -9 takes only its own members, who are seen leaving within 15 s; their nicknames are free again", async () => {
    const { telnet, instances } = await cluster.start(2);
    const ann = await telnet(0, "ann");
    await telnet(1, "bob");
    await ann.waitFor(/bob joined #lobby/);
    const killedAt = Date.now();
    instances[1]!.proc.kill("SIGKILL");
    await ann.waitFor(/\*\*\* bob left #lobby \(lost connection\)\r\n/, 15_000);
    expect(Date.now() - killedAt).toBeLessThan(15_000);
    const again = await telnet(0, "bob");
    expect(again.text).toContain("You are bob.");
    ann.line("/who");
    await ann.waitFor(/-!- 2 in #lobby: ann \(telnet\), bob \(telnet\)\r\n/);
  }, 30_000);

  test("Redis out of reach: members are told once that the chat is paused, /healthz says 503, a line is refused; all resumes when it is back", async () => {
    const { telnet, browser, redis, instances } = await cluster.start(2, { persist: true });
    const ann = await telnet(0, "ann");
    const bob = await telnet(1, "bob");
    const carol = browser(0);
    expect((await carol.join("carol")).status).toBe(303);
    await redis.kill();
    await ann.waitFor(PAUSED);
    await bob.waitFor(PAUSED);
    const health = await fetch(new URL("/healthz", instances[0]!.httpUrl));
    expect(health.status).toBe(503);
    expect(await health.text()).toMatch(/^paused: .*Redis.*\ninstance \S+\nredis down since \d{4}-/);
    ann.line("sent while paused");
    await ann.waitFor(/The chat is paused: [^\r]*Yours was not sent\.\r\n/);
    const refused = await carol.say("posted while paused");
    expect(refused.status).toBe(503);
    expect(await refused.text()).toContain("paused");
    // One notice, not one per failed command.
    expect(ann.text.split("\r\n").filter((line) => PAUSED.test(`${line}\r\n`) && !line.includes("not sent"))).toHaveLength(1);

    await redis.restart();
    await ann.waitFor(BACK, 10_000);
    await bob.waitFor(BACK, 10_000);
    expect((await fetch(new URL("/healthz", instances[0]!.httpUrl))).status).toBe(200);
    ann.line("sent after");
    await bob.waitFor(/<ann> sent after\r\n/);
    // What was refused was never delivered, late or otherwise.
    expect(bob.text).not.toContain("while paused");
  }, 30_000);

  test("Redis restarted empty: instances register their members again, ids never go back, and an old id is redrawn, not resumed", async () => {
    const { telnet, browser, redis, instances } = await cluster.start(2);
    const ann = await telnet(0, "ann");
    const bob = await telnet(1, "bob");
    const carol = browser(0);
    expect((await carol.join("carol")).status).toBe(303);
    const stream = await carol.stream();
    ann.line("before the restart");
    const before = await stream.waitFor("before the restart");
    await stream.close();

    await redis.kill();
    await redis.restart();
    await ann.waitFor(BACK, 10_000);
    await bob.waitFor(BACK, 10_000);
    ann.line("after the restart");
    await bob.waitFor(/<ann> after the restart\r\n/);

    // The nicknames were claimed again: no one else can take ann, on either instance.
    const intruder = await TestClient.connect(instances[1]!.telnetPort);
    await intruder.waitFor(/nickname/i);
    intruder.line("ann");
    await intruder.waitFor(/The nickname ann is taken/);
    intruder.close();
    bob.line("/who");
    await bob.waitFor(/-!- 3 in #lobby: ann \(telnet\), bob \(telnet\), carol \(web\)\r\n/);

    // Carol's session was saved again: her POSTs through the other instance are relayed to hers.
    const carolOnB = browser(1, carol);
    expect((await carolOnB.say("relayed after the restart")).status).toBe(204);
    await bob.waitFor(/<carol> relayed after the restart\r\n/);

    // A stream resuming from before the loss is redrawn as the room is now, at a newer id.
    const resumed = await carol.stream("", { "Last-Event-ID": before.id! });
    const redraw = await resumed.waitFor('hx-swap="innerHTML"');
    expect(Number(redraw.id)).toBeGreaterThan(Number(before.id));
    expect(redraw.data).toContain("after the restart");
    expect(redraw.data).not.toContain("before the restart");
  }, 30_000);

  test("Redis restarted with its data: the chat resumes where it was", async () => {
    const { telnet, redis } = await cluster.start(2, { persist: true });
    const ann = await telnet(0, "ann");
    const bob = await telnet(1, "bob");
    await redis.restart();
    await until(() => BACK.test(ann.text) || !PAUSED.test(ann.text), "the link to come back", 10_000);
    ann.line("still here");
    await bob.waitFor(/<ann> still here\r\n/, 10_000);
  }, 30_000);

  test("an instance stopped with stop: its terminals are seen leaving at once, its browsers move to another instance unseen", async () => {
    const { telnet, browser, instances } = await cluster.start(2);
    const ann = await telnet(0, "ann");
    await telnet(1, "bob");
    const onB = browser(1);
    expect((await onB.join("carol")).status).toBe(303);
    const stream = await onB.stream();
    await ann.waitFor(/carol joined #lobby/);
    instances[1]!.type("stop");
    expect(await instances[1]!.exited).toBe(0);
    await ann.waitFor(/\*\*\* bob left #lobby \(server shutting down\)\r\n/, 5000);
    await stream.waitForEnd();
    // The page reconnects through the balancer, here to the instance still running.
    const onA = browser(0, onB);
    const resumed = await onA.stream("", { "Last-Event-ID": stream.messages.at(-1)?.id ?? "0" });
    expect((await onA.say("carol carries on")).status).toBe(204);
    await resumed.waitFor("carol carries on");
    expect(ann.text).not.toContain("carol left");
    await ann.waitFor(/<carol> carol carries on\r\n/);
  }, 30_000);
});
