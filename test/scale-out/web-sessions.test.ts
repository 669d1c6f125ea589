import { expect, test } from "bun:test";
import { describeWithRedis, framesSaying, shownText as text, TIME, useCluster } from "./cluster.ts";

const cluster = useCluster();

describeWithRedis("web sessions across instances", () => {
  test("no sticky sessions: a page's stream on one instance, its POSTs and page loads on another", async () => {
    const { telnet, browser } = await cluster.start(2);
    const ann = await telnet(0, "ann");
    const onA = browser(0);
    expect((await onA.join("bob")).status).toBe(303);
    const stream = await onA.stream();
    // The same browser (cookie) now reaches the other instance for everything else.
    const onB = browser(1, onA);
    const page = await onB.get("/");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("bob");
    expect((await onB.say("posted through B")).status).toBe(204);
    await ann.waitFor(new RegExp(`${TIME} <bob> posted through B\r\n`));
    await stream.waitFor(text("posted through B"));
    const refused = await onB.say("/nick ann");
    expect(refused.status).toBe(409);
    // Leave through B ends the session where it lives.
    expect((await onB.post("/leave", {})).status).toBe(303);
    await ann.waitFor(/\*\*\* bob left #lobby \(left\)\r\n/);
    await stream.waitForEnd();
    expect((await onA.get("/")).status).toBe(200);
    expect(await (await onA.get("/")).text()).not.toContain("posted through B");
  });

  test("a stream that reconnects to another instance brings its member along: no leave, no join, and the missed messages exactly once", async () => {
    const { telnet, browser } = await cluster.start(2);
    const ann = await telnet(0, "ann");
    const onA = browser(0);
    expect((await onA.join("bob")).status).toBe(303);
    const first = await onA.stream();
    ann.line("one");
    const seen = await first.waitFor(text("one"));
    await first.close();
    ann.line("two");
    ann.line("three");
    const onB = browser(1, onA);
    const resumed = await onB.stream("", { "Last-Event-ID": seen.id! });
    await resumed.waitFor(text("three"));
    const said = (words: string) => framesSaying(resumed, words);
    expect(said("two")).toHaveLength(1);
    expect(said("three")).toHaveLength(1);
    expect(said("one")).toHaveLength(0);
    // To the room, nothing happened: bob never left.
    ann.line("/who");
    await ann.waitFor(/-!- 2 in #lobby: ann \(telnet\), bob \(web\)\r\n/);
    expect(ann.text).not.toContain("bob left");
    // And bob now lives on B: what he says there goes out.
    expect((await onB.say("from B now")).status).toBe(204);
    await ann.waitFor(/<bob> from B now\r\n/);
  });

  test("an instance killed with kill -9: its browsers carry on on another as the same nickname, with nothing missed or repeated", async () => {
    const { telnet, browser, instances } = await cluster.start(3);
    const ann = await telnet(0, "ann");
    const onB = browser(1);
    expect((await onB.join("bob")).status).toBe(303);
    const stream = await onB.stream();
    ann.line("before");
    const seen = await stream.waitFor(text("before"));
    instances[1]!.proc.kill("SIGKILL");
    await stream.waitForEnd();
    ann.line("while bob was moving");
    const onC = browser(2, onB);
    const resumed = await onC.stream("", { "Last-Event-ID": seen.id! });
    await resumed.waitFor(text("while bob was moving"));
    const said = (words: string) => framesSaying(resumed, words);
    expect(said("while bob was moving")).toHaveLength(1);
    expect(said("before")).toHaveLength(0);
    expect((await onC.say("still bob")).status).toBe(204);
    await ann.waitFor(/<bob> still bob\r\n/);
    // Long after B's beat expired, bob is still here: he was moved, not reaped.
    await Bun.sleep(12_500);
    ann.line("/who");
    await ann.waitFor(/-!- 2 in #lobby: ann \(telnet\), bob \(web\)\r\n/);
    expect(ann.text).not.toContain("bob left");
  }, 30_000);
});
