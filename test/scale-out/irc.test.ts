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
});
