import { expect, test } from "bun:test";
import { until } from "../telnet/test-client.ts";
import { describeWithRedis, TIME, useCluster } from "./cluster.ts";

const cluster = useCluster();

describeWithRedis("instances sharing one Redis", () => {
  test("a terminal on one instance and a browser on another are in the same room", async () => {
    const { telnet, browser } = await cluster.start(2);
    const ann = await telnet(0, "ann");
    const bob = browser(1);
    expect((await bob.join("bob")).status).toBe(303);
    const stream = await bob.stream();
    await ann.waitFor(new RegExp(`${TIME} \\*\\*\\* bob joined #lobby \\(web\\)\r\n`));
    ann.line("hello from a terminal");
    await stream.waitFor("hello from a terminal");
    expect((await bob.say("hello from a page")).status).toBe(204);
    await ann.waitFor(new RegExp(`${TIME} <bob> hello from a page\r\n`));
    ann.line("/who");
    await ann.waitFor(/-!- 2 in #lobby: ann \(telnet\), bob \(web\)\r\n/);
  });

  test("senders on two instances at once: every member on every instance sees one order, nothing lost or repeated", async () => {
    const { telnet } = await cluster.start(3);
    const readers = [await telnet(0, "r0"), await telnet(1, "r1"), await telnet(2, "r2")];
    const senders = [await telnet(0, "s0"), await telnet(1, "s1")];
    const count = 100;
    for (let i = 0; i < count; i++) for (const [n, sender] of senders.entries()) sender.line(`m${n}-${i}`);
    const said = (client: (typeof readers)[number]) => [...client.text.matchAll(/<s\d> (m\d-\d+)\r\n/g)].map((m) => m[1]);
    for (const reader of readers) await until(() => said(reader).length >= 2 * count, "every message", 10_000);
    const orders = readers.map(said);
    expect(new Set(orders[0]).size).toBe(2 * count);
    expect(orders[1]).toEqual(orders[0]!);
    expect(orders[2]).toEqual(orders[0]!);
    // Each sender's own lines stay in the order they were typed.
    for (const n of [0, 1]) {
      const own = orders[0]!.filter((m) => m!.startsWith(`m${n}-`));
      expect(own).toEqual(Array.from({ length: count }, (_, i) => `m${n}-${i}`));
    }
  });

  test("a nickname is unique across instances, whatever its case, and so is its look-alike", async () => {
    const { telnet, browser, instances } = await cluster.start(2);
    await telnet(0, "alice");
    const { TestClient, until } = await import("../telnet/test-client.ts");
    const other = await TestClient.connect(instances[1]!.telnetPort);
    await other.waitFor(/nickname/i);
    other.line("ALICE");
    await other.waitFor(/The nickname ALICE is taken; please pick another\.\r\n/);
    other.line("aIice");
    await other.waitFor(/The nickname aIice looks too much like alice, who is here; please pick another\.\r\n/);
    other.close();
    const page = browser(1);
    const refused = await page.join("Alice");
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("taken");
  });

  test("many clients on two instances race for one nickname: exactly one gets it", async () => {
    const { instances } = await cluster.start(2);
    const { TestClient } = await import("../telnet/test-client.ts");
    const racers = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const client = await TestClient.connect(instances[i % 2]!.telnetPort);
        await client.waitFor(/nickname/i);
        return client;
      }),
    );
    for (const racer of racers) racer.line("prize");
    const outcome = async (client: (typeof racers)[number]) => {
      await until(() => /You are prize\.|taken/.test(client.text), "an answer to the nickname");
      return client.text.includes("You are prize.");
    };
    const won = await Promise.all(racers.map(outcome));
    expect(won.filter(Boolean)).toHaveLength(1);
    for (const racer of racers) racer.close();
  });

  test("/rooms, /msg and the console's who reach members of every instance", async () => {
    const { telnet, instances } = await cluster.start(2);
    const ann = await telnet(0, "ann");
    const bob = await telnet(1, "bob");
    bob.line("/join #dev");
    await bob.waitFor(/joined #dev/);
    ann.line("/rooms");
    // Bob is in both: /join adds a room, it leaves none.
    await ann.waitFor(/-!- Rooms: #dev \(1\), #lobby \(2, you are here\)\r\n/);
    ann.line("/msg bob just for you");
    await bob.waitFor(/-> private from ann: just for you\r\n/);
    instances[0]!.type("who");
    await instances[0]!.waitForOutput(/2 online, 1 of them on other instances/);
    await instances[0]!.waitForOutput(/bob \(telnet, #dev, on [^)]+\)/);
  });

  test("an instance started later shows a newcomer the history, and lists who is already there", async () => {
    const { telnet, add } = await cluster.start(1);
    const ann = await telnet(0, "ann");
    ann.line("said before the second instance");
    ann.line("/me waves");
    await add();
    // History comes before the welcome line, which joining waited for.
    const bob = await telnet(1, "bob");
    expect(bob.text).toMatch(/<ann> said before the second instance\r\n[^\n]*\* ann waves\r\n[^\n]*You are bob\./);
    bob.line("/who");
    await bob.waitFor(/-!- 2 in #lobby: ann \(telnet\), bob \(telnet\)\r\n/);
  });

  test("a member leaving on one instance is seen leaving on the others, and its nickname is free again", async () => {
    const { telnet } = await cluster.start(2);
    const ann = await telnet(0, "ann");
    const bob = await telnet(1, "bob");
    bob.line("/quit bye now");
    await ann.waitFor(/\*\*\* bob left #lobby \(quit: bye now\)\r\n/);
    const again = await telnet(0, "bob");
    expect(again.text).toContain("You are bob.");
  });
});

describeWithRedis("several instances on one host (--reuse-port)", () => {
  test("share both ports: the kernel spreads connections between them, and they are one chat", async () => {
    const { instances, add } = await cluster.start(1, { args: ["--reuse-port"] });
    const first = instances[0]!;
    const httpPort = new URL(first.httpUrl).port;
    await add(["--http-port", httpPort, "--telnet-port", String(first.telnetPort)]);
    const second = instances[1]!;
    expect(second.telnetPort).toBe(first.telnetPort);
    expect(new URL(second.httpUrl).port).toBe(httpPort);
    const { TestClient } = await import("../telnet/test-client.ts");
    const clients = await Promise.all(Array.from({ length: 16 }, (_, i) => TestClient.joinAs(first.telnetPort, `u${i}`)));
    const joinedOn = (server: typeof first) => server.output().match(/^\S+ join u\d+ /gm)?.length ?? 0;
    // Each log is written at the end of its server's turn: counted once all have come through.
    await until(() => joinedOn(first) + joinedOn(second) === 16, "both instances to log the 16 joins");
    expect(joinedOn(first)).toBeGreaterThan(0);
    expect(joinedOn(second)).toBeGreaterThan(0);
    clients[0]!.line("hello everyone");
    await Promise.all(clients.slice(1).map((client) => client.waitFor(/<u0> hello everyone\r\n/)));
    for (const client of clients) client.close();
  });
});

describeWithRedis("a big room across instances", () => {
  test("arrivals on one instance are told in one crowd line to members of the other, whose /who is current after it", async () => {
    const { telnet } = await cluster.start(2, { args: ["--big-room", "2"] });
    const watcher = await telnet(1, "watcher");
    await telnet(0, "ann");
    // The listing is made now, and a big room remakes it only with its crowd lines.
    await watcher.waitFor(/ann joined/);
    watcher.line("/who");
    await watcher.waitFor(/-!- 2 in #lobby: ann \(telnet\), watcher \(telnet\)\r\n/);
    for (const nick of ["bob", "cat", "dan", "eve"]) await telnet(0, nick);
    // From the third member on the room is big, counting those of both instances.
    await watcher.waitFor(/\*\*\* 4 joined #lobby: bob, cat, dan, eve\r\n/, 5000);
    expect(watcher.text).not.toMatch(/\*\*\* (bob|cat|dan|eve) joined #lobby \(/);
    watcher.line("/who");
    await watcher.waitFor(/-!- 6 in #lobby: ann \(telnet\), bob \(telnet\), cat \(telnet\), dan \(telnet\), eve \(telnet\), watcher \(telnet\)\r\n/);
  });

  test("arrivals on two instances in the same second are told in one crowd line, not one per instance", async () => {
    const { telnet, instances } = await cluster.start(2, { args: ["--big-room", "3"] });
    const watcher = await telnet(1, "watcher");
    await telnet(0, "ann");
    await telnet(1, "abe");
    await watcher.waitFor(/abe joined #lobby \(telnet\)/);
    // The room is big now: four arrivals at once, two on each instance.
    const { TestClient } = await import("../telnet/test-client.ts");
    const arrivals = await Promise.all(
      (["bob", "cat", "dan", "eve"] as const).map((nick, i) => TestClient.joinAs(instances[i % 2]!.telnetPort, nick)),
    );
    await watcher.waitFor(/\*\*\* \d joined #lobby: [^\r]*\r\n/, 5000);
    await Bun.sleep(1500);
    const lines = watcher.text.match(/\*\*\* \d joined #lobby: [^\r]*/g) ?? [];
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\*\*\* 4 joined #lobby: /);
    for (const nick of ["bob", "cat", "dan", "eve"]) expect(lines[0]).toContain(nick);
    for (const client of arrivals) client.close();
  });
});
