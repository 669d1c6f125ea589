import { afterEach, describe, expect, test } from "bun:test";
import { PING_AFTER_MS } from "../../src/irc/irc-connection.ts";
import { FakeClock } from "../helpers/fake-clock.ts";
import { startIrcFixture, type IrcFixture } from "./irc-fixture.ts";

let fixture: IrcFixture | undefined;
afterEach(async () => {
  await fixture?.stop();
  fixture = undefined;
});
const start = (...args: Parameters<typeof startIrcFixture>) => (fixture = startIrcFixture(...args));

describe("IRC and telnet members in one room", () => {
  test("each sees the other's lines, actions and privates, as its own transport shows them", async () => {
    const { register, telnetAs } = start();
    const irc = await register("ivy");
    const tom = await telnetAs("tom");
    irc.telnetLine("JOIN #lobby");
    await irc.waitFor(/:ivy!~ivy@irc JOIN #lobby\r\n/);
    await irc.waitFor(/ 353 ivy = #lobby :(ivy tom|tom ivy)\r\n/);
    await tom.waitFor(/ivy joined #lobby \(irc\)/);

    tom.line("hello from telnet");
    await irc.waitFor(/:tom!~tom@telnet PRIVMSG #lobby :hello from telnet\r\n/);
    irc.telnetLine("PRIVMSG #lobby :hello from irc");
    await tom.waitFor(/<ivy> hello from irc/);
    irc.telnetLine("PRIVMSG #lobby :\x01ACTION waves\x01");
    await tom.waitFor(/\* ivy waves/);
    tom.line("/me nods");
    await irc.waitFor(/:tom!~tom@telnet PRIVMSG #lobby :\x01ACTION nods\x01\r\n/);
    tom.line("/msg ivy psst");
    await irc.waitFor(/:tom!~tom@telnet PRIVMSG ivy :psst\r\n/);
    irc.telnetLine("PRIVMSG tom :\x01ACTION whispers\x01");
    await tom.waitFor(/private from ivy: \* ivy whispers/);
    // Its own lines are not sent back to a client that did not ask for echo-message.
    expect(irc.text).not.toContain("PRIVMSG #lobby :hello from irc");
  });

  test("a client starts in no room, and parting its last one leaves it in none", async () => {
    const { register, chat } = start();
    const irc = await register("ivy");
    expect(chat.find("ivy")?.rooms).toEqual([]);
    irc.telnetLine("LIST");
    await irc.waitFor(/ 323 ivy :End of \/LIST/);
    // #lobby is there, with nobody in it: an empty room is no channel.
    expect(irc.text).not.toContain(" 322 ");
    irc.telnetLine("JOIN #dev,#ops");
    await irc.waitFor(/ 366 ivy #ops /);
    irc.telnetLine("PART #dev :bye");
    await irc.waitFor(/:ivy!~ivy@irc PART #dev :?bye\r\n/);
    irc.telnetLine("PART #ops");
    await irc.waitFor(/:ivy!~ivy@irc PART #ops\r\n/);
    expect(chat.find("ivy")?.rooms).toEqual([]);
    irc.telnetLine("PART #ops");
    await irc.waitFor(/ 403 ivy #ops :No such channel/);
  });

  test("a quit is one QUIT to a client sharing several rooms with the member", async () => {
    const { register, telnetAs } = start();
    const irc = await register("ivy");
    const tom = await telnetAs("tom");
    tom.line("/join #dev");
    await tom.waitFor(/\*\*\* tom joined #dev/);
    irc.telnetLine("JOIN #lobby,#dev");
    await irc.waitFor(/ 366 ivy #dev /);
    tom.line("/quit see you");
    await irc.waitFor(/:tom!~tom@telnet QUIT :Quit: see you\r\n/);
    irc.telnetLine("PING :after");
    await irc.waitFor(/PONG \S+ :?after\r\n/);
    expect(irc.text.match(/ QUIT /g)?.length).toBe(1);
  });

  test("nicknames are one namespace across transports", async () => {
    const { register, telnetAs, connect } = start();
    await telnetAs("tom");
    const irc = await connect();
    irc.telnetLine("NICK tom");
    irc.telnetLine("USER t 0 * :T");
    await irc.waitFor(/ 433 \* tom :/);
    irc.telnetLine("NICK ivy");
    await irc.waitFor(/ 001 ivy /);
    irc.telnetLine("NICK TOM");
    await irc.waitFor(/ 433 ivy TOM :/);
    const other = await register("zed");
    other.telnetLine("NICK zed2");
    await other.waitFor(/:zed!~zed@irc NICK :?zed2\r\n/);
  });
});

describe("hostile and odd input", () => {
  test("lines over the rate wait their turn (fakelag), in order, and nobody is cut off", async () => {
    const { register, telnetAs } = start({ msgRate: 4, msgBurst: 2 });
    const irc = await register("ivy");
    const tom = await telnetAs("tom");
    irc.telnetLine("JOIN #lobby");
    await irc.waitFor(/ 366 ivy #lobby /);
    const began = Date.now();
    irc.send(Array.from({ length: 6 }, (_, i) => `PRIVMSG #lobby :line ${i}\r\n`).join(""));
    await tom.waitFor(/<ivy> line 5/, 10_000);
    expect(Date.now() - began).toBeGreaterThan(700);
    expect([...tom.text.matchAll(/<ivy> line (\d)/g)].map((m) => m[1])).toEqual(["0", "1", "2", "3", "4", "5"]);
    expect(irc.isClosed).toBe(false);
  });

  test("a flood is cut off with ERROR, and everyone else is served", async () => {
    const { register, telnetAs } = start({ msgRate: 1, msgBurst: 1 });
    const flooder = await register("flood");
    const tom = await telnetAs("tom");
    const sam = await telnetAs("sam");
    flooder.telnetLine("JOIN #lobby");
    await flooder.waitFor(/ 366 flood #lobby /);
    flooder.send(`PRIVMSG #lobby :${"x".repeat(100)}\r\n`.repeat(2000));
    await flooder.waitFor(/ERROR :Excess flood/);
    await flooder.waitForClose();
    tom.line("still here");
    await sam.waitFor(/<tom> still here/);
  });

  test("a line over 512 bytes is answered 417 and the connection goes on; invalid UTF-8 is replaced", async () => {
    const { register, telnetAs } = start();
    const irc = await register("ivy");
    const tom = await telnetAs("tom");
    irc.telnetLine("JOIN #lobby");
    await irc.waitFor(/ 366 ivy #lobby /);
    irc.telnetLine(`PRIVMSG #lobby :${"y".repeat(600)}`);
    await irc.waitFor(/ 417 ivy :Input line was too long/);
    irc.send(Buffer.concat([Buffer.from("PRIVMSG #lobby :bad "), Buffer.from([0xff, 0xfe]), Buffer.from(" bytes\r\n")]));
    await tom.waitFor(/<ivy> bad \uFFFD\uFFFD bytes/);
    expect(tom.text).not.toContain("y".repeat(600));
  });

  test("a long line from a telnet member reaches IRC as several lines of at most 512 bytes", async () => {
    const { register, telnetAs } = start();
    const irc = await register("ivy");
    const tom = await telnetAs("tom");
    irc.telnetLine("JOIN #lobby");
    await irc.waitFor(/ 366 ivy #lobby /);
    const words = Array.from({ length: 300 }, (_, i) => `w${i}`).join(" ");
    tom.line(words);
    await irc.waitFor(/w299\r\n/);
    const lines = irc.text.split("\r\n").filter((line) => line.includes("PRIVMSG #lobby"));
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(Buffer.byteLength(line) + 2).toBeLessThanOrEqual(512);
    expect(lines.map((line) => line.split(" :")[1]).join(" ")).toBe(words);
  });

  test("unknown commands get 421, commands before registering 451, and a client that never registers is let go", async () => {
    const { connect, register } = start({}, { nickTimeoutSeconds: 1 });
    const early = await connect();
    early.telnetLine("JOIN #lobby");
    await early.waitFor(/ 451 \* :You have not registered/);
    await early.waitFor(/ERROR :Registration timed out/, 3000);
    const irc = await register("ivy");
    irc.telnetLine("FROBNICATE now");
    await irc.waitFor(/ 421 ivy FROBNICATE :Unknown command/);
    irc.telnetLine("PRIVMSG #nowhere :hi");
    await irc.waitFor(/ 403 ivy #nowhere /);
    irc.telnetLine("PRIVMSG nobody :hi");
    await irc.waitFor(/ 401 ivy nobody /);
  });
});

test("a silent client is sent a PING; one that answers stays, one that does not is gone with a Ping timeout", async () => {
  const clock = new FakeClock();
  const { register, telnetAs } = start({}, {}, clock);
  const quiet = await register("quiet");
  const alive = await register("alive");
  const tom = await telnetAs("tom");
  for (const client of [quiet, alive]) client.telnetLine("JOIN #lobby");
  await quiet.waitFor(/ 366 quiet #lobby /);
  await alive.waitFor(/ 366 alive #lobby /);
  clock.advance(PING_AFTER_MS);
  clock.advance(PING_AFTER_MS);
  await quiet.waitFor(/^PING :?switchboard\.local\r\n/m);
  await alive.waitFor(/^PING :?switchboard\.local\r\n/m);
  alive.telnetLine("PONG :switchboard.local");
  await Bun.sleep(50);
  clock.advance(PING_AFTER_MS);
  await quiet.waitFor(/ERROR :Ping timeout: 120 seconds/);
  await quiet.waitForClose();
  await tom.waitFor(/quiet left #lobby \(ping timeout: 120 seconds\)/);
  expect(alive.isClosed).toBe(false);
});
