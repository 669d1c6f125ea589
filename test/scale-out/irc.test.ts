import { test } from "bun:test";
import { TestClient } from "../telnet/test-client.ts";
import { describeWithRedis, useCluster } from "./cluster.ts";

const cluster = useCluster();

/** An IRC client of instance `port`'s listener, registered as `nick`. */
async function ircAs(port: number, nick: string): Promise<TestClient> {
  const client = await TestClient.connect(port);
  client.telnetLine(`NICK ${nick}`);
  client.telnetLine(`USER ${nick} 0 * :${nick}`);
  await client.waitFor(/ 376 \S+ :End of \/MOTD/);
  return client;
}

describeWithRedis("IRC members across instances sharing one Redis", () => {
  test("an IRC member of one instance and a telnet member of another share a room, privates and one namespace", async () => {
    const { telnet, instances } = await cluster.start(2, { args: ["--irc-port", "0"] });
    const ivy = await ircAs(instances[0]!.ircPort!, "ivy");
    const tom = await telnet(1, "tom");
    ivy.telnetLine("JOIN #lobby");
    await ivy.waitFor(/:ivy!~ivy@irc JOIN #lobby\r\n/);
    await tom.waitFor(/ivy joined #lobby \(irc\)/);
    tom.line("hello across");
    await ivy.waitFor(/:tom!~tom@telnet PRIVMSG #lobby :hello across\r\n/);
    ivy.telnetLine("PRIVMSG #lobby :and back");
    await tom.waitFor(/<ivy> and back/);
    tom.line("/msg ivy psst");
    await ivy.waitFor(/:tom!~tom@telnet PRIVMSG ivy :psst\r\n/);
    ivy.telnetLine("PRIVMSG tom :hush");
    await tom.waitFor(/private from ivy: hush/);

    // tom is on the other instance: his name is taken here too, on IRC.
    const other = await TestClient.connect(instances[0]!.ircPort!);
    other.telnetLine("NICK tom");
    other.telnetLine("USER t 0 * :T");
    await other.waitFor(/ 433 \* tom :/);

    ivy.telnetLine("QUIT :off");
    await ivy.waitForClose();
    await tom.waitFor(/ivy left #lobby/);
  });

  test("an IRC member in no room is listed on every instance all the same: a /msg reaches it, and follows its renames", async () => {
    const { telnet, instances } = await cluster.start(2, { args: ["--irc-port", "0"] });
    const bot = await ircAs(instances[0]!.ircPort!, "bot");
    const tom = await telnet(1, "tom");
    tom.line("/whois bot");
    await tom.waitFor(/bot: on irc, in no room, connected to /);
    tom.line("/msg bot !help");
    await bot.waitFor(/:tom!~tom@telnet PRIVMSG bot :!help\r\n/);
    bot.telnetLine("NICK helper");
    await bot.waitFor(/:bot!~bot@irc NICK :?helper\r\n/);
    // The rename reaches tom's instance in the one order, a moment later.
    for (let known = false; !known; ) {
      tom.line("/whois helper");
      known = await tom.waitFor(/helper: on irc, in no room|No one called helper/).then((m) => m[0].startsWith("helper"));
    }
    tom.line("/msg helper again");
    await bot.waitFor(/:tom!~tom@telnet PRIVMSG helper :again\r\n/);
    // In a room and out of it again: still there, in none.
    bot.telnetLine("JOIN #dev");
    await bot.waitFor(/ 366 helper #dev /);
    bot.telnetLine("PART #dev");
    await bot.waitFor(/:helper!~bot@irc PART #dev\r\n/);
    tom.line("/msg helper still there?");
    await bot.waitFor(/PRIVMSG helper :still there\?\r\n/);
    bot.telnetLine("QUIT");
    await bot.waitForClose();
    await Bun.sleep(200);
    tom.line("/msg helper gone?");
    await tom.waitFor(/No one called helper is here/);
  });
});

describeWithRedis("search across instances sharing one Redis", () => {
  test("/search on one instance finds what was said on another, and no one else's private", async () => {
    const { telnet } = await cluster.start(2);
    const ann = await telnet(0, "ann");
    const bob = await telnet(1, "bob");
    const carl = await telnet(1, "carl");
    await ann.waitFor(/carl joined #lobby/);
    ann.line("the release is on friday");
    await bob.waitFor(/<ann> the release is on friday/);
    ann.line("/msg bob release password hunter2");
    await bob.waitFor(/private from ann: release password hunter2/);
    bob.line("/search release");
    await bob.waitFor(/— 2 found for release, newest first —/);
    carl.line("/search release");
    await carl.waitFor(/— 1 found for release, newest first —\r\n.*<ann> the release is on friday\r\n/);
  });
});
