import { expect, test } from "bun:test";
import { memberElementId } from "../../views/member-list.tsx";
import { TestClient, until } from "../telnet/test-client.ts";
import { describeWithRedis, useCluster } from "./cluster.ts";

const cluster = useCluster();

describeWithRedis("owned nicknames and moderation across instances sharing one Redis", () => {
  test("a nickname registered on one instance needs its password on another; an operator made on one acts on members of another; a later instance knows bans and topics", async () => {
    const { telnet, instances, add } = await cluster.start(2);
    const alice = await telnet(0, "alice");
    const bob = await telnet(1, "bob");
    alice.line("/register correct-horse");
    await alice.waitFor(/alice is registered to you/);

    const other = await TestClient.connect(instances[1]!.telnetPort);
    await other.waitFor(/nickname/i);
    other.line("ALICE");
    await other.waitFor(/The nickname ALICE is taken/);
    alice.line("/quit");
    await alice.waitForClose();
    // Instance 1 has seen her go (the name is free there), before it is asked for again.
    await bob.waitFor(/alice left #lobby/);
    other.line("alice");
    await other.waitFor(/The nickname alice is registered\. If it is yours, type its password \(or \/identify PASSWORD\)/);
    other.line("/identify correct-horse");
    await other.waitFor(/You are alice\./);

    // The console of instance 0 makes alice, now connected to instance 1, an operator.
    instances[0]!.type("op alice");
    await other.waitFor(/You are now an operator/);
    const troll = await telnet(0, "troll");
    // Instance 1 lists troll before alice, connected there, names him.
    await other.waitFor(/troll joined #lobby/);
    other.line("/mute troll 5m");
    await troll.waitFor(/alice muted troll for 5 minutes/);
    troll.line("can anyone hear me?");
    await troll.waitFor(/You are muted for another 5 minutes/);
    other.line("/ban troll 1h flooding");
    await troll.waitFor(/You were banned by alice: flooding/);
    await troll.waitForClose();
    await bob.waitFor(/\*\*\* alice banned troll for 1 hour: flooding/);
    // Refused on both instances, and on one started after the ban.
    for (const instance of instances) {
      const again = await TestClient.connect(instance.telnetPort);
      await again.waitFor(/nickname/i);
      again.line("troll");
      await again.waitFor(/You are banned from this server for another 60 minutes: flooding/);
      again.close();
    }
    bob.line("/topic No flooding");
    await other.waitFor(/\*\*\* bob set the topic: No flooding/);
    const late = await add();
    const again = await TestClient.connect(late.telnetPort);
    await again.waitFor(/nickname/i);
    again.line("troll");
    await again.waitFor(/You are banned from this server/);
    // The instance started later knows the room's topic.
    again.line("newcomer");
    await again.waitFor(/Topic of #lobby: No flooding \(set by bob\)/);
    again.close();
    expect(bob.text).not.toContain("can anyone hear me?");
  });
});

describeWithRedis("marks of members on other instances", () => {
  test("registered, operator and away reach every instance: pages' member lists, /whois, and a private message's answer", async () => {
    const { telnet, browser, instances } = await cluster.start(2);
    const bob = await telnet(1, "bob");
    const wendy = browser(0);
    expect((await wendy.join("wendy")).status).toBe(303);
    const stream = await wendy.stream();
    const bobEntry = (frame: { data: string }) => frame.data.includes(`id="${memberElementId("bob")}"`);

    bob.line("/register bobs-password");
    await bob.waitFor(/bob is registered to you/);
    expect(bobEntry(await stream.waitFor("badge-registered"))).toBe(true);
    bob.line("/away lunch");
    expect(bobEntry(await stream.waitFor('title="away: lunch"'))).toBe(true);
    instances[0]!.type("op bob");
    await bob.waitFor(/You are now an operator/);
    await stream.waitFor("badge-op");

    const ann = await telnet(0, "ann");
    ann.line("/whois bob");
    await ann.waitFor(/bob: on telnet, in #lobby, connected to \S+, away: lunch, registered \(password\), operator/);
    ann.line("/msg bob are you there?");
    await ann.waitFor(/bob is away: lunch/);
    // A page opening later on instance 0 lists him with his marks.
    const late = browser(0);
    expect((await late.join("late")).status).toBe(303);
    const page = await (await late.get("/")).text();
    const entry = page.slice(page.indexOf(`id="${memberElementId("bob")}"`)).split("</li>")[0]!;
    expect(entry).toContain("badge-registered");
    expect(entry).toContain("badge-op");
    expect(entry).toContain("away: lunch");
    // And back: his entry is redrawn without it.
    const seen = stream.messages.length;
    bob.line("/away");
    await until(() => stream.messages.slice(seen).some((m) => bobEntry(m) && !m.data.includes("badge-away")), "bob's entry without away");
  });
});

describeWithRedis("a ban from one instance of a member connected to another", () => {
  test("takes the member's address with it, known only where they were connected: no other name gets in from there", async () => {
    // Behind a trusted proxy, so that web members have addresses of their own here.
    const { telnet, browser, instances } = await cluster.start(2, { args: ["--trust-proxy", "127.0.0.1"] });
    const bob = await telnet(0, "bob");
    const troll = browser(1);
    const from = { "X-Forwarded-For": "203.0.113.9" };
    expect((await troll.post("/join", { nick: "troll" }, from)).status).toBe(303);
    await bob.waitFor(/troll joined #lobby/);
    instances[0]!.type("ban troll 1h trolling");
    await bob.waitFor(/\*\*\* the console banned troll for 1 hour: trolling/);
    // Instance 1 adds the address, quietly: no second line.
    await instances[1]!.waitForOutput(/ban troll: their address 203\.0\.113\.9 is banned too/);
    const refused = await browser(1).post("/join", { nick: "innocent1" }, from);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("You are banned from this server");
    // Instance 0 learns the address from instance 1's quiet event, a moment after instance 1 logged it.
    let tries = 0;
    const deadline = Date.now() + 5000;
    for (;;) {
      const again = await browser(0).post("/join", { nick: `innocent0x${tries++}` }, from);
      if (again.status === 403) {
        expect(await again.text()).toContain("You are banned from this server");
        break;
      }
      expect(Date.now()).toBeLessThan(deadline);
      await Bun.sleep(20);
    }
    // Others, from elsewhere, come in as ever.
    expect((await browser(0).post("/join", { nick: "someone" }, { "X-Forwarded-For": "198.51.100.7" })).status).toBe(303);
    expect(bob.text.match(/banned troll/g)).toHaveLength(1);
    instances[0]!.type("bans");
    await instances[0]!.waitForOutput(/troll and 203\.0\.113\.9, for another/);
  });
});
